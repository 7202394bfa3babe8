"""Citations inside provisions, and the checker that reports the broken ones.

``extract_citations`` reads the wordings Mexican regulations use: «artículo 15 de este
Reglamento», «el artículo 12 Bis», «artículos 3 al 7», «artículos 3, 4 y 7», «fracción II del
artículo anterior», «fracciones I a III del artículo 28», «artículo 115, fracción II, de la
Constitución…», and the bare names of other instruments («la Ley del Régimen Municipal para el
Estado de Baja California», «el Reglamento de Tránsito para el Municipio de Mexicali»). An
article citation followed by the name of another instrument belongs to that instrument; with
no name, or with «este/presente Reglamento», it is internal; one followed by an instrument it
cannot name («de la citada Ley», «de dicho ordenamiento») is left alone. ``check_entry`` then resolves
each citation against the corpus: missing or derogated articles and fracciones, abrogated
regulations, and instruments that are neither in the corpus nor in the list of known laws.
Numbers are compared through ``domain.numbering.canonical_token`` («12 Bis» → ``12bis``,
«XIII» → ``13``), the same tokens the eIds use.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..domain.numbering import canonical_token, fold, is_roman, roman_to_int
from ..domain.provisions import Provision, ProvisionKind
from .model import CitationFinding, CorpusEntry, is_repealed, iter_units

_SUFFIX = r"(?:\s*-?\s*(?:bis|ter|qu[aá]ter|quinquies|sexies))?"
_NUM = rf"\d+(?:(?:o|º|°)(?![a-záéíóú]))?{_SUFFIX}"
_ROMAN = rf"(?-i:[IVXLC]+)\b{_SUFFIX}"
_SEP = r"(?:\s*,\s*(?:y\s+|e\s+|o\s+)?|\s+[yeou]\s+|\s+(?:al|a)\s+)"
_INSTRUMENT = (r"(?:Constituci[óo]n|Ley|C[óo]digo|Reglamento|Bando|Decreto|Norma\s+Oficial"
               r"|Lineamientos)")
_SELF = (r"(?:(?:este|esta|estos|el\s+presente|la\s+presente|presente)\s+"
         r"(?:Reglamento|Bando|ordenamiento|Acuerdo|Lineamientos|Manual|C[óo]digo|Ley"
         r"|cuerpo\s+normativo))")

_ARTICLE_RE = re.compile(
    rf"(?:(?P<clause_word>fracci(?:ón|on|ones))\s+"
    rf"(?P<clauses>{_ROMAN}(?:{_SEP}{_ROMAN})*)\s*,?\s*"
    rf"(?:del|de\s+los|de\s+el|de)\s+)?"
    rf"(?P<art_word>art[íi]culos?|arts?\.)\s+"
    rf"(?:(?P<relative>anterior|siguiente|precedente|que\s+antecede)"
    rf"|(?P<nums>{_NUM}(?:{_SEP}{_NUM})*))"
    rf"(?P<tail>\s*,?\s*(?:(?:fracci(?:ón|on|ones))\s+"
    rf"(?P<tail_clauses>{_ROMAN}(?:{_SEP}{_ROMAN})*)"
    rf"\s*,?\s*)?(?:inciso\s+[a-zñ]\)?\s*,?\s*)?)"
    rf"(?:(?P<constitutional>constitucional(?:es)?)"
    rf"|(?:de|del)\s+(?:(?:la|el|los|las)\s+)?"
    rf"(?:(?P<self>{_SELF})|(?P<name>{_INSTRUMENT}\b[^;:()]*)|(?P<other>\w+)))?",
    re.IGNORECASE)
# Where an instrument's name starts (zero-width: names that follow one another are all seen).
_NAME_RE = re.compile(r"\b(?=(?:Ley|C[óo]digo|Reglamento|Bando)\s+"
                      r"(?:[A-ZÁÉÍÓÚÑ]|de\s|del\s|para\s))")
_CONNECTORS = {"de", "del", "la", "las", "los", "el", "y", "e", "para", "en", "sus", "a", "al",
               "su", "o", "u"}
_NEXT_INSTRUMENT = re.compile(rf"\s*(?:\s(?:y|e|o|u)|,)\s*"
                              rf"(?:(?:la|el|los|las|del|al|a\s+la|de\s+la)\s+)?"
                              rf"(?={_INSTRUMENT}\b)", re.IGNORECASE)
_PLACE_TAIL = re.compile(
    r"(?:\s*,)?\s+(?:(?:para|del|de|en)\s+(?:el\s+|la\s+)?(?:gobierno\s+municipal|municipio|"
    r"ciudad)\s+de\s+)?mexicali\b.*$|\s+(?:para|del|de|en)\s+(?:el\s+)?municipio$")


@dataclass(slots=True)
class Citation:
    """One citation found in a provision's text."""

    source: Provision
    label: str
    article: Provision | None       # the article that contains the citation
    text: str
    articles: list[str] = field(default_factory=list)   # canonical tokens
    clauses: list[str] = field(default_factory=list)    # canonical tokens
    relative: str = ""              # "previous" | "next"
    internal: bool = True
    name: str = ""                  # the instrument named, when not internal


