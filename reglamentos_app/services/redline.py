"""Word redline of a reform project: export for the síndico, import what comes back.

Export: for every target, base and draft are compared (``ProjectService.compare``), the word
segments of the diff engine become Word revisions authored by the drafter at the time of the
draft, and the file is written atomically. The file carries the project number and each
draft's revision, so a returned file is matched to the exact text it was made from.

Import reads the returned file as untrusted input (size, ZIP and XML limits, in
``exports.redline``), works out what the reviewer accepted, rejected or left pending for each
provision (pending revisions keep the drafter's proposal and are listed), rebuilds the draft,
and turns every Word comment — and every change the reviewer proposed with Track Changes on —
into an observation anchored to the provision whose paragraph holds it. Everything is computed
and checked before anything is written. When the draft may be edited (Borrador, Devuelta con
observaciones) the result is saved as a new draft revision through ``DraftSession.save``, and
observations are recorded with the author written in Word; when it may not but the user may
observe (Revisión de la Sindicatura), only the observations are recorded through
``WorkflowService.observe`` and the summary says the text waits. Observations already
recorded from the same file are not repeated. Draft, observations and their audit records are
written in one transaction (``Database.unit_of_work``; on a managed PostgreSQL database the
server functions run inside it): a failure leaves the draft and the record as they were.
"""

from __future__ import annotations

import copy
import hashlib
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from ..domain.changes import RowKind
from ..domain.errors import ValidationError
from ..domain.provisions import (
    Provision, ProvisionStatus, assign_eids, text_says_repealed,
)
from ..domain.reform import ReformProject
from ..domain.workflow import Action, UserProfile, can
from ..exports.redline import (
    RedlineMeta, RedlineRejected, RedlineRow, RedlineTarget, ReturnedDocument,
    ReturnedParagraph, RowOutcome, Verdict, read_redline, resolve_row, rows_for,
    write_redline,
)
from ..exports.redline.decisions import fallback_fields, missing_row
from ..exports.redline.layout import HEADING, LABEL, TEXT, fields_of, num_from_label, unwrap
from ..exports.redline.safezip import MAX_FILE_BYTES
from .files import write_atomic
from .projects import ProjectService, word_diff
from .workflow import EDITABLE_STAGES, WorkflowService

__all__ = ["ProvisionSummary", "RedlineExport", "RedlineImport", "RedlineService"]

DEFAULT_AUTHOR = "Área jurídica"
READ_SECONDS = 120      # wall-clock limit for analysing one returned file
FALLBACK_WINDOW = 60    # rows tried for a paragraph whose bookmark was lost


@dataclass(slots=True)
class RedlineExport:
    path: Path
    revisions: int
    provisions_changed: int


@dataclass(slots=True)
class ProvisionSummary:
    """What the reviewer did with one provision's revisions."""

    regulation_uri: str
    label: str
    row_kind: str
    accepted: int = 0
    rejected: int = 0
    pending: int = 0
    outside: bool = False  # edited with Track Changes off: text taken as written
    result: str = ""       # "aceptado", "rechazado", "parcial", "pendiente", "editado en Word"

    def to_dict(self) -> dict:
        return {"reglamento": self.regulation_uri, "disposicion": self.label,
                "cambio": self.row_kind, "aceptados": self.accepted,
                "rechazados": self.rejected, "pendientes": self.pending,
                "editado_fuera_de_revisiones": self.outside, "resultado": self.result}


@dataclass(slots=True)
class PlannedObservation:
    regulation_uri: str
    pid: str
    label: str
    author: str
    text: str
    quoted: str
    date: str = ""


