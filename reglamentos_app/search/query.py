"""The query language a lawyer types, translated to whoosh queries. It never raises.

Accepted: words; "frases exactas"; AND/OR/NOT and their Spanish forms y/o/no; ``sancion*``
(prefix); ``licencia~`` (fuzzy, one edit; ``~2`` two); parentheses; field filters
``reglamento:transito`` (title words or abbreviation), ``tipo:bando``, ``estado:vigente|derogado|
abrogado``, ``art:15``. A query that is a citation ("artículo 15 del reglamento de tránsito",
"art. 5 bis RAP") is also recognised, so the caller can jump straight to the article. What the
parser cannot understand (unbalanced quotes or parentheses, stray operators) falls back to the
plain words, with a Spanish notice saying so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import qparser, query as wq

from .analysis import PAIR_SEP, fold_token, spanish_analyzer, word_sequence
from .documents import DRAFT_MARK, article_token
from .phrases import VerifiedPhrase
from .spanish import term as word_term

TEXT_FIELDS = ["heading", "text"]
WORDS_FIELD = "words"
FUZZY_PREFIX = 1   # letters a fuzzy term keeps as typed
FIELD_BOOSTS = {"heading": 2.0, "text": 1.0}

_KIND_ALIASES = {
    "reglamento": "reglamento", "reglamentos": "reglamento", "bando": "bando", "bandos": "bando",
    "acuerdo": "acuerdo_creacion", "acuerdos": "acuerdo_creacion",
    "acuerdo_creacion": "acuerdo_creacion", "lineamientos": "lineamientos",
    "manual": "manual", "manuales": "manual", "codigo": "codigo", "otro": "otro",
}
_STATUS_FILTERS = {
    "vigente": ("pstatus", "in_force"), "vigentes": ("pstatus", "in_force"),
    "derogado": ("pstatus", "repealed"), "derogados": ("pstatus", "repealed"),
    "derogada": ("pstatus", "repealed"), "abrogado": ("rstatus", "abrogated"),
    "abrogados": ("rstatus", "abrogated"),
}
_FILTER_RE = re.compile(r'(?<![\w:])(reglamento|tipo|estado|art|articulo|artículo)\s*:\s*'
                        r'("[^"]*"|[^\s()"]+)', re.IGNORECASE)
_OPERATORS = {"y": "AND", "and": "AND", "o": "OR", "or": "OR", "no": "NOT", "not": "NOT"}
_SUFFIX = r"(?:\s*(?:bis|ter|qu[aá]ter|quinquies))?"
_CITATION_RE = re.compile(
    rf"^\s*(?:el\s+)?(?:art[íi]culos?|arts?\.?)\s*(\d+\s*[°ºo]?{_SUFFIX}|[a-záéíóú]+(?=\s+(?:transitorio)))"
    rf"(?:\s+transitorio)?\s*[,.]?\s*(?:(?:del|de\s+la|de\s+el|de)\s+)?(.*?)\s*\.?\s*$",
    re.IGNORECASE)


@dataclass(slots=True)
class Citation:
    """A query that names an article of a regulation."""

    article: str        # normalised article token ("15", "5bis")
    regulation: str     # the words that name the regulation ("reglamento de tránsito", "RAP")


@dataclass(slots=True)
class ParsedQuery:
    """The parts of a user's query."""

    raw: str
    words: str = ""                                   # the free-text part
    filters: dict[str, list[str]] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    citation: Citation | None = None
    plain_fallback: bool = False

    @property
    def empty(self) -> bool:
        return not self.words.strip() and not self.filters


def parse_citation(text: str) -> Citation | None:
    """Recognise "artículo 15 del reglamento de tránsito" / "art. 5 bis RAP"."""
    m = _CITATION_RE.match(text or "")
    if not m or not m.group(2).strip():
        return None
    rest = m.group(2).strip()
    if len(rest) > 120 or '"' in rest or ":" in rest:
        return None
    return Citation(article_token(m.group(1)), rest)


