"""Reform operations derived from an alignment, and citations written in Spanish.

``derive_operations`` reads an ``Alignment`` of a base text and a draft and says what a decree
would have to publish, at the smallest citable unit: a unit whose own text (or heading)
changed is reformed (AMEND, which replaces it with everything below it), a unit only the draft
has is added (INSERT, with where it goes; its descendants travel with it), a unit that became
"Derogado." or vanished from the draft is derogated (REPEAL), and a matched unit with another
number is renumbered (RENUMBER, always left for a person to review). When most of an article
changed — more than ``escalate_at`` of its units touched, or of its words — one AMEND of the
whole article replaces the piecemeal ones, as a drafter would write it. Units moved to another
parent are derogated where they were and added where they went, both flagged for review
(inside an article that is reformed whole, the reform already carries them). Each operation
cites its unit from the article down, carries the destination ids and the fingerprint of the
base unit, so consolidation can detect that the text in force changed meanwhile. The module is
pure standard library: the word-level change ratio comes from the caller.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterable

from .changes import AlignedPair, Alignment, CitationPart, OperationKind, ReformOperation, \
    fingerprint, own_fingerprint, own_text
from .numbering import display_suffix, fold, is_roman, ordinal_to_int, ordinal_word, split_suffix
from .provisions import Provision, ProvisionKind, ProvisionStatus, new_pid, text_says_repealed

__all__ = ["ESCALATE_AT", "derive_operations", "format_citation"]

K = ProvisionKind
OP = OperationKind

ESCALATE_AT = 0.5
# Citations start at the article or transitorio that holds the unit.
_TOP_UNITS = (K.ARTICLE, K.TRANSITIONAL)


def _normal(text: str) -> str:
    return " ".join(text.split())


def _repealed(node: Provision) -> bool:
    return node.status is ProvisionStatus.REPEALED or text_says_repealed(node.text)


def _full_text(node: Provision) -> str:
    parts = [own_text(node), *(_full_text(c) for c in node.children)]
    return " ".join(p for p in parts if p)


class _Side:
    """Parents and row of every node of one side, rebuilt from the alignment's rows."""

    def __init__(self, nodes: Iterable[tuple[Provision, AlignedPair]]) -> None:
        self.pair: dict[int, AlignedPair] = {}
        self.parent: dict[int, Provision] = {}
        ordered = []
        for node, pair in nodes:
            self.pair[id(node)] = pair
            ordered.append(node)
            for child in node.children:
                self.parent[id(child)] = node
        # The root is not in the alignment: its children are the nodes without a parent.
        self.top = [n for n in ordered if id(n) not in self.parent]
        self._top_index = {id(n): i for i, n in enumerate(self.top)}

    def siblings(self, node: Provision) -> tuple[list[Provision], int]:
        parent = self.parent.get(id(node))
        if parent is None:
            return self.top, self._top_index[id(node)]
        return parent.children, next(i for i, c in enumerate(parent.children) if c is node)

    def chain(self, node: Provision) -> list[Provision]:
        """``node`` and its ancestors below the root, outermost first."""
        out = [node]
        while id(out[-1]) in self.parent:
            out.append(self.parent[id(out[-1])])
        return out[::-1]

    def top_unit(self, node: Provision) -> Provision | None:
        return next((n for n in reversed(self.chain(node)) if n.kind in _TOP_UNITS), None)

    def cited_num(self, node: Provision) -> str:
        """The number a citation uses; párrafos by position (the opening text is the first)."""
        if node.kind is not K.PARAGRAPH:
            return node.num
        siblings, index = self.siblings(node)
        position = sum(1 for s in siblings[:index] if s.kind is K.PARAGRAPH) + 1
        parent = self.parent.get(id(node))
        return str(position + (1 if parent is not None and parent.text else 0))

    def citation(self, node: Provision) -> tuple[CitationPart, ...]:
        chain = self.chain(node)
        start = next((i for i, n in enumerate(chain) if n.kind in _TOP_UNITS), len(chain) - 1)
        return tuple(CitationPart(n.kind, self.cited_num(n)) for n in chain[start:])


# An operation and the base and draft nodes it concerns (dropped when an ancestor's covers them).
_Planned = tuple[ReformOperation, Provision | None, Provision | None]


