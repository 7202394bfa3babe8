"""Homologation use cases: models, the matrix, corrections, exports and the omnibus project.

A model is imported from a file (kept in ``homologation_models``, apart from the corpus in
force), taken from the sample shipped with the program, or is a corpus regulation. The matrix
(``homology_matrix.compute_matrix``) measures the instruments — by default every acuerdo de
creación in force — against it, with the user's corrections (``homologation_choices``) read
back every time. Selected cells become ONE omnibus reform project through ``ProjectService``:
a *falta* adds the model's article (filled with the instrument's names) after the article that
holds the previous principle, numbered by the drafting editor across the whole regulation; a
*distinta* rewrites the matched article to the model's wording, keeping its number and
heading. Decree, cuadro comparativo and procedure then work as for any project.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..domain.drafting import DraftEditor
from ..domain.errors import NotFoundError, ValidationError
from ..domain.plural import count
from ..domain.numbering import canonical_token
from ..domain.provisions import Provision, ProvisionKind
from ..domain.reform import ReformProject
from ..domain.regulation import RegulationKind, RegulationStatus, formal_title
from ..review.homologation import (
    Cell, CellStatus, HomologationModel, ModelProvision, build_model, fill, sample_model_text,
    split_declarations,
)
from ..review.model import CorpusEntry
from ..sources import load_text, read_text_file
from ..storage import HomologationRepository, StoredModel
from .corpus import CorpusService
from .files import write_atomic
from .homology_matrix import Matrix, compute_matrix
from .projects import ProjectService

__all__ = ["CellStatus", "DraftedHomologation", "HomologationService", "Matrix", "ModelInfo",
           "inline_cell_diff", "matrix_rows"]

SAMPLE_NAME = "Modelo de acuerdo de creación de entidades paramunicipales (muestra)"


@dataclass(frozen=True, slots=True)
class ModelInfo:
    """A stored model as lists show it."""

    id: int
    name: str
    source: str          # file name, or «corpus: <URI>»
    principles: int


@dataclass(slots=True)
class DraftedHomologation:
    """The omnibus project drafted from cells, and what it did per instrument."""

    project: ReformProject
    added: list[str] = field(default_factory=list)      # «Reglamento: artículo 11 Bis (…)»
    reformed: list[str] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """«Proyecto 4: «…», 2 artículos adicionados y 1 reformado en 2 instrumentos.»"""
        return (f"Proyecto {self.project.id}: «{self.project.title}», "
                f"{count(len(self.added), 'artículo adicionado')} y "
                f"{count(len(self.reformed), 'reformado')} en "
                f"{count(len(self.project.targets), 'instrumento')}.")


class HomologationService:
    """Homologation against a model (see the module docstring)."""

    def __init__(self, corpus: CorpusService, projects: ProjectService,
                 repository: HomologationRepository) -> None:
        self.corpus = corpus
        self.projects = projects
        self.repository = repository

    # -- models -----------------------------------------------------------------------------
    def models(self) -> list[ModelInfo]:
        return [self._info(stored) for stored in self.repository.models()]

    def _info(self, stored: StoredModel) -> ModelInfo:
        source = (f"corpus: {stored.regulation_uri}" if stored.regulation_uri
                  else stored.source_name)
        try:
            count = len(self.model(stored.id, stored=stored).provisions)
        except (ValidationError, NotFoundError):
            count = 0
        return ModelInfo(stored.id, stored.name, source, count)

    def import_model(self, path: Path, name: str = "") -> ModelInfo:
        """Read a model file (text), validate it and keep it; nothing is stored if it is bad."""
        if not path.is_file():
            raise NotFoundError(f"No existe el archivo «{path}».")
        text = read_text_file(path)[0]  # a Spanish ImportFailed if unreadable or too big
        return self.import_model_text(text, path.name, name)

    def import_model_text(self, text: str, source_name: str, name: str = "") -> ModelInfo:
        model = parse_model(text, source_name, name)
        model_id = self.repository.add_model(model.name, text=text, source_name=source_name)
        return self._info(self.repository.model(model_id))

    def add_sample_model(self) -> ModelInfo:
        """The model acuerdo de creación shipped with the program (once)."""
        for info in self.models():
            if info.name == SAMPLE_NAME:
                return info
        return self.import_model_text(sample_model_text(), "acuerdo-creacion.txt", SAMPLE_NAME)

    def model_from_regulation(self, uri: str, name: str = "") -> ModelInfo:
        """Use a regulation of the corpus as the model (no placeholders)."""
        summary = next((s for s in self.corpus.list_regulations() if s.uri == uri), None)
        if summary is None:
            raise NotFoundError(f"No está en el corpus: {uri}.")
        model_id = self.repository.add_model(name.strip() or formal_title(summary.title),
                                             regulation_uri=uri)
        return self._info(self.repository.model(model_id))

    def delete_model(self, model_id: int) -> None:
        self.repository.model(model_id)
        self.repository.delete_model(model_id)

    def model(self, model_id: int, *, stored: StoredModel | None = None) -> HomologationModel:
        stored = stored or self.repository.model(model_id)
        if stored.regulation_uri:
            root = self.corpus.get_text(stored.regulation_uri).root
            return build_model(stored.name, root, {}, model_id=stored.id,
                               source=stored.regulation_uri)
        return parse_model(stored.text, stored.source_name, stored.name, model_id=stored.id)

    # -- the matrix -------------------------------------------------------------------------
    def default_instruments(self, model_id: int | None = None) -> list[str]:
        """Every acuerdo de creación in force (but the model itself, if it is one)."""
        own = self.repository.model(model_id).regulation_uri if model_id else ""
        return [s.uri for s in self.corpus.list_regulations()
                if s.kind is RegulationKind.CREATION_AGREEMENT
                and s.status is not RegulationStatus.ABROGATED and s.uri != own]

    def entries(self, uris: Iterable[str]) -> list[CorpusEntry]:
        wanted = list(dict.fromkeys(uris))
        summaries = {s.uri: s for s in self.corpus.list_regulations()}
        missing = [u for u in wanted if u not in summaries]
        if missing:
            raise NotFoundError(f"No está en el corpus: {', '.join(missing)}.")
        return [CorpusEntry(u, formal_title(summaries[u].title), self.corpus.get_text(u).root)
                for u in wanted]

    def matrix(self, model_id: int, uris: Sequence[str] | None = None) -> Matrix:
        """The model's principles × the instruments ``uris`` (default: the acuerdos)."""
        model = self.model(model_id)
        uris = list(uris) if uris else self.default_instruments(model_id)
        if not uris:
            raise ValidationError("No hay instrumentos que comparar con el modelo: importe los "
                                  "acuerdos de creación o elija reglamentos.")
        corrections, names = self._choices(model_id)
        return compute_matrix(model, self.entries(uris), corrections=corrections, names=names)

    def _choices(self, model_id: int):
        corrections, names = {}, {}
        for choice in self.repository.choices(model_id):
            when = f" el {choice.updated_at:%d/%m/%Y}" if choice.updated_at else ""
            if choice.key.startswith("match:"):
                note = f"Corregido por {choice.author or 'el usuario'}{when}"
                corrections[(choice.regulation_uri, choice.key[6:])] = (
                    list(choice.value.get("pids", [])), note)
            elif choice.key.startswith("name:"):
                names.setdefault(choice.regulation_uri, {})[choice.key[5:]] = choice.value["text"]
        return corrections, names

    # -- corrections ------------------------------------------------------------------------
    def correct(self, model_id: int, uri: str, model_key: str, pids: Sequence[str]) -> None:
        """The user's match for a principle in an instrument (no pids: it lacks it)."""
        model = self.model(model_id)
        if all(p.key != model_key for p in model.provisions):
            raise NotFoundError(f"El modelo no tiene la disposición «{model_key}».")
        entry = self.entries([uri])[0]
        by_pid = {a.pid: a for a in _articles(entry.root)}
        unknown = [p for p in pids if p not in by_pid]
        if unknown:
            raise ValidationError("Elija artículos vigentes del instrumento; no lo son: "
                                  + ", ".join(unknown) + ".")
        self.repository.set_choice(model_id, uri, f"match:{model_key}", {"pids": list(pids)},
                                   self.projects.author_name)

    def correct_by_number(self, model_id: int, uri: str, model_key: str,
                          numbers: Sequence[str]) -> None:
        """``correct`` with article numbers («11», «13 Bis») instead of pids."""
        entry = self.entries([uri])[0]
        by_num = {canonical_token(a.num): a.pid for a in _articles(entry.root)}
        pids = []
        for number in numbers:
            pid = by_num.get(canonical_token(number))
            if pid is None:
                raise NotFoundError(f"«{entry.title}» no tiene un artículo {number} vigente.")
            pids.append(pid)
        self.correct(model_id, uri, model_key, pids)

    def instrument_articles(self, uri: str) -> list[tuple[str, str]]:
        """(pid, «Artículo 11 (Designación)») of each in-force article, for the correction."""
        from ..review.homologation import article_label

        return [(a.pid, article_label(a)) for a in _articles(self.entries([uri])[0].root)]

    def forget_correction(self, model_id: int, uri: str, model_key: str) -> None:
        self.repository.set_choice(model_id, uri, f"match:{model_key}", None, "")

    def set_name(self, model_id: int, uri: str, token: str, value: str | None) -> None:
        """The wording a placeholder takes in one instrument (``None``: detect it again)."""
        model = self.model(model_id)
        placeholder = model.placeholder(token)
        if placeholder is None:
            raise NotFoundError(f"El modelo no declara el marcador «{token}».")
        if value is not None and not value.strip():
            raise ValidationError("Escriba cómo llama el instrumento a «" + token + "».")
        self.repository.set_choice(model_id, uri, f"name:{placeholder.key}",
                                   None if value is None else {"text": value.strip()},
                                   self.projects.author_name)

    # -- exports ----------------------------------------------------------------------------
    def export_xlsx(self, matrix: Matrix, path: Path) -> None:
        from ..exports.homologation_xlsx import matrix_xlsx

        _check_suffix(path, ".xlsx", "La matriz se exporta a un libro de Excel")
        write_atomic(path, matrix_xlsx(matrix_sheet(matrix)))

    def export_docx(self, matrix: Matrix, path: Path) -> None:
        from ..exports.homologation_report import homologation_docx

        _check_suffix(path, ".docx", "El reporte de homologación se exporta a Word")
        write_atomic(path, homologation_docx(matrix_sheet(matrix)))

    # -- drafting ---------------------------------------------------------------------------
    def create_project(self, model_id: int, cell_keys: Sequence[str], title: str = "",
                       matrix: Matrix | None = None) -> DraftedHomologation:
        """One omnibus project that adds the missing and rewrites the divergent cells."""
        matrix = matrix or self.matrix(model_id, _uris_of(cell_keys))
        cells = _selected(matrix, cell_keys)
        uris = [c.uri for c in matrix.instruments if any(cell.uri == c.uri for cell in cells)]
        title = title.strip() or f"Homologación con el {matrix.model.name}"
        project = self.projects.create(title, uris, motives=_motives(matrix, cells))
        drafted = DraftedHomologation(project)
        try:
            for uri in uris:
                own = [c for c in cells if c.uri == uri]
                self._draft_instrument(project.id, matrix, uri, own, drafted)
        except BaseException:
            self.projects.delete(project.id)  # never leave a half-drafted project behind
            raise
        drafted.project = self.projects.get(project.id)
        return drafted

    def _draft_instrument(self, project_id: int, matrix: Matrix, uri: str,
                          cells: list[Cell], drafted: DraftedHomologation) -> None:
        session = self.projects.open_draft(project_id, uri)
        editor = session.editor
        column = next(c for c in matrix.instruments if c.uri == uri)
        values = {k: v.value for k, v in column.names.items()}
        title = matrix.title_of(uri)
        selected = {c.model_key for c in cells}
        anchor_after: dict[str, str] = {}   # model key → pid of the article that holds it
        for provision in matrix.model.provisions:
            cell = matrix.cell(uri, provision.key)
            if cell.matches:
                anchor_after[provision.key] = cell.matches[0].pid
        last_pid: str | None = None
        for provision in matrix.model.provisions:
            cell = matrix.cell(uri, provision.key)
            if provision.key not in selected:
                last_pid = anchor_after.get(provision.key, last_pid)
                continue
            if cell.status is CellStatus.DIFFERENT:
                pid = cell.matches[0].pid
                _rewrite(editor, pid, provision, values)
                drafted.reformed.append(f"{title}: artículo {editor.node(pid).num}")
                last_pid = pid
            else:
                node = _insert(editor, provision, values, last_pid)
                drafted.added.append(f"{title}: artículo {node.num} ({node.heading})")
                last_pid = node.pid
        session.save()


