"""The publication package: its manifest and its verification (folder or .zip).

A package holds, for each regulation, the consolidated text as .docx, .pdf, .html and the
canonical .txt, plus ``manifest.json``: each file's SHA-256 and size, the SHA-256 of the
canonical text (``domain.audit.canonical_text_hash``, the same hash the workflow record uses),
the Periódico Oficial data, and the link to the approval record of the workflow (project,
record number, record hash and the approved text's hash). ``verify_package`` recomputes every
hash and lists, in Spanish, each file that is missing, altered or not in the manifest; anyone
can run it later to show that the published files are the ones that were packaged.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from ..domain.audit import canonical_text_hash
from ..domain.errors import ValidationError

__all__ = ["MANIFEST", "PackageFile", "PackageProblem", "PackagedText", "build_manifest",
           "manifest_of", "read_members", "verify_members", "verify_package", "zip_members"]

MANIFEST = "manifest.json"
FORMAT = "reglamentos-paquete-publicacion/1"


@dataclass(frozen=True, slots=True)
class PackageFile:
    """One member of the package: its name and bytes."""

    name: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass(frozen=True, slots=True)
class PackageProblem:
    """Something wrong in a package: the file concerned and why, in Spanish."""

    name: str
    message: str


@dataclass(slots=True)
class PackagedText:
    """One regulation in the package: its metadata and its files (the .txt is the canonical)."""

    uri: str
    title: str
    valid_from: str | None
    files: list[PackageFile]
    canonical_name: str
    publication: dict | None = None
    extra: dict = field(default_factory=dict)


def build_manifest(texts: list[PackagedText], approval: dict | None) -> PackageFile:
    """``manifest.json`` for the given texts and approval link (keys in Spanish, sorted)."""
    documents = []
    for text in texts:
        canonical = next(f for f in text.files if f.name == text.canonical_name)
        documents.append({
            "uri": text.uri, "titulo": text.title, "vigente_desde": text.valid_from,
            "publicacion": text.publication,
            "archivos": [{"nombre": f.name, "sha256": f.sha256, "bytes": len(f.data)}
                         for f in text.files],
            "texto_canonico": {"archivo": text.canonical_name,
                               "sha256": canonical_text_hash(canonical.data.decode("utf-8"))},
            **text.extra,
        })
    manifest = {"formato": FORMAT, "documentos": documents, "aprobacion": approval}
    data = json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return PackageFile(MANIFEST, data.encode("utf-8"))


def zip_members(members: list[PackageFile]) -> bytes:
    """A .zip of the members with fixed timestamps (same package, same bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in members:
            info = zipfile.ZipInfo(member.name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, member.data)
    return out.getvalue()


_MAX_MEMBER = 512 * 1024 * 1024


def read_members(path: Path) -> dict[str, bytes]:
    """Every file of a package folder or .zip, by its name inside the package."""
    if path.is_dir():
        return {p.relative_to(path).as_posix(): p.read_bytes()
                for p in sorted(path.rglob("*")) if p.is_file()}
    if not path.exists():
        raise ValidationError(f"No existe «{path}».")
    try:
        with zipfile.ZipFile(path) as archive:
            members = {}
            for info in archive.infolist():
                if info.is_dir():
                    continue
                if info.file_size > _MAX_MEMBER:
                    raise ValidationError(f"«{info.filename}» es demasiado grande para un paquete.")
                members[info.filename] = archive.read(info)
            return members
    except zipfile.BadZipFile as exc:
        raise ValidationError(f"«{path.name}» no es una carpeta ni un archivo .zip de paquete.") \
            from exc


def _safe_name(name: str) -> bool:
    pure = PurePosixPath(name)
    return not pure.is_absolute() and ".." not in pure.parts


def verify_members(members: dict[str, bytes]) -> list[PackageProblem]:
    """Check the members against their manifest (see the module docstring)."""
    if MANIFEST not in members:
        return [PackageProblem(MANIFEST, "Falta el manifiesto (manifest.json) del paquete.")]
    try:
        manifest = json.loads(members[MANIFEST].decode("utf-8"))
        documents = manifest["documentos"]
    except (ValueError, KeyError, TypeError):
        return [PackageProblem(MANIFEST, "El manifiesto (manifest.json) está dañado o alterado.")]
    problems: list[PackageProblem] = []
    listed = {MANIFEST}
    for document in documents:
        for entry in document.get("archivos", []):
            name = str(entry.get("nombre", ""))
            listed.add(name)
            problems.extend(_check_file(name, entry, members))
        problems.extend(_check_canonical(document, members))
    for name in sorted(set(members) - listed):
        problems.append(PackageProblem(name, f"«{name}» no figura en el manifiesto: se agregó "
                                             "después de generar el paquete."))
    return problems


def _check_file(name: str, entry: dict, members: dict[str, bytes]) -> list[PackageProblem]:
    if not _safe_name(name):
        return [PackageProblem(name, f"El manifiesto cita un nombre de archivo no válido «{name}».")]
    if name not in members:
        return [PackageProblem(name, f"Falta «{name}», que el manifiesto incluye.")]
    if hashlib.sha256(members[name]).hexdigest() != entry.get("sha256"):
        return [PackageProblem(name, f"«{name}» fue modificado: su SHA-256 no coincide con el "
                                     "del manifiesto.")]
    return []


def _check_canonical(document: dict, members: dict[str, bytes]) -> list[PackageProblem]:
    canonical = document.get("texto_canonico") or {}
    name = str(canonical.get("archivo", ""))
    if name not in members:
        return []  # already reported as missing
    try:
        text = members[name].decode("utf-8")
    except UnicodeDecodeError:
        return [PackageProblem(name, f"«{name}» no es texto UTF-8.")]
    if canonical_text_hash(text) != canonical.get("sha256"):
        return [PackageProblem(name, f"El texto canónico de «{name}» no coincide con el hash "
                                     "registrado en el manifiesto.")]
    return []


def verify_package(path: Path) -> list[PackageProblem]:
    """``verify_members`` of a package folder or .zip."""
    return verify_members(read_members(path))


def manifest_of(path: Path) -> dict:
    """The parsed manifest of a package (for showing what it contains)."""
    members = read_members(path)
    try:
        return json.loads(members[MANIFEST].decode("utf-8"))
    except (KeyError, ValueError) as exc:
        raise ValidationError("El paquete no tiene un manifiesto válido.") from exc