class _Deriver:
    """One derivation: the two sides, escalation decisions, and the operations built."""

    def __init__(self, alignment: Alignment, uri: str, changed_ratio: Callable[[str, str], float],
                 escalate_at: float) -> None:
        self.pairs = alignment.pairs
        self.uri = uri
        self.changed_ratio = changed_ratio
        self.escalate_at = escalate_at
        self.base = _Side((p.base, p) for p in self.pairs if p.base is not None)
        self.draft = _Side((p.draft, p) for p in self.pairs if p.draft is not None)
        self._base_pids: set[str] | None = None
        self.inserted_pid: dict[int, str] = {}   # draft node → pid of the unit its INSERT adds
        self.covering_base: set[int] = set()     # nodes whose operation carries their subtree
        self.covering_draft: set[int] = set()

    # -- what changed ----------------------------------------------------------------------
    def relocated(self, pair: AlignedPair) -> bool:
        """Matched, but the parents are not counterparts: the unit went to another parent."""
        if not pair.moved:
            return False  # the alignment flags every such pair as moved
        b_parent = self.base.parent.get(id(pair.base))
        d_parent = self.draft.parent.get(id(pair.draft))
        if d_parent is None or b_parent is None:
            return (d_parent is None) != (b_parent is None)
        return self.draft.pair[id(d_parent)].base is not b_parent

    @staticmethod
    def content_changed(pair: AlignedPair) -> bool:
        b, d = pair.base, pair.draft
        assert b is not None and d is not None
        if b.text == d.text and b.heading == d.heading and b.status is d.status:
            return False  # the common case, without joining texts or reading placeholders
        if _repealed(b) and _repealed(d):
            return False
        if _repealed(b) != _repealed(d):
            return True
        own_b, own_d = own_text(b), own_text(d)
        return own_b != own_d and _normal(own_b) != _normal(own_d)

    def touched(self, pair: AlignedPair) -> bool:
        """Whether a unit counts as changed when deciding to reform its article whole."""
        if pair.draft is None:
            return pair.base is not None and not _repealed(pair.base)
        if pair.base is None:
            return True
        # The article's own number does not count: a renumbered article is not rewritten.
        return (self.content_changed(pair) or pair.moved or self.relocated(pair)
                or (pair.renumbered and pair.draft.kind not in _TOP_UNITS))

    # -- escalation --------------------------------------------------------------------------
    def escalated(self) -> set[int]:
        """Ids of the top-unit pairs (articles, transitorios) to reform whole."""
        touched_in: dict[int, list[AlignedPair]] = {}
        for pair in self.pairs:
            if not self.touched(pair):
                continue
            units = set()
            if pair.base is not None and (top := self.base.top_unit(pair.base)) is not None:
                units.add(id(self.base.pair[id(top)]))
            if pair.draft is not None and (top := self.draft.top_unit(pair.draft)) is not None:
                units.add(id(self.draft.pair[id(top)]))
            for unit in units:
                touched_in.setdefault(unit, []).append(pair)
        by_id = {id(p): p for p in self.pairs}
        return {unit for unit, touched in touched_in.items()
                if self._escalates(by_id[unit], touched)}

    def _escalates(self, unit: AlignedPair, touched: list[AlignedPair]) -> bool:
        b, d = unit.base, unit.draft
        if b is None or d is None or self.relocated(unit) or _repealed(d):
            return False  # added, derogated or moved whole: its own operation covers it
        if self.content_changed(unit) and not _has_units(b, d):
            return False  # nothing below: its AMEND already carries everything
        below = [p for p in touched if p is not unit]
        if not below:
            return False
        if any(p.moved or (p.base is not None and p.draft is not None and self.relocated(p))
               for p in below):
            return True  # reordered or moved units cannot be cited one by one
        rows = {id(self.draft.pair[id(n)]) for n in d.walk()}
        rows |= {id(self.base.pair[id(n)]) for n in b.walk()}
        if len(below) / len(rows) > self.escalate_at:
            return True
        return self.changed_ratio(_full_text(b), _full_text(d)) > self.escalate_at

    # -- building operations -----------------------------------------------------------------
    def _op(self, kind: OperationKind, node: Provision, side: _Side, **fields) -> ReformOperation:
        return ReformOperation(kind, self.uri, node.eid, fields.pop("pid", node.pid), node.kind,
                               side.citation(node), **fields)

    def amend(self, pair: AlignedPair, needs_review: bool = False) -> ReformOperation:
        assert pair.base is not None and pair.draft is not None
        self.covering_base.add(id(pair.base))
        self.covering_draft.add(id(pair.draft))
        return self._op(OP.AMEND, pair.draft, self.draft, old_hash=fingerprint(pair.base),
                        new=pair.draft, needs_review=needs_review)

    def amend_own(self, pair: AlignedPair) -> ReformOperation:
        """Reform of the unit's own text only (the proemio, párrafo primero or denominación):
        what it holds keeps its own operations, as a drafter cites them one by one."""
        assert pair.base is not None and pair.draft is not None
        return self._op(OP.AMEND, pair.draft, self.draft, old_hash=own_fingerprint(pair.base),
                        new=pair.draft, own_only=True)

    def repeal(self, base: Provision, needs_review: bool = False) -> ReformOperation:
        self.covering_base.add(id(base))
        return self._op(OP.REPEAL, base, self.base, old_hash=fingerprint(base),
                        needs_review=needs_review)

    def renumber(self, pair: AlignedPair) -> ReformOperation:
        assert pair.base is not None and pair.draft is not None
        # The unit in force (base ids), cited with the number it takes.
        return ReformOperation(OP.RENUMBER, self.uri, pair.base.eid, pair.base.pid,
                               pair.base.kind, self.draft.citation(pair.draft),
                               old_hash=fingerprint(pair.base), old_num=pair.base.num,
                               needs_review=True)

    def insert(self, draft: Provision, needs_review: bool = False) -> ReformOperation:
        self.covering_draft.add(id(draft))
        new = self._fresh(draft)
        self.inserted_pid[id(draft)] = new.pid
        siblings, index = self.draft.siblings(draft)
        parent = self.draft.parent.get(id(draft))
        return self._op(OP.INSERT, draft, self.draft, pid=new.pid, new=new,
                        parent_pid=self._anchor(parent) if parent is not None else "",
                        after_pid=self._anchor(siblings[index - 1]) if index else "",
                        needs_review=needs_review)

    def _anchor(self, node: Provision) -> str:
        """The pid by which the text in force (after this reform's insertions) knows ``node``."""
        pair = self.draft.pair[id(node)]
        if pair.base is not None and not self.relocated(pair):
            return pair.base.pid
        return self.inserted_pid.get(id(node), node.pid)

    def _fresh(self, draft: Provision) -> Provision:
        """The unit to add; a copy with new pids where it reuses ids still in force (a move)."""
        if self._base_pids is None:
            self._base_pids = {p.base.pid for p in self.pairs if p.base is not None and p.base.pid}
        if not any(n.pid in self._base_pids for n in draft.walk()):
            return draft
        new = copy.deepcopy(draft)
        for node in new.walk():
            if node.pid in self._base_pids:
                node.pid = new_pid()
        return new

    def pair_ops(self, pair: AlignedPair, escalated: set[int]) -> list[_Planned]:
        """The operations of one row, each with the nodes whose ancestors may cover it."""
        b, d = pair.base, pair.draft
        if b is None:
            assert d is not None
            return [(self.insert(d), None, d)]
        if d is None:
            return [] if _repealed(b) else [(self.repeal(b), b, None)]
        if self.relocated(pair):
            gone = [] if _repealed(b) else [(self.repeal(b, needs_review=True), b, None)]
            return gone + [(self.insert(d, needs_review=True), None, d)]
        ops = []
        if id(pair) in escalated or self.content_changed(pair):
            if _repealed(d) and not _repealed(b):
                self.covering_draft.add(id(d))
                ops.append(self.repeal(b))
            elif id(pair) not in escalated and not _repealed(b) and _has_units(b, d):
                ops.append(self.amend_own(pair))
            else:
                ops.append(self.amend(pair, needs_review=self._hides_changes(pair)))
        if pair.renumbered:
            ops.append(self.renumber(pair))
        return [(op, b, d) for op in ops]

    def _hides_changes(self, pair: AlignedPair) -> bool:
        """A division's AMEND replaces all it holds, but a decree cites only its heading."""
        assert pair.draft is not None
        if not pair.draft.kind.is_division:
            return False
        below = [self.draft.pair[id(n)] for n in pair.draft.walk()][1:]
        return any(self.touched(p) for p in below)

    def covered(self, base: Provision | None, draft: Provision | None) -> bool:
        """Whether an ancestor's operation already carries the unit (on either side)."""
        for node, side, covering in ((base, self.base, self.covering_base),
                                     (draft, self.draft, self.covering_draft)):
            if node is not None and any(id(n) in covering for n in side.chain(node)[:-1]):
                return True
        return False

    def run(self) -> list[ReformOperation]:
        escalated = self.escalated()
        # Plan every row first: an ancestor shown later (a moved article) may still cover it.
        planned = [item for pair in self.pairs for item in self.pair_ops(pair, escalated)]
        return [op for op, base, draft in planned if not self.covered(base, draft)]


