"""Offline drafting: check a project out to a local file, work anywhere, check it back in.

A *bundle* is everything a project needs away from the server: its data, each target's draft
with the per-provision versions it was taken at, and the base text of every amended
regulation (Akoma Ntoso, permanent ids kept). ``checkout`` installs a bundle in a new SQLite
file — the full app opens it (``reglamentos --db sqlite:///copia.db …``) — and remembers what
was taken; the shared database keeps a stamp of who took it and since when, which others see
("X lo tiene desprotegido desde …", ``checkout_notices``) until the check-in removes it.
``checkin`` merges each local draft into the shared one, provision by provision,
against the base taken at check-out (three-way, as concurrent saves do: ``services.merge``);
edits to provisions nobody else touched go in, and where the office changed the same provision
the office's text stays and the laptop's is kept as a conflict revision, listed for the user to
resolve (``resolve``: mine or theirs). The project's data (title, motives, transitorios…) merge
three-way field by field the same way (``merge_meta``); a field changed on both sides keeps the
office's value and the report quotes the copy's. A ``.reforma`` package is the same bundle in a ZIP with a
manifest of SHA-256 digests, signed with the sending office's Ed25519 key (``signing``), to
hand a draft to another office; on import it is read with limits (a hostile or corrupt ZIP is
refused), and an unsigned package, one signed by an office this one does not trust, or one
whose signature does not match its manifest is refused in Spanish; nothing is stored.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from ..config import data_dir
from ..domain.errors import ConflictError, NotFoundError, ValidationError
from ..domain.reform import ProjectKind, ProjectTarget, PromoterKind, ReformProject
from ..domain.report import ImportReport
from ..domain.regulation import Expression
from ..sources.formats.akn import akn_to_document, export_akn
from ..signing import OfficeKey, TrustedKeys, verify
from .catalog import CatalogEntry
from .corpus import regulation_from_document
from .files import write_atomic
from .merge import MergeConflict, ProvisionConflictError, tree_from_payload, tree_payload
from .projects import DraftSession

FORMAT = "reglamentos.reforma"
FORMAT_VERSION = 1
CHECKOUT_KEY = "checkout"
MANIFEST, PROJECT_FILE, SIGNATURE = "manifest.json", "proyecto.json", "firma.json"
MAX_MEMBERS = 200
MAX_MEMBER_BYTES = 50 * 1024 * 1024
MAX_TOTAL_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100


class PackageError(ValidationError):
    """A ``.reforma`` file that is damaged, altered or hostile (nothing was imported)."""

    default_message = "El paquete .reforma no es válido; no se importó nada."


# ---------------------------------------------------------------------------------------------
# Bundles
# ---------------------------------------------------------------------------------------------

def make_bundle(services, project_id: int) -> dict:
    """Everything the project needs away from the database (see the module docstring)."""
    project = services.projects.get(project_id)
    targets, bases = [], {}
    for target in project.targets:
        state = services.projects.repository.load_state(project_id, target.regulation_uri)
        targets.append({"uri": target.regulation_uri, "title": target.regulation_title,
                        "base_valid_from": _iso(target.base_valid_from),
                        "is_new": target.is_new, "revision": state.target.revision,
                        "versions": state.versions,
                        "draft": tree_payload(state.target.draft)})
        if not target.is_new:
            regulation = services.corpus.get_regulation(target.regulation_uri)
            expression = services.corpus.repository.load_version(target.regulation_uri,
                                                                 target.base_valid_from)
            bases[target.regulation_uri] = export_akn(regulation, expression).decode("utf-8")
    return {"format": FORMAT, "version": FORMAT_VERSION, "project_id": project_id,
            "project": _project_data(project), "project_revision": project.revision,
            "targets": targets, "bases": bases,
            "made_by": services.projects.author_name,
            "made_at": datetime.now(timezone.utc).isoformat(timespec="seconds")}


def install_bundle(services, bundle: dict) -> int:
    """Create the bundle's project (and any base text the corpus lacks); its new id."""
    _check_bundle(bundle)
    for uri, xml in bundle["bases"].items():
        if not _has_regulation(services, uri):
            _store_base(services, uri, xml)
    data = bundle["project"]
    project = ReformProject(
        title=data["title"], kind=ProjectKind(data["kind"]),
        promoter_kind=PromoterKind(data["promoter_kind"]),
        promoter_office=data["promoter_office"], motives=data["motives"],
        file_number=data["file_number"], transitorios=list(data["transitorios"]),
        targets=[ProjectTarget(t["uri"], t["title"], tree_from_payload(t["draft"]),
                               _date(t["base_valid_from"]), bool(t["is_new"]))
                 for t in bundle["targets"]])
    project_id = services.projects.repository.create(project)
    services.projects._notify(project_id)
    return project_id


