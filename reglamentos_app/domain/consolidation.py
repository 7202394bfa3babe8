"""Consolidation: replaying a published reform's operations on the text in force.

``apply_operations`` takes the provision tree in force and the ``ReformOperation`` list of a
published reform, and returns the consolidated tree, built on a deep copy so the input is never
touched. Every operation is first checked against the text in force: its destination is found
by permanent id (pid), then by hierarchical id (eid), and its ``fingerprint`` must still be the
``old_hash`` the operation was drafted from; an insertion needs its parent and a free number.
When anything does not match, nothing at all is applied and the result lists every
``Conflict`` (``consolidate_or_raise`` turns them into a ``ConsolidationConflict`` for the
user): another reform published meanwhile is never overwritten silently. After applying, eids
are recomputed and each touched unit gets a reform note in the chosen Baja California house
style, worded so that the text importer reads the very same note back.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import date

from .changes import CitationPart, OperationKind, ReformOperation, fingerprint, own_fingerprint
from .drafting import FEMININE_KINDS, repealed_text
from .errors import ReglamentosError
from .gazette import GazetteReference, format_long_date
from .numbering import canonical_token, ordinal_word, strip_transitorio_label
from .provisions import (
    NoteAction, NoteStyle, Provision, ProvisionKind, ProvisionStatus, ReformNote, assign_eids,
    ensure_pids, new_pid,
)
from .regulation import Expression

__all__ = ["Conflict", "ConsolidationConflict", "ConsolidationResult", "append_transitorios",
           "apply_operations", "consolidate_or_raise", "describe_citation", "expression_for", "note_for"]


# -- results ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Conflict:
    """An operation that cannot be replayed on the text in force, and why (in Spanish)."""

    operation: ReformOperation
    reason: str
    expected_hash: str = ""
    found_hash: str = ""


@dataclass(slots=True)
class ConsolidationResult:
    """The consolidated tree (None when there are conflicts), what was applied and warnings."""

    root: Provision | None
    applied: list[ReformOperation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


class ConsolidationConflict(ReglamentosError):
    """The reform does not fit the text in force any more; nothing was applied."""

    default_message = ("La reforma no coincide con el texto vigente. "
                       "Revise el proyecto antes de publicarlo.")

    def __init__(self, conflicts: list[Conflict]) -> None:
        self.conflicts = list(conflicts)
        detail = "\n".join(f"{c.operation.kind.value} {c.operation.eid} pid={c.operation.pid} "
                           f"esperado={c.expected_hash} encontrado={c.found_hash}"
                           for c in self.conflicts)
        super().__init__(_conflict_message(self.conflicts), detail=detail)


def _conflict_message(conflicts: list[Conflict]) -> str:
    closing = "Revise el proyecto antes de publicarlo."
    if len(conflicts) == 1:
        return f"{conflicts[0].reason} No se aplicó ningún cambio. {closing}"
    lines = "\n".join(f"• {c.reason}" for c in conflicts)
    return (f"La reforma no se aplicó: {len(conflicts)} disposiciones no coinciden con el texto "
            f"vigente y no se aplicó ningún cambio.\n{lines}\n{closing}")


# -- Spanish names of units ---------------------------------------------------------------
_NOUNS = {
    ProvisionKind.BOOK: "libro", ProvisionKind.TITLE: "título", ProvisionKind.CHAPTER: "capítulo",
    ProvisionKind.SECTION: "sección", ProvisionKind.ARTICLE: "artículo",
    ProvisionKind.PARAGRAPH: "párrafo", ProvisionKind.CLAUSE: "fracción",
    ProvisionKind.ITEM: "inciso", ProvisionKind.NUMERAL: "numeral",
    ProvisionKind.TRANSITIONAL_GROUP: "bloque de transitorios",
    ProvisionKind.TRANSITIONAL: "artículo transitorio", ProvisionKind.ROOT: "texto",
}


def _unit_name(kind: ProvisionKind, num: str) -> str:
    """"fracción II", "inciso a)", "párrafo segundo", "artículo segundo transitorio"."""
    num = num.strip()
    if kind is ProvisionKind.ITEM and num and not num.endswith(")"):
        num += ")"
    elif kind is ProvisionKind.PARAGRAPH and num.isdigit():
        num = ordinal_word(int(num)).lower()
    elif kind is ProvisionKind.TRANSITIONAL:
        shown = num if num[:1].isdigit() else num.lower()
        return f"artículo {shown} transitorio" if shown else "artículo transitorio"
    return f"{_NOUNS[kind]} {num}".strip()


def _article_for(kind: ProvisionKind) -> str:
    return "la" if kind in FEMININE_KINDS else "el"


def describe_citation(citation: tuple[CitationPart, ...], fallback: str = "") -> str:
    """Sentence-initial Spanish citation: "El artículo 5, fracción II"."""
    if not citation:
        return f"La disposición «{fallback}»" if fallback else "La disposición"
    head = citation[0]
    parts = [_unit_name(p.kind, p.num) for p in citation]
    return f"{_article_for(head.kind).capitalize()} {', '.join(parts)}"


def _subject(op: ReformOperation) -> str:
    """How a conflict names the unit: a renumbered one by the number it has in force."""
    citation = op.citation
    if op.kind is OperationKind.RENUMBER and op.old_num and citation:
        citation = (*citation[:-1], CitationPart(citation[-1].kind, op.old_num))
    return describe_citation(citation, op.eid)


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _of(subject: str) -> str:
    """"de" before a sentence-initial citation, contracted: "del artículo 5", "de la fracción"."""
    phrase = _lower_first(subject)
    return "del " + phrase[3:] if phrase.startswith("el ") else "de " + phrase


def _pronoun(op: ReformOperation) -> str:
    """"lo" or "la", agreeing with the head noun of the citation."""
    if not op.citation:
        return "la"
    return "la" if op.citation[0].kind in FEMININE_KINDS else "lo"


# -- locating destinations ----------------------------------------------------------------
@dataclass(slots=True)
class _Index:
    """Nodes of the working copy by eid (as in force before any change) and by pid."""

    by_eid: dict[str, Provision]
    by_pid: dict[str, Provision]

    @classmethod
    def of(cls, root: Provision) -> _Index:
        by_eid = {n.eid: n for n in root.walk() if n.eid}
        by_eid[""] = root
        return cls(by_eid, _pids(root))

    def refresh(self, root: Provision) -> None:
        # Only pids are refreshed: eids in operations refer to the text as it was in force.
        self.by_pid = _pids(root)

    def locate(self, pid: str, eid: str) -> Provision | None:
        if pid and pid in self.by_pid:
            return self.by_pid[pid]
        return self.by_eid.get(eid) if eid else None

    def locate_parent(self, op: ReformOperation) -> Provision | None:
        """Where an insertion goes: ``parent_pid``, else the parent part of the new eid."""
        if op.parent_pid and op.parent_pid in self.by_pid:
            return self.by_pid[op.parent_pid]
        return self.by_eid.get(_parent_eid(op.eid)) if op.eid else None


def _pids(root: Provision) -> dict[str, Provision]:
    return {n.pid: n for n in root.walk() if n.pid}


def _parent_eid(eid: str) -> str:
    """"tit_1__cap_2__art_5" → "tit_1__cap_2"; a top-level eid → "" (the root)."""
    return eid.rsplit("__", 1)[0] if "__" in eid else ""


# -- verification -------------------------------------------------------------------------
def _verify_existing(op: ReformOperation, index: _Index) -> Provision | Conflict:
    """Destination of an amend/repeal/renumber, or the conflict that prevents it."""
    subject = _subject(op)
    node = index.locate(op.pid, op.eid)
    if node is None:
        return Conflict(op, f"{subject} ya no está en el texto vigente (otra reforma publicada "
                            f"pudo haber{_pronoun(op)} suprimido o renumerado).", op.old_hash)
    found = own_fingerprint(node) if op.own_only else fingerprint(node)
    if found != op.old_hash:
        return Conflict(op, f"{subject} cambió desde que se redactó el proyecto (otra reforma "
                            f"publicada {_pronoun(op)} modificó).", op.old_hash, found)
    if op.kind is OperationKind.AMEND and op.new is None:
        return Conflict(op, f"La reforma {_of(subject)} está incompleta: no trae el texto "
                            "nuevo.", op.old_hash, found)
    if op.kind is OperationKind.RENUMBER and not _new_number(op):
        return Conflict(op, f"La renumeración {_of(subject)} está incompleta: no trae el "
                            "número nuevo.", op.old_hash, found)
    return node


def _new_number(op: ReformOperation) -> str:
    """The number a renumbering gives: the new unit's, else the last part of the citation."""
    if op.new is not None and op.new.num.strip():
        return op.new.num
    return op.citation[-1].num if op.citation else ""


