"""Domain errors: every exception a user may see carries a Spanish message.

The GUI and the CLI show ``user_message`` as is; ``detail`` holds technical context for logs.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass


class ReglamentosError(Exception):
    """Base of every expected error; ``user_message`` is Spanish text for the user."""

    default_message = "Ocurrió un error en Reglamentos."

    def __init__(self, user_message: str | None = None, *, detail: str = "") -> None:
        self.user_message = user_message or self.default_message
        self.detail = detail
        super().__init__(self.user_message)


class ValidationError(ReglamentosError):
    """Input that breaks a domain rule (a bad URI, an impossible date…)."""

    default_message = "Los datos no son válidos."


class NotFoundError(ReglamentosError):
    """A regulation, version or provision that does not exist."""

    default_message = "No se encontró lo solicitado."


class ImportFailed(ReglamentosError):
    """A file that could not be imported at all (nothing was stored)."""

    default_message = "No se pudo importar el archivo."


@dataclass(frozen=True, slots=True)
class EncodingCandidate:
    """A code page a text file may be in, with a preview of the file read that way."""

    encoding: str
    label: str
    preview: str


class AmbiguousEncoding(ImportFailed):
    """A text file that could be in more than one 8-bit code page: the user must choose."""

    def __init__(self, name: str, candidates: list[EncodingCandidate]) -> None:
        options = " o ".join(c.label for c in candidates)
        super().__init__(f"No se puede saber con certeza la codificación de «{name}» ({options}). "
                         "Elija la correcta: en la aplicación, al importar el archivo solo; en la "
                         "línea de comandos, con --encoding.")
        self.candidates = candidates


class StorageError(ReglamentosError):
    """The database could not be read or written."""

    default_message = "No se pudo acceder a la base de datos."


class SchemaOutdatedError(StorageError):
    """A shared database whose schema is behind this version of the program."""

    default_message = "La base de datos compartida necesita actualizarse."


class Cancelled(ReglamentosError):
    """The user cancelled a long operation; never shown as an error."""

    default_message = "Operación cancelada."


class ConflictError(ReglamentosError):
    """Someone else saved the same draft or project meanwhile (optimistic concurrency)."""

    default_message = ("El proyecto cambió en otra ventana o en otro equipo desde que lo abrió. "
                       "Vuelva a abrirlo para ver la versión más reciente.")


# Spanish causes for the OS errors a user can act on; ``strerror`` is English (or the C locale's).
_OS_CAUSES: dict[str, str] = {
    "ENOENT": "no existe",
    "EACCES": "no tiene permiso para usarlo",
    "EPERM": "el sistema no permite la operación",
    "ENOSPC": "no queda espacio en el disco",
    "EDQUOT": "se agotó la cuota de disco del usuario",
    "EROFS": "está en un disco o carpeta de solo lectura",
    "EISDIR": "es una carpeta, no un archivo",
    "ENOTDIR": "una parte de la ruta no es una carpeta",
    "EEXIST": "ya existe",
    "ENOTEMPTY": "la carpeta no está vacía",
    "ENAMETOOLONG": "el nombre o la ruta es demasiado largo",
    "EMFILE": ("el programa tiene demasiados archivos abiertos; cierre otras ventanas e "
               "inténtelo de nuevo"),
    "ENFILE": "el sistema tiene demasiados archivos abiertos; inténtelo de nuevo en un momento",
    "EBUSY": "está en uso por otro programa",
    "ETXTBSY": "está en uso por otro programa",
    "EXDEV": "no se puede mover entre discos distintos",
    "ELOOP": "tiene demasiados enlaces simbólicos encadenados",
    "EFBIG": "el archivo excede el tamaño máximo permitido",
    "EIO": "error de lectura o escritura en el disco (el disco puede estar dañado o desconectado)",
    "EINVAL": "el nombre o la operación no es válida",
    "ENODEV": "el dispositivo no existe o está desconectado",
    "ENXIO": "el dispositivo no existe o está desconectado",
    "ETIMEDOUT": "se agotó el tiempo de espera",
    "ECONNREFUSED": "la conexión fue rechazada",
    "EHOSTUNREACH": "no se puede llegar al servidor",
    "ENETUNREACH": "no hay conexión de red",
    "EAGAIN": "el recurso está ocupado; inténtelo de nuevo",
    "EILSEQ": "el nombre contiene caracteres no válidos",
}


def os_error_message(exc: OSError, *, action: str = "acceder a") -> str:
    """One Spanish sentence for an OS error, naming the path(s) involved.

    ``strerror`` comes from the C library in English, so the cause is looked up by errno name;
    an unknown errno keeps the system's own text (better than nothing) with its code. ``action``
    is the verb phrase for what was being done ("leer", "escribir", "crear"…).
    """
    code = exc.errno
    name = errno.errorcode.get(code, "") if isinstance(code, int) else ""
    cause = _OS_CAUSES.get(name)
    if cause is None:
        if isinstance(exc, PermissionError):
            cause = _OS_CAUSES["EACCES"]
        elif isinstance(exc, FileNotFoundError):
            cause = _OS_CAUSES["ENOENT"]
        elif isinstance(exc, TimeoutError):
            cause = _OS_CAUSES["ETIMEDOUT"]
        else:
            system = exc.strerror or str(exc) or type(exc).__name__
            cause = f"error del sistema ({name or code}: {system})" if (name or code) \
                else f"error del sistema ({system})"
    paths = [p for p in (exc.filename, exc.filename2) if p not in (None, "")]
    shown = [f"«{_printable(p)}»" for p in paths]
    if len(shown) == 2:
        return f"No se pudo {action} {shown[0]} ni {shown[1]}: {cause}."
    if shown:
        return f"No se pudo {action} {shown[0]}: {cause}."
    return f"Error del sistema: {cause}."


def _printable(path: object) -> str:
    """A path as text a terminal shows on one line (bytes decoded, control characters escaped)."""
    text = os.fsdecode(path) if isinstance(path, (bytes, str, os.PathLike)) else str(path)
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)
