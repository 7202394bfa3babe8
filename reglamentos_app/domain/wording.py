"""Decree wording: the operative clause, the draft decree body and the short change list.

A published reform says what it does in one sentence ("Se reforman los artículos 3, 5,
fracción II, y 7; se adicionan …; y se derogan …, todos del Reglamento …, para quedar como
sigue:"), then shows only the touched provisions, with "…" for the untouched fracciones and
párrafos around them, and ends with its own transitorios (docs/DOMAIN.md §9.5, §7.2–7.4).
This module words that text from the ``ReformOperation`` list of each regulation: verbs in
the order reforman, adicionan, derogan, each group in document order, with number and
gender agreement, citations below an article written inside their article, Bis/Ter suffixes
kept, and renumeraciones worded last ("se recorre la fracción III …, que pasa a ser la
fracción IV"). It is pure text
assembly: the operations and the draft trees are given by the callers.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from .changes import CitationPart, OperationKind, ReformOperation
from .numbering import (SUFFIXES, canonical_token, display_suffix, fold, is_roman, letter_index,
                        ordinal_to_int, ordinal_word, split_suffix, strip_transitorio_label)
from .provisions import DIVISION_RANK, Provision, ProvisionKind

__all__ = ["WordingTarget", "decree_clause", "decree_text", "summarize"]

ELLIPSIS = "…"

K = ProvisionKind
OP = OperationKind


@dataclass(slots=True)
class WordingTarget:
    """One regulation of a reform: its title, its operations and the draft text (if any)."""

    title: str
    operations: list[ReformOperation]
    draft: Provision | None = None
    # "reform" (the operations), "issue" (a regulation issued whole: "Se expide…") or
    # "abrogate" ("Se abroga…, publicado en …"; ``published`` cites its Periódico Oficial).
    mode: str = "reform"
    published: str = ""


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True, slots=True)
class _Noun:
    singular: str
    plural: str
    feminine: bool = False


_NOUNS = {
    K.ARTICLE: _Noun("artículo", "artículos"), K.PARAGRAPH: _Noun("párrafo", "párrafos"),
    K.CLAUSE: _Noun("fracción", "fracciones", True), K.ITEM: _Noun("inciso", "incisos"),
    K.NUMERAL: _Noun("numeral", "numerales"), K.TRANSITIONAL: _Noun("artículo", "artículos"),
    K.BOOK: _Noun("Libro", "Libros"), K.TITLE: _Noun("Título", "Títulos"),
    K.CHAPTER: _Noun("Capítulo", "Capítulos"), K.SECTION: _Noun("Sección", "Secciones", True),
}
_SUB_KINDS = (K.PARAGRAPH, K.CLAUSE, K.ITEM, K.NUMERAL)
# Order of the kinds below an article when citations are sorted without a tree.
_SUB_RANK = {K.PARAGRAPH: 0, K.CLAUSE: 1, K.ITEM: 2, K.NUMERAL: 3}
_DIVISION_WORDS = {K.BOOK: "LIBRO", K.TITLE: "TÍTULO", K.CHAPTER: "CAPÍTULO", K.SECTION: "SECCIÓN"}

_VERBS = {OP.AMEND: ("reforma", "reforman"), OP.INSERT: ("adiciona", "adicionan"),
          OP.REPEAL: ("deroga", "derogan")}
_SUMMARY_WORDS = ((OP.AMEND, "reforma", "reformas"), (OP.INSERT, "adición", "adiciones"),
                  (OP.REPEAL, "derogación", "derogaciones"),
                  (OP.RENUMBER, "renumeración por revisar", "renumeraciones por revisar"))


def _noun(kind: ProvisionKind) -> _Noun:
    return _NOUNS[kind]


def _enumerate(words: list[str], *, comma_before_y: bool = False) -> str:
    """ "a", "a y b", "a, b y c"; ", y" closes an apposition ("5, fracción II, y 7")."""
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + (", y " if comma_before_y else " y ") + words[-1]


def _of(phrase: str) -> str:
    """ "de" + phrase, contracting "de el" to "del"."""
    return "del " + phrase[3:] if phrase.startswith("el ") else "de " + phrase


def _to(phrase: str) -> str:
    """ "a" + phrase, contracting "a el" to "al"."""
    return "al " + phrase[3:] if phrase.startswith("el ") else "a " + phrase


def _of_title(title: str) -> str:
    """ "del Reglamento …", "de la Ley …", "de las Reglas …" by the first word of the title."""
    words = title.split()
    if words and fold(words[0]) in ("el", "la", "los", "las"):
        words = words[1:]
    if not words:
        return ""
    first = fold(words[0])
    if first in ("ley", "norma", "constitucion"):
        prep = "de la"
    elif first in ("reglas", "normas", "bases", "disposiciones"):
        prep = "de las"
    elif first in ("lineamientos", "estatutos"):
        prep = "de los"
    else:
        prep = "del"
    return f"{prep} {' '.join(words)}"


# --------------------------------------------------------------------------- numbers


def _suffix_rank(suffix: str) -> int:
    if not suffix:
        return 0
    return SUFFIXES.index(suffix) + 1 if suffix in SUFFIXES else len(SUFFIXES) + 1


def _num_key(kind: ProvisionKind, num: str) -> tuple:
    """Sortable value of a number as written: "12 Bis" → after "12", "c)" → 3, "III" → 3."""
    text = num.strip().rstrip(".-)").strip()
    if kind is K.ITEM:
        # Incisos are letters even when they look like Roman numerals ("C)", "I)").
        base, suffix = split_suffix(text)
        index = letter_index(base.strip().rstrip(")"))
        if index is not None:
            return (0, index, _suffix_rank(suffix), "")
    token = canonical_token(text)
    match = re.fullmatch(r"(\d+)([a-zñ]*)", token)
    if match:
        return (0, int(match.group(1)), _suffix_rank(match.group(2)), "")
    return (1, 0, 0, token)


def _ordinal_display(num: str) -> str:
    """Párrafos and transitorios are cited by ordinal word: "2" → "segundo", "ÚNICO" → "único"."""
    base, suffix = split_suffix(num.strip().rstrip(".-"))
    if fold(base) in ("unico", "unica"):
        word = "único"
    else:
        token = canonical_token(base)
        word = ordinal_word(int(token)).lower() if token.isdigit() else base.lower()
    return f"{word} {display_suffix(suffix)}" if suffix else word


def _division_display(base: str, kind: ProvisionKind) -> str:
    """ "SEGUNDO" → "Segundo", "PRIMERA" → "Primera", "iii" → "III", "ÚNICO" → "Único"."""
    if is_roman(base):
        return base.upper()
    if base.isdigit():
        return base
    if fold(base) in ("unico", "unica"):
        return "Única" if _noun(kind).feminine else "Único"
    value = ordinal_to_int(base)
    if value is not None:
        return ordinal_word(value, feminine=_noun(kind).feminine).title()
    return base.title()


def _display(part: CitationPart) -> str:
    """A number as the clause cites it: "12 Bis", "XIII Bis", "a)", "segundo", "Capítulo III"."""
    kind = part.kind
    if kind in (K.PARAGRAPH, K.TRANSITIONAL):
        return _ordinal_display(part.num)
    if kind is K.ITEM:
        return part.num.strip().rstrip(".-").rstrip(")").strip() + ")"
    base, suffix = split_suffix(part.num.strip().rstrip(".-").strip())
    if kind.is_division:
        base = _division_display(base, kind)
    elif kind is K.CLAUSE:
        base = base.upper()
    return f"{base} {display_suffix(suffix)}" if suffix else base


def _ident(parts: Iterable[CitationPart]) -> tuple:
    """Identity of a citation path, however its numbers are spelt ("XIII BIS", "XIII Bis")."""
    return tuple((p.kind, _num_key(p.kind, p.num)) for p in parts)


# --------------------------------------------------------------------------- draft index


class _Tree:
    """Lookups on a draft tree: by permanent id, parent of a node, document position."""

    def __init__(self, root: Provision) -> None:
        self.root = root
        self.by_pid: dict[str, Provision] = {}
        self.parent: dict[int, Provision] = {}
        self.nodes = list(root.walk())
        self.position = {id(node): i for i, node in enumerate(self.nodes)}
        for node in self.nodes:
            if node.pid:
                self.by_pid.setdefault(node.pid, node)
            for child in node.children:
                self.parent[id(child)] = node

    def node(self, pid: str) -> Provision | None:
        return self.by_pid.get(pid) if pid else None

    def ancestors(self, node: Provision) -> list[Provision]:
        out = []
        while id(node) in self.parent:
            node = self.parent[id(node)]
            out.append(node)
        return out

    def next_article_key(self, node: Provision) -> tuple:
        """Number key of the first article at or after ``node``: where a division sorts."""
        for other in self.nodes[self.position[id(node)]:]:
            if other.kind is K.ARTICLE:
                return _num_key(K.ARTICLE, other.num)
        return (2, 0, 0, "")


def _tree_of(target: WordingTarget) -> _Tree | None:
    return _Tree(target.draft) if target.draft is not None else None


# --------------------------------------------------------------------------- cited units


@dataclass(frozen=True, slots=True)
class _Unit:
    """One cited provision: its top unit (artículo, transitorio or division) and the path below.

    ``containers`` only serves divisions: the divisions that hold it ("al Título Segundo").
    """

    op: ReformOperation
    top: CitationPart
    path: tuple[CitationPart, ...]
    containers: tuple[CitationPart, ...]
    key: tuple

    @property
    def verb(self) -> OperationKind:
        return self.op.kind

    @property
    def whole(self) -> bool:
        return not self.path

    @property
    def leaf(self) -> CitationPart:
        return self.path[-1] if self.path else self.top

    @property
    def is_division(self) -> bool:
        return self.top.kind.is_division

    @property
    def feminine(self) -> bool:
        # A reformed division is cited through its "denominación", a feminine noun.
        if self.is_division and self.verb is OP.AMEND:
            return True
        return _noun(self.leaf.kind).feminine

    def block(self) -> tuple:
        """The body block the unit is shown in: its article or transitorio, or the division."""
        if self.is_division:
            return ("division", self.op.pid or id(self.op))
        return _ident([self.top])


def _units(target: WordingTarget, tree: _Tree | None) -> list[_Unit]:
    """The citable units of a target in document order, renumeraciones and repeats left out."""
    units = [u for op in target.operations if (u := _unit_of(op, tree)) is not None]
    units.sort(key=lambda u: u.key)
    return _drop_covered(units)


def _unit_of(op: ReformOperation, tree: _Tree | None) -> _Unit | None:
    if op.kind not in _VERBS:
        return None  # a renumeración needs a person to word it
    parts = tuple(p for p in op.citation if p.kind not in (K.ROOT, K.TRANSITIONAL_GROUP))
    if not parts and op.new is not None and op.provision_kind in _NOUNS:
        parts = (CitationPart(op.provision_kind, op.new.num),)
    if not parts:
        return None
    start = next((i for i, p in enumerate(parts) if not p.kind.is_division), None)
    if start is None:
        containers = parts[:-1] or _division_containers(op, tree)
        return _Unit(op, parts[-1], (), containers, _division_key(op, parts[-1], tree))
    top, path = parts[start], parts[start + 1:]
    if top.kind not in (K.ARTICLE, K.TRANSITIONAL) or any(p.kind not in _SUB_KINDS for p in path):
        return None  # not a citation a decree can word
    if op.own_only and not path and op.new is not None and op.new.text.strip():
        # Only the opening text changed: the drafter cites "el párrafo primero del artículo 8"
        # (the proemio) and leaves the fracciones it introduces untouched ("…").
        path = (*path, CitationPart(K.PARAGRAPH, "1"))
    section = 1 if top.kind is K.TRANSITIONAL else 0
    sub = tuple((_SUB_RANK[p.kind], _num_key(p.kind, p.num)) for p in path)
    return _Unit(op, top, path, (), (section, _num_key(top.kind, top.num), 0, sub))


def _division_containers(op: ReformOperation, tree: _Tree | None) -> tuple[CitationPart, ...]:
    """The divisions above a division, read from the draft when the citation does not say."""
    if tree is None:
        return ()
    node = tree.node(op.pid)
    chain = tree.ancestors(node) if node is not None else []
    if node is None and (parent := tree.node(op.parent_pid)) is not None:
        chain = [parent, *tree.ancestors(parent)]
    return tuple(CitationPart(n.kind, n.num) for n in reversed(chain) if n.kind.is_division)


def _division_key(op: ReformOperation, part: CitationPart, tree: _Tree | None) -> tuple:
    # A division sorts right before the first article it holds (or that follows it).
    node = tree.node(op.pid) if tree is not None else None
    if node is None:
        return (-1, DIVISION_RANK.get(part.kind, 9))
    return (0, tree.next_article_key(node), -1, DIVISION_RANK.get(part.kind, 9))


def _drop_covered(units: list[_Unit]) -> list[_Unit]:
    """Drop repeats and units inside a unit the same verb already cites whole."""
    seen: set[tuple] = set()
    for unit in units:
        seen.add((unit.verb, unit.block(), _ident(unit.path)))
    kept: list[_Unit] = []
    emitted: set[tuple] = set()
    for unit in units:
        ident = (unit.verb, unit.block(), _ident(unit.path))
        covered = any((unit.verb, unit.block(), _ident(unit.path[:i])) in seen
                      for i in range(len(unit.path)))
        if not covered and ident not in emitted:
            emitted.add(ident)
            kept.append(unit)
    return kept


def _group(units: Iterable[_Unit], key: Callable[[_Unit], object]) -> list[list[_Unit]]:
    """Group preserving the order of first appearance."""
    groups: dict[object, list[_Unit]] = {}
    for unit in units:
        groups.setdefault(key(unit), []).append(unit)
    return list(groups.values())


# --------------------------------------------------------------------------- the clause


@dataclass(frozen=True, slots=True)
class _Item:
    """One member of a verb's list, e.g. "las fracciones II y IV del artículo 5"."""

    text: str
    units: tuple[_Unit, ...]
    apposition: bool = False  # ends with ", fracción II": the next "y" needs a comma