def _insert_parent(op: ReformOperation, index: _Index) -> Provision | Conflict:
    subject = _lower_first(_subject(op))
    if op.new is None:
        return Conflict(op, f"La adición {_of(subject)} está incompleta: no trae el texto nuevo.")
    parent = index.locate_parent(op)
    if parent is None:
        where = describe_citation(op.citation[:-1]) if len(op.citation) > 1 else "La disposición"
        return Conflict(op, f"No se puede adicionar {subject}: {_lower_first(where)}, donde se "
                            "adiciona, ya no está en el texto vigente.")
    return parent


def _insert_clash(op: ReformOperation, parent: Provision,
                  present_pids: set[str]) -> Conflict | None:
    """A sibling with the same number, or the new unit's ids already in force."""
    new = op.new
    assert new is not None
    token = canonical_token(new.num) if new.num.strip() else ""
    taken = token and any(s.kind is new.kind and canonical_token(s.num) == token
                          for s in parent.children)
    reused = any(n.pid and n.pid in present_pids for n in new.walk())
    if taken or reused:
        return Conflict(op, f"{_subject(op)} ya existe en el texto vigente (otra reforma publicada "
                            f"{_pronoun(op)} adicionó).")
    return None


def _article_clash(op: ReformOperation, tree: Provision, parent: Provision) -> Conflict | None:
    """An article added with a number another article of the body already has.

    Articles are numbered across the whole regulation, so a second "artículo 9" in another
    chapter (an article moved there keeping its number, or two reforms that each added a 12)
    would leave two articles 9 in the texto vigente.
    """
    new = op.new
    assert new is not None
    if new.kind is not ProvisionKind.ARTICLE or not new.num.strip():
        return None
    if any(g.kind is ProvisionKind.TRANSITIONAL_GROUP and any(n is parent for n in g.walk())
           for g in tree.children):
        return None
    token = canonical_token(new.num)
    for group in _body_nodes(tree):
        if group.kind is ProvisionKind.ARTICLE and canonical_token(group.num) == token:
            return Conflict(op, f"El artículo {new.num} ya existe en el texto vigente y los "
                                "artículos se numeran en todo el reglamento. Si el artículo se "
                                "lleva a otro capítulo, derógelo donde está y adiciónelo con un "
                                "número libre (por ejemplo, con Bis), o renumérelo.")
    return None