def parse_query(text: str) -> ParsedQuery:
    """Split a query into free text, filters and (maybe) a citation."""
    text = (text or "").replace("\x00", " ")[:2000]
    parsed = ParsedQuery(raw=text, citation=parse_citation(text))

    def take_filter(m: re.Match) -> str:
        name = fold_token(m.group(1))
        name = "art" if name in ("articulo", "art") else name
        value = m.group(2).strip('"').strip()
        if value:
            parsed.filters.setdefault(name, []).append(value)
        return " "
    rest = _FILTER_RE.sub(take_filter, text)
    # ¿? and ¡! are punctuation for a lawyer, but "?" is a wildcard for whoosh.
    rest = re.sub(r"[¿?¡!;,]", " ", rest)
    parsed.words = " ".join(rest.split())
    return parsed


def _analyzed(term: str) -> list[str]:
    return [t.text for t in spanish_analyzer()(term)]


class QueryBuilder:
    """Builds whoosh queries for a schema; keeps one configured parser."""

    def __init__(self, schema) -> None:
        self.schema = schema
        self.parser = qparser.MultifieldParser(TEXT_FIELDS, schema, fieldboosts=FIELD_BOOSTS)
        self.parser.remove_plugin_class(qparser.FieldsPlugin)  # filters are ours, see above
        self.parser.add_plugin(qparser.FuzzyTermPlugin())
        self.or_parser = qparser.MultifieldParser(TEXT_FIELDS, schema, fieldboosts=FIELD_BOOSTS,
                                                  group=qparser.OrGroup.factory(0.9))
        self.or_parser.remove_plugin_class(qparser.FieldsPlugin)

    # -- free text --------------------------------------------------------------------------
    def text_query(self, parsed: ParsedQuery, *, any_word: bool = False) -> wq.Query | None:
        words = parsed.words
        if not words:
            return None
        if any_word:
            return self.plain(words, any_word=True)
        problem = _syntax_problem(words)
        if problem:
            parsed.notices.append(f"{problem}; se buscaron las palabras sueltas.")
            parsed.plain_fallback = True
            return self.plain(words)
        try:
            q = self.parser.parse(_translate_operators(words))
        except Exception:  # noqa: BLE001 - bad syntax falls back to words, never an error
            parsed.notices.append("No se entendió la búsqueda; se buscaron las palabras sueltas.")
            parsed.plain_fallback = True
            return self.plain(words)
        if q is wq.NullQuery or isinstance(q, wq.NullQuery.__class__):
            return None
        sequences = _phrase_sequences(words)
        raw_words = _raw_patterns(words)
        return q.accept(lambda node: _phrase_to_pairs(node, sequences, raw_words))

    def plain(self, words: str, *, any_word: bool = False) -> wq.Query | None:
        terms = [t for t in re.findall(r"\w+", words) if t.lower() not in _OPERATORS]
        clauses = []
        for term in terms:
            analyzed = _analyzed(term)
            if not analyzed:
                continue
            per_field = [wq.Term(f, a, boost=FIELD_BOOSTS[f]) for f in TEXT_FIELDS
                         for a in analyzed]
            clauses.append(wq.Or(per_field))
        if not clauses:
            return None
        return wq.Or(clauses) if any_word else wq.And(clauses)

    # -- filters ----------------------------------------------------------------------------
    def filter_query(self, parsed: ParsedQuery, *, when: int | None,
                     regulation_uris: list[str] | None = None, dates: bool = True
                     ) -> wq.Query | None:
        """Date window (unless ``dates`` is false) plus field filters (they do not score)."""
        parts: list[wq.Query] = []
        if not dates:
            pass
        elif when is None:
            parts.append(wq.Term("current", "1"))
        else:
            parts.append(wq.NumericRange("vfrom", None, when))
            parts.append(wq.NumericRange("vuntil", when, None, startexcl=True))
        for value in parsed.filters.get("tipo", []):
            kind = _KIND_ALIASES.get(fold_token(value), fold_token(value))
            parts.append(wq.Term("kind", kind))
        for value in parsed.filters.get("estado", []):
            field_name, term = _STATUS_FILTERS.get(fold_token(value), ("pstatus", fold_token(value)))
            parts.append(wq.Term(field_name, term))
            if term == "in_force":
                parts.append(wq.Term("rstatus", "in_force"))
        for value in parsed.filters.get("art", []):
            parts.append(wq.Term("art", article_token(value)))
        for value in parsed.filters.get("reglamento", []):
            parts.append(self.regulation_query(value))
        if regulation_uris is not None:
            # A regulation's own documents and those of its drafts (seen only when asked for).
            parts.append(wq.Or([q for u in regulation_uris for q in (
                wq.Term("uri", u), wq.Prefix("uri", f"{u}{DRAFT_MARK}"))])
                if regulation_uris else wq.NullQuery)
        if not parts:
            return None
        return wq.And(parts) if len(parts) > 1 else parts[0]

    def regulation_query(self, value: str) -> wq.Query:
        """A regulation named by title words or by its abbreviation."""
        words = [a for w in re.findall(r"\w+", value) for a in _analyzed(w)]
        by_title = wq.And([wq.Term("title", w) for w in words]) if words else wq.NullQuery
        return wq.Or([by_title, wq.Term("abbr", fold_token(value).replace(".", ""))])


