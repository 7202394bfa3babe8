"""Reform projects (proyectos de reforma): what a lawyer drafts before it goes to Cabildo.

A ``ReformProject`` has its identity (title, kind, promoter, exposición de motivos, folio),
the decree's own transitorios and one or several ``ProjectTarget`` — one per regulation it
amends (omnibus reforms amend many), each with the date of the version it was drafted from
(its *base*) and the working draft tree. A nueva expedición targets a regulation that does not
exist yet: its base is empty. Drafts carry a ``revision`` number, increased on every save, so
that two windows or two offices never overwrite each other's work silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from .gazette import GazetteReference
from .provisions import Provision, ProvisionKind


class ProjectKind(str, Enum):
    """Tipo de proyecto; values are the identifiers of docs/glosario.md."""

    PARTIAL_REFORM = "partial_reform"   # reforma parcial
    FULL_REFORM = "full_reform"         # reforma integral
    NEW_ISSUE = "new_issue"             # nueva expedición
    ABROGATION = "abrogation"           # abrogación
    ABROGATION_AND_ISSUE = "abrogation_and_issue"   # abrogación y expedición

    @property
    def label(self) -> str:
        return {ProjectKind.PARTIAL_REFORM: "Reforma parcial",
                ProjectKind.FULL_REFORM: "Reforma integral",
                ProjectKind.NEW_ISSUE: "Nueva expedición",
                ProjectKind.ABROGATION: "Abrogación",
                ProjectKind.ABROGATION_AND_ISSUE: "Abrogación y expedición"}[self]


class PromoterKind(str, Enum):
    """Who promotes the reform (always by office, never by person)."""

    COUNCILLOR = "councillor"     # regidor(a)
    TRUSTEE = "trustee"           # síndico(a)
    DEPARTMENT = "department"     # dependencia o entidad
    COMMISSION = "commission"     # comisión del Ayuntamiento

    @property
    def label(self) -> str:
        return {PromoterKind.COUNCILLOR: "Regiduría", PromoterKind.TRUSTEE: "Sindicatura",
                PromoterKind.DEPARTMENT: "Dependencia", PromoterKind.COMMISSION: "Comisión"}[self]


class ProjectStatus(str, Enum):
    """Where the project is as a whole (the workflow tracks the detailed stage)."""

    OPEN = "open"             # en elaboración o en trámite
    PUBLISHED = "published"   # publicado y consolidado
    WITHDRAWN = "withdrawn"   # retirado o desechado

    @property
    def label(self) -> str:
        return {ProjectStatus.OPEN: "en trámite", ProjectStatus.PUBLISHED: "publicado",
                ProjectStatus.WITHDRAWN: "retirado"}[self]


@dataclass(slots=True)
class ProjectTarget:
    """One regulation amended (or issued) by the project, with its working draft."""

    regulation_uri: str
    regulation_title: str
    draft: Provision
    base_valid_from: date | None = None
    is_new: bool = False          # nueva expedición: nothing in force to compare with
    revision: int = 0
    updated_at: datetime | None = None


@dataclass(slots=True)
class ReformProject:
    """A proyecto de reforma (see the module docstring)."""

    title: str
    kind: ProjectKind = ProjectKind.PARTIAL_REFORM
    promoter_kind: PromoterKind = PromoterKind.DEPARTMENT
    promoter_office: str = ""
    motives: str = ""            # exposición de motivos
    file_number: str = ""        # folio o expediente
    transitorios: list[str] = field(default_factory=list)
    targets: list[ProjectTarget] = field(default_factory=list)
    status: ProjectStatus = ProjectStatus.OPEN
    id: int | None = None
    revision: int = 0
    created_at: datetime | None = None
    updated_at: datetime | None = None
    publication: GazetteReference | None = None

    def target(self, uri: str) -> ProjectTarget:
        from .errors import NotFoundError  # local: errors is tiny, keeps the import list clear

        for target in self.targets:
            if target.regulation_uri == uri:
                return target
        raise NotFoundError(f"El proyecto «{self.title}» no reforma «{uri}».")


DEFAULT_TRANSITORY = ("El presente Acuerdo entrará en vigor al día siguiente de su publicación "
                      "en el Periódico Oficial del Estado de Baja California.")


def empty_draft() -> Provision:
    """The draft of a nueva expedición started from nothing."""
    return Provision(ProvisionKind.ROOT)


def project_text(project: ReformProject) -> str:
    """Canonical text of every draft of a project, the text the audit record fingerprints.

    One line per provision (indentation, label, heading, text) per target, in project order,
    plus the transitorios: what Cabildo approves is exactly this content.
    """
    lines: list[str] = []
    for target in project.targets:
        lines.append(f"== {target.regulation_title} ==")
        for depth, node in target.draft.iter_with_depth():
            if depth:
                parts = [node.display_label(), node.heading, node.text]
                lines.append("  " * (depth - 1) + " ".join(p for p in parts if p))
    lines.append("== TRANSITORIOS ==")
    lines.extend(project.transitorios)
    return "\n".join(lines) + "\n"