def _has_units(base: Provision, draft: Provision) -> bool:
    """Whether a unit holds others (fracciones, párrafos, articles) on either side."""
    return bool(base.children) or bool(draft.children)


def derive_operations(alignment: Alignment, regulation_uri: str, *,
                      changed_ratio: Callable[[str, str], float],
                      escalate_at: float = ESCALATE_AT) -> list[ReformOperation]:
    """The reform operations that turn the base of ``alignment`` into its draft.

    ``changed_ratio(old, new)`` gives the fraction (0–1) of words changed between two texts
    (``reglamentos_app.diffing.changed_ratio``); an article is reformed whole when more than
    ``escalate_at`` of its units or of its words changed. Operations come in document order
    (see the module docstring for what each kind means).
    """
    return _Deriver(alignment, regulation_uri, changed_ratio, escalate_at).run()


# -- citations in Spanish ------------------------------------------------------------------
_NOUNS = {
    K.BOOK: "libro", K.TITLE: "título", K.CHAPTER: "capítulo", K.SECTION: "sección",
    K.ARTICLE: "artículo", K.PARAGRAPH: "párrafo", K.CLAUSE: "fracción", K.ITEM: "inciso",
    K.NUMERAL: "numeral", K.TRANSITIONAL: "artículo", K.TRANSITIONAL_GROUP: "transitorios",
    K.ROOT: "texto",
}
_FEMININE = (K.CLAUSE, K.SECTION)