def _named(kind: ProvisionKind, displays: list[str], *, indefinite: bool = False) -> str:
    """ "el artículo 5", "las fracciones II y IV", "un párrafo tercero", "el artículo primero
    transitorio"."""
    noun = _noun(kind)
    plural = len(displays) > 1
    if plural:
        det = "las" if noun.feminine else "los"
    elif indefinite:
        det = "una" if noun.feminine else "un"
    else:
        det = "la" if noun.feminine else "el"
    text = f"{det} {noun.plural if plural else noun.singular} {_enumerate(displays)}"
    if kind is K.TRANSITIONAL:
        text += " transitorios" if plural else " transitorio"
    return text


def _chain(parts: Iterable[CitationPart]) -> str:
    """A citation read upwards: (artículo 5, fracción II) → "la fracción II del artículo 5"."""
    phrases = [_named(p.kind, [_display(p)]) for p in reversed(tuple(parts))]
    return " ".join([phrases[0], *(_of(p) for p in phrases[1:])])


def _bare(kind: ProvisionKind, displays: list[str]) -> str:
    """The article-less form used inside a list of articles: "fracciones II y IV"."""
    noun = _noun(kind)
    return f"{noun.plural if len(displays) > 1 else noun.singular} {_enumerate(displays)}"


def _sub_groups(units: list[_Unit]) -> list[list[_Unit]]:
    """Units of one article grouped by parent and kind: fracciones II and IV go together."""
    return _group(units, lambda u: (_ident(u.path[:-1]), u.leaf.kind))