def _body_nodes(tree: Provision):
    stack = [c for c in reversed(tree.children) if c.kind is not ProvisionKind.TRANSITIONAL_GROUP]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(reversed(node.children))


# -- applying -----------------------------------------------------------------------------
def _amend(node: Provision, new: Provision) -> None:
    # The destination keeps its pid, kind and history of notes; content comes from the draft,
    # with the draft's child pids so that later diffs still align the unchanged children.
    node.num, node.heading, node.text, node.status = new.num, new.heading, new.text, new.status
    node.children = copy.deepcopy(new.children)


def _repeal(node: Provision) -> None:
    node.status = ProvisionStatus.REPEALED
    node.text = repealed_text(node.kind)
    node.children = []
    if node.kind.is_division:
        # A division shows only its heading, so the placeholder goes there to be visible.
        node.heading = node.text
    else:
        node.heading = ""


def _insert(parent: Provision, new: Provision, after_pid: str) -> Provision | None:
    """Insert a copy of ``new`` after the ``after_pid`` sibling (first when empty)."""
    position = 0
    if after_pid:
        anchor = next((i for i, c in enumerate(parent.children) if c.pid == after_pid), None)
        if anchor is None:
            return None
        position = anchor + 1
    node = copy.deepcopy(new)
    parent.children.insert(position, node)
    return node


_ACTIONS = {OperationKind.AMEND: NoteAction.AMEND, OperationKind.INSERT: NoteAction.INSERT,
            OperationKind.REPEAL: NoteAction.REPEAL,
            # A renumbering is a reform of the unit (its number); the importer reads it so.
            OperationKind.RENUMBER: NoteAction.AMEND}