def _tokens(listing: str, pattern: str) -> list[str]:
    """Tokens of «3, 4 y 7» / «3 al 7» / «I a III» (ranges expanded, at most 200)."""
    parts = re.split(r"(\s*,\s*(?:y\s+|e\s+|o\s+)?|\s+[yeou]\s+|\s+(?:al|a)\s+)", listing.strip())
    out: list[str] = []
    i = 0
    while i < len(parts):
        token = parts[i].strip()
        if not re.fullmatch(pattern, token, re.IGNORECASE):
            i += 2
            continue
        out.append(canonical_token(token))
        sep = parts[i + 1].strip() if i + 1 < len(parts) else ""
        if sep in ("al", "a") and i + 2 < len(parts):
            end = parts[i + 2].strip()
            lo, hi = _as_int(token), _as_int(end)
            if lo is not None and hi is not None and lo < hi <= lo + 200:
                out.extend(str(n) for n in range(lo + 1, hi))
        i += 2
    return out


def _as_int(token: str) -> int | None:
    token = token.strip()
    if token.isdigit():
        return int(token)
    if is_roman(token) and token.isupper():
        return roman_to_int(token)
    return None


def clean_name(raw: str) -> str:
    """The instrument's name up to the first word that is not part of it."""
    raw = _NEXT_INSTRUMENT.split(raw, maxsplit=1)[0]
    words = raw.split()
    kept: list[str] = []
    for i, word in enumerate(words):
        bare = word.strip(",.")
        if i and not (bare[:1].isupper() or bare.lower() in _CONNECTORS or re.fullmatch(
                r"(?:[A-Z]\.)+", bare)):
            break
        if bare.lower() in ("y", "e") and len(kept) <= 2:
            break  # «su Reglamento Interior y la Junta…»: a new noun phrase, not the name
        kept.append(bare)
        if word.endswith((",", ".")) and not re.fullmatch(r"(?:[A-Z]\.)+", bare):
            break
    while kept and kept[-1].lower() in _CONNECTORS:
        kept.pop()
    return " ".join(kept)


def name_key(name: str) -> str:
    """Comparable core of an instrument's name (folded, without «…de Mexicali, B.C.»)."""
    text = " ".join(fold(name).replace(",", " ").split())
    text = _PLACE_TAIL.sub("", text).strip()
    return text


def extract_citations(root: Provision) -> list[Citation]:
    """Every citation in the reviewable provisions of a tree (see the module docstring)."""
    found: list[Citation] = []
    for unit in iter_units(root):
        text = unit.node.text
        if not text or ("rt" not in text and "ey" not in text and "eglamento" not in text):
            continue
        spans: list[tuple[int, int]] = []
        pos = 0
        while (m := _ARTICLE_RE.search(text, pos)) is not None:
            citation = _article_citation(unit, m)
            # The name pattern runs to the end of the sentence; the citation ends with the name.
            end = m.end()
            if m.group("name"):
                raw = text[m.start("name"):]
                end = m.start("name") + _raw_length(raw, citation.name)
                citation.text = " ".join(text[m.start():end].split())
            found.append(citation)
            spans.append((m.start(), end))
            pos = max(end, m.start() + 1)
        for m in _NAME_RE.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            name = clean_name(re.split(r"[;:()]", text[m.start():m.start() + 400])[0])
            if len(name.split()) >= 3:
                found.append(Citation(unit.node, unit.label, unit.article, name,
                                      internal=False, name=name))
    return found


def _raw_length(raw: str, name: str) -> int:
    """Length of the prefix of ``raw`` that spells ``name`` (spaces may differ)."""
    words, pos = name.split(), 0
    for word in words:
        found = raw.find(word, pos)
        if found < 0:
            break
        pos = found + len(word)
    return pos


def _article_citation(unit, m: re.Match) -> Citation:
    clauses_text = m.group("clauses") or m.group("tail_clauses") or ""
    citation = Citation(unit.node, unit.label, unit.article, " ".join(m.group(0).split()))
    if m.group("relative"):
        citation.relative = "next" if fold(m.group("relative")).startswith("sig") else "previous"
    else:
        citation.articles = _tokens(m.group("nums"), _NUM)
    citation.clauses = _tokens(clauses_text, _ROMAN) if clauses_text else []
    if m.group("constitutional"):
        citation.internal, citation.name = False, "Constitución"
    elif m.group("name"):
        citation.internal, citation.name = False, clean_name(m.group("name"))
    elif m.group("other"):
        # «de la citada Ley», «de dicho ordenamiento»: another instrument we cannot name.
        citation.internal, citation.name = False, ""
    return citation