def _embedded(units: list[_Unit]) -> str:
    """Units inside a plain list of articles: "fracción II", "fracción II, incisos a) y b)"."""
    texts = []
    for group in _sub_groups(units):
        parents = [_bare(p.kind, [_display(p)]) for p in group[0].path[:-1]]
        texts.append(", ".join([*parents, _bare(group[0].leaf.kind,
                                                [_display(u.leaf) for u in group])]))
    return _enumerate(texts)


def _within(units: list[_Unit], *, insert: bool) -> str:
    """Units below one parent or article, with their own article: "las fracciones II y IV"."""
    texts = []
    for group in _sub_groups(units):
        kind = group[0].leaf.kind
        # Added párrafos go without a number of their own in the text: "un párrafo tercero".
        text = _named(kind, [_display(u.leaf) for u in group],
                      indefinite=insert and kind is K.PARAGRAPH)
        if not insert and group[0].path[:-1]:
            text += " " + _of(_chain(group[0].path[:-1]))
        texts.append(text)
    return _enumerate(texts)


def _collective(articles: list[list[_Unit]]) -> _Item:
    """ "los artículos 3, 5, fracción II, y 7": the house form for several whole articles."""
    entries: list[tuple[str, bool]] = []
    for units in articles:
        number = _display(units[0].top)
        subs = [u for u in units if not u.whole]
        entries.append((f"{number}, {_embedded(subs)}", True) if subs else (number, False))
    comma = len(entries) > 1 and entries[-2][1]
    text = "los artículos " + _enumerate([e for e, _ in entries], comma_before_y=comma)
    return _Item(text, tuple(u for units in articles for u in units), entries[-1][1])


