"""Hostile-input safety: run a file reader in a worker process with resource limits.

A document from outside (a .docx, .pdf, .odt…) is read by third-party libraries (lxml,
pypdf, LibreOffice) that can be made to loop, to allocate gigabytes or to crash. Each file
is therefore read in a child process with a memory cap (``RLIMIT_AS``), no core files and a
limit on the *CPU time* the worker (and anything it starts) has used, which the parent checks
while it waits and kills the worker's whole process group when it runs over (RELIABILITY.md
§5). CPU time, not wall-clock time: on a busy machine a 450-page official PDF waits for the
processor far longer than it computes, and was killed as if it were hostile. The CPU limit grows
with the file's size and pages (``limits_for``); a generous wall-clock limit remains only for a
worker that hangs without computing. Each message names the limit that was reached. The child sends back, as JSON, either its
result (a string) or the Spanish message of an ``ImportFailed``; anything else — a crash, running out
of memory, the timeout — becomes an ``ImportFailed`` in the parent. Nothing is stored by the
worker: storing happens afterwards, in one transaction, in the caller.

The cheap checks that need no third-party parser (file size, ZIP directory sizes, member
count and compression ratio) live here too, so that they run before any library is fed.
"""

from __future__ import annotations

import json
import os
import pickle
import re
import signal
import subprocess
import sys
import threading
import traceback
import zipfile
from collections.abc import Callable
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..domain.errors import AmbiguousEncoding, Cancelled, EncodingCandidate, ImportFailed

MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """Resource limits of one import (the defaults follow RELIABILITY.md §5)."""

    memory_bytes: int = 512 * MIB       # address space of the worker
    cpu_seconds: int = 20               # CPU time of the worker (hard cap)
    wall_seconds: float = 10.0          # wall-clock time before the worker is killed
    max_file_bytes: int = 50 * MIB      # size of the file on disk
    max_unzipped_bytes: int = 200 * MIB  # declared total of a ZIP container (.docx, .odt)
    max_zip_members: int = 2000
    max_zip_ratio: float = 100.0        # compression ratio of any one member
    basis: str = ""                     # what the time limit was computed from, for messages


DEFAULT_LIMITS = Limits()
# CPU seconds a reader may use: the base limit for any file, plus per MB and per PDF page.
# Measured: the 450-page, 4.2 MB Ley Federal del Trabajo takes about 3 s of CPU, parsing included.
CPU_PER_MB_S, CPU_PER_PAGE_S = 8.0, 0.1
WALL_FACTOR, WALL_MIN_S = 8.0, 120.0   # a worker that waits without computing (hung)
_PDF_PAGE = re.compile(rb"/Type\s*/Page(?![A-Za-z])")


def limits_for(path: Path, size: int, base: Limits = DEFAULT_LIMITS) -> Limits:
    """The limits of reading ``path`` (``size`` bytes): time grows with size and PDF pages."""
    pages = 0
    if path.suffix.lower() == ".pdf":
        try:  # page objects written in clear; compressed object streams count by size only
            pages = min(len(_PDF_PAGE.findall(path.read_bytes())), 5000)
        except OSError:
            pages = 0
    mb = size / MIB
    cpu = base.cpu_seconds + CPU_PER_MB_S * mb + CPU_PER_PAGE_S * pages
    basis = f"{mb:.1f} MB" + (f", {pages} páginas" if pages else "")
    return replace(base, cpu_seconds=int(cpu + 0.999),
                   wall_seconds=max(WALL_MIN_S, WALL_FACTOR * cpu), basis=basis)


def check_link(path: Path, root: Path | None = None) -> None:
    """Refuse a symbolic link unless it points inside ``root`` (the folder being imported).

    A link named ``x.txt`` pointing at ``/etc/shadow`` used to be followed and read. ``root``
    defaults to the folder that holds the link.
    """
    if not path.is_symlink():
        return
    folder = (root or path.parent).resolve()
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # broken link or a loop of links
        raise ImportFailed(f"«{path.name}» es un enlace simbólico roto o circular; no se "
                           "importó.", detail=str(exc)) from exc
    if not target.is_relative_to(folder):
        raise ImportFailed(f"«{path.name}» es un enlace simbólico a un archivo fuera de la "
                           f"carpeta que se importa («{target}»); por seguridad no se sigue. "
                           "Importe el archivo original directamente.")