def apply_operations(current: Provision, operations: list[ReformOperation], *,
                     act: GazetteReference | None, note_style: NoteStyle | None,
                     act_label: str = "Acuerdo de Cabildo") -> ConsolidationResult:
    """Replay ``operations`` on a copy of ``current`` (see the module docstring).

    Amendments, derogations and renumberings are verified together against the text in force
    (their fingerprints describe it, not an intermediate state) and applied first; insertions
    follow, so that a unit renumbered by the same reform frees its number ("III" → "IV", then
    a new "III"). Insertions anchored to another new unit wait until that unit is in place.
    """
    tree = copy.deepcopy(current)
    index = _Index.of(tree)
    conflicts: list[Conflict] = []
    touched: list[tuple[ReformOperation, Provision]] = []
    changes = [op for op in operations if op.kind is not OperationKind.INSERT]
    for op in changes:
        target = _verify_existing(op, index)
        if isinstance(target, Conflict):
            conflicts.append(target)
        else:
            touched.append((op, target))
    for op, node in touched:
        _apply_change(op, node)
    index.refresh(tree)
    inserts = [op for op in operations if op.kind is OperationKind.INSERT]
    touched += _apply_inserts(inserts, tree, index, conflicts)
    conflicts += _detached(touched, tree)
    if conflicts:
        order = {id(op): i for i, op in enumerate(operations)}
        conflicts.sort(key=lambda c: order.get(id(c.operation), len(order)))
        return ConsolidationResult(None, [], [], conflicts)
    warnings = _finish_ids(tree)
    if note_style is not None:
        warnings += _add_notes(tree, touched, act, note_style, act_label)
    return ConsolidationResult(tree, list(operations), warnings)


def _apply_change(op: ReformOperation, node: Provision) -> None:
    if op.kind is OperationKind.AMEND:
        assert op.new is not None
        if op.own_only:
            # The proemio (or denominación) only: what it holds has operations of its own.
            node.num, node.heading, node.text = op.new.num, op.new.heading, op.new.text
            node.status = op.new.status
        else:
            _amend(node, op.new)
    elif op.kind is OperationKind.REPEAL:
        _repeal(node)
    elif op.kind is OperationKind.RENUMBER:
        node.num = _new_number(op)


def _apply_inserts(inserts: list[ReformOperation], tree: Provision, index: _Index,
                   conflicts: list[Conflict]) -> list[tuple[ReformOperation, Provision]]:
    done: list[tuple[ReformOperation, Provision]] = []
    pending: list[ReformOperation] = []
    new_pids = _new_pids(inserts)
    for op in inserts:
        parent = _insert_parent(op, index)
        # A parent that another insertion of the same reform adds is not missing, only later.
        if isinstance(parent, Conflict) and (op.new is None or op.parent_pid not in new_pids):
            conflicts.append(parent)
        else:
            pending.append(op)
    progress = True
    while pending and progress:  # repeat while something moves: a unit may follow a new one
        progress = False
        for op in list(pending):
            node = _try_insert(op, tree, index, conflicts)
            if node is None:
                continue
            pending.remove(op)
            progress = True
            if isinstance(node, Provision):
                done.append((op, node))
    for op in pending:
        conflicts.append(Conflict(op, f"No se encontró dónde adicionar "
                                      f"{_lower_first(_subject(op))}: la disposición que le "
                                      "precede ya no está en el texto vigente."))
    return done


def _new_pids(inserts: list[ReformOperation]) -> set[str]:
    return {n.pid for op in inserts if op.new is not None for n in op.new.walk() if n.pid}


def _try_insert(op: ReformOperation, tree: Provision,
                index: _Index, conflicts: list[Conflict]) -> Provision | bool | None:
    """The inserted node; True when it ended in a conflict; None when it must wait."""
    parent = _insert_parent(op, index)
    if isinstance(parent, Conflict):
        return None  # its parent may be a unit that another insertion has not added yet
    assert op.new is not None
    clash = _insert_clash(op, parent, set(index.by_pid)) or _article_clash(op, tree, parent)
    if clash is not None:
        conflicts.append(clash)
        return True
    node = _insert(parent, op.new, op.after_pid)
    if node is not None:
        index.refresh(tree)
    return node


def _detached(touched: list[tuple[ReformOperation, Provision]], tree: Provision) -> list[Conflict]:
    """Operations whose unit was dropped by another operation replacing its ancestor."""
    present = {id(n) for n in tree.walk()}
    out = []
    for op, node in touched:
        if id(node) not in present:
            out.append(Conflict(op, f"{_subject(op)} está dentro de otra disposición que la misma "
                                    "reforma sustituye completa; la operación se perdería.",
                                op.old_hash))
    return out


def _finish_ids(tree: Provision) -> list[str]:
    ensure_pids(tree)
    warnings = []
    seen: set[str] = set()
    for node in tree.walk():
        if node.pid in seen:
            # Two units with one permanent id would confuse every later comparison.
            node.pid = new_pid()
            warnings.append(f"{node.display_label()} repetía un identificador permanente; "
                            "se le asignó uno nuevo.")
        seen.add(node.pid)
    for eid in assign_eids(tree):
        warnings.append(f"Identificador repetido «{eid}»: hay dos disposiciones con el mismo "
                        "número en el mismo lugar.")
    return warnings


