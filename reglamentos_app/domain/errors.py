"""Domain errors: every exception a user may see carries a Spanish message.

The GUI and the CLI show ``user_message`` as is; ``detail`` holds technical context for logs.
"""

from __future__ import annotations

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
