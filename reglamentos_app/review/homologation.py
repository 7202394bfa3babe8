"""Homologation against a model: the model's principles, each instrument's names, the matrix.

A *model* (``HomologationModel``) is a text whose articles state the uniform principles a set
of instruments should share — e.g. the model acuerdo de creación of the paramunicipal bodies.
Its header declares, before the first article:

* ``MARCADORES``: placeholders for each instrument's own names, one a line, with the usual
  wordings to look for (``[la entidad] = el Instituto | el Sistema | el Organismo``);
* ``PRESENCIA: 2, 5``: principles whose wording is each body's own (the objeto): the matrix
  only asks that the instrument has one;
* ``MATERIAS``: words that name each principle's matter in headings
  (``8 = vigilancia | comisario | contraloría``), since instruments title them differently.

``detect_names`` fills the placeholders for one instrument (the wording it uses most, a term
it defines counting more); ``fill`` writes a model text with those names («de [la entidad]» →
«del Sistema»). ``build_cells`` turns the scores the caller computed (``diffing.model_align``;
this package may not import rapidfuzz) into the cells of the matrix: *igual*, *distinta* or
*falta*, each with its matches, score and reason, a user's correction overriding the machine.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from importlib import resources
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import Enum

from ..domain.errors import ValidationError
from ..domain.numbering import fold
from ..domain.provisions import Provision, ProvisionKind
from .model import CorpusEntry, is_repealed, iter_articles

_TOKEN_RE = re.compile(r"\[([^\[\]\n]{1,60})\]")
_DECL_RE = re.compile(r"^\s*(\[[^\[\]]+\])\s*=\s*(.*)$")
_MATTER_RE = re.compile(r"^\s*(\d+(?:\s+[A-Za-z]+)?)\s*=\s*(.+)$")
_SECTION_WORDS = ("MARCADORES", "MATERIAS")


class CellStatus(str, Enum):
    """How an instrument stands against one principle of the model."""

    EQUAL = "igual"
    DIFFERENT = "distinta"
    MISSING = "falta"

    @property
    def label(self) -> str:
        return {"igual": "Igual", "distinta": "Distinta", "falta": "Falta"}[self.value]


@dataclass(frozen=True, slots=True)
class Placeholder:
    """A name the model leaves to each instrument («[la entidad]») and its usual wordings."""

    token: str                      # as declared, brackets included
    candidates: tuple[str, ...]     # «el Instituto», «el Sistema»… (article included)

    @property
    def key(self) -> str:
        return fold(self.token)

    @property
    def default(self) -> str:
        return self.candidates[0] if self.candidates else self.token.strip("[]")


@dataclass(frozen=True, slots=True)
class ModelProvision:
    """One principle: an article of the model (its eId is the stable key)."""

    key: str
    num: str
    heading: str
    node: Provision
    presence_only: bool = False
    matters: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"Artículo {self.num}" + (f". {self.heading}" if self.heading else "")


@dataclass(slots=True)
class HomologationModel:
    """A model text with its declarations (see the module docstring)."""

    name: str
    root: Provision
    placeholders: list[Placeholder]
    provisions: list[ModelProvision]
    id: int | None = None
    source: str = ""

    def placeholder(self, token: str) -> Placeholder | None:
        key = fold(token)
        return next((p for p in self.placeholders if p.key == key), None)


@dataclass(frozen=True, slots=True)
class NameChoice:
    """The wording an instrument uses for a placeholder, and why."""

    token: str
    value: str
    reason: str
    corrected: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """An instrument's article that regulates the matter of a model provision."""

    pid: str
    eid: str
    label: str
    score: float


@dataclass(slots=True)
class Cell:
    """One principle × one instrument of the matrix."""

    model_key: str
    uri: str
    status: CellStatus
    matches: list[Match] = field(default_factory=list)
    score: float = 0.0
    reason: str = ""
    model_text: str = ""        # the model's text with this instrument's names
    instrument_text: str = ""   # the text of the best match ("" when missing)
    corrected: bool = False

    @property
    def key(self) -> str:
        """Stable identity of the cell (selection in the GUI, --celda in the CLI)."""
        return f"{self.uri}#{self.model_key}"

    @property
    def where(self) -> str:
        return "; ".join(m.label for m in self.matches)


def sample_model_text() -> str:
    """The model acuerdo de creación shipped with the program (``modelos/``)."""
    return (resources.files(__package__).joinpath("modelos", "acuerdo-creacion.txt")
            .read_text(encoding="utf-8"))