# -- reform notes -------------------------------------------------------------------------
_VERBS = {NoteAction.AMEND: "reformad", NoteAction.INSERT: "adicionad",
          NoteAction.REPEAL: "derogad", NoteAction.OTHER: "modificad"}
_PREAMBLE_HOSTS = (ProvisionKind.ARTICLE, ProvisionKind.TRANSITIONAL)


def _participle(action: NoteAction, kind: ProvisionKind) -> str:
    return _VERBS[action] + ("a" if kind in FEMININE_KINDS else "o")


def _short_citation(act: GazetteReference) -> str:
    """"P.O. No. 34, Sección I, Tomo CXXVI, 12-07-2019" (the parenthetical style)."""
    parts = [f"P.O. No. {act.number}" if act.number else "P.O."]
    parts += [f"Sección {act.section}"] if act.section else []
    parts += [f"Tomo {act.tome}"] if act.tome else []
    parts += [act.date.strftime("%d-%m-%Y")] if act.date else []
    return ", ".join(parts)


def _long_citation(act: GazetteReference) -> str:
    """"Periódico Oficial No. 34, de fecha 12 de julio de 2019, Sección I, Tomo CXXVI"."""
    parts = ["Periódico Oficial" + (f" No. {act.number}" if act.number else "")]
    parts += [f"de fecha {format_long_date(act.date)}"] if act.date else []
    parts += [f"Sección {act.section}"] if act.section else []
    parts += [f"Tomo {act.tome}"] if act.tome else []
    return ", ".join(parts)


def _by_act(act: GazetteReference | None, act_label: str) -> str:
    return (f"por {act_label}, publicado en el {_long_citation(act)}" if act
            else f"por {act_label}")


def note_for(style: NoteStyle, action: NoteAction, kind: ProvisionKind,
             act: GazetteReference | None, act_label: str = "Acuerdo de Cabildo",
             target: str = "") -> ReformNote:
    """The reform note of one unit, as the importer would read it back.

    ``target`` names a unit below the article in the "Fue reformado…" style, whose notes sit
    on the article ("Fue reformada la fracción II por…"); ``kind`` is the unit's kind, for
    the gender of the participle.
    """
    verb = _participle(action, kind)
    if style is NoteStyle.PARENTHETICAL:
        text = f"({verb.capitalize()}, {_short_citation(act)})" if act else f"({verb.capitalize()})"
    elif style is NoteStyle.PREAMBLE:
        unit = f" {target}" if target else ""
        # The complete Mexicali form (DOMAIN.md §7.2): the new text follows the note.
        text = f"Fue {verb}{unit} {_by_act(act, act_label)}; para quedar vigente como sigue:"
    else:
        text = f"[N. DE E. {verb.capitalize()} {_by_act(act, act_label)}.]"
    # The reference carries the text it was read from, exactly as the importer records it.
    gazette = (GazetteReference(act.number, act.section, act.tome, act.date, text)
               if act else None)
    return ReformNote(style, text, action, gazette)


def _add_notes(tree: Provision, touched: list[tuple[ReformOperation, Provision]],
               act: GazetteReference | None, style: NoteStyle, act_label: str) -> list[str]:
    parents = {id(c): n for n in tree.walk() for c in n.children}
    warnings = [] if act else ["La reforma no tiene datos de publicación: las notas de reforma "
                               "no citan el Periódico Oficial."]
    written: set[tuple[int, str]] = set()
    for op, node in touched:
        if node.kind is ProvisionKind.TRANSITIONAL_GROUP:
            continue  # the reform's own transitorios: their caption already cites the decree
        host, note = _place_note(node, parents, _ACTIONS[op.kind], style, act, act_label,
                                 proemio=op.own_only and bool(node.children) and bool(node.text))
        if note.style is not style:
            warnings.append(f"{node.display_label()} no admite la nota «Fue reformado…»; se "
                            "anotó entre paréntesis.")
        if (id(host), note.text) in written:
            continue  # e.g. a unit both renumbered and amended: one note is enough
        written.add((id(host), note.text))
        _attach(host, note)
    return warnings