# -- helpers ----------------------------------------------------------------------------------
def parse_model(text: str, source_name: str, name: str = "", *,
                model_id: int | None = None) -> HomologationModel:
    """A model from its text: declarations, then the articles (Spanish errors if bad)."""
    placeholders, presence, matters, body = split_declarations(text)
    doc = load_text(body, source_name or "modelo").doc
    title = name.strip() or (doc.title or "").strip() or source_name or "Modelo"
    return build_model(title, doc.root, placeholders, presence, matters, model_id=model_id,
                       source=source_name)


def _check_suffix(path: Path, suffix: str, what: str) -> None:
    if path.suffix.lower() != suffix:
        raise ValidationError(f"{what}: el archivo debe terminar en {suffix} («{path.name}»).")


def _articles(root: Provision) -> list[Provision]:
    from ..review.model import iter_articles

    return list(iter_articles(root))


def _uris_of(cell_keys: Sequence[str]) -> list[str]:
    return list(dict.fromkeys(key.split("#", 1)[0] for key in cell_keys))


def _selected(matrix: Matrix, cell_keys: Sequence[str]) -> list[Cell]:
    if not cell_keys:
        raise ValidationError("Elija en la matriz las celdas que el proyecto debe homologar.")
    by_key = {cell.key: cell for cell in matrix.cells.values()}
    out = []
    for key in dict.fromkeys(cell_keys):
        cell = by_key.get(key)
        if cell is None:
            raise NotFoundError(f"La celda «{key}» no está en la matriz.")
        if cell.status is CellStatus.EQUAL:
            raise ValidationError(f"«{matrix.title_of(cell.uri)}» ya dice lo mismo que el "
                                  f"modelo en «{matrix.provision(cell.model_key).label}».")
        out.append(cell)
    return out


