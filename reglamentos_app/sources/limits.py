"""Hostile-input safety: run a file reader in a worker process with resource limits.

A document from outside (a .docx, .pdf, .odt…) is read by third-party libraries (lxml,
pypdf, LibreOffice) that can be made to loop, to allocate gigabytes or to crash. Each file
is therefore read in a child process with a memory cap (``RLIMIT_AS``), a CPU-time cap
(``RLIMIT_CPU``), no core files and a wall-clock timeout enforced by the parent, which kills
the child when it runs over (RELIABILITY.md §5). The child sends back, as JSON, either its
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
import subprocess
import sys
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..domain.errors import ImportFailed

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


DEFAULT_LIMITS = Limits()


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


def read_zip_member(archive: zipfile.ZipFile, member: str, limit: int) -> bytes:
    """Read one member, never more than ``limit`` bytes whatever its header declares."""
    with archive.open(member) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ImportFailed("Una parte interna del documento es demasiado grande al "
                           "descomprimirse; no se importó.")
    return data


# -- the worker process ------------------------------------------------------------------------

def _apply_limits(limits: Limits) -> None:
    try:
        import resource
    except ImportError:  # Windows: only the wall-clock timeout applies
        return
    if limits.memory_bytes <= 0:
        return
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_CPU, (limits.cpu_seconds, limits.cpu_seconds))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def _run_in_child(func: Callable[..., Any], args: tuple, limits: Limits) -> tuple[str, Any]:
    try:
        _apply_limits(limits)
        return "ok", func(*args)
    except ImportFailed as exc:
        return "failed", (exc.user_message, exc.detail)
    except MemoryError:
        return "memory", ""
    except RecursionError:
        return "failed", ("El documento tiene un anidamiento excesivo; no se pudo leer.", "")
    except BaseException as exc:  # noqa: BLE001 - any library error becomes an import error
        return "error", f"{exc.__class__.__name__}: {exc}"[:500] + "\n" + traceback.format_exc()[-2000:]


def worker_main() -> None:
    """Body of the worker process: job pickled on stdin (from our own parent), outcome as JSON
    on stdout — never a pickle, so a compromised reader cannot make the parent run code."""
    func, args, limits = pickle.loads(sys.stdin.buffer.read())
    result_stream = sys.stdout.buffer
    sys.stdout = sys.stderr  # a library that prints must not corrupt the result
    outcome = _run_in_child(func, args, limits)
    try:
        data = json.dumps(outcome, ensure_ascii=False).encode("utf-8")
    except MemoryError:
        data = b'["memory", ""]'
    except (TypeError, ValueError):
        data = json.dumps(["error", "el lector devolvió un resultado no serializable"]).encode()
    result_stream.write(data)
    result_stream.flush()


_PACKAGE_PARENT = str(Path(__file__).resolve().parents[2])
WORKER_FLAG = "--import-worker"  # how a packaged program is asked to be a worker


def _run_worker(func: Callable[..., Any], args: tuple, name: str,
                limits: Limits) -> tuple[str, Any]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (_PACKAGE_PARENT, env.get("PYTHONPATH")) if p)
    if getattr(sys, "frozen", False):
        # The packaged program is its own interpreter: its entry point (__main__) serves
        # "--import-worker" by calling worker_main.
        command = [sys.executable, WORKER_FLAG]
    else:
        command = [sys.executable, "-c",
                   "from reglamentos_app.sources.limits import worker_main; worker_main()"]
    job = pickle.dumps((func, args, limits), protocol=pickle.HIGHEST_PROTOCOL)
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=env, start_new_session=True)
    try:
        out, err = process.communicate(job, timeout=limits.wall_seconds)
    except subprocess.TimeoutExpired as exc:
        process.kill()
        process.communicate()
        raise ImportFailed(f"«{name}» tardó más de {limits.wall_seconds:.0f} s en leerse y se "
                           "detuvo. El archivo puede estar dañado o ser malicioso.") from exc
    try:
        status, payload = json.loads(out.decode("utf-8"))
        return str(status), payload
    except Exception as exc:  # noqa: BLE001 - empty or cut output: the worker died
        detail = f"código de salida {process.returncode}: {err.decode('utf-8', 'replace')[-1500:]}"
        raise ImportFailed(f"«{name}» no se pudo leer: el lector se detuvo de forma anómala "
                           "(memoria o tiempo agotados). El archivo puede estar dañado o ser "
                           "malicioso.", detail=detail) from exc


def run_limited(func: Callable[..., Any], *args: Any, name: str = "",
                limits: Limits = DEFAULT_LIMITS) -> Any:
    """Call ``func(*args)`` in a worker process with ``limits``; return its (JSON) result.

    ``func`` must be a module-level function. Its ``ImportFailed`` is re-raised here; a crash,
    running out of memory or time becomes an ``ImportFailed`` with a Spanish message.
    """
    if os.environ.get("REGLAMENTOS_NO_WORKER") == "1":  # debugging only
        return func(*args)
    status, payload = _run_worker(func, args, name, limits)
    if status == "ok":
        return payload
    if status == "failed":
        message, detail = (str(part) for part in payload)
        raise ImportFailed(message, detail=detail)
    if status == "memory":
        raise ImportFailed(f"«{name}» necesita más de {limits.memory_bytes // MIB} MB de memoria "
                           "para leerse; no se importó. El archivo puede estar dañado o ser "
                           "malicioso.")
    raise ImportFailed(f"«{name}» está dañado o tiene un formato que no se pudo leer.",
                       detail=payload)