# -- reading a model --------------------------------------------------------------------------
def split_declarations(text: str) -> tuple[dict[str, tuple[str, ...]], set[str],
                                            dict[str, tuple[str, ...]], str]:
    """(placeholders, presence-only article numbers, matters, the text without them).

    The declaration lines are blanked rather than removed, so the importer's line numbers
    still point at the user's file.
    """
    placeholders: dict[str, tuple[str, ...]] = {}
    matters: dict[str, tuple[str, ...]] = {}
    presence: set[str] = set()
    lines = text.split("\n")
    section = ""
    for index, line in enumerate(lines):
        stripped = line.strip()
        upper = fold(stripped).upper().rstrip(":")
        if re.match(r"^ART[IÍ]CULO\b", stripped, re.IGNORECASE):
            break
        if upper in _SECTION_WORDS:
            section, lines[index] = upper, ""
            continue
        if upper.startswith("PRESENCIA") and ":" in stripped:
            presence.update(n.strip() for n in stripped.split(":", 1)[1].split(",") if n.strip())
            lines[index] = ""
            continue
        if not stripped:
            section = ""
            continue
        if section == "MARCADORES" and (m := _DECL_RE.match(stripped)):
            options = tuple(o.strip() for o in m.group(2).split("|") if o.strip())
            placeholders[m.group(1)] = options
            lines[index] = ""
        elif section == "MATERIAS" and (m := _MATTER_RE.match(stripped)):
            matters[m.group(1).strip()] = tuple(fold(o.strip()) for o in m.group(2).split("|")
                                                if o.strip())
            lines[index] = ""
        elif section:
            raise ValidationError(f"Línea {index + 1} del modelo: «{stripped}» no es una "
                                  f"declaración válida de {section.lower()} "
                                  "(p. ej. «[la entidad] = el Instituto | el Sistema»).")
    return placeholders, presence, matters, "\n".join(lines)


def build_model(name: str, root: Provision, placeholders: dict[str, tuple[str, ...]],
                presence: Iterable[str] = (), matters: dict[str, tuple[str, ...]] | None = None,
                *, model_id: int | None = None, source: str = "") -> HomologationModel:
    """A model from a parsed tree and its declarations; refuses undeclared placeholders."""
    matters = matters or {}
    presence = {fold(p) for p in presence}
    declared = [Placeholder(token, options) for token, options in placeholders.items()]
    known = {p.key for p in declared}
    provisions = []
    for article in iter_articles(root):
        for token in _TOKEN_RE.findall(_full_text(article, heading=True)):
            if fold(f"[{token}]") not in known:
                raise ValidationError(
                    f"El artículo {article.num} del modelo usa el marcador «[{token}]», que no "
                    "está declarado en MARCADORES.")
        num_key = fold(article.num)
        provisions.append(ModelProvision(
            article.eid, article.num, article.heading, article, num_key in presence,
            tuple(matters.get(article.num, ()))))
    if not provisions:
        raise ValidationError("El modelo no contiene artículos reconocibles.")
    return HomologationModel(name, root, declared, provisions, model_id, source)


# -- names per instrument -----------------------------------------------------------------------
_ARTICLES = {"el": ("el", "del", "al"), "la": ("la",), "los": ("los",), "las": ("las",)}


def _candidate_regex(candidates: Sequence[str]) -> re.Pattern[str]:
    """One pattern for all the wordings of a placeholder: an article, then a name.

    Matching starts at the short article word, so the text is scanned once; names are tried
    longest first, so «el Director General» is never also counted as «el Director».
    «del Instituto» and «al Director» count as «el …».
    """
    articles = {a for c in candidates
                for a in _ARTICLES.get(fold(c.partition(" ")[0]), (fold(c.partition(" ")[0]),))}
    names = sorted({c.partition(" ")[2] or c for c in candidates}, key=len, reverse=True)
    return re.compile(r"\b(?P<art>(?i:" + "|".join(sorted(articles, key=len, reverse=True))
                      + r"))\s+(?P<name>" + "|".join(re.escape(n) for n in names) + r")\b")


def _candidate_of(candidates: Sequence[str], article: str, name: str) -> int | None:
    article = fold(article)
    for i, candidate in enumerate(candidates):
        first, _, rest = candidate.partition(" ")
        if (rest or candidate) == name and article in _ARTICLES.get(fold(first), (fold(first),)):
            return i
    return None


def _defined_terms(root: Provision) -> set[str]:
    """Terms an instrument defines («Sistema.- El Sistema para el Desarrollo…»)."""
    out = set()
    for node in root.walk():
        if node.kind in (ProvisionKind.CLAUSE, ProvisionKind.ITEM) and node.heading \
                and len(node.heading.split()) <= 5:
            out.add(fold(node.heading))
    return out


