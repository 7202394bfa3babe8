"""Legacy .doc, .odt and .rtf → .docx with LibreOffice headless, then the .docx reader.

Each conversion runs ``soffice --headless --convert-to docx`` with its own throw-away user
profile (``-env:UserInstallation=file:///<tmp>``): two conversions sharing the default
profile silently lose one output (ECOSYSTEM.md §2.2). The conversion has a timeout and runs
inside the limited import worker. When LibreOffice is not installed the user is told, in
Spanish, what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ...domain.errors import ImportFailed

CONVERT_TIMEOUT = 60.0
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


def convert_to_docx(path: Path, workdir: Path, timeout: float = CONVERT_TIMEOUT) -> Path:
    """Convert ``path`` into ``workdir`` and return the .docx written there."""
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
        subprocess.run(command, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                       stderr=subprocess.PIPE, timeout=timeout, env=env, check=False,
                       start_new_session=True)
    except subprocess.TimeoutExpired as exc:
        raise ImportFailed(f"LibreOffice tardó más de {timeout:.0f} s en convertir «{path.name}»; "
                           "el archivo puede estar dañado.") from exc
    except OSError as exc:
        raise ImportFailed(f"No se pudo ejecutar LibreOffice para convertir «{path.name}».",
                           detail=str(exc)) from exc
    result = out_dir / "entrada.docx"
    if not result.exists() or result.stat().st_size == 0:
        raise ImportFailed(f"LibreOffice no pudo convertir «{path.name}»: el archivo está dañado o "
                           "no es un documento de texto.")
    return result