def check_file_size(path: Path, limits: Limits = DEFAULT_LIMITS) -> int:
    """Size of ``path``; ``ImportFailed`` when it is unreadable, empty or too large."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ImportFailed(f"No se pudo leer «{path.name}»: {exc.strerror}.", detail=str(exc)) from exc
    if size == 0:
        raise ImportFailed(f"«{path.name}» está vacío.")
    if size > limits.max_file_bytes:
        raise ImportFailed(f"«{path.name}» mide {size / MIB:.1f} MB; el máximo que se importa es "
                           f"{limits.max_file_bytes / MIB:.0f} MB.")
    return size


def check_zip(path: Path, limits: Limits = DEFAULT_LIMITS) -> None:
    """Reject zip bombs before decompressing: member count, declared sizes, ratio, names."""
    name = path.name
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFailed(f"«{name}» está dañado o no es un documento de Word/OpenDocument "
                           "(no es un archivo ZIP válido).", detail=str(exc)) from exc
    if len(members) > limits.max_zip_members:
        raise ImportFailed(f"«{name}» contiene {len(members)} partes internas; el máximo es "
                           f"{limits.max_zip_members}. Parece un archivo malicioso o dañado.")
    total = 0
    for info in members:
        parts = info.filename.replace("\\", "/").split("/")
        if info.filename.startswith(("/", "\\")) or ".." in parts or ":" in parts[0]:
            raise ImportFailed(f"«{name}» contiene una ruta interna no válida "
                               f"(«{info.filename[:80]}»). Parece un archivo malicioso.")
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 1 * MIB and ratio > limits.max_zip_ratio:
            raise ImportFailed(f"«{name}» se expande de forma anómala al descomprimirse "
                               f"({ratio:.0f} a 1). Parece una «bomba ZIP»; no se importó.")
    if total > limits.max_unzipped_bytes:
        raise ImportFailed(f"«{name}» ocuparía {total / MIB:.0f} MB al descomprimirse; el máximo "
                           f"es {limits.max_unzipped_bytes / MIB:.0f} MB.")


MAX_PDF_STREAM_BYTES = 100 * MIB   # one inflated PDF stream (a page's text is kilobytes)
MAX_PDF_INFLATED_BYTES = 400 * MIB  # all of a PDF's streams together
_PDF_STREAM = re.compile(rb"/FlateDecode[^>]*>>\s*stream\r?\n")


def check_pdf_streams(path: Path) -> None:
    """Reject a PDF "flate bomb" before the PDF library sees it.

    Each FlateDecode stream is inflated piece by piece, counting the output without keeping
    it. pypdf returned 0 characters for a 0.6 MB file inflating to 600 MB, and the user was
    told the PDF had no text layer; the true cause is named here.
    """
    import zlib

    data = path.read_bytes()
    total = 0
    for match in _PDF_STREAM.finditer(data):
        inflater = zlib.decompressobj()
        produced, pos, end = 0, match.end(), len(data)
        while pos < end and not inflater.eof:
            chunk = inflater.unconsumed_tail or data[pos:pos + 65536]
            if not inflater.unconsumed_tail:
                pos += len(chunk)
            try:
                produced += len(inflater.decompress(chunk, 1 << 20))
            except zlib.error:
                break   # not our business: the reader reports a damaged stream its own way
            if produced > MAX_PDF_STREAM_BYTES or total + produced > MAX_PDF_INFLATED_BYTES:
                raise ImportFailed(
                    f"«{path.name}» es una «bomba de descompresión»: un flujo comprimido de este "
                    f"PDF de {len(data) / MIB:.1f} MB se expande a más de "
                    f"{min(MAX_PDF_STREAM_BYTES, MAX_PDF_INFLATED_BYTES - total) / MIB:.0f} MB. "
                    "No es un documento normal; no se importó.")
        total += produced


def read_zip_member(archive: zipfile.ZipFile, member: str, limit: int) -> bytes:
    """Read one member, never more than ``limit`` bytes whatever its header declares."""
    with archive.open(member) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ImportFailed("Una parte interna del documento es demasiado grande al "
                           "descomprimirse; no se importó.")
    return data


# -- the worker process ------------------------------------------------------------------------
# One worker serves many files in turn (starting a Python process per file cost about a second
# each on a busy machine: the sample corpus took 18 s instead of 1.3 s). Each job gets its own
# CPU budget, measured as the difference in the worker's CPU time; a worker that failed badly
# (memory, crash, a limit) is killed and the next file gets a fresh one. An idle worker exits by
# itself after IDLE_EXIT_S. Messages are length-prefixed: pickled jobs in (from our own
# parent), JSON replies out — never a pickle, so a compromised reader cannot make the parent
# run code.

IDLE_EXIT_S = 60.0
POLL_S = 0.25


def _apply_limits(limits: Limits) -> None:
    try:
        import resource
    except ImportError:  # Windows: only the parent's checks apply
        return
    if limits.memory_bytes <= 0:
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft != limits.memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    # A backstop only: the parent watches the CPU time (the worker's and its children's) and
    # stops the worker first; the kernel's limit is a little later, in case the parent cannot.
    usage = resource.getrusage(resource.RUSAGE_SELF)
    used = usage.ru_utime + usage.ru_stime
    resource.setrlimit(resource.RLIMIT_CPU,
                       (int(used + limits.cpu_seconds + 10), resource.RLIM_INFINITY))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _run_in_child(func: Callable[..., Any], args: tuple, limits: Limits) -> tuple[str, Any]:
    try:
        _apply_limits(limits)
        return "ok", func(*args)
    except AmbiguousEncoding as exc:
        return "ambiguous", [exc.user_message,
                             [[c.encoding, c.label, c.preview] for c in exc.candidates]]
    except ImportFailed as exc:
        return "failed", (exc.user_message, exc.detail)
    except MemoryError:
        return "memory", ""
    except RecursionError:
        return "failed", ("El documento tiene un anidamiento excesivo; no se pudo leer.", "")
    except BaseException as exc:  # noqa: BLE001 - any library error becomes an import error
        return "error", f"{exc.__class__.__name__}: {exc}"[:500] + "\n" + traceback.format_exc()[-2000:]


def _read_exact(fd: int, size: int) -> bytes | None:
    data = bytearray()
    while len(data) < size:
        chunk = os.read(fd, size - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def worker_main() -> None:
    """Body of the worker process: serve jobs until stdin closes or it idles too long."""
    import select

    result_stream = sys.stdout.buffer
    sys.stdout = sys.stderr  # a library that prints must not corrupt the results
    fd = sys.stdin.fileno()
    while True:
        # Idle for too long: exit (Windows cannot select() on a pipe; there it waits).
        ready = os.name == "nt" or select.select([fd], [], [], IDLE_EXIT_S)[0]
        header = _read_exact(fd, 8) if ready else None
        body = _read_exact(fd, int.from_bytes(header, "big")) if header else None
        if body is None:
            return
        func, args, limits = pickle.loads(body)
        outcome = _run_in_child(func, args, limits)
        try:
            data = json.dumps(outcome, ensure_ascii=False).encode("utf-8")
        except MemoryError:
            data = b'["memory", ""]'
        except (TypeError, ValueError):
            data = json.dumps(["error", "el lector devolvió un resultado no serializable"]).encode()
        result_stream.write(len(data).to_bytes(8, "big") + data)
        result_stream.flush()
        if outcome[0] in ("memory", "error"):
            return   # a reader that failed badly: the next file gets a fresh process


_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
WORKER_FLAG = "--import-worker"  # how a packaged program is asked to be a worker


class _Worker:
    """The parent's handle on one worker process."""

    def __init__(self, memory: int) -> None:
        self.memory = memory       # the worker's address-space cap, fixed for its life
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH"))
                                            if p)
        if getattr(sys, "frozen", False):
            # The packaged program is its own interpreter: its entry point (__main__) serves
            # "--import-worker" by calling worker_main.
            command = [sys.executable, WORKER_FLAG]
        else:
            command = [sys.executable, "-c",
                       "from reglamentos_app.sources.limits import worker_main; worker_main()"]
        import tempfile

        self.owner = os.getpid()   # a forked child must not share this worker's pipes
        self.errors = tempfile.TemporaryFile()   # a pipe could fill up and block the worker
        self.process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.errors, env=env, start_new_session=True)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def call(self, func, args: tuple, name: str, limits: Limits, cancel) -> tuple[str, Any]:
        job = pickle.dumps((func, args, limits), protocol=pickle.HIGHEST_PROTOCOL)
        base = group_cpu_seconds(self.process.pid) or 0.0
        self.process.stdin.write(len(job).to_bytes(8, "big") + job)
        self.process.stdin.flush()
        reply = self._reply(name, limits, cancel, base)
        status, payload = json.loads(reply.decode("utf-8"))
        return str(status), payload

    def _reply(self, name: str, limits: Limits, cancel, base: float) -> bytes:
        # A thread reads the reply (portable: Windows cannot select() on a pipe) while this
        # one watches the limits and the user's cancel.
        import queue

        box: queue.Queue = queue.Queue()

        def read() -> None:
            try:
                header = _read_exact(self.process.stdout.fileno(), 8)
                box.put(_read_exact(self.process.stdout.fileno(),
                                    int.from_bytes(header, "big")) if header else None)
            except (OSError, ValueError):
                box.put(None)

        threading.Thread(target=read, daemon=True, name="lector-de-importacion").start()
        started = time.monotonic()
        while True:
            try:
                reply = box.get(timeout=POLL_S)
            except queue.Empty:
                pass
            else:
                if reply is None:
                    raise self._died(name, limits)
                return reply
            if cancel is not None and cancel.cancelled:
                self.kill()
                raise Cancelled()
            used = group_cpu_seconds(self.process.pid)
            if used is not None and used - base > limits.cpu_seconds:
                self.kill()
                raise ImportFailed(_cpu_message(name, limits))
            if time.monotonic() - started > limits.wall_seconds:
                self.kill()
                raise ImportFailed(
                    f"«{name}» no terminó de leerse en {limits.wall_seconds:.0f} s de tiempo "
                    "real (límite para un lector que no avanza, calculado para "
                    f"{limits.basis or 'el archivo'}); se detuvo y no se importó nada. Si el "
                    "equipo está muy ocupado, inténtelo de nuevo más tarde.")

    def _died(self, name: str, limits: Limits) -> ImportFailed:
        self.process.wait()
        code = self.process.returncode
        self.errors.seek(0)
        detail = f"código de salida {code}: " + self.errors.read()[-1500:].decode("utf-8",
                                                                                  "replace")
        self.kill()
        if hasattr(signal, "SIGXCPU") and code == -signal.SIGXCPU:
            return ImportFailed(_cpu_message(name, limits), detail=detail)  # kernel backstop
        return ImportFailed(f"«{name}» no se pudo leer: el proceso lector terminó de forma "
                            f"anómala (código {code}) sin llegar a ningún límite conocido; no "
                            "se importó nada.", detail=detail)

    def kill(self) -> None:
        """Stop the worker and whatever it started (a converter…), then reap it."""
        try:
            if hasattr(os, "killpg"):
                os.killpg(self.process.pid, signal.SIGKILL)
            else:  # Windows
                self.process.kill()
        except (ProcessLookupError, PermissionError):
            pass
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout, self.errors):
            try:
                stream.close()
            except OSError:
                pass