def _store_base(services, uri: str, xml: str) -> None:
    doc = akn_to_document(xml.encode("utf-8"), "base.xml")
    regulation = regulation_from_document(doc, CatalogEntry(uri=uri))
    dated = doc.last_reform or doc.original_publication
    expression = Expression(regulation_uri=regulation.uri, root=doc.root,
                            valid_from=dated.date if dated else None,
                            amending_act=doc.last_reform, source_name="texto base del proyecto")
    services.corpus.repository.store_version(regulation, expression, ImportReport(),
                                             keep_pids=True)


def _has_regulation(services, uri: str) -> bool:
    try:
        services.corpus.get_regulation(uri)
        return True
    except NotFoundError:
        return False


def _project_data(project: ReformProject) -> dict:
    return {"title": project.title, "kind": project.kind.value,
            "promoter_kind": project.promoter_kind.value,
            "promoter_office": project.promoter_office, "motives": project.motives,
            "file_number": project.file_number, "transitorios": list(project.transitorios)}


def _check_bundle(bundle: dict) -> None:
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise PackageError("El archivo no es un proyecto de reforma de Reglamentos.")
    if bundle.get("version") != FORMAT_VERSION:
        raise PackageError("El proyecto fue guardado por una versión más reciente de "
                           "Reglamentos; actualice el programa para abrirlo.")
    try:
        for target in bundle["targets"]:
            tree_from_payload(target["draft"])
        _project_data_keys = ("title", "kind", "promoter_kind", "transitorios")
        if not all(k in bundle["project"] for k in _project_data_keys):
            raise KeyError("project")
    except (KeyError, TypeError, ValueError) as exc:
        raise PackageError("El contenido del proyecto está incompleto o dañado.",
                           detail=str(exc)) from exc


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# ---------------------------------------------------------------------------------------------
# Check-out and check-in
# ---------------------------------------------------------------------------------------------

