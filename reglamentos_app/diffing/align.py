"""Aligning two provision trees: which provision of the base became which of the draft.

``align_trees`` pairs every non-root node of both trees in stages, each working only on what
the previous ones left: by permanent id (two versions of one regulation share them); then the
structure (divisions, articles, transitorios) by number — articles anywhere in the text, the
rest under their matched parent — when the number comes with the same own text or a
near-identical whole text; by an own text found once on each side; by text similarity
(``rapidfuzz.fuzz.ratio`` above a threshold, a small bonus for an equal number), which recovers
renumbered and moved provisions with light edits; by number alone, so a provision rewritten
from scratch still pairs with the one it replaced; and by position, the single leftover on
each side between two matched siblings of a renumbering. Párrafos, fracciones and incisos then
go through the same stages under each matched parent, and a last pass pairs near-identical
ones moved to another parent. Pairs are ``moved`` when their parents are not counterparts or
they are out of order among matched siblings (outside a longest increasing run), and
``renumbered`` when their canonical numbers differ. Rows come in the draft's document order,
each deleted base provision right after the row of the closest preceding base provision.
"""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache

from rapidfuzz import fuzz, process

from ..domain.changes import AlignedPair, Alignment, MatchKind, own_text
from ..domain.numbering import canonical_token
from ..domain.provisions import Provision, ProvisionKind

__all__ = ["DEFAULT_THRESHOLD", "align_trees"]

K = ProvisionKind

# fuzz.ratio (0–100) two texts need to be paired by similarity. Measured on the sample corpus
# and on bench/generate.py: unrelated articles of similar length score 44 (median), 59 (99.9th
# percentile), 73 at most for the generated ones; changing 20 % of the words of an article
# leaves it at 82 or more. tests/diffing/test_align.py checks both sides of the line.
DEFAULT_THRESHOLD = 75.0
# Same number and at least this ratio: paired at once, without looking for a better partner.
# Also the bar for fracciones or incisos moved to another parent (short texts look alike more
# easily, and a move is a strong claim).
CONFIRM_THRESHOLD = 90.0
# Added to the ratio of a candidate with the same number, so ties go to the number.
NUMBER_BONUS = 5.0
# Own texts shorter than this ("Derogado.", "Objeto.") say too little to pair on their own.
_MIN_UNIQUE_TEXT = 40
# Above this many text comparisons in one similarity pass (two unrelated regulations), each
# provision is compared only with those around the same relative position.
PAIR_BUDGET = 40_000

# The skeleton, aligned first over the whole text; the units inside articles come after.
_STRUCTURE = frozenset({K.BOOK, K.TITLE, K.CHAPTER, K.SECTION, K.ARTICLE,
                        K.TRANSITIONAL_GROUP, K.TRANSITIONAL})
# Unnumbered kinds: their "number" is their position among siblings of the same kind.
_POSITIONAL = frozenset({K.PARAGRAPH, K.TRANSITIONAL_GROUP})


@lru_cache(maxsize=65536)
def _token(num: str) -> str:
    # Numbers repeat a lot ("I", "II", "a"); canonical_token runs regular expressions.
    return canonical_token(num)


class _Tree:
    """One side: nodes in document order, parents, positions and lazily computed texts."""

    def __init__(self, root: Provision) -> None:
        self.root = root
        self.nodes: list[Provision] = []
        self.parent: dict[int, Provision] = {}
        stack = [root]
        while stack:
            node = stack.pop()
            if node is not root:
                self.nodes.append(node)
            for child in reversed(node.children):
                self.parent[id(child)] = node
                stack.append(child)
        self.order = {id(n): i for i, n in enumerate(self.nodes)}
        self._own: dict[int, str] = {}
        self._text: dict[int, str] = {}
        self._key: dict[int, str] = {}

    def own(self, node: Provision) -> str:
        text = self._own.get(id(node))
        if text is None:
            text = self._own[id(node)] = own_text(node)
        return text

    def text(self, node: Provision) -> str:
        """What similarity compares: a division's heading, any other unit with its content."""
        text = self._text.get(id(node))
        if text is None:
            parts = [self.own(node)]
            if not node.kind.is_division:
                parts += [self.text(c) for c in node.children]
            text = self._text[id(node)] = " ".join(p for p in parts if p)
        return text

    def key(self, node: Provision) -> str:
        """Canonical number, or "#n" (n-th of its kind under its parent) when unnumbered."""
        key = self._key.get(id(node))
        if key is None:
            counters: dict[ProvisionKind, int] = {}
            for sibling in self.parent[id(node)].children:
                counters[sibling.kind] = counters.get(sibling.kind, 0) + 1
                token = "" if sibling.kind in _POSITIONAL else _token(sibling.num)
                self._key[id(sibling)] = token or f"#{counters[sibling.kind]}"
            key = self._key[id(node)]
        return key