_worker: _Worker | None = None
_worker_lock = threading.Lock()


def _run_worker(func: Callable[..., Any], args: tuple, name: str,
                limits: Limits, cancel=None) -> tuple[str, Any]:
    """Run one job in the shared worker (a fresh one when there is none or it died)."""
    global _worker
    with _worker_lock:
        for attempt in (1, 2):
            if _worker is not None and _worker.memory != limits.memory_bytes:
                _worker.kill()   # a memory cap, once lowered, cannot be raised again
                _worker = None
            if _worker is None or _worker.owner != os.getpid() or not _worker.alive:
                _worker = _Worker(limits.memory_bytes)
            try:
                status, payload = _worker.call(func, args, name, limits, cancel)
            except (BrokenPipeError, ConnectionResetError):
                # It exited while idle just as this job came: once more with a fresh one.
                _worker.kill()
                _worker = None
                if attempt == 2:
                    raise ImportFailed(f"«{name}» no se pudo leer: no arrancó el proceso "
                                       "lector.") from None
                continue
            except BaseException:
                if _worker is not None and not _worker.alive:
                    _worker = None
                raise
            if status in ("memory", "error"):
                _worker.kill()
                _worker = None
            return status, payload
    raise AssertionError("unreachable")


def _cpu_message(name: str, limits: Limits) -> str:
    basis = f" (calculado para {limits.basis})" if limits.basis else ""
    return (f"«{name}» no terminó de leerse dentro del límite de {limits.cpu_seconds} s de "
            f"tiempo de procesador{basis}; se detuvo y no se importó nada. Un documento muy "
            "extenso puede importarse dividido en partes.")