def _per_article(units: list[_Unit]) -> _Item:
    """ "el artículo 20", "la fracción III del artículo 8", "el párrafo segundo del artículo 7"."""
    if any(u.whole for u in units):
        return _Item(_chain([units[0].top]), tuple(units))
    text = f"{_within(units, insert=False)} {_of(_chain([units[0].top]))}"
    return _Item(text, tuple(units))


def _division_item(unit: _Unit) -> _Item:
    target = _chain([*unit.containers, unit.top]) if unit.verb is not OP.INSERT \
        else _named(unit.top.kind, [_display(unit.top)])
    if unit.verb is OP.AMEND:
        text = "la denominación " + _of(target)
    elif unit.verb is OP.INSERT and unit.containers:
        text = f"{target} {_to(_chain(unit.containers))}"
    else:
        text = target
    return _Item(text, (unit,))


def _whole_list(units: list[_Unit]) -> _Item:
    """Whole artículos (or transitorios) cited together: "los artículos 12 Bis y 40 Ter"."""
    return _Item(_named(units[0].top.kind, [_display(u.top) for u in units]), tuple(units))


def _items_amend_or_repeal(units: list[_Unit]) -> list[_Item]:
    items = [_division_item(u) for u in units if u.is_division]
    articles = _group((u for u in units if u.top.kind is K.ARTICLE), lambda u: u.block())
    if sum(any(u.whole for u in a) for a in articles) >= 2:
        items.append(_collective(articles))
    else:
        items.extend(_per_article(a) for a in articles)
    transitional = _group((u for u in units if u.top.kind is K.TRANSITIONAL), lambda u: u.block())
    wholes = [a[0] for a in transitional if any(u.whole for u in a)]
    if wholes:
        items.append(_whole_list(wholes))
    items.extend(_per_article(a) for a in transitional if not any(u.whole for u in a))
    return sorted(items, key=lambda item: item.units[0].key)