class _Matcher:
    """The pairing state: counterpart maps in both directions and how each pair was made."""

    def __init__(self, base: Provision, draft: Provision, threshold: float) -> None:
        self.b = _Tree(base)
        self.d = _Tree(draft)
        self.threshold = threshold
        self.confirm = max(threshold, CONFIRM_THRESHOLD)
        self.d2b: dict[int, Provision] = {id(draft): base}
        self.b2d: dict[int, Provision] = {id(base): draft}
        self.how: dict[int, MatchKind] = {}
        self._scopes: dict[int, dict[tuple[ProvisionKind, str], list[Provision]]] = {}
        self._articles: dict[str, list[Provision]] | None = None

    # -- bookkeeping ---------------------------------------------------------------------
    def pair(self, b: Provision, d: Provision, how: MatchKind) -> None:
        self.d2b[id(d)] = b
        self.b2d[id(b)] = d
        self.how[id(d)] = how

    def free_base(self, nodes: list[Provision], kinds: frozenset[ProvisionKind]
                  ) -> list[Provision]:
        return [n for n in nodes if n.kind in kinds and id(n) not in self.b2d]

    def free_draft(self, nodes: list[Provision], kinds: frozenset[ProvisionKind]
                   ) -> list[Provision]:
        return [n for n in nodes if n.kind in kinds and id(n) not in self.d2b]

    # -- stage 1: permanent ids ----------------------------------------------------------
    def by_pid(self) -> None:
        base_by_pid: dict[str, Provision] = {}
        for node in self.b.nodes:
            if node.pid:
                base_by_pid.setdefault(node.pid, node)
        for d in self.d.nodes:
            b = base_by_pid.get(d.pid) if d.pid else None
            if b is not None and b.kind is d.kind and id(b) not in self.b2d:
                self.pair(b, d, MatchKind.PID)

    # -- number ----------------------------------------------------------------------------
    def _scope(self, b_parent: Provision) -> dict[tuple[ProvisionKind, str], list[Provision]]:
        scope = self._scopes.get(id(b_parent))
        if scope is None:
            scope = self._scopes[id(b_parent)] = {}
            for child in b_parent.children:
                scope.setdefault((child.kind, self.b.key(child)), []).append(child)
        return scope

    def _article_index(self) -> dict[str, list[Provision]]:
        # Article numbers are unique in a regulation, whatever título or capítulo holds them.
        if self._articles is None:
            self._articles = {}
            for node in self.b.nodes:
                if node.kind is K.ARTICLE and id(node) not in self.b2d:
                    self._articles.setdefault(self.b.key(node), []).append(node)
        return self._articles

    def _number_candidates(self, d: Provision) -> list[Provision]:
        d_parent = self.d.parent[id(d)]
        b_parent = self.d2b.get(id(d_parent))
        if d.kind is K.ARTICLE:
            found = self._article_index().get(self.d.key(d), [])
            # A repeated number (a source error): prefer the one under the matching parent.
            return sorted((n for n in found if id(n) not in self.b2d),
                          key=lambda n: self.b.parent[id(n)] is not b_parent)
        if b_parent is None:
            return []
        found = self._scope(b_parent).get((d.kind, self.d.key(d)), [])
        return [n for n in found if id(n) not in self.b2d]

    def _confirms(self, b: Provision, d: Provision) -> bool:
        own = self.b.own(b)
        if own and own == self.d.own(d):
            return True
        return fuzz.ratio(self.b.text(b), self.d.text(d), score_cutoff=self.confirm) > 0

    def by_number(self, nodes: list[Provision], *, confirm: bool) -> None:
        """Pair the free draft nodes in ``nodes`` with a free base node of the same number."""
        for d in nodes:
            if id(d) in self.d2b:
                continue
            for b in self._number_candidates(d):
                if not confirm or self._confirms(b, d):
                    self.pair(b, d, MatchKind.NUMBER)
                    break

    # -- similarity ------------------------------------------------------------------------
    def by_similarity(self, bs: list[Provision], ds: list[Provision], cutoff: float, *,
                      bonus: bool) -> int:
        """Pair free nodes of one kind by text similarity, best scores first; return pairs made."""
        bs = [n for n in bs if id(n) not in self.b2d]
        ds = [n for n in ds if id(n) not in self.d2b]
        if not bs or not ds:
            return 0
        texts = [self.b.text(n) for n in bs]
        n, m = len(ds), len(bs)
        window = m if n * m <= PAIR_BUDGET else max(1, PAIR_BUDGET // (2 * n))
        candidates = []
        for i, d in enumerate(ds):
            centre = i * m // n
            lo, hi = max(0, centre - window), min(m, centre + window + 1)
            key = self.d.key(d) if bonus else None
            for _choice, score, j in process.extract(self.d.text(d), texts[lo:hi],
                                                     scorer=fuzz.ratio, score_cutoff=cutoff,
                                                     limit=None):
                j += lo
                same_number = key is not None and self.b.key(bs[j]) == key
                # Equal scores (repeated texts such as "Derogado."): the nearest position wins.
                candidates.append((-score - (NUMBER_BONUS if same_number else 0.0),
                                   abs(j / m - i / n), i, j, same_number))
        candidates.sort()
        made = 0
        for _score, _distance, i, j, same_number in candidates:
            if id(ds[i]) not in self.d2b and id(bs[j]) not in self.b2d:
                self.pair(bs[j], ds[i], MatchKind.NUMBER if same_number else MatchKind.SIMILARITY)
                made += 1
        return made

    def by_own_text(self, bs: list[Provision], ds: list[Provision]) -> None:
        """Pair units whose own text appears once on each side (moved and renumbered, with
        their fracciones changed): an exact look-up, before any fuzzy comparison."""
        def unique(tree: _Tree, nodes: list[Provision]) -> dict[tuple, Provision | None]:
            seen: dict[tuple, Provision | None] = {}
            for node in nodes:
                own = tree.own(node)
                if len(own) >= _MIN_UNIQUE_TEXT:
                    key = (node.kind, own)
                    seen[key] = None if key in seen else node
            return seen

        base_texts = unique(self.b, bs)
        for key, d in unique(self.d, ds).items():
            b = base_texts.get(key)
            if b is not None and d is not None:
                self.pair(b, d, MatchKind.SIMILARITY)

    # -- position ----------------------------------------------------------------------------
    def by_gap(self, d_parent: Provision, kinds: frozenset[ProvisionKind]) -> None:
        """Pair the one free base and one free draft unit of a kind left between two matched
        siblings, when a neighbour was renumbered: a unit rewritten (or derogated) in the
        middle of a renumbering, which neither its number nor its text can find."""
        b_parent = self.d2b.get(id(d_parent))
        if b_parent is None:
            return
        b_index = {id(c): i for i, c in enumerate(b_parent.children)}
        previous: Provision | None = None
        gap: list[Provision] = []
        for child in [*d_parent.children, None]:
            partner = self.d2b.get(id(child)) if child is not None else None
            if child is not None and partner is None:
                if child.kind in kinds:
                    gap.append(child)
                continue
            if child is not None and id(partner) not in b_index:
                continue  # matched elsewhere (moved): not an anchor of this parent
            if gap:
                self._fill_gap(gap, b_parent.children, b_index, previous, child)
            previous, gap = child, []

    def _fill_gap(self, gap: list[Provision], b_children: list[Provision],
                  b_index: dict[int, int], before: Provision | None,
                  after: Provision | None) -> None:
        anchors = [d for d in (before, after) if d is not None]
        if not any(self._renumbered(self.d2b[id(d)], d) for d in anchors):
            return
        start = b_index[id(self.d2b[id(before)])] + 1 if before is not None else 0
        end = b_index[id(self.d2b[id(after)])] if after is not None else len(b_children)
        free = [b for b in b_children[start:end] if id(b) not in self.b2d]
        for kind in {d.kind for d in gap}:
            ds = [d for d in gap if d.kind is kind]
            bs = [b for b in free if b.kind is kind]
            if len(ds) == 1 and len(bs) == 1:
                self.pair(bs[0], ds[0], MatchKind.NUMBER)

    @staticmethod
    def _renumbered(b: Provision, d: Provision) -> bool:
        return b.num != d.num and _token(b.num) != _token(d.num)

    def structure(self) -> None:
        """Divisions, articles and transitorios: number (confirmed), similarity, number."""
        skeleton = [n for n in self.d.nodes if n.kind in _STRUCTURE]
        self.by_number(skeleton, confirm=True)
        self.by_own_text(self.free_base(self.b.nodes, _STRUCTURE),
                         self.free_draft(skeleton, _STRUCTURE))
        for kind in _STRUCTURE:
            self.by_similarity(self.free_base(self.b.nodes, frozenset({kind})),
                               self.free_draft(skeleton, frozenset({kind})),
                               self.threshold, bonus=True)
        self.by_number(skeleton, confirm=False)
        for d_parent in [self.d.root, *self.d.nodes]:
            if d_parent.kind not in _STRUCTURE and d_parent is not self.d.root:
                continue
            if any(id(c) not in self.d2b and c.kind in _STRUCTURE for c in d_parent.children):
                self.by_gap(d_parent, _STRUCTURE)

    # -- units inside articles -------------------------------------------------------------
    def units(self) -> None:
        """Párrafos, fracciones, incisos: the same stages under each matched parent pair."""
        sub = frozenset(K) - _STRUCTURE
        for d_parent in [self.d.root, *self.d.nodes]:
            b_parent = self.d2b.get(id(d_parent))
            if b_parent is None:
                continue
            ds = self.free_draft(d_parent.children, sub)
            if not ds:
                continue
            bs = self.free_base(b_parent.children, sub)
            if not bs:
                continue
            self.by_number(ds, confirm=True)
            for kind in {n.kind for n in ds}:
                kinds = frozenset({kind})
                self.by_similarity(self.free_base(bs, kinds), self.free_draft(ds, kinds),
                                   self.threshold, bonus=True)
            self.by_number(ds, confirm=False)
            self.by_gap(d_parent, sub)

    def moved_units(self) -> int:
        """Near-identical units that changed parent (a fracción taken to another article)."""
        sub = frozenset(K) - _STRUCTURE
        made = 0
        for kind in sub:
            kinds = frozenset({kind})
            made += self.by_similarity(self.free_base(self.b.nodes, kinds),
                                       self.free_draft(self.d.nodes, kinds),
                                       self.confirm, bonus=False)
        return made

    # -- flags and rows --------------------------------------------------------------------
    def moved(self) -> set[int]:
        """Ids of draft nodes whose parent is not their counterpart's, or out of order."""
        out: set[int] = set()
        for d in self.d.nodes:
            b = self.d2b.get(id(d))
            if b is not None and self.d2b.get(id(self.d.parent[id(d)])) is not self.b.parent[id(b)]:
                out.add(id(d))
        for d_parent in [self.d.root, *self.d.nodes]:
            if id(d_parent) not in self.d2b or len(d_parent.children) < 2:
                continue
            kept = [c for c in d_parent.children if id(c) in self.d2b and id(c) not in out]
            positions = [self.b.order[id(self.d2b[id(c)])] for c in kept]
            if all(x < y for x, y in zip(positions, positions[1:])):
                continue
            in_order = _longest_increasing(positions)
            out.update(id(c) for i, c in enumerate(kept) if i not in in_order)
        return out

    def row(self, b: Provision, d: Provision, moved: set[int]) -> AlignedPair:
        own_b, own_d = self.b.own(b), self.d.own(d)
        similarity = 100.0 if own_b == own_d else fuzz.ratio(own_b, own_d)
        return AlignedPair(b, d, self.how[id(d)], id(d) in moved, self._renumbered(b, d),
                           similarity)

    def rows(self) -> list[AlignedPair]:
        moved = self.moved()
        # Deleted base nodes follow the closest preceding base node that has a row.
        trailing: dict[int, list[Provision]] = {}
        leading: list[Provision] = []
        anchor: Provision | None = None
        for node in self.b.nodes:
            if id(node) in self.b2d:
                anchor = node
            elif anchor is None:
                leading.append(node)
            else:
                trailing.setdefault(id(anchor), []).append(node)
        pairs = [AlignedPair(n, None, similarity=0.0) for n in leading]
        for d in self.d.nodes:
            b = self.d2b.get(id(d))
            if b is None:
                pairs.append(AlignedPair(None, d, similarity=0.0))
                continue
            pairs.append(self.row(b, d, moved))
            pairs.extend(AlignedPair(n, None, similarity=0.0) for n in trailing.get(id(b), ()))
        return pairs


def _longest_increasing(values: list[int]) -> set[int]:
    """Indices of one longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []       # smallest tail value of an increasing run of each length
    tail_index: list[int] = []  # index in ``values`` of that tail
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        k = bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[k] = value
            tail_index[k] = i
        previous[i] = tail_index[k - 1] if k else -1
    out: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i >= 0:
        out.add(i)
        i = previous[i]
    return out


def align_trees(base: Provision, draft: Provision, *,
                threshold: float = DEFAULT_THRESHOLD) -> Alignment:
    """Pair every non-root provision of ``base`` and ``draft`` (see the module docstring).

    ``threshold`` is the fuzz.ratio (0–100) two texts need to be paired by similarity alone.
    Works for two versions of one regulation (permanent ids do most of the work) and for two
    different regulations (numbers and similarity do).
    """
    matcher = _Matcher(base, draft, threshold)
    matcher.by_pid()
    matcher.structure()
    matcher.units()
    if matcher.moved_units():
        matcher.units()  # the children of a moved unit can now pair under it
    return Alignment(matcher.rows())