@dataclass(slots=True)
class CheckinReport:
    """What a check-in did: drafts merged in, conflicts left to resolve, notes."""

    project_id: int
    saved: list[str] = field(default_factory=list)
    conflicts: dict[str, list[MergeConflict]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    meta_conflicts: dict[str, object] = field(default_factory=dict)  # field: the copy's value

    @property
    def clean(self) -> bool:
        return not self.conflicts


def checkout(shared, project_id: int, path: Path) -> int:
    """Copy the project to a new SQLite file; returns the project's id in that file."""
    from .context import open_services

    path = Path(path)
    if path.exists():
        raise ValidationError(f"El archivo «{path}» ya existe; elija otro nombre para la copia.")
    shared.projects._require_editable(project_id)
    bundle = make_bundle(shared, project_id)
    with open_services(f"sqlite:///{path}", index_dir=path.with_suffix(".indice")) as local:
        local_id = install_bundle(local, bundle)
        record = {key: bundle[key] for key in ("project_id", "project", "project_revision",
                                               "targets", "made_by", "made_at")}
        record.update(local_project_id=local_id, source=shared.db.safe_url)
        local.projects.collab.set_setting(CHECKOUT_KEY, json.dumps(record, ensure_ascii=False))
    shared.projects.collab.mark_checkout(project_id, *_who(shared))
    return local_id


def _who(services) -> tuple[str, str]:
    """(login, name) of this user: the server's login, or the local author's name."""
    identity = services.db.identity
    name = services.projects.author_name
    return (identity.login if identity is not None else name), name


def checkout_notices(services, project_id: int) -> list[str]:
    """"X lo tiene desprotegido desde …" for every other person who took the project offline."""
    login, _name = _who(services)
    return [f"{c.holder} lo tiene desprotegido desde el {c.since.astimezone():%d/%m/%Y} a las "
            f"{c.since.astimezone():%H:%M}; sus cambios se integrarán cuando lo devuelva."
            for c in services.projects.collab.checkouts(project_id) if c.login != login]


def checkout_record(local) -> dict:
    raw = local.projects.collab.setting(CHECKOUT_KEY)
    if raw is None:
        raise ValidationError("Esta base de datos no es una copia para trabajar sin conexión "
                              "(no tiene registro de salida).")
    return json.loads(raw)


def checkin(local, shared) -> CheckinReport:
    """Merge the local copy's drafts into the shared project (three-way, per provision)."""
    record = checkout_record(local)
    project_id = record["project_id"]
    shared.projects._require_editable(project_id)
    mine = local.projects.get(record["local_project_id"])
    report = CheckinReport(project_id)
    taken = {t["uri"]: t for t in record["targets"]}
    for target in mine.targets:
        uri = target.regulation_uri
        if uri not in taken:
            shared.projects.repository.add_target(project_id, target)
            report.saved.append(uri)
            report.notes.append(f"Se agregó «{target.regulation_title}» al proyecto.")
            continue
        conflicts = _merge_target(shared, project_id, taken[uri], target)
        if conflicts:
            report.conflicts[uri] = conflicts
        report.saved.append(uri)
    _merge_meta(shared, project_id, record, mine, report, local)
    _renew_record(local, shared, record)
    shared.projects.collab.clear_checkout(project_id, _who(shared)[0])
    shared.projects._notify(project_id)
    return report


def _merge_target(shared, project_id: int, taken: dict, local: ProjectTarget
                  ) -> list[MergeConflict]:
    base = tree_from_payload(taken["draft"])
    stand_in = ProjectTarget(local.regulation_uri, local.regulation_title, base,
                             local.base_valid_from, local.is_new, taken["revision"])
    session = DraftSession(shared.projects, project_id, stand_in, taken["versions"])
    session.editor.replace_tree(copy.deepcopy(local.draft))
    try:
        session.save()
    except ProvisionConflictError as exc:
        return exc.conflicts
    return []


META_LABELS = {"title": "El título", "kind": "El tipo de proyecto",
               "promoter_kind": "El tipo de promovente",
               "promoter_office": "La dependencia promovente",
               "motives": "La exposición de motivos", "file_number": "El número de expediente",
               "transitorios": "Los transitorios"}


def merge_meta(base: dict, mine: dict, theirs: dict) -> tuple[dict, list[str]]:
    """Three-way merge of the project's data, field by field, as provisions are merged.

    A field changed on one side only takes that change; changed on both sides to different
    values, the office's stays and the field is returned as a clash. The transitorios merge
    one by one when all three lists have the same length (whole list otherwise).
    """
    merged, clashes = {}, []
    for key in META_LABELS:
        b, m, t = base.get(key), mine.get(key), theirs.get(key)
        if key == "transitorios" and len({len(b or []), len(m or []), len(t or [])}) == 1:
            items = [_three_way(*trio) for trio in zip(b, m, t)]
            merged[key] = [value for value, _clash in items]
            if any(clash for _value, clash in items):
                clashes.append(key)
            continue
        merged[key], clash = _three_way(b, m, t)
        if clash:
            clashes.append(key)
    return merged, clashes


def _three_way(base, mine, theirs):
    if mine == theirs or mine == base:
        return theirs, False
    if theirs == base:
        return mine, False
    return theirs, True


def _merge_meta(shared, project_id: int, record: dict, mine: ReformProject,
                report: CheckinReport, local=None) -> None:
    local_data = _project_data(mine)
    current = shared.projects.get(project_id)
    theirs = _project_data(current)
    merged, clashes = merge_meta(record["project"], local_data, theirs)
    for key in clashes:  # the copy's value is listed in full: nothing typed is lost
        value = local_data[key]
        shown = "\n".join(value) if isinstance(value, list) else value
        report.notes.append(f"{META_LABELS[key]} cambió también en la oficina: se conservó el "
                            f"de la oficina. El de su copia era: «{shown}».")
        report.meta_conflicts[key] = value
    if merged != theirs:
        _apply_meta(current, merged)
        shared.projects.update(current)
    if local is not None and merged != local_data:  # the copy stands on the merged data
        _apply_meta(mine, merged)
        local.projects.update(mine)


def _apply_meta(project: ReformProject, data: dict) -> None:
    for key, value in data.items():
        value = ProjectKind(value) if key == "kind" else PromoterKind(value) \
            if key == "promoter_kind" else value
        setattr(project, key, value)


def _renew_record(local, shared, record: dict) -> None:
    """After a check-in the copy stands on the shared state (a second check-in is incremental)."""
    fresh = make_bundle(shared, record["project_id"])
    record.update(project=fresh["project"], project_revision=fresh["project_revision"],
                  targets=fresh["targets"])
    local_id = record["local_project_id"]
    for target in fresh["targets"]:  # the copy now shows the merged drafts
        try:
            state = local.projects.repository.load_state(local_id, target["uri"])
        except NotFoundError:  # a regulation the office added meanwhile
            continue
        local.projects.repository.store_merged(
            local_id, target["uri"], state.target.revision, tree_from_payload(target["draft"]),
            {}, [], [], local.projects.author_name)
    local.projects.collab.set_setting(CHECKOUT_KEY, json.dumps(record, ensure_ascii=False))


def resolve(shared, project_id: int, conflict_id: int, keep: str) -> None:
    """Settle one conflict revision of the shared project: "mine" (the losing text) or "theirs"."""
    from .sync import conflict_from_revision

    revision = next((c for c in shared.sync.conflicts(project_id)
                     if c.id == conflict_id), None)
    if revision is None:
        raise NotFoundError(f"No hay un conflicto abierto número {conflict_id} en el proyecto.")
    session = shared.projects.open_draft(project_id, revision.regulation_uri)
    session.resolve(conflict_from_revision(revision), keep)
    try:
        session.save()
    except ProvisionConflictError as exc:
        raise ConflictError("Alguien volvió a guardar esa disposición mientras usted "
                            "resolvía; revise de nuevo los conflictos.") from exc


# ---------------------------------------------------------------------------------------------
# .reforma packages
# ---------------------------------------------------------------------------------------------

def signing_dir() -> Path:
    """Where this office keeps its signing key and the keys it trusts."""
    return data_dir() / "firma"


def office_key() -> OfficeKey:
    return OfficeKey(signing_dir())


def trusted_keys() -> TrustedKeys:
    return TrustedKeys(signing_dir())


def export_package(services, project_id: int, path: Path) -> Path:
    """Write the project as a ``.reforma`` file (ZIP: manifest with SHA-256 + contents)."""
    bundle = make_bundle(services, project_id)
    members = {PROJECT_FILE: json.dumps({k: v for k, v in bundle.items() if k != "bases"},
                                        ensure_ascii=False, indent=1).encode("utf-8")}
    for n, (uri, xml) in enumerate(sorted(bundle["bases"].items()), start=1):
        members[f"base/{n:03d}.xml"] = xml.encode("utf-8")
    manifest = {"format": FORMAT, "version": FORMAT_VERSION, "title": bundle["project"]["title"],
                "made_by": bundle["made_by"], "made_at": bundle["made_at"],
                "bases": {f"base/{n:03d}.xml": uri
                          for n, uri in enumerate(sorted(bundle["bases"]), start=1)},
                "files": {name: hashlib.sha256(data).hexdigest()
                          for name, data in members.items()}}
    manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    key = office_key()
    signature = {"algoritmo": "Ed25519", "clave_publica": key.public_text,
                 "firma": key.sign(manifest_bytes)}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in [(MANIFEST, manifest_bytes),
                           (SIGNATURE, json.dumps(signature, indent=1).encode("utf-8")),
                           *members.items()]:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))  # reproducible
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    path = Path(path)
    if path.suffix != ".reforma":
        path = path.with_suffix(".reforma")
    write_atomic(path, buffer.getvalue())
    return path