def _with_suffix(base: str, suffix: str) -> str:
    return f"{base} {display_suffix(suffix)}" if suffix else base


def _ordinal(num: str, feminine: bool = False) -> str | None:
    """"PRIMERO" → "primero", "2" → "segundo" (digits only where asked), "ÚNICA" → "única"."""
    if fold(num) in ("unico", "unica"):
        return "única" if feminine else "único"
    value = int(num) if num.isdigit() else ordinal_to_int(num)
    return ordinal_word(value, feminine).lower() if value is not None else None


def _number(part: CitationPart) -> str:
    """A number as a citation shows it: "12 Bis", "XIII Ter", "a)", "segundo", "III"."""
    base, suffix = split_suffix(part.num.strip().rstrip(".-").strip())
    kind = part.kind
    if kind is K.ITEM:
        return base.rstrip(")") + ")" + (f" {display_suffix(suffix)}" if suffix else "")
    if kind is K.PARAGRAPH:
        return _with_suffix(_ordinal(base) or base.lower(), suffix)
    if kind is K.CLAUSE or is_roman(base):
        return _with_suffix(base.upper(), suffix)
    if kind is K.TRANSITIONAL or kind.is_division:
        if not base.isdigit():
            word = _ordinal(base, kind in _FEMININE)
            return _with_suffix(word or base, suffix)
    return _with_suffix(base, suffix)


def _unit_name(part: CitationPart) -> str:
    if part.kind is K.TRANSITIONAL_GROUP:
        return "transitorios"
    name = f"{_NOUNS[part.kind]} {_number(part)}".strip()
    return f"{name} transitorio" if part.kind is K.TRANSITIONAL else name


def _of(part: CitationPart) -> str:
    """"del artículo 7", "de la fracción II"."""
    name = _unit_name(part)
    return f"de la {name}" if part.kind in _FEMININE else f"del {name}"


def format_citation(citation: tuple[CitationPart, ...]) -> str:
    """A citation in Spanish, as the change lists show it.

    >>> P, K = CitationPart, ProvisionKind
    >>> format_citation((P(K.ARTICLE, "5"), P(K.CLAUSE, "II"), P(K.ITEM, "a")))
    'artículo 5, fracción II, inciso a)'
    >>> format_citation((P(K.ARTICLE, "12 BIS"),))
    'artículo 12 Bis'
    >>> format_citation((P(K.ARTICLE, "7"), P(K.PARAGRAPH, "2")))
    'párrafo segundo del artículo 7'
    >>> format_citation((P(K.TRANSITIONAL, "PRIMERO"),)), format_citation((P(K.TITLE, "SEGUNDO"),))
    ('artículo primero transitorio', 'título segundo')
    """
    if not citation:
        return ""
    *outer, last = citation
    if last.kind is K.PARAGRAPH and outer:
        # Párrafos are cited from inside out: "párrafo segundo de la fracción II del artículo 7".
        return " ".join([_unit_name(last), *(_of(p) for p in reversed(outer))])
    return ", ".join(_unit_name(p) for p in citation)