def detect_names(model: HomologationModel, root: Provision,
                 overrides: dict[str, str] | None = None) -> dict[str, NameChoice]:
    """The wording the instrument ``root`` uses for each placeholder (by folded token).

    The most frequent candidate wins (longer wordings first, so «el Director General» is not
    also counted as «el Director»); a term the instrument defines counts three more; ties go
    to the model's order. ``overrides`` (a user's choice) win over all of it.
    """
    overrides = {fold(k): v for k, v in (overrides or {}).items()}
    text = " ".join(_full_text(a, heading=True) for a in iter_articles(root))
    defined = _defined_terms(root)
    out: dict[str, NameChoice] = {}
    for ph in model.placeholders:
        if ph.key in overrides:
            out[ph.key] = NameChoice(ph.token, overrides[ph.key], "Corregido por el usuario.",
                                     True)
            continue
        if not ph.candidates:
            out[ph.key] = NameChoice(ph.token, ph.default, "Sin formas declaradas en el modelo.")
            continue
        counts: Counter[int] = Counter()
        for m in _candidate_regex(ph.candidates).finditer(text):
            index = _candidate_of(ph.candidates, m.group("art"), m.group("name"))
            if index is not None:
                counts[index] += 1
        notes = {}
        for i, candidate in enumerate(ph.candidates):
            rest = candidate.partition(" ")[2] or candidate
            if counts[i] and fold(rest) in defined:
                counts[i] += 3
                notes[i] = ", término definido"
        if not counts:
            out[ph.key] = NameChoice(ph.token, ph.default,
                                     f"No aparece ninguna forma; se usa «{ph.default}».")
            continue
        best = max(counts, key=lambda i: (counts[i], -i))
        out[ph.key] = NameChoice(ph.token, ph.candidates[best],
                                 f"«{ph.candidates[best]}»: {counts[best]} menciones"
                                 f"{notes.get(best, '')}.")
    return out


def fill(text: str, names: dict[str, str]) -> str:
    """A model text with the instrument's names (folded token → wording).

    «[La entidad]» (capital) gives «El Sistema»; «de [la entidad]» with «el Sistema» gives
    «del Sistema», and «a [el Director]» «al Director», as Spanish requires. Unknown tokens
    stay as written.
    """
    def replace(m: re.Match[str]) -> str:
        prep, token = m.group("prep") or "", m.group("tok")
        value = names.get(fold(f"[{token}]"))
        if value is None:
            return m.group(0)
        if token[:1].isupper():
            value = value[:1].upper() + value[1:]
        word = prep.strip()
        if word and fold(value).startswith("el "):
            contracted = {"de": "del", "a": "al"}[fold(word)]
            if word[:1].isupper():
                contracted = contracted.capitalize()
            return f"{contracted} {value[3:]}"
        return prep + value

    return re.sub(r"(?P<prep>\b(?:[Dd]e|[Aa])\s+)?\[(?P<tok>[^\[\]\n]{1,60})\]", replace, text)


# -- texts --------------------------------------------------------------------------------------
def _full_text(article: Provision, *, heading: bool = False) -> str:
    parts = [article.heading] if heading and article.heading else []
    parts.append(article.text)
    for node in article.walk():
        if node is not article and not is_repealed(node):
            parts.append(f"{node.num} {node.text}".strip())
    return " ".join(p for p in parts if p).strip()


def body_text(article: Provision) -> str:
    """An article's text without its heading: own text, then each fracción and párrafo."""
    return _full_text(article)


_WORDS_RE = re.compile(r"[a-z0-9]+")


def words_key(text: str) -> tuple[str, ...]:
    """The words of a text, lower case without accents or punctuation: what «igual» compares.

    Decomposition and an ASCII encode run in C; «ñ» becomes «n» on both sides alike."""
    plain = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return tuple(_WORDS_RE.findall(plain))


def heading_key(heading: str) -> str:
    """A heading's words between spaces, for ``heading_score`` (computed once per article)."""
    return f" {' '.join(words_key(heading))} "


def matter_keys(provision: ModelProvision) -> tuple[str, ...]:
    return tuple(heading_key(m) for m in provision.matters)


def instrument_articles(entry: CorpusEntry) -> list[Provision]:
    """The in-force articles of an instrument outside its transitorios."""
    return list(iter_articles(entry.root))


def heading_score(matters: tuple[str, ...], filled_heading: str, heading: str,
                  folded_heading: str, fuzzy: float) -> float:
    """100 when the instrument's heading names one of the principle's matters (``matters``
    and ``folded_heading`` as ``heading_key`` gives them); the fuzzy score when the headings
    are really alike (80 or more: «Sesiones» in «Sesiones y quórum»); 0 otherwise, since
    «Definiciones» and «Extinción» share letters, not meaning."""
    if heading and any(m in folded_heading for m in matters):
        return 100.0
    return fuzzy if heading and filled_heading and fuzzy >= HEADING_ALIKE else 0.0


