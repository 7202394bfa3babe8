"""Folder catalogues: metadata that a text cannot carry, kept beside the files.

A folder may hold ``catalogo.toml`` with one table per file, in Spanish keys the legal staff
can edit::

    [archivo."panteones.txt"]
    tipo = "reglamento"              # reglamento, bando, acuerdo_creacion, lineamientos…
    organo_emisor = "H. Ayuntamiento de Mexicali"
    unidad_responsable = "Dirección de Servicios Públicos"
    quorum = "simple"                # simple | calificada
    estado = "vigente"               # vigente | abrogado
    uri = "/mx-bc-mxl/reglamento/2002/panteones"   # optional
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..domain.errors import ValidationError
from ..domain.regulation import ReformQuorum, RegulationKind, RegulationStatus

CATALOG_NAME = "catalogo.toml"
_QUORUM = {"simple": ReformQuorum.SIMPLE, "calificada": ReformQuorum.QUALIFIED}
_STATUS = {"vigente": RegulationStatus.IN_FORCE, "abrogado": RegulationStatus.ABROGATED}


@dataclass(frozen=True, slots=True)
class CatalogEntry:
    kind: RegulationKind | None = None
    issuing_body: str | None = None
    responsible_unit: str | None = None
    quorum: ReformQuorum | None = None
    status: RegulationStatus | None = None
    uri: str | None = None


def load_catalog(folder: Path) -> dict[str, CatalogEntry]:
    """Entries of ``folder/catalogo.toml`` by file name (empty when there is none)."""
    path = folder / CATALOG_NAME
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(f"El catálogo «{path}» no se puede leer: {exc}") from exc
    entries = {}
    for name, table in data.get("archivo", {}).items():
        entries[name] = _entry(path, name, table)
    return entries


def _entry(path: Path, name: str, table: dict) -> CatalogEntry:
    try:
        return CatalogEntry(
            kind=RegulationKind(table["tipo"]) if "tipo" in table else None,
            issuing_body=table.get("organo_emisor"),
            responsible_unit=table.get("unidad_responsable"),
            quorum=_QUORUM[table["quorum"]] if "quorum" in table else None,
            status=_STATUS[table["estado"]] if "estado" in table else None,
            uri=table.get("uri"),
        )
    except (KeyError, ValueError) as exc:
        raise ValidationError(f"Valor no válido para «{name}» en «{path}»: {exc}") from exc