# -- checking ---------------------------------------------------------------------------------
@dataclass(slots=True)
class _Index:
    """Articles of a tree by canonical token (transitorios excluded), in order."""

    order: list[Provision]
    by_token: dict[str, Provision]

    @classmethod
    def of(cls, root: Provision) -> _Index:
        order, by_token = [], {}
        for node in _articles_outside_transitorios(root):
            order.append(node)
            by_token.setdefault(canonical_token(node.num), node)
        return cls(order, by_token)


def _articles_outside_transitorios(node: Provision):
    for child in node.children:
        if child.kind is ProvisionKind.TRANSITIONAL_GROUP:
            continue
        if child.kind is ProvisionKind.ARTICLE:
            yield child
        else:
            yield from _articles_outside_transitorios(child)


def _clauses_of(article: Provision) -> dict[str, Provision]:
    return {canonical_token(n.num): n for n in article.walk() if n.kind is ProvisionKind.CLAUSE}


@dataclass(slots=True)
class CorpusNames:
    """The corpus by name, plus the known external laws (what a citation may name)."""

    entries: dict[str, CorpusEntry]
    known: list[str]

    @classmethod
    def build(cls, entries: Iterable[CorpusEntry], known_laws: Iterable[str]) -> CorpusNames:
        return cls({name_key(e.title): e for e in entries},
                   [name_key(n) for n in known_laws])

    def resolve(self, name: str) -> CorpusEntry | str | None:
        """The corpus entry named, "known" for a known law, or None."""
        key = name_key(name)
        if not key:
            return "known"
        if key in self.entries:
            return self.entries[key]
        for other_key, entry in self.entries.items():
            if other_key.startswith(key + " ") or key.startswith(other_key + " "):
                return entry
        if key.startswith("constitucion") or any(
                k == key or k.startswith(key + " ") or key.startswith(k + " ")
                for k in self.known):
            return "known"
        return None


def check_entry(entry: CorpusEntry, names: CorpusNames,
                indexes: dict[str, _Index] | None = None) -> list[CitationFinding]:
    """Every broken citation of one regulation (see the module docstring)."""
    indexes = indexes if indexes is not None else {}
    own = indexes.get(entry.uri) or _Index.of(entry.root)
    out: list[CitationFinding] = []
    for citation in extract_citations(entry.root):
        out.extend(_check(entry, citation, own, names, indexes))
    return out


def check_corpus(entries: list[CorpusEntry], known_laws: Iterable[str]) -> list[CitationFinding]:
    names = CorpusNames.build(entries, known_laws)
    indexes = {e.uri: _Index.of(e.root) for e in entries}
    return [f for e in entries if not e.abrogated for f in check_entry(e, names, indexes)]


def _check(entry: CorpusEntry, citation: Citation, own: _Index, names: CorpusNames,
           indexes: dict[str, _Index]) -> list[CitationFinding]:
    def finding(kind: str, message: str, target: str = "") -> CitationFinding:
        return CitationFinding(entry.uri, entry.title, citation.source.eid, citation.label,
                               citation.text, kind, message, target)

    target_entry, index, where = entry, own, "de este ordenamiento"
    if not citation.internal:
        if not citation.name:
            return []
        resolved = names.resolve(citation.name)
        if resolved == "known" or citation.name == "Constitución":
            return []
        if resolved is None:
            if names.resolve(citation.name) is None and _looks_like_name(citation.name):
                return [finding("unknown_regulation", f"Cita «{citation.name}», que no está en "
                                "el corpus ni en la lista de leyes conocidas.")]
            return []
        target_entry = resolved
        if target_entry.uri == entry.uri:
            target_entry, index = entry, own
        else:
            index = indexes.get(target_entry.uri) or _Index.of(target_entry.root)
            indexes[target_entry.uri] = index
            where = f"del {target_entry.title}" if not target_entry.title.lower().startswith(
                ("ley", "la ")) else f"de la {target_entry.title}"
        if target_entry.abrogated:
            return [finding("abrogated_regulation", f"Cita «{citation.name}», que está "
                            "abrogado.", target_entry.uri)]
    return _check_articles(citation, index, where, target_entry.uri, finding)


def _looks_like_name(name: str) -> bool:
    return len(name.split()) >= 3