def read_package(path: Path) -> dict:
    """Open, bound and verify a ``.reforma`` file; the bundle (raises ``PackageError``)."""
    try:
        archive = zipfile.ZipFile(Path(path))
    except (OSError, zipfile.BadZipFile) as exc:
        raise PackageError("El archivo no es un paquete .reforma (ZIP) legible.",
                           detail=str(exc)) from exc
    with archive:
        try:
            members = _bounded_members(archive)
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError,
                NotImplementedError, ValueError) as exc:
            # A truncated or bit-flipped ZIP fails its CRC or its inflate only when read.
            raise PackageError("El paquete .reforma está dañado (ZIP incompleto o alterado); "
                               "pida que se lo envíen de nuevo.", detail=str(exc)) from exc
        manifest_bytes = members.pop(MANIFEST, None)
        signed_by = _check_signature(manifest_bytes, members.pop(SIGNATURE, None))
        manifest = _json(manifest_bytes, "el manifiesto")
        files = manifest.get("files") if isinstance(manifest, dict) else None
        if not isinstance(files, dict) or set(files) != set(members):
            raise PackageError("El paquete fue alterado: su lista de archivos no coincide con "
                               "el manifiesto.")
        for name, data in members.items():
            if hashlib.sha256(data).hexdigest() != files[name]:
                raise PackageError(f"El paquete fue alterado: «{name}» no coincide con su "
                                   "huella SHA-256 del manifiesto.")
        bundle = _json(members.get(PROJECT_FILE), "el proyecto")
        bases = manifest.get("bases", {})
        bundle["bases"] = {uri: members[name].decode("utf-8") for name, uri in bases.items()}
    _check_bundle(bundle)
    bundle["signed_by"] = signed_by
    return bundle