def _model_children(provision: ModelProvision, values: dict[str, str]
                    ) -> list[tuple[ProvisionKind, str, str]]:
    return [(child.kind, child.num, fill(child.text, values))
            for child in provision.node.children]


def _rewrite(editor: DraftEditor, pid: str, provision: ModelProvision,
             values: dict[str, str]) -> None:
    """The article ``pid`` says what the model says (its number and heading stay)."""
    node = editor.node(pid)
    for child in list(node.children):
        editor.remove(child.pid)
    editor.edit(pid, text=fill(provision.node.text, values))
    for kind, num, text in _model_children(provision, values):
        editor.append_child(pid, kind, num=num or None, text=text)


def _insert(editor: DraftEditor, provision: ModelProvision, values: dict[str, str],
            after_pid: str | None) -> Provision:
    """A new article with the model's text, after ``after_pid`` (or after the last one)."""
    if after_pid is None:
        articles = [a for a in editor.root.walk() if a.kind is ProvisionKind.ARTICLE
                    and not _in_transitorios(editor.root, a)]
        if not articles:
            raise ValidationError("El instrumento no tiene artículos donde agregar.")
        after_pid = articles[-1].pid
    parent = editor.parent_of(after_pid)
    index = parent.children.index(editor.node(after_pid)) + 1
    # No number given: the editor suggests one free in the whole regulation
    # (``drafting.suggest_free_number``: «11 Bis» when a later chapter has an article 12).
    node = editor.insert(parent.pid, index, ProvisionKind.ARTICLE,
                         heading=fill(provision.heading, values),
                         text=fill(provision.node.text, values))
    for kind, num, text in _model_children(provision, values):
        editor.append_child(node.pid, kind, num=num or None, text=text)
    return node