def _phrase_sequences(words: str) -> dict[tuple[str, ...], str]:
    """Each quoted phrase's analysed words → its full word sequence (stop words included)."""
    out = {}
    for raw in re.findall(r'"([^"]*)"', words):
        terms = tuple(t for t in (word_term(w) for w in re.findall(r"\w+(?:\.\w+)*", raw.lower()))
                      if t is not None)
        out.setdefault(terms, word_sequence(raw))
    return out


def _raw_patterns(words: str) -> dict[str, str]:
    """Prefix and fuzzy words as typed (folded), by the analysed text whoosh gives them."""
    out = {}
    for raw in re.findall(r"(\w+)[*~]", words):
        analysed = word_term(raw) or fold_token(raw)
        out.setdefault(analysed, fold_token(raw))
    return out


def _phrase_to_pairs(q: wq.Query, sequences: dict[tuple[str, ...], str],
                     raw_words: dict[str, str] | None = None) -> wq.Query:
    """Adapt a parsed query to the body field, which holds words and word pairs, no positions.

    A phrase becomes an AND of its pairs (candidates) checked against each candidate's word
    sequence (``phrases.VerifiedPhrase``); prefix and fuzzy terms skip the pairs.
    """
    if isinstance(q, wq.Phrase) and q.slop <= 1:
        words = [w for w in q.words if w and PAIR_SEP not in w]
        sequence = sequences.get(tuple(words)) or " ".join(words)
        if not words:
            return wq.NullQuery
        if q.fieldname != "text":
            child: wq.Query = q if len(words) > 1 else wq.Term(q.fieldname, words[0],
                                                               boost=q.boost)
        elif len(words) == 1:
            child = wq.Term("text", words[0], boost=q.boost)
        else:
            child = wq.And([wq.Term("text", f"{a}{PAIR_SEP}{b}")
                            for a, b in zip(words, words[1:])], boost=q.boost)
        if len(sequence.split()) < 2:
            return child
        return VerifiedPhrase(child, q.fieldname, sequence)
    if isinstance(q, wq.Term) and q.fieldname in TEXT_FIELDS:
        # A quoted phrase with one word besides its stop words ("la ley") parses as a term.
        sequence = sequences.get((q.text,), "")
        if len(sequence.split()) > 1:
            return VerifiedPhrase(q, q.fieldname, sequence)
        return q
    if isinstance(q, wq.Phrase) and q.fieldname == "text":
        return wq.And([wq.Term("text", w) for w in q.words if w], boost=q.boost)
    if getattr(q, "fieldname", None) in TEXT_FIELDS and type(q) in (wq.Prefix, wq.FuzzyTerm):
        # Against the folded words as written: a stemmed prefix ("autorizacio" → autorizac)
        # can overshoot the stem of the longer word it should find (autoriz).
        # The words field holds heading and body, so the heading's copy would only repeat it.
        if q.fieldname != "text":
            return wq.NullQuery
        text = (raw_words or {}).get(q.text, fold_token(q.text))
        if type(q) is wq.Prefix:
            return wq.Prefix(WORDS_FIELD, text, boost=q.boost)
        # The first letter is kept: typing errors rarely fall on it, and whoosh then walks
        # one letter's words instead of the whole vocabulary.
        return wq.FuzzyTerm(WORDS_FIELD, text, boost=q.boost, maxdist=q.maxdist,
                            prefixlength=FUZZY_PREFIX)
    return q