@dataclass(slots=True)
class RedlineImport:
    """The outcome of reading a returned redline (and, once applied, what was saved)."""

    project_id: int
    file_name: str
    sha256: str
    provisions: list[ProvisionSummary] = field(default_factory=list)
    observations: list[PlannedObservation] = field(default_factory=list)
    skipped_observations: int = 0
    unmatched_paragraphs: list[str] = field(default_factory=list)
    drafts: dict[str, Provision] = field(default_factory=dict)
    changed_drafts: list[str] = field(default_factory=list)
    draft_saved: bool = False
    new_revisions: dict[str, int] = field(default_factory=dict)
    notice: str = ""

    def totals(self) -> dict[str, int]:
        return {"aceptados": sum(p.accepted for p in self.provisions),
                "rechazados": sum(p.rejected for p in self.provisions),
                "pendientes": sum(p.pending for p in self.provisions),
                "editados_en_word": sum(1 for p in self.provisions if p.outside)}

    def to_dict(self) -> dict:
        return {"proyecto": self.project_id, "archivo": self.file_name, "sha256": self.sha256,
                "totales": self.totals(), "borrador_guardado": self.draft_saved,
                "revisiones_nuevas": self.new_revisions, "aviso": self.notice,
                "disposiciones": [p.to_dict() for p in self.provisions],
                "observaciones": [{"reglamento": o.regulation_uri, "disposicion": o.label,
                                   "autor": o.author, "texto": o.text, "cita": o.quoted}
                                  for o in self.observations],
                "observaciones_repetidas_omitidas": self.skipped_observations,
                "parrafos_no_reconocidos": self.unmatched_paragraphs}