def _items_insert(units: list[_Unit]) -> list[_Item]:
    # Structure first, then the new articles, then the units added to existing ones: the
    # order of the published examples ("se adicionan el artículo 12 Bis y la fracción IX al
    # artículo 12").
    items = [_division_item(u) for u in units if u.is_division]
    new_articles = [u for u in units if u.whole and u.top.kind is K.ARTICLE]
    if new_articles:
        items.append(_whole_list(new_articles))
    rest: list[_Item] = []
    new_transitional = [u for u in units if u.whole and u.top.kind is K.TRANSITIONAL]
    if new_transitional:
        rest.append(_whole_list(new_transitional))
    parts = [u for u in units if not u.whole and not u.is_division]
    for group in _group(parts, lambda u: (u.block(), _ident(u.path[:-1]))):
        parent = _chain([group[0].top, *group[0].path[:-1]])
        rest.append(_Item(f"{_within(group, insert=True)} {_to(parent)}", tuple(group)))
    return items + sorted(rest, key=lambda item: item.units[0].key)


def _verb_phrase(verb: OperationKind, units: list[_Unit]) -> str:
    items = _items_insert(units) if verb is OP.INSERT else _items_amend_or_repeal(units)
    singular, plural = _VERBS[verb]
    comma = len(items) > 1 and items[-2].apposition
    listed = _enumerate([item.text for item in items], comma_before_y=comma)
    return f"se {singular if len(units) == 1 else plural} {listed}"


def _renumber_phrase(ops: list[ReformOperation]) -> str:
    """ "se recorre la fracción III del artículo 5, que pasa a ser la fracción IV": a unit that
    only changes its number, cited by the number it has in force and the one it takes."""
    items = []
    for op in ops:
        parts = tuple(p for p in op.citation if p.kind not in (K.ROOT, K.TRANSITIONAL_GROUP))
        if not parts or parts[-1].kind not in _NOUNS:
            continue
        old = (*parts[:-1], CitationPart(parts[-1].kind, op.old_num))
        leaf = parts[-1]
        items.append(f"{_chain(old)}, que pasa a ser {_named(leaf.kind, [_display(leaf)])}")
    if not items:
        return ""
    return f"se {'recorre' if len(items) == 1 else 'recorren'} {_enumerate(items)}"


def _clause(title: str, units: list[_Unit],
            renumbered: list[ReformOperation] | None = None) -> str:
    """The operative sentence of one regulation (units already in document order)."""
    phrases = [_verb_phrase(verb, [u for u in units if u.verb is verb])
               for verb in _VERBS if any(u.verb is verb for u in units)]
    moved = _renumber_phrase(renumbered or [])
    if moved:
        phrases.append(moved)
    text = phrases[0] if len(phrases) == 1 else "; ".join(phrases[:-1]) + "; y " + phrases[-1]
    text = text[0].upper() + text[1:]
    regulation = _of_title(title)
    if regulation:
        if len(units) + len(renumbered or []) == 1:
            # "…, que pasa a ser el artículo 8, del Reglamento": the regulation is not art. 8's.
            text += (", " if moved else " ") + regulation
        else:
            text += (", todas " if all(u.feminine for u in units) else ", todos ") + regulation
    return text + ", para quedar como sigue:"


def _worded(targets: Iterable[WordingTarget]) -> list[tuple[WordingTarget, _Tree | None,
                                                             list[_Unit]]]:
    out = []
    for target in targets:
        if target.mode != "reform":
            out.append((target, _tree_of(target), []))
            continue
        tree = _tree_of(target)
        units = _units(target, tree)
        if units or _renumberings(target):
            out.append((target, tree, units))
    return out


def _renumbered_lines(target: WordingTarget, tree: _Tree | None) -> list[str]:
    """A unit that only took another number, as it reads under that number."""
    out = []
    for op in _renumberings(target):
        node = tree.node(op.pid) if tree is not None else None
        if node is not None and node.kind in (K.ARTICLE, K.TRANSITIONAL):
            out.extend(_full_lines(node))
    return out