def _place_note(node: Provision, parents: dict[int, Provision], action: NoteAction,
                style: NoteStyle, act: GazetteReference | None,
                act_label: str, proemio: bool = False) -> tuple[Provision, ReformNote]:
    if style is not NoteStyle.PREAMBLE or node.kind in _PREAMBLE_HOSTS:
        # Only its opening text changed: "Fue reformado el párrafo primero por…".
        target = "el párrafo primero" if proemio and style is NoteStyle.PREAMBLE else ""
        return node, note_for(style, action, node.kind, act, act_label, target)
    path = [node]
    while id(path[-1]) in parents and path[-1].kind not in _PREAMBLE_HOSTS:
        path.append(parents[id(path[-1])])
    host = path[-1]
    if host.kind not in _PREAMBLE_HOSTS:
        # Divisions print no "ARTÍCULO n.-" line to carry a preamble note.
        return node, note_for(NoteStyle.PARENTHETICAL, action, node.kind, act, act_label)
    target = " de ".join(_phrase(n, parents) for n in path[:-1])
    return host, note_for(style, action, node.kind, act, act_label, target)


def _phrase(node: Provision, parents: dict[int, Provision]) -> str:
    """"la fracción II", "el párrafo segundo".

    Párrafos are counted by position, and the text the article opens with is its first
    párrafo, as a decree cites them ("se reforma el párrafo segundo del artículo 5").
    """
    num = node.num
    if node.kind is ProvisionKind.PARAGRAPH and not num:
        parent = parents[id(node)]
        siblings = [c for c in parent.children if c.kind is ProvisionKind.PARAGRAPH]
        position = next(i for i, c in enumerate(siblings, 1) if c is node)
        num = str(position + (1 if parent.text else 0))
    return f"{_article_for(node.kind)} {_unit_name(node.kind, num)}"


def _attach(host: Provision, note: ReformNote) -> None:
    if note.style is NoteStyle.PREAMBLE:
        # Canonical order, as the importer builds it: preamble notes first (printed before).
        position = sum(1 for n in host.notes if n.style is NoteStyle.PREAMBLE)
        host.notes.insert(position, note)
    else:
        host.notes.append(note)


# -- entry points -------------------------------------------------------------------------
def consolidate_or_raise(current: Provision, operations: list[ReformOperation], *,
                         act: GazetteReference | None, note_style: NoteStyle | None,
                         act_label: str = "Acuerdo de Cabildo") -> ConsolidationResult:
    """``apply_operations``, raising ``ConsolidationConflict`` when anything conflicts."""
    result = apply_operations(current, operations, act=act, note_style=note_style,
                              act_label=act_label)
    if result.conflicts:
        raise ConsolidationConflict(result.conflicts)
    return result


def transitional_caption(act: GazetteReference, act_label: str = "Acuerdo de Cabildo") -> str:
    """"Del Acuerdo de Cabildo publicado en el Periódico Oficial No. 14, …" (DOMAIN §7.4)."""
    bare = GazetteReference(act.number, act.section, act.tome, act.date)
    return f"Del {act_label} publicado en el {bare.describe()}"


def append_transitorios(root: Provision, texts: list[str] | tuple[str, ...],
                        act: GazetteReference | None, act_label: str = "Acuerdo de Cabildo",
                        *, original: bool = False) -> Provision | None:
    """Append a reform's own transitorios after those already in ``root`` (in place).

    In a texto vigente each reform's transitorios follow the original's, in a block headed by
    that reform's Periódico Oficial data (DOMAIN.md §7.4, §9.6); a lone transitorio is
    "ÚNICO", several run PRIMERO, SEGUNDO… as the decree numbered them. ``original``: the
    transitorios of a regulation being issued, which need no caption. Returns the block.
    """
    texts = [strip_transitorio_label(t) for t in texts if t and t.strip()]
    if not texts:
        return None
    group = Provision(ProvisionKind.TRANSITIONAL_GROUP, decree=None if original else act,
                      heading="" if original or act is None else
                      transitional_caption(act, act_label))
    numbers = ["ÚNICO"] if len(texts) == 1 else [ordinal_word(i) for i in
                                                 range(1, len(texts) + 1)]
    group.children = [Provision(ProvisionKind.TRANSITIONAL, num=num, text=text)
                      for num, text in zip(numbers, texts)]
    root.children.append(group)
    ensure_pids(root)
    assign_eids(root)
    return group


def expression_for(expressions: list[Expression], when: date) -> Expression | None:
    """The expression in force on ``when`` (the latest to start, should two overlap)."""
    candidates = [e for e in expressions if e.in_force_on(when)]
    return max(candidates, key=lambda e: e.valid_from or date.min, default=None)