def _translate_operators(words: str) -> str:
    """Spanish y/o/no (and lower-case and/or/not) to whoosh's AND/OR/NOT, outside quotes."""
    out, quoted = [], False
    for token in re.split(r'(\s+|"|\(|\))', words):
        if token == '"':
            quoted = not quoted
        elif not quoted and token.lower() in _OPERATORS:
            token = _OPERATORS[token.lower()]
        out.append(token)
    text = "".join(out).strip()
    # An operator with nothing on one side is a typo, not a request: drop it.
    text = re.sub(r"^(?:AND|OR)\s+|\s+(?:AND|OR|NOT)$", "", text)
    return text


def _syntax_problem(words: str) -> str | None:
    if words.count('"') % 2:
        return "Faltan comillas de cierre"
    depth = 0
    for ch in words:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth < 0:
            return "Hay un paréntesis de cierre sin abrir"
    if depth:
        return "Falta cerrar un paréntesis"
    if re.search(r"(^|\s)[*~^]|\*\w*\*|(^|\s)\w?\*", words):
        return "Un comodín o «~» necesita al menos dos letras antes"
    tokens = _translate_operators(words).split()
    ops = [t for t in tokens if t in ("AND", "OR", "NOT")]
    if tokens and len(ops) == len(tokens):
        return "La búsqueda solo tenía operadores"
    return None


@dataclass(slots=True)
class HighlightSpec:
    """What a query matches, for marking words in a text without reading the index.

    Exact terms, plus the prefix and fuzzy patterns as they are: a token's term is checked
    against them when a snippet is drawn, so a query no longer expands ``sancion*`` into every
    indexed word just to highlight ten snippets.
    """

    terms: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)   # folded words as written (expanded fuzzy)
    prefixes: tuple[str, ...] = ()
    fuzzy: tuple[tuple[str, int, int], ...] = ()   # (term, max edits, prefix length)

    def __bool__(self) -> bool:
        return bool(self.terms or self.words or self.prefixes or self.fuzzy)

    def matches(self, term: str | None, folded: str) -> bool:
        """Whether a word (its index term, None for a stop word; and its folded form) matches."""
        if ((term is not None and term in self.terms) or folded in self.words
                or folded.startswith(self.prefixes)):
            return True
        return any(folded[:n] == t[:n] and _within(folded, t, k) for t, k, n in self.fuzzy)


def highlight_spec(q) -> HighlightSpec:
    """The words a parsed query can match in the text fields (no index access)."""
    spec = HighlightSpec()
    prefixes, fuzzy = [], []
    try:
        for leaf in q.leaves():
            if getattr(leaf, "fieldname", None) not in (*TEXT_FIELDS, WORDS_FIELD):
                continue
            if isinstance(leaf, wq.FuzzyTerm):
                fuzzy.append((leaf.text, leaf.maxdist, leaf.prefixlength))
            elif isinstance(leaf, wq.Prefix):
                prefixes.append(leaf.text)
            elif isinstance(leaf, wq.Term) and leaf.fieldname == WORDS_FIELD:
                spec.words.add(str(leaf.text))
            elif isinstance(leaf, wq.Term):
                spec.terms.update(str(leaf.text).split(PAIR_SEP))
    except Exception:  # noqa: BLE001 - highlighting is a nicety, never a failure
        pass
    spec.prefixes, spec.fuzzy = tuple(prefixes), tuple(fuzzy)
    return spec


def _within(a: str, b: str, k: int) -> bool:
    """Levenshtein distance of ``a`` and ``b`` at most ``k`` (small k, short words)."""
    if abs(len(a) - len(b)) > k:
        return False
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        row = [i]
        for j, cb in enumerate(b, 1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(row) > k:
            return False
        previous = row
    return previous[-1] <= k