def _renumberings(target: WordingTarget) -> list[ReformOperation]:
    return [op for op in target.operations if op.kind is OP.RENUMBER and op.old_num]


def _lead(target: WordingTarget, units: list[_Unit]) -> str:
    """The resolutive sentence of one regulation, whatever the project does to it."""
    if target.mode == "issue":
        # DOMAIN.md §9.5: "Se aprueba/expide el Reglamento …"; never a list of additions.
        return f"Se expide {_the(target.title)}, para quedar como sigue:"
    if target.mode == "abrogate":
        cited = f", publicado en el {target.published}" if target.published else ""
        return f"Se abroga {_the(target.title)}{cited}."
    return _clause(target.title, units, _renumberings(target))


def _the(title: str) -> str:
    """ "el Reglamento …", "la Ley …" (the article that ``_of_title`` contracts)."""
    phrase = _of_title(title)
    if phrase.startswith("del "):
        return "el " + phrase[4:]
    return phrase[3:] if phrase.startswith("de ") else phrase


def _numbered(clause: str, index: int, omnibus: bool, *, single: bool = False) -> str:
    """A decree's resolutive article: "ARTÍCULO PRIMERO.-", "ARTÍCULO SEGUNDO.-"… for each
    of several regulations; with ``single``, "ARTÍCULO ÚNICO.-" for the only one (the decree
    body; the bare operative sentence of one regulation goes without it)."""
    if omnibus:
        return f"ARTÍCULO {ordinal_word(index)}.- {clause}"
    return f"ARTÍCULO ÚNICO.- {clause}" if single else clause


def decree_clause(targets: list[WordingTarget]) -> str:
    """The operative sentence(s) of a reform; one "ARTÍCULO PRIMERO.- …" line per regulation
    when several regulations are reformed; "" when nothing can be worded.

    >>> from reglamentos_app.domain.changes import CitationPart as P, ReformOperation as R
    >>> art = lambda n: (P(ProvisionKind.ARTICLE, n),)
    >>> ops = [R(OperationKind.AMEND, "u", "e", "p", ProvisionKind.ARTICLE, art(n)) for n in "37"]
    >>> decree_clause([WordingTarget("Reglamento de Panteones", ops)])
    'Se reforman los artículos 3 y 7, todos del Reglamento de Panteones, para quedar como sigue:'
    """
    worded = _worded(targets)
    omnibus = len(worded) > 1
    return "\n".join(_numbered(_lead(target, units), i, omnibus)
                     for i, (target, _, units) in enumerate(worded, 1))


# --------------------------------------------------------------------------- the body


def _repealed_word(kind: ProvisionKind) -> str:
    """What a decree writes in place of a derogated unit: "Se deroga." (the consolidated text
    then keeps the "Derogado."/"Derogada." placeholder, DOMAIN.md §7.2)."""
    return "Se deroga."


def _label(kind: ProvisionKind, num: str) -> str:
    """The label that opens a provision's line, up to the text: "ARTÍCULO 5.-", "II.-", "a)"."""
    num = num.strip()
    if kind is K.ARTICLE:
        return f"ARTÍCULO {num}.-"
    if kind is K.TRANSITIONAL:
        return f"ARTÍCULO {num}.-" if num[:1].isdigit() else f"{num}.-"
    if kind in (K.CLAUSE, K.NUMERAL):
        return f"{num.rstrip('.-')}.-"
    if kind is K.ITEM:
        return f"{num.rstrip(')')})"
    if kind.is_division:
        return f"{_DIVISION_WORDS[kind]} {num}"
    return ""


def _line(kind: ProvisionKind, num: str, body: str) -> str:
    label = _label(kind, num)
    return f"{label} {body}".strip() if label else body


def _placeholder(kind: ProvisionKind, num: str) -> str:
    """ "ARTÍCULO 20.- Derogado.", "III.- Derogada.", "b) Derogado.", "SECCIÓN II.- Derogada."."""
    if kind.is_division:
        return f"{_label(kind, num)}.- {_repealed_word(kind)}"
    return _line(kind, num, _repealed_word(kind))


def _own_lines(node: Provision) -> list[str]:
    """A provision's own line(s) without its children, in the house style of the texts."""
    if node.kind is K.TRANSITIONAL_GROUP:
        return ["TRANSITORIOS", *([node.heading] if node.heading else [])]
    if node.kind.is_division:
        return [_label(node.kind, node.num), *([node.heading] if node.heading else [])]
    body = f"{node.heading}.- {node.text}" if node.heading else node.text
    return [_line(node.kind, node.num, body)]