def _in_transitorios(root: Provision, node: Provision) -> bool:
    return any(child.kind is ProvisionKind.TRANSITIONAL_GROUP
               and any(n is node for n in child.walk()) for child in root.children)


def _motives(matrix: Matrix, cells: list[Cell]) -> str:
    missing = sum(c.status is CellStatus.MISSING for c in cells)
    different = len(cells) - missing
    instruments = sorted({matrix.title_of(c.uri) for c in cells})
    return "\n\n".join([
        "El Plan Municipal de Desarrollo pide actualizar los acuerdos de creación y los "
        "reglamentos de las entidades paramunicipales y establecer principios jurídicos "
        "uniformes para su funcionamiento.",
        f"Este proyecto los homologa con el {matrix.model.name}: adiciona {missing} "
        f"disposiciones que faltan y reforma {different} que lo dicen de otra manera, en: "
        + "; ".join(instruments) + ".",
        "Cada texto toma el del modelo con los nombres propios de cada entidad y debe "
        "confirmarse en la revisión jurídica del proyecto."])


def matrix_sheet(matrix: Matrix):
    """The matrix as the plain rows the exports lay out (``exports`` knows no domain)."""
    from ..exports.homologation_xlsx import MatrixSheet, SheetCell
    from ..diffing import word_diff

    columns = [c.title for c in matrix.instruments]
    rows = []
    for provision in matrix.model.provisions:
        cells = []
        for column in matrix.instruments:
            cell = matrix.cell(column.uri, provision.key)
            diff = ([(s.kind.value, s.text) for s in word_diff(cell.instrument_text,
                                                               cell.model_text)]
                    if cell.status is CellStatus.DIFFERENT else [])
            cells.append(SheetCell(cell.status.value, cell.where, cell.score, cell.reason,
                                   diff, cell.corrected))
        rows.append((provision.label, cells))
    counts = matrix.counts_by_instrument()
    totals = [{s.value: counts[c.uri][s] for s in CellStatus} for c in matrix.instruments]
    return MatrixSheet(f"Homologación con el {matrix.model.name}", columns, rows, totals)


def inline_cell_diff(cell: Cell) -> str:
    """The word diff of a cell as «[-texto vigente-]{+texto del modelo+}»."""
    from ..diffing import word_diff
    from ..exports.homologation_xlsx import inline_diff

    return inline_diff([(s.kind.value, s.text) for s in word_diff(cell.instrument_text,
                                                                  cell.model_text)])


def matrix_rows(matrix: Matrix, cells: Sequence[Cell]) -> list[dict[str, str]]:
    """One Spanish row per cell (CSV, JSON), in the order given."""
    out = []
    for cell in cells:
        out.append({"Principio": matrix.provision(cell.model_key).label,
                    "Instrumento": matrix.title_of(cell.uri), "URI": cell.uri,
                    "Estado": cell.status.value, "Disposición": cell.where,
                    "Parecido": f"{cell.score:.0f}" if cell.where else "",
                    "Motivo": cell.reason, "Corregido": "sí" if cell.corrected else "",
                    "Celda": cell.key,
                    "Diferencias": inline_cell_diff(cell)
                    if cell.status is CellStatus.DIFFERENT else ""})
    return out