_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def group_cpu_seconds(pid: int) -> float | None:
    """CPU seconds used by the session ``pid`` leads: itself, its reaped children, and its live
    descendants (Linux ``/proc``). None where ``/proc`` does not exist (then only the kernel's
    RLIMIT_CPU backstop and the hang limit apply)."""
    proc = Path("/proc")
    if not proc.is_dir():
        return None
    total = 0
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "stat").read_text()
        except OSError:
            continue
        fields = raw[raw.rindex(")") + 2:].split()
        # after "(comm)": state ppid pgrp session ... utime(12) stime(13) cutime(14) cstime(15)
        if int(fields[3]) != pid:
            continue
        total += sum(int(f) for f in fields[11:15])
    return total / _TICKS


def run_limited(func: Callable[..., Any], *args: Any, name: str = "",
                limits: Limits = DEFAULT_LIMITS, cancel=None) -> Any:
    """Call ``func(*args)`` in a worker process with ``limits``; return its (JSON) result.

    ``func`` must be a module-level function. Its ``ImportFailed`` (and ``AmbiguousEncoding``)
    is re-raised here; a crash or a limit reached becomes an ``ImportFailed`` naming the limit.
    ``cancel`` (a ``CancelToken``) stops the worker at once and raises ``Cancelled``.
    """
    if os.environ.get("REGLAMENTOS_NO_WORKER") == "1":  # debugging only
        return func(*args)
    status, payload = _run_worker(func, args, name, limits, cancel)
    if status == "ok":
        return payload
    if status == "ambiguous":
        message, candidates = payload
        error = AmbiguousEncoding(name, [EncodingCandidate(*map(str, c)) for c in candidates])
        error.user_message = str(message)
        raise error
    if status == "failed":
        message, detail = (str(part) for part in payload)
        raise ImportFailed(message, detail=detail)
    if status == "memory":
        raise ImportFailed(f"«{name}» necesita más de {limits.memory_bytes // MIB} MB de memoria "
                           "para leerse (límite de memoria de la lectura); se detuvo y no se "
                           "importó nada.")
    raise ImportFailed(f"«{name}» no se pudo leer: su contenido no corresponde a un documento "
                       "válido de ese formato (error del lector).", detail=payload)