def _full_lines(node: Provision) -> list[str]:
    lines = _own_lines(node)
    for child in node.children:
        lines.extend(_full_lines(child))
    return lines


def _ellipsis_line(kind: ProvisionKind, num: str) -> str:
    """The label of a partly shown provision: "ARTÍCULO 5.- …", "II.- …"."""
    if kind.is_division:
        return _label(kind, num)
    return _line(kind, num, ELLIPSIS)


def _leaf_lines(unit: _Unit, node: Provision | None) -> list[str]:
    """A touched unit as it will read: in full, or its derogation placeholder."""
    kind = unit.leaf.kind
    num = node.num if node is not None else unit.leaf.num
    if unit.verb is OP.REPEAL:
        return [_placeholder(kind, num)]
    node = node if node is not None else unit.op.new
    return _full_lines(node) if node is not None else [_ellipsis_line(kind, num)]


class _Body:
    """The touched provisions of one regulation, block by block, in document order."""

    def __init__(self, units: list[_Unit], tree: _Tree | None) -> None:
        self.units = units
        self.tree = tree
        self.pids = {u.op.pid for u in units if u.op.pid}

    def lines(self) -> list[str]:
        blocks = _group(sorted(self.units, key=lambda u: u.key), lambda u: u.block())
        out: list[str] = []
        for block in blocks:
            out.extend(self._division(block[0]) if block[0].is_division else self._top(block))
        return out

    def _node(self, unit: _Unit) -> Provision | None:
        return self.tree.node(unit.op.pid) if self.tree is not None else None

    def _division(self, unit: _Unit) -> list[str]:
        node = self._node(unit) or unit.op.new
        num = node.num if node is not None else unit.top.num
        if unit.verb is OP.REPEAL:
            return [_placeholder(unit.top.kind, num)]
        if node is None:
            return [_label(unit.top.kind, num)]
        inner = any(n.pid in self.pids for n in node.walk() if n is not node)
        # Articles added with the division have their own blocks: show only its heading then.
        if unit.verb is OP.AMEND or inner:
            return _own_lines(node)
        return _full_lines(node)

    def _top(self, units: list[_Unit]) -> list[str]:
        whole = next((u for u in units if u.whole), None)
        if whole is not None:
            return _leaf_lines(whole, self._node(whole))
        top = self._find_top(units)
        if top is None:
            return _Unanchored(units).lines()
        return _Partial(top, units, self.tree).lines()

    def _find_top(self, units: list[_Unit]) -> Provision | None:
        if self.tree is None:
            return None
        for unit in units:
            node = self._node(unit)
            if node is not None:
                top = next((a for a in self.tree.ancestors(node) if a.kind is unit.top.kind), None)
                if top is not None:
                    return top
        wanted = _ident([units[0].top])
        return next((n for n in self.tree.nodes
                     if _ident([CitationPart(n.kind, n.num)]) == wanted), None)


def _child_keys(node: Provision) -> list[tuple[Provision, tuple]]:
    """Children with their citation identity; párrafos count by position, as they are cited:
    the parent's own text is its párrafo primero, so its first párrafo child is the segundo."""
    out, paragraphs = [], 1 if node.text.strip() else 0
    for child in node.children:
        if child.kind is K.PARAGRAPH:
            paragraphs += 1
            out.append((child, (child.kind, _num_key(K.PARAGRAPH, str(paragraphs)))))
        else:
            out.append((child, (child.kind, _num_key(child.kind, child.num))))
    return out