def _check_signature(manifest: bytes | None, signature: bytes | None) -> str:
    """The trusted office that signed ``manifest``; ``PackageError`` in Spanish otherwise."""
    if signature is None:
        raise PackageError("El paquete no está firmado: no se puede saber qué oficina lo envió "
                           "ni si llegó como salió. Pida que lo exporten de nuevo con una "
                           "versión actual del programa.")
    data = _json(signature, "la firma")
    data = data if isinstance(data, dict) else {}
    public, signed = str(data.get("clave_publica", "")), str(data.get("firma", ""))
    if manifest is None or not verify(public, manifest, signed):
        raise PackageError("La firma del paquete no corresponde a su contenido: fue alterado "
                           "después de firmarse (o la firma es falsa). No se importó nada.")
    office = trusted_keys().office_of(public, office_key())
    if office is None:
        raise PackageError(f"El paquete está firmado por una oficina que este equipo no "
                           f"reconoce (clave {public}). Si sabe de qué oficina es, el "
                           "administrador puede agregarla con «reglamentos admin confiar-clave "
                           "OFICINA CLAVE».")
    return office


def import_package(services, path: Path) -> int:
    """Verify a ``.reforma`` file and create its project here; the new project's id."""
    return install_bundle(services, read_package(path))


def _bounded_members(archive: zipfile.ZipFile) -> dict[str, bytes]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise PackageError("El paquete tiene demasiados archivos; no se abrió.")
    names = [i.filename for i in infos]
    if len(set(names)) != len(names):
        raise PackageError("El paquete tiene archivos repetidos; no se abrió.")
    total = 0
    out = {}
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.split("/") or "\\" in name:
            raise PackageError(f"El paquete contiene una ruta no permitida («{name}»).")
        if info.file_size > MAX_MEMBER_BYTES or (
                info.compress_size and info.file_size / info.compress_size > MAX_RATIO):
            raise PackageError("El paquete parece una bomba ZIP (un archivo se expande "
                               "demasiado); no se abrió.")
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise PackageError("El paquete es demasiado grande al descomprimirse; no se abrió.")
        with archive.open(info) as member:
            data = member.read(MAX_MEMBER_BYTES + 1)  # never trust the declared size alone
        if len(data) > MAX_MEMBER_BYTES:
            raise PackageError("El paquete parece una bomba ZIP; no se abrió.")
        out[name] = data
    return out


def _json(data: bytes | None, what: str) -> dict:
    if data is None:
        raise PackageError(f"Al paquete le falta {what}.")
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PackageError(f"El paquete está dañado: no se pudo leer {what}.",
                           detail=str(exc)) from exc