class RedlineService:
    """Export and import of Word redlines (see the module docstring)."""

    def __init__(self, projects: ProjectService, workflow: WorkflowService) -> None:
        self.projects = projects
        self.workflow = workflow

    # -- export ----------------------------------------------------------------------------
    def build(self, project_id: int, *, author: str | None = None,
              when: datetime | None = None) -> tuple[bytes, RedlineExport]:
        project = self.projects.get(project_id)
        meta = RedlineMeta(project_id, project.title, author or _drafter(project),
                           when or _draft_time(project),
                           {t.regulation_uri: t.revision for t in project.targets})
        targets = self._targets(project)
        data = write_redline(meta, f"Proyecto de reforma: {project.title}", _note(meta), targets)
        changes = [u for t in targets for r in t.rows for u in r.units if u.kind.value != "equal"]
        touched = sum(1 for t in targets for r in t.rows if r.row_kind is not RowKind.EQUAL)
        return data, RedlineExport(Path(), len(changes), touched)

    def export(self, project_id: int, path: Path, *, author: str | None = None) -> RedlineExport:
        """Write the redline .docx atomically."""
        data, info = self.build(project_id, author=author)
        write_atomic(Path(path), data)
        info.path = Path(path)
        return info

    def _targets(self, project: ReformProject) -> list[RedlineTarget]:
        out = []
        for index, target in enumerate(project.targets):
            comparison = self.projects.compare(project.id, target.regulation_uri)
            out.append(RedlineTarget(target.regulation_title,
                                     rows_for(index, comparison.alignment, word_diff)))
        return out

    # -- import ----------------------------------------------------------------------------
    def read(self, project_id: int, path: Path) -> RedlineImport:
        """Read and check a returned redline; nothing is saved (see ``apply``)."""
        path = Path(path)
        data = _read_bytes(path)
        document = read_redline(data, path.name)
        project = self.projects.get(project_id)
        meta = _check_meta(document, project, path.name)
        plan = RedlineImport(project_id, path.name, hashlib.sha256(data).hexdigest())
        targets = self._targets(project)
        rows_by_target = {i: t.rows for i, t in enumerate(targets)}
        deadline = _Deadline(READ_SECONDS)
        mapping = _map_paragraphs(document.paragraphs, rows_by_target, meta.author, deadline)
        rows_all = {id(r): r for rows in rows_by_target.values() for r in rows}
        row_of_paragraph = {id(p): rows_all[r] for r, p in mapping.items()}
        for index, target in enumerate(project.targets):
            outcomes = {}
            for row in rows_by_target[index]:
                deadline.check()
                outcomes[id(row)] = self._row_outcome(row, mapping.get(id(row)), meta.author,
                                                      target.regulation_uri, plan)
            tree = _rebuild(target.draft, rows_by_target[index], outcomes)
            plan.drafts[target.regulation_uri] = tree
            if _tree_key(tree) != _tree_key(target.draft):
                plan.changed_drafts.append(target.regulation_uri)
        self._plan_observations(project, document, mapping, row_of_paragraph, rows_all,
                                meta.author, plan)
        plan.unmatched_paragraphs = _unmatched(document.paragraphs, row_of_paragraph, meta.author)
        return plan

    def _row_outcome(self, row: RedlineRow, paragraph: ReturnedParagraph | None, drafter: str,
                     uri: str, plan: RedlineImport) -> RowOutcome:
        if paragraph is None:
            outcome = missing_row(row)
        else:
            outcome = resolve_row(row, paragraph.marked(drafter))
            if not outcome.matched:
                view, _anchors = paragraph.view(drafter)
                outcome = RowOutcome(False, [], fallback_fields(row, view))
        if outcome.changes or not outcome.matched:
            summary = ProvisionSummary(uri, row.label(), row.row_kind.label,
                                       outcome.count(Verdict.ACCEPTED),
                                       outcome.count(Verdict.REJECTED),
                                       outcome.count(Verdict.PENDING), not outcome.matched)
            summary.result = _result(summary)
            plan.provisions.append(summary)
        return outcome

    def _plan_observations(self, project, document: ReturnedDocument, mapping,
                           row_of_paragraph, rows_all, drafter: str, plan: RedlineImport) -> None:
        existing = {(o.regulation_uri, o.pid, o.author, o.text)
                    for o in self.workflow.repository.observations(project.id)}
        last_row: RedlineRow | None = None
        ordered = list(rows_all.values())
        order = {id(r): i for i, r in enumerate(ordered)}
        pids = {uri: {n.pid: n for n in tree.walk()} for uri, tree in plan.drafts.items()}
        for paragraph in document.paragraphs:
            row = row_of_paragraph.get(id(paragraph))
            if row is not None:
                last_row = row
            view, anchors = paragraph.view(drafter)
            foreign = paragraph.foreign(drafter)
            if not anchors and not foreign:
                continue
            anchor = row or last_row or (ordered[0] if ordered else None)
            if anchor is None:
                continue
            uri = project.targets[anchor.target].regulation_uri
            node = _existing_node(anchor, ordered, order, pids[uri], plan.drafts[uri])
            if node is None:
                continue
            for ident, (start, end) in anchors.items():
                comment = document.comments.get(ident)
                if comment is None or not comment.text:
                    continue
                quoted = view[start:end].strip()
                self._plan_one(plan, existing, uri, node, comment.author or "Revisor",
                               comment.text, quoted, comment.date)
            by_author: dict[str, list] = {}
            for revision in foreign:  # one observation per reviewer and paragraph
                by_author.setdefault(revision.author or "Revisor", []).append(revision)
            for author, revisions in by_author.items():
                steps = "; ".join(f"{'insertar' if r.kind == 'ins' else 'suprimir'} "
                                  f"«{r.text.strip()}»" for r in revisions)
                self._plan_one(plan, existing, uri, node, author,
                               f"Cambios propuestos en Word con control de cambios: {steps}.",
                               "", revisions[0].date)

    @staticmethod
    def _plan_one(plan: RedlineImport, existing, uri: str, node: Provision, author: str,
                  text: str, quoted: str, date: str) -> None:
        if (uri, node.pid, author, text) in existing:
            plan.skipped_observations += 1
            return
        existing.add((uri, node.pid, author, text))
        plan.observations.append(PlannedObservation(uri, node.pid, node.display_label(),
                                                    author, text, quoted, date))

    def apply(self, plan: RedlineImport, user: UserProfile) -> RedlineImport:
        """Save what ``read`` found: the new draft revision(s) and the observations."""
        project_id = plan.project_id
        stage = self.workflow.stage(project_id)
        definition = self.workflow.definition()
        may_edit = stage.id in EDITABLE_STAGES and can(user.role, Action.EDIT_DRAFT,
                                                           stage.id, definition)
        may_observe = can(user.role, Action.ADD_OBSERVATION, stage.id, definition)
        if not may_edit and not (may_observe and plan.observations):
            raise ValidationError(
                f"El proyecto está en la etapa «{stage.label}»: con su perfil no se puede "
                "importar el redline. El texto se importa en Borrador o Devuelta con "
                "observaciones (perfil de redacción); las observaciones, también durante la "
                "Revisión de la Sindicatura (perfil de Sindicatura).")
        # One transaction: the new revision(s), every observation and every audit record are
        # all stored, or — on any error, also the server's refusal — none of them.
        with self.workflow.repository.db.unit_of_work():
            self._store(plan, user, may_edit, may_observe)
        if not may_edit and plan.changed_drafts:
            plan.notice = (f"El proyecto está en la etapa «{stage.label}»: se registraron las "
                           "observaciones, pero el texto aceptado no se guardó. Impórtelo de nuevo "
                           "cuando el proyecto esté en Borrador o Devuelto con observaciones.")
        self.projects._notify(project_id)
        return plan

    def _store(self, plan: RedlineImport, user: UserProfile, may_edit: bool,
               may_observe: bool) -> None:
        sessions = []
        if may_edit:
            sessions = [self.projects.open_draft(plan.project_id, uri)
                        for uri in plan.changed_drafts]
        for session in sessions:
            uri = session.target.regulation_uri
            session.editor.replace_tree(plan.drafts[uri])
            session.save()
            plan.new_revisions[uri] = session.target.revision
        plan.draft_saved = bool(sessions)
        for planned in plan.observations:
            self._record(planned, plan, user, may_observe)
        self.workflow.log(plan.project_id, "import_redline", user,
                          f"Redline revisado «{plan.file_name}»", sha256=plan.sha256,
                          **plan.totals(), observations=len(plan.observations))

    def import_file(self, project_id: int, path: Path, user: UserProfile) -> RedlineImport:
        return self.apply(self.read(project_id, path), user)

    def _record(self, planned: PlannedObservation, plan: RedlineImport, user: UserProfile,
                may_observe: bool) -> None:
        project = self.projects.get(plan.project_id)
        target = project.target(planned.regulation_uri)
        node = next((n for n in target.draft.walk() if n.pid == planned.pid), None)
        if node is None:  # a provision only the reviewer's decisions bring back
            node = next(n for n in target.draft.walk() if n is not target.draft)
            planned.pid, planned.text = node.pid, f"Sobre {planned.label}: {planned.text}"
        span = _span(node.text, planned.quoted)
        if may_observe:
            self.workflow.observe(plan.project_id, planned.regulation_uri, planned.pid,
                                  planned.text, UserProfile(planned.author, user.office,
                                                            user.role), span=span)
            return
        # The drafter imports what the Sindicatura wrote: the observation keeps the Word
        # author and the trustee role; the record says who imported it.
        self.workflow.transcribe_observation(
            plan.project_id, planned.regulation_uri, planned.pid, planned.text,
            author=planned.author, created_at=_when(planned.date), span=span,
            entered_by=user, source="redline")