class _Partial:
    """An article touched in part: its label, the touched units, "…" for each untouched run."""

    def __init__(self, top: Provision, units: list[_Unit], tree: _Tree) -> None:
        self.touched: dict[int, _Unit] = {}
        self.phantoms: dict[int, list[_Unit]] = {}
        self.open: set[int] = {id(top)}
        self.top = top
        self.own: _Unit | None = None
        for unit in units:
            node = tree.node(unit.op.pid)
            if node is top:
                self.own = unit   # its proemio: the label line shows the new text
                continue
            if node is not None and top in tree.ancestors(node):
                self.touched[id(node)] = unit
                self.open.update(id(a) for a in tree.ancestors(node))
            else:
                # Not in the draft (a derogación that removed the unit): placed by number.
                container = self._descend(top, unit.path[:-1])
                self.phantoms.setdefault(id(container), []).append(unit)
                self.open.update(id(a) for a in [container, *tree.ancestors(container)])

    @staticmethod
    def _descend(node: Provision, path: tuple[CitationPart, ...]) -> Provision:
        for part in path:
            wanted = (part.kind, _num_key(part.kind, part.num))
            child = next((c for c, key in _child_keys(node) if key == wanted), None)
            if child is None:
                return node
            node = child
        return node

    def _entries(self, node: Provision) -> list[Provision | _Unit]:
        entries: list[Provision | _Unit] = [c for c, _ in _child_keys(node)]
        keys = dict((id(c), k) for c, k in _child_keys(node))
        for unit in self.phantoms.get(id(node), []):
            wanted = (unit.leaf.kind, _num_key(unit.leaf.kind, unit.leaf.num))
            same = [i for i, e in enumerate(entries)
                    if isinstance(e, Provision) and keys[id(e)][0] is wanted[0]]
            before = [i for i in same if keys[id(entries[i])][1] < wanted[1]]
            if before:
                at = before[-1] + 1
            elif same:
                at = same[0]
            else:
                at = len(entries)
            entries.insert(at, unit)
        return entries

    def lines(self, node: Provision | None = None) -> list[str]:
        node = node if node is not None else self.top
        if node is self.top and self.own is not None:
            out = _own_lines(node)
        else:
            out = [_ellipsis_line(node.kind, node.num)]
        untouched = False
        for entry in self._entries(node):
            if isinstance(entry, Provision) and id(entry) not in self.touched \
                    and id(entry) not in self.open:
                untouched = True
                continue
            if untouched:
                out.append(ELLIPSIS)
                untouched = False
            if isinstance(entry, _Unit):
                out.extend(_leaf_lines(entry, None))
            elif id(entry) in self.touched:
                out.extend(_leaf_lines(self.touched[id(entry)], entry))
            else:
                out.extend(self.lines(entry))
        if untouched and out[-1] != ELLIPSIS:
            # One "…" says it all: the rest of a fracción and of its article are one gap.
            out.append(ELLIPSIS)
        return out


class _Unanchored:
    """An article touched in part with no draft to read: "…" around every touched unit,
    since the untouched siblings are unknown."""

    def __init__(self, units: list[_Unit]) -> None:
        self.units = units

    def lines(self) -> list[str]:
        top = self.units[0].top
        lines = [_ellipsis_line(top.kind, top.num)]
        for line in self._level(self.units, 0):
            # Nested levels would stack several "…" that say nothing more than one.
            if not (line == ELLIPSIS and lines[-1] == ELLIPSIS):
                lines.append(line)
        return lines

    def _level(self, units: list[_Unit], depth: int) -> list[str]:
        out: list[str] = []
        for group in _group(units, lambda u: _ident(u.path[:depth + 1])):
            out.append(ELLIPSIS)
            leaf = next((u for u in group if len(u.path) == depth + 1), None)
            if leaf is not None:
                out.extend(_leaf_lines(leaf, None))
            else:
                part = group[0].path[depth]
                out.append(_ellipsis_line(part.kind, part.num))
                out.extend(self._level(group, depth + 1))
        out.append(ELLIPSIS)
        return out


def _transitorios(texts: list[str]) -> list[str]:
    """ "TRANSITORIOS" and "PRIMERO.- …", "SEGUNDO.- …"; a lone one is "ÚNICO.- …"."""
    texts = [strip_transitorio_label(t) for t in texts if t.strip()]
    if not texts:
        return []
    if len(texts) == 1:
        return ["TRANSITORIOS", f"ÚNICO.- {texts[0]}"]
    return ["TRANSITORIOS", *(f"{ordinal_word(i)}.- {t}" for i, t in enumerate(texts, 1))]


def decree_text(targets: list[WordingTarget], transitorios: list[str] | None = None, *,
                heading: str | None = None) -> str:
    """The draft decree body: per regulation its clause and the touched provisions as they
    will read, then the reform's transitorios; one paragraph per line."""
    lines = [heading.strip()] if heading and heading.strip() else []
    worded = _worded(targets)
    omnibus = len(worded) > 1
    for i, (target, tree, units) in enumerate(worded, 1):
        lines.append(_numbered(_lead(target, units), i, omnibus, single=True))
        if target.mode == "issue" and target.draft is not None:
            for child in target.draft.children:
                lines.extend(_full_lines(child))
        elif target.mode == "reform":
            lines.extend(_Body(units, tree).lines())
            lines.extend(_renumbered_lines(target, tree))
    lines.extend(_transitorios(transitorios or []))
    return "\n".join(lines)


# --------------------------------------------------------------------------- summary


def summarize(operations: Iterable[ReformOperation]) -> str:
    """Short change list for the interface.

    >>> summarize([])
    'Sin cambios'
    """
    counts = Counter(op.kind for op in operations)
    parts = [f"{counts[kind]} {singular if counts[kind] == 1 else plural}"
             for kind, singular, plural in _SUMMARY_WORDS if counts[kind]]
    return ", ".join(parts) or "Sin cambios"
