"""Optional PDF through LibreOffice: the exported .docx converted headless, for Word's layout.

Qt's PDF writer needs nothing installed; when LibreOffice is present the user may prefer a PDF
laid out exactly as the .docx (line breaks, fields, table widths: ECOSYSTEM.md §3). Each
conversion uses its own throw-away profile folder (two conversions sharing the default profile
lose one output) and a timeout. Without LibreOffice the user is told, in Spanish, what to do.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..domain.errors import ReglamentosError

__all__ = ["available", "docx_to_pdf"]

TIMEOUT = 180.0
_CANDIDATES = ("/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice",
               r"C:\Program Files\LibreOffice\program\soffice.exe")


def _soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return next((c for c in _CANDIDATES if os.path.exists(c)), None)


def available() -> bool:
    return _soffice() is not None


def docx_to_pdf(data: bytes, timeout: float = TIMEOUT) -> bytes:
    """The PDF LibreOffice prints from the .docx ``data``."""
    soffice = _soffice()
    if soffice is None:
        raise ReglamentosError("Para el PDF con el formato exacto de Word se necesita LibreOffice, "
                               "que no está instalado. Elija el PDF normal (no lo necesita).")
    with tempfile.TemporaryDirectory(prefix="reglamentos-pdf-") as work:
        folder = Path(work)
        source = folder / "documento.docx"
        source.write_bytes(data)
        command = [soffice, f"-env:UserInstallation={(folder / 'perfil').as_uri()}", "--headless",
                   "--norestore", "--nolockcheck", "--convert-to", "pdf", "--outdir",
                   str(folder / "salida"), str(source)]
        env = dict(os.environ, HOME=str(folder), SAL_USE_VCLPLUGIN="svp")
        try:
            subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, env=env,
                           timeout=timeout, check=False, start_new_session=True)
        except subprocess.TimeoutExpired as exc:
            raise ReglamentosError(f"LibreOffice tardó más de {timeout:.0f} s en generar el PDF.") \
                from exc
        except OSError as exc:
            raise ReglamentosError("No se pudo ejecutar LibreOffice para generar el PDF.",
                                   detail=str(exc)) from exc
        result = folder / "salida" / "documento.pdf"
        if not result.exists() or result.stat().st_size == 0:
            raise ReglamentosError("LibreOffice no pudo generar el PDF.")
        return result.read_bytes()
