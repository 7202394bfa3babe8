"""Legacy .doc, .odt and .rtf → .docx with LibreOffice headless, then the .docx reader.

Each conversion runs ``soffice --headless --convert-to docx`` with its own throw-away user
profile (``-env:UserInstallation=file:///<tmp>``): two conversions sharing the default
profile silently lose one output (ECOSYSTEM.md §2.2). The conversion runs in its own process
group with a time limit that grows with the file's size (a corrupt .doc blocked 60 s whatever
its size), can be cancelled by the user, and is stopped whole (LibreOffice starts helpers). When LibreOffice is not installed the user is told, in
Spanish, what to install.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from ...domain.errors import Cancelled, ImportFailed

CONVERT_BASE_S = 20.0        # LibreOffice's own start-up on a busy machine
CONVERT_PER_MB_S = 10.0      # a 1 MB .doc converts in about 2 s; margin for a busy machine
CONVERT_MAX_S = 300.0
NEEDS_LIBREOFFICE = (".doc", ".odt", ".rtf")


def find_soffice() -> str | None:
    """Path of LibreOffice's ``soffice`` (or ``libreoffice``), or None."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for candidate in ("/usr/lib/libreoffice/program/soffice",
                      "/opt/libreoffice/program/soffice",
                      r"C:\Program Files\LibreOffice\program\soffice.exe"):
        if os.path.exists(candidate):
            return candidate
    return None


def libreoffice_missing_message(name: str) -> str:
    return (f"Para importar «{name}» se necesita LibreOffice, que no está instalado. "
            "Instálelo (en Debian/Ubuntu: «sudo apt-get install libreoffice-writer-nogui») o "
            "guarde el documento como .docx desde su procesador de textos e impórtelo de nuevo.")


def conversion_timeout(size: int) -> float:
    """Seconds a conversion of a ``size``-byte file may take."""
    return min(CONVERT_MAX_S, CONVERT_BASE_S + CONVERT_PER_MB_S * size / (1024 * 1024))


def convert_to_docx(path: Path, workdir: Path, timeout: float | None = None,
                    cancel=None) -> Path:
    """Convert ``path`` into ``workdir`` and return the .docx written there.

    ``cancel`` (a ``CancelToken``) stops LibreOffice at once and raises ``Cancelled``."""
    if timeout is None:
        timeout = conversion_timeout(path.stat().st_size)
    soffice = find_soffice()
    if soffice is None:
        raise ImportFailed(libreoffice_missing_message(path.name))
    profile = Path(tempfile.mkdtemp(prefix="lo_prof_", dir=workdir))
    source = workdir / f"entrada{path.suffix.lower()}"
    shutil.copyfile(path, source)  # a plain name: LibreOffice mishandles some characters
    out_dir = workdir / "salida"
    out_dir.mkdir()
    command = [soffice, f"-env:UserInstallation={profile.as_uri()}", "--headless",
               "--norestore", "--nolockcheck", "--convert-to", "docx:MS Word 2007 XML",
               "--outdir", str(out_dir), str(source)]
    env = dict(os.environ, HOME=str(workdir), SAL_USE_VCLPLUGIN="svp")
    try:
        process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=env, start_new_session=True)
    except OSError as exc:
        raise ImportFailed(f"No se pudo ejecutar LibreOffice para convertir «{path.name}».",
                           detail=str(exc)) from exc
    started = time.monotonic()
    while True:
        try:
            process.communicate(timeout=0.25)
            break
        except subprocess.TimeoutExpired:
            pass
        if cancel is not None and cancel.cancelled:
            _stop(process)
            raise Cancelled()
        if time.monotonic() - started > timeout:
            _stop(process)
            raise ImportFailed(f"LibreOffice no terminó de convertir «{path.name}» dentro del "
                               f"límite de {timeout:.0f} s (calculado para su tamaño); se "
                               "detuvo y no se importó nada. Si el documento se abre en su "
                               "procesador de textos, guárdelo como .docx e impórtelo así.")
    result = out_dir / "entrada.docx"
    if not result.exists() or result.stat().st_size == 0:
        raise ImportFailed(f"LibreOffice no pudo convertir «{path.name}»: el archivo está dañado o "
                           "no es un documento de texto.")
    return result


def _stop(process: subprocess.Popen) -> None:
    """Kill LibreOffice and the helpers it started (its own process group), then reap it."""
    try:
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()