# -- helpers ------------------------------------------------------------------------------------
def _drafter(project: ReformProject) -> str:
    return project.promoter_office.strip() or DEFAULT_AUTHOR


def _draft_time(project: ReformProject) -> datetime:
    times = [t.updated_at for t in project.targets if t.updated_at is not None]
    times += [project.updated_at] if project.updated_at else []
    if not times:
        return datetime.now(timezone.utc)
    return max(t if t.tzinfo else t.replace(tzinfo=timezone.utc) for t in times)


def _note(meta: RedlineMeta) -> str:
    return ("Documento de trabajo generado por Reglamentos. Cada cambio del proyecto respecto del "
            f"texto vigente es una revisión de Word a nombre de «{meta.author}». Revise con "
            "Aceptar y Rechazar, agregue comentarios y devuelva este mismo archivo para "
            "importarlo en el proyecto. No borre ni cambie los números de las disposiciones; las "
            "revisiones que deje pendientes conservan la propuesta del proyecto.")


def _when(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    except ValueError:
        return datetime.now(timezone.utc)


def _read_bytes(path: Path) -> bytes:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise RedlineRejected(f"«{path.name}» pesa más de {MAX_FILE_BYTES // 2**20} MB; "
                                  "un redline de Reglamentos nunca es tan grande.")
        return path.read_bytes()
    except OSError as exc:
        raise RedlineRejected(f"No se pudo leer «{path}»: {exc.strerror or exc}.",
                              detail=str(exc)) from exc


def _check_meta(document: ReturnedDocument, project: ReformProject, name: str) -> RedlineMeta:
    meta = document.meta()
    if meta is None:
        raise RedlineRejected(f"«{name}» no es un redline exportado por Reglamentos (le faltan "
                              "sus datos de identificación). Exporte el redline del proyecto y "
                              "envíe ese archivo a revisión.")
    if meta.project_id != project.id:
        raise RedlineRejected(f"«{name}» es el redline del proyecto número {meta.project_id}, "
                              f"no del proyecto «{project.title}» (número {project.id}).")
    for target in project.targets:
        exported = meta.revisions.get(target.regulation_uri)
        if exported is None:
            raise RedlineRejected(f"«{name}» no incluye «{target.regulation_title}», que ahora "
                                  "forma parte del proyecto. Exporte de nuevo el redline.")
        if exported != target.revision:
            raise ValidationError(
                f"El borrador de «{target.regulation_title}» cambió desde que se exportó el "
                f"redline (revisión {exported}; ahora {target.revision}). Importarlo borraría "
                "esos cambios: exporte un redline nuevo o incorpore las observaciones a mano.")
    return meta


class _Deadline:
    """A wall-clock limit for reading one file (hostile input must not hang the program)."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def check(self) -> None:
        if time.monotonic() > self.end:
            raise RedlineRejected("El redline tardó demasiado en analizarse; se canceló por "
                                  "seguridad y no se importó nada.")


def _map_paragraphs(paragraphs: list[ReturnedParagraph], rows_by_target, drafter: str,
                    deadline: _Deadline):
    """Row id -> paragraph: by hidden bookmark, then by content between mapped neighbours."""
    rows = [r for t in sorted(rows_by_target) for r in rows_by_target[t]]
    by_bookmark = {r.bookmark: r for r in rows}
    mapping: dict[int, ReturnedParagraph] = {}
    position: dict[int, int] = {}  # paragraph index -> row order index
    order = {id(r): i for i, r in enumerate(rows)}
    for index, paragraph in enumerate(paragraphs):
        for name in paragraph.bookmarks:
            row = by_bookmark.get(name)
            if row is not None and id(row) not in mapping:
                mapping[id(row)] = paragraph
                position[index] = order[id(row)]
                break
    # Fallback: an unmapped paragraph may be any unmapped row between the rows of its mapped
    # neighbours whose label and revisions explain its text (bookmark lost by an editor).
    last = -1
    for index, paragraph in enumerate(paragraphs):
        if index in position:
            last = position[index]
            continue
        if not paragraph.atoms:
            continue
        upper = next((position[j] for j in range(index + 1, len(paragraphs)) if j in position),
                     len(rows))
        marked, view = paragraph.marked(drafter), paragraph.view(drafter)[0]
        # Paragraphs keep their order, so the row is near the last one matched.
        for k in range(last + 1, min(upper, last + 1 + FALLBACK_WINDOW)):
            deadline.check()
            row = rows[k]
            if id(row) in mapping or not _label_fits(row, view):
                continue
            if resolve_row(row, marked).matched:
                mapping[id(row)] = paragraph
                position[index] = k
                last = k
                break
    return mapping


def _label_fits(row: RedlineRow, view: str) -> bool:
    labels = {fields_of(row.draft)[LABEL], fields_of(row.base)[LABEL]} - {""}
    return not labels or any(view.startswith(label) for label in labels)


def _unmatched(paragraphs, row_of_paragraph, drafter: str) -> list[str]:
    """Text paragraphs that stand for no provision (added by the reviewer): not imported."""
    out = []
    for paragraph in paragraphs:
        if id(paragraph) in row_of_paragraph or any(b.startswith("_rl")
                                                    for b in paragraph.bookmarks):
            continue
        view = paragraph.view(drafter)[0].strip()
        if view:
            out.append(view[:120])
    return out


def _existing_node(row: RedlineRow, ordered: list[RedlineRow], order: dict[int, int],
                   by_pid: dict[str, Provision], tree: Provision) -> Provision | None:
    """The node of ``tree`` a row stands for, or the nearest earlier one still there."""
    for candidate in reversed(ordered[:order[id(row)] + 1]):
        if candidate.target != row.target:
            break
        node = by_pid.get(candidate.pid)
        if node is not None and node is not tree:
            return node
    return next((n for n in tree.walk() if n is not tree), None)


def _span(text: str, quoted: str) -> tuple[int, int] | None:
    if not quoted:
        return None
    start = text.find(quoted)
    return (start, start + len(quoted)) if start >= 0 else None


def _result(summary: ProvisionSummary) -> str:
    if summary.outside:
        return "editado en Word"
    parts = [(summary.accepted, "aceptado"), (summary.rejected, "rechazado"),
             (summary.pending, "pendiente")]
    present = [label for n, label in parts if n]
    return present[0] if len(present) == 1 else "parcial"


def _tree_key(root: Provision) -> list[tuple]:
    return [(d, n.pid, n.kind.value, n.num, n.heading, n.text, n.status.value)
            for d, n in root.iter_with_depth() if d]


# -- rebuilding the draft -------------------------------------------------------------------------
def _rebuild(draft: Provision, rows: list[RedlineRow], outcomes: dict[int, RowOutcome]
             ) -> Provision:
    """The draft after the reviewer's decisions (see the module docstring)."""
    root = copy.deepcopy(draft)
    nodes = {n.pid: n for n in root.walk()}
    parents = {id(c): n for n in root.walk() for c in n.children}
    base_parent: dict[str, Provision] = {}
    base_order: dict[str, list[str]] = {}
    base_to_draft: dict[str, str] = {}
    for row in rows:
        if row.base is not None and row.draft is not None:
            base_to_draft[row.base.pid] = row.draft.pid
        if row.base is not None:
            for child in row.base.children:
                base_parent[child.pid] = row.base
            base_order[row.base.pid] = [c.pid for c in row.base.children]
    top_level = [r.base.pid for r in rows if r.base is not None
                 and r.base.pid not in base_parent]
    for row in rows:
        outcome = outcomes[id(row)]
        if row.draft is not None:
            node = nodes[row.draft.pid]
            if row.row_kind is RowKind.INSERTED and not any(outcome.fields):
                _remove(node, parents, root)
                continue
            _set_fields(node, row, outcome.fields)
        elif any(outcome.fields):  # a removal the reviewer rejected: the provision returns
            restored = copy.copy(row.base)
            restored.children, restored.notes = [], []
            _set_fields(restored, row, outcome.fields)
            parent_pid = base_parent[row.base.pid].pid if row.base.pid in base_parent else ""
            siblings = base_order.get(parent_pid, top_level) if parent_pid else top_level
            parent = nodes.get(base_to_draft.get(parent_pid, parent_pid)) if parent_pid else root
            parent = parent or root
            _insert_after(parent, restored, siblings, row.base.pid, nodes, base_to_draft)
            nodes[restored.pid] = restored
            parents[id(restored)] = parent
    assign_eids(root)
    return root


def _set_fields(node: Provision, row: RedlineRow, fields: list[str]) -> None:
    node.num = num_from_label(node, fields[LABEL], [row.draft, row.base])
    node.heading = unwrap(node, HEADING, fields[HEADING])
    node.text = unwrap(node, TEXT, fields[TEXT])
    if row.base is not None and fields == fields_of(row.base):
        node.status = row.base.status
    elif row.draft is not None and fields == fields_of(row.draft):
        node.status = row.draft.status
    else:
        node.status = ProvisionStatus.REPEALED if text_says_repealed(node.text) \
            else ProvisionStatus.IN_FORCE


def _remove(node: Provision, parents: dict[int, Provision], root: Provision) -> None:
    """Drop a provision whose insertion was rejected; children the reviewer kept move up."""
    parent = parents.get(id(node), root)
    index = next(i for i, c in enumerate(parent.children) if c is node)
    parent.children[index:index + 1] = node.children
    for child in node.children:
        parents[id(child)] = parent


def _insert_after(parent: Provision, node: Provision, siblings: list[str], pid: str,
                  nodes: dict[str, Provision], base_to_draft: dict[str, str]) -> None:
    before = siblings[:siblings.index(pid)] if pid in siblings else []
    for sibling_pid in reversed(before):
        target = nodes.get(base_to_draft.get(sibling_pid, sibling_pid))
        for i, child in enumerate(parent.children):
            if child is target:
                parent.children.insert(i + 1, node)
                return
    parent.children.insert(0, node)