def _check_articles(citation: Citation, index: _Index, where: str, target_uri: str,
                    finding) -> list[CitationFinding]:
    out: list[CitationFinding] = []
    targets: list[tuple[str, Provision | None]] = []
    if citation.relative:
        if citation.article is None or citation.article not in index.order:
            return []
        pos = index.order.index(citation.article) + (1 if citation.relative == "next" else -1)
        word = "siguiente" if citation.relative == "next" else "anterior"
        if not 0 <= pos < len(index.order):
            return [finding("missing_article", f"Cita el artículo {word}, que no existe.",
                            target_uri)]
        targets.append((index.order[pos].num, index.order[pos]))
    else:
        targets = [(token, index.by_token.get(token)) for token in citation.articles]
    for token, article in targets:
        shown = article.num if article is not None else _display(token)
        if article is None:
            out.append(finding("missing_article", f"Cita el artículo {shown} {where}, que no "
                               "existe.", target_uri))
        elif is_repealed(article):
            out.append(finding("repealed_article", f"Cita el artículo {shown} {where}, que "
                               "está derogado.", target_uri))
        elif citation.clauses:
            clauses = _clauses_of(article)
            for clause_token in citation.clauses:
                clause = clauses.get(clause_token)
                roman = _roman(clause_token)
                if clause is None:
                    out.append(finding("missing_clause", f"Cita la fracción {roman} del "
                                       f"artículo {shown} {where}, que no existe.", target_uri))
                elif is_repealed(clause):
                    out.append(finding("repealed_clause", f"Cita la fracción {roman} del "
                                       f"artículo {shown} {where}, que está derogada.",
                                       target_uri))
    return out


def _display(token: str) -> str:
    m = re.fullmatch(r"(\d+)([a-z]*)", token)
    return f"{m.group(1)} {m.group(2).capitalize()}".strip() if m else token


def _roman(token: str) -> str:
    from ..domain.numbering import int_to_roman

    m = re.fullmatch(r"(\d+)([a-z]*)", token)
    if not m:
        return token
    return (int_to_roman(int(m.group(1))) + (f" {m.group(2).capitalize()}" if m.group(2) else ""))


# -- a reform project's draft -----------------------------------------------------------------
def _lost_articles(base: Provision, draft: Provision) -> dict[str, tuple[str, str]]:
    """Articles in force in ``base`` that the draft derogates or removes: token → (num, verb)."""
    before, after = _Index.of(base), _Index.of(draft)
    lost = {}
    for token, article in before.by_token.items():
        if is_repealed(article):
            continue
        now = after.by_token.get(token)
        if now is None:
            lost[token] = (article.num, "suprime")
        elif is_repealed(now):
            lost[token] = (article.num, "deroga")
    return lost


def _join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " y " + items[-1]


def draft_findings(entry: CorpusEntry, base: Provision, others: list[CorpusEntry],
                   known_laws: Iterable[str]) -> list[CitationFinding]:
    """What a project's draft breaks: citations (its own or other regulations') to articles it
    derogates or removes, plus new broken citations the draft's text introduces.

    ``entry`` holds the draft tree; ``others`` is the rest of the corpus.
    """
    lost = _lost_articles(base, entry.root)
    names = CorpusNames.build([entry, *[o for o in others if o.uri != entry.uri]], known_laws)
    citers: dict[str, list[str]] = {}
    for source in [entry, *[o for o in others if o.uri != entry.uri and not o.abrogated]]:
        for citation in extract_citations(source.root):
            if citation.relative:
                continue
            if not citation.internal:
                target = names.resolve(citation.name)
                if not isinstance(target, CorpusEntry) or target.uri != entry.uri:
                    continue
            elif source is not entry:
                continue
            where = citation.article.num if citation.article is not None else citation.label
            shown = (f"artículo {where}" if source is entry else
                     f"artículo {where} del {source.title}")
            for token in citation.articles:
                if token in lost and shown not in citers.setdefault(token, []):
                    citers[token].append(shown)
    out = []
    for token, sources in citers.items():
        num, verb = lost[token]
        own = [s.removeprefix("artículo ") for s in sources if " del " not in s]
        foreign = [s for s in sources if " del " in s]
        parts = []
        if own:
            parts.append(("los artículos " if len(own) > 1 else "el artículo ") + _join(own))
        parts.extend(f"el {s}" for s in foreign)
        out.append(CitationFinding(entry.uri, entry.title, "", f"Artículo {num}",
                                   f"artículo {num}", "draft_breaks",
                                   f"Esta reforma {verb} el artículo {num}, citado por "
                                   f"{_join(parts)}."))
    base_keys = {(f.eid, f.citation) for f in check_entry(
        CorpusEntry(entry.uri, entry.title, base), names)}
    out.extend(f for f in check_entry(entry, names) if (f.eid, f.citation) not in base_keys)
    return out