# -- the cells ----------------------------------------------------------------------------------
THRESHOLD = 55.0
HEADING_ALIKE = 80.0
SHARED_TEXT = 75.0
SECOND_MATCH_MARGIN = 8.0


@dataclass(frozen=True, slots=True)
class Scored:
    """The caller's scores of one model provision against one article of an instrument."""

    article: int
    heading: float
    text: float

    @property
    def score(self) -> float:
        # The text alone can carry a match (a Comisario article titled «Comisario»); a matching
        # heading lifts a differently worded one (an «Objeto» each body words its own way).
        return max(self.text, (self.heading + self.text) / 2)


def assign(scores: Sequence[Sequence[Scored]], threshold: float = THRESHOLD
           ) -> list[list[Scored]]:
    """The matches of each model provision: one article each, the best pairs first.

    Greedy one-to-one over all pairs by score, so two principles do not both claim the same
    article when another fits; a principle left without one may still share an article if
    their texts alone score ``SHARED_TEXT`` (one article can state two principles). Further articles
    within ``SECOND_MATCH_MARGIN`` of the best are listed as well.
    """
    pairs = sorted(((s.score, i, s) for i, row in enumerate(scores) for s in row
                    if s.score >= threshold), key=lambda p: (-p[0], p[1], p[2].article))
    chosen: dict[int, Scored] = {}
    used: set[int] = set()
    for _score, i, s in pairs:
        if i not in chosen and s.article not in used:
            chosen[i] = s
            used.add(s.article)
    for _score, i, s in pairs:
        if i not in chosen and s.text >= SHARED_TEXT:
            chosen[i] = s
    out = []
    for i, row in enumerate(scores):
        best = chosen.get(i)
        if best is None:
            out.append([])
            continue
        extra = sorted((s for s in row if s is not best and s.score >= threshold
                        and s.score >= best.score - SECOND_MATCH_MARGIN and s.article not in used),
                       key=lambda s: -s.score)
        out.append([best, *extra[:2]])
    return out


def article_label(article: Provision) -> str:
    return f"Artículo {article.num}" + (f" ({article.heading})" if article.heading else "")


def make_cell(provision: ModelProvision, uri: str, model_text: str,
              articles: Sequence[Provision], matched: Sequence[Scored], *,
              corrected_pids: Sequence[str] | None = None, correction_note: str = "") -> Cell:
    """The cell of one principle in one instrument (see the module docstring)."""
    if corrected_pids is not None:
        by_pid = {a.pid: a for a in articles}
        chosen = [by_pid[p] for p in corrected_pids if p in by_pid]
        if not chosen:
            gone = " (la disposición elegida ya no está vigente)" if corrected_pids else ""
            return Cell(provision.key, uri, CellStatus.MISSING, [], 0.0,
                        f"{correction_note}: no lo regula{gone}.", model_text, "", True)
        matches = [Match(a.pid, a.eid, article_label(a), 100.0) for a in chosen]
        return _classified(provision, uri, model_text, chosen[0], matches, 100.0,
                           f"{correction_note}.", corrected=True)
    if not matched:
        return Cell(provision.key, uri, CellStatus.MISSING, [], 0.0,
                    "Ningún artículo regula esta materia (parecido menor al "
                    f"{THRESHOLD:.0f} %).", model_text, "")
    best = matched[0]
    article = articles[best.article]
    matches = [Match(articles[s.article].pid, articles[s.article].eid,
                     article_label(articles[s.article]), round(s.score, 1)) for s in matched]
    why = []
    if best.heading >= 99:
        why.append(f"epígrafe «{article.heading}»")
    elif best.heading >= 60:
        why.append(f"epígrafe parecido «{article.heading}» ({best.heading:.0f} %)")
    why.append(f"texto {best.text:.0f} % parecido")
    reason = "Coincide por " + " y ".join(why) + "."
    return _classified(provision, uri, model_text, article, matches, best.score, reason)


def _classified(provision: ModelProvision, uri: str, model_text: str, article: Provision,
                matches: list[Match], score: float, reason: str, *,
                corrected: bool = False) -> Cell:
    text = body_text(article)
    if provision.presence_only:
        status = CellStatus.EQUAL
        reason += " Basta que exista: cada entidad lo redacta a su manera."
    else:
        status = (CellStatus.EQUAL if words_key(text) == words_key(model_text)
                  else CellStatus.DIFFERENT)
    return Cell(provision.key, uri, status, matches, round(score, 1), reason, model_text, text,
                corrected)


def filled_body(provision: ModelProvision, names: dict[str, str]) -> str:
    return fill(body_text(provision.node), names)


def filled_heading(provision: ModelProvision, names: dict[str, str]) -> str:
    return fill(provision.heading, names)


def name_values(choices: dict[str, NameChoice]) -> dict[str, str]:
    return {key: choice.value for key, choice in choices.items()}
