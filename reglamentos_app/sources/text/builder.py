"""Nesting classified lines into a provision tree: the second stage of the text importer.

The builder keeps a stack of open nodes (divisions, then the article, fracción, inciso,
numeral) and decides from the context what each ambiguous line is: "C)" continues incisos
a), b) but "V.-" after "IV.-" is a fracción; "PRIMERO.-" is a transitorio only after a
"TRANSITORIOS" heading. It never fails: a line it cannot place goes to the nearest provision
and a structural warning with the line number goes to the import report.
"""

from __future__ import annotations

import re

from ...domain.numbering import (
    SUFFIXES, canonical_token, fold, is_roman, letter_index, next_letter, roman_to_int,
    split_suffix,
)
from ...domain.provisions import (
    DIVISION_RANK, NoteAction, NoteStyle, Provision, ProvisionKind, ReformNote,
)
from ...domain.report import ImportReport
from .gazette_text import parse_gazette
from .lexer import OPEN_END_RE, Line, LineKind, mostly_upper

_DIVISION_KINDS = {
    "libro": ProvisionKind.BOOK, "titulo": ProvisionKind.TITLE,
    "capitulo": ProvisionKind.CHAPTER, "seccion": ProvisionKind.SECTION,
}
_CONTAINERS = (ProvisionKind.ARTICLE, ProvisionKind.TRANSITIONAL)
_WRAPPING = (ProvisionKind.ARTICLE, ProvisionKind.TRANSITIONAL, ProvisionKind.CLAUSE,
             ProvisionKind.ITEM, ProvisionKind.NUMERAL, ProvisionKind.PARAGRAPH)
_TERMINAL = (".", ";", ":", ")", "]")


def note_action(text: str) -> NoteAction:
    """What a reform note reports, read from its wording."""
    f = fold(text)
    if "derog" in f:
        return NoteAction.REPEAL
    if "adici" in f:
        return NoteAction.INSERT
    if "reform" in f or "modific" in f:
        return NoteAction.AMEND
    return NoteAction.OTHER


def make_note(style: NoteStyle, text: str) -> ReformNote:
    return ReformNote(style, text, note_action(text), parse_gazette(text))


class TreeBuilder:
    """Stateful builder; feed it the body lines with ``feed`` and call ``finish``."""

    def __init__(self, root: Provision, report: ImportReport) -> None:
        self.root = root
        self.report = report
        self.stack: list[Provision] = [root]
        self.in_transitionals = False
        self.pending_preambles: list[tuple[Line, ReformNote]] = []
        self.last_node: Provision = root
        self.awaiting_heading: Provision | None = None
        self.blank_before = True
        self.previous_text = ""
        self.last_article_value = 0
        # The open decree group of a reform decree (Cámara layout) whose own articles are
        # being read, before its "Transitorio(s)" heading.
        self.decree_body: Provision | None = None

    # -- dispatch ---------------------------------------------------------------------------
    def feed(self, line: Line) -> None:
        if line.kind is LineKind.BLANK:
            self.blank_before = True
            return
        if self.pending_preambles:
            if self._preamble_continues(line):
                self.previous_text = line.raw
                return
            if not self._keeps_preambles(line):
                self._flush_preambles()
        if (line.kind is LineKind.ARTICLE and not self.pending_preambles
                and self._is_wrapped_citation(line)):
            # "…conforme al" / "Artículo 5o. de la Ley…": a citation the PDF wrapped.
            self.report.warn(line.number, f"«{line.raw[:40]}…» continúa la línea anterior (cita "
                             "de un artículo, no un artículo nuevo).")
            line = Line(line.number, LineKind.TEXT, line.raw, text=line.raw)
            self.blank_before = False
        if self.decree_body is not None and self._in_decree_body(line):
            self.previous_text = line.raw
            self.blank_before = False
            return
        handler = getattr(self, f"_on_{line.kind.value}")
        handler(line)
        if line.trailing_note:
            self._attach_note(make_note(NoteStyle.PARENTHETICAL, line.trailing_note), line)
        if line.kind not in (LineKind.TEXT, LineKind.DIVISION):
            self.awaiting_heading = None
        self.blank_before = False
        self.previous_text = line.raw

    def finish(self) -> None:
        self._flush_preambles()

    def _flush_preambles(self) -> None:
        """Place "Fue reformado…" lines that no article followed (a source error)."""
        article = self._container()
        for line, note in self.pending_preambles:
            if article is not None and article.num:
                self.report.warn(line.number, f"La nota «Fue reformado…» del artículo {line.num} no "
                                 f"va seguida del artículo; se conservó en {article.display_label()}.")
                # Canonical order puts preamble notes first (they are printed before the article).
                position = sum(1 for n in article.notes if n.style is NoteStyle.PREAMBLE)
                article.notes.insert(position, note)
            else:
                self.report.warn(line.number, "Nota «Fue reformado…» sin artículo; se conservó "
                                 "como texto.")
                self._add(self.stack[-1], Provision(ProvisionKind.PARAGRAPH, text=line.raw,
                                                    line=line.number))
        self.pending_preambles.clear()

    def _preamble_continues(self, line: Line) -> bool:
        """A wrapped "Fue reformado…" line: append it to the pending note."""
        if line.kind is not LineKind.TEXT or self.blank_before:
            return False
        pre_line, note = self.pending_preambles[-1]
        joined = f"{note.text} {line.raw}"
        self.pending_preambles[-1] = (pre_line, make_note(NoteStyle.PREAMBLE, joined))
        return True

    def _keeps_preambles(self, line: Line) -> bool:
        if line.kind in (LineKind.PREAMBLE_NOTE, LineKind.ARTICLE):
            return True
        return line.kind is LineKind.ORDINAL and self.in_transitionals

    # -- structure ----------------------------------------------------------------------------
    def _on_division(self, line: Line) -> None:
        kind = _DIVISION_KINDS[line.keyword]
        if self.in_transitionals:
            self._on_text(line, whole_line=True)
            return
        self._pop_while(lambda n: n.kind is not ProvisionKind.ROOT
                        and (not n.kind.is_division or DIVISION_RANK[n.kind] >= DIVISION_RANK[kind]))
        node = self._add(self.stack[-1], Provision(kind, num=line.num, heading=line.heading,
                                                   line=line.number), push=True)
        self.awaiting_heading = node

    def _on_article(self, line: Line) -> None:
        if self.in_transitionals:
            self._add_transitional(line)
            return
        self._pop_while(lambda n: not (n.kind.is_division or n.kind is ProvisionKind.ROOT))
        text, first_numeral = _split_leading_numeral(line.text)
        node = Provision(ProvisionKind.ARTICLE, num=line.num, heading=line.heading, text=text,
                         line=line.number)
        self._check_article_sequence(line)
        self._add(self.stack[-1], node, push=True)
        self._take_preambles(node, line)
        if first_numeral:
            # "Artículo 12. 1. Los diputados…": the first numbered párrafo shares the label line.
            self._add(node, Provision(ProvisionKind.NUMERAL, num="1", text=first_numeral,
                                      line=line.number), push=True)

    def _on_preamble_note(self, line: Line) -> None:
        self.pending_preambles.append((line, make_note(NoteStyle.PREAMBLE, line.text)))

    def _on_transitional_heading(self, line: Line) -> None:
        if self.decree_body is not None and not line.text:
            # The decree's "TRANSITORIOS": its transitorios go under its heading and citation.
            self.decree_body = None
            self._pop_to(self.stack[-1])
            return
        self.in_transitionals = True
        self._pop_while(lambda n: n.kind is not ProvisionKind.ROOT)
        group = Provision(ProvisionKind.TRANSITIONAL_GROUP, line=line.number)
        self._add(self.root, group, push=True)
        if line.text:
            self._set_caption(group, line.text)

    def _on_ordinal(self, line: Line) -> None:
        if self.in_transitionals:
            self._add_transitional(line)
        else:
            self._on_text(line, whole_line=True)

    def _add_transitional(self, line: Line) -> None:
        self._pop_while(lambda n: n.kind is not ProvisionKind.TRANSITIONAL_GROUP
                        and n.kind is not ProvisionKind.ROOT)
        parent = self.stack[-1]
        if parent.kind is ProvisionKind.ROOT:  # cannot happen after a heading; kept for safety
            parent = self._add(self.root, Provision(ProvisionKind.TRANSITIONAL_GROUP), push=True)
        node = Provision(ProvisionKind.TRANSITIONAL, num=line.num, heading=line.heading,
                         text=line.text, line=line.number)
        self._add(parent, node, push=True)
        self._take_preambles(node, line)

    # -- fracciones, incisos, numerales --------------------------------------------------------
    def _on_roman(self, line: Line) -> None:
        container = self._container()
        if container is None:
            self._on_text(line, whole_line=True, warn="Fracción fuera de un artículo")
            return
        host = self._clause_host(container)
        as_letter = len(split_suffix(line.num)[0]) == 1
        if as_letter and self._expects_item(container, line.num):
            self._add_item(container, line)
        elif self._expects_clause(host, line.num):
            self._add_clause(host, line)
        elif as_letter and self._open(ProvisionKind.ITEM):
            self._add_item(container, line)
        else:
            self._add_clause(host, line, warn=True)

    def _clause_host(self, container: Provision) -> Provision:
        """Fracciones hang from the article, or from an open numbered párrafo of it (the
        federal style: "1. Serán derechos de los diputados: I. …")."""
        for node in reversed(self.stack):
            if node is container:
                break
            if node.kind is ProvisionKind.NUMERAL and node in container.children:
                return node
        return container

    def _on_letter(self, line: Line) -> None:
        container = self._container()
        if container is None:
            self._on_text(line, whole_line=True, warn="Inciso fuera de un artículo")
            return
        self._add_item(container, line, warn=not self._expects_item(container, line.num))

    def _on_numeral(self, line: Line) -> None:
        container = self._container()
        if container is None:
            self._on_text(line, whole_line=True, warn="Numeral fuera de un artículo")
            return
        value = int(line.num)
        candidates = [n for n in reversed(self.stack[self.stack.index(container) + 1:])
                      if n.kind in (ProvisionKind.ITEM, ProvisionKind.CLAUSE)] + [container]
        parent = candidates[0] if value == 1 else next(
            (c for c in candidates if _last_numeral(c) == value - 1), None)
        if parent is None:
            parent = candidates[0]
            self.report.warn(line.number, f"Numeral {line.num} fuera de secuencia "
                             f"(se esperaba {_last_numeral(parent) + 1}).")
        self._pop_to(parent)
        self._add(parent, Provision(ProvisionKind.NUMERAL, num=line.num, heading=line.heading,
                                    text=line.text, line=line.number), push=True)

    def _add_clause(self, container: Provision, line: Line, warn: bool = False) -> None:
        if warn:
            last = self._last_child(container, ProvisionKind.CLAUSE)
            after = f" después de la {last.num}" if last else ""
            self.report.warn(line.number, f"Fracción {line.num} fuera de secuencia{after} en "
                             f"{container.display_label()}.")
        self._pop_to(container)
        self._add(container, Provision(ProvisionKind.CLAUSE, num=line.num, heading=line.heading,
                                       text=line.text, line=line.number), push=True)

    def _add_item(self, container: Provision, line: Line, warn: bool = False) -> None:
        parent = self._list_parent(container)
        if warn:
            self.report.warn(line.number, f"Inciso {line.num}) fuera de secuencia en "
                             f"{parent.display_label()}.")
        if parent.kind is ProvisionKind.PARAGRAPH and parent not in self.stack:
            self._pop_to(container)
            self.stack.append(parent)
        self._pop_to(parent)
        self._add(parent, Provision(ProvisionKind.ITEM, num=line.num, heading=line.heading,
                                    text=line.text, line=line.number), push=True)

    def _list_parent(self, container: Provision) -> Provision:
        """Where incisos go: the open fracción, else a párrafo that introduces the list
        ("…se integra por las siguientes Jefaturas:"), else the article itself."""
        clause = self._open(ProvisionKind.CLAUSE)
        if clause is not None:
            return clause
        paragraph = self._open(ProvisionKind.PARAGRAPH)
        if paragraph is not None:
            return paragraph
        last = container.children[-1] if container.children else None
        if last is not None and last.kind is ProvisionKind.PARAGRAPH:
            return last
        return container

    def _expects_clause(self, container: Provision, num: str) -> bool:
        base, suffix = split_suffix(num)
        last = self._last_child(container, ProvisionKind.CLAUSE)
        if last is None:
            return base == "I" and not suffix
        last_base, last_suffix = split_suffix(last.num)
        if not (is_roman(base) and is_roman(last_base)):
            return False
        if base == last_base:
            return bool(suffix) and _suffix_rank(suffix) > _suffix_rank(last_suffix)
        return roman_to_int(base) == roman_to_int(last_base) + 1 and not suffix

    def _expects_item(self, container: Provision, num: str) -> bool:
        letter = split_suffix(num)[0]
        parent = self._list_parent(container)
        last = self._last_child(parent, ProvisionKind.ITEM)
        if last is None:
            opens_list = parent is not container or not self._has(container, ProvisionKind.CLAUSE)
            return letter in ("a", "A") and opens_list
        last_letter, _last_suffix = split_suffix(last.num)
        if letter == last_letter:
            return num != last.num
        return next_letter(last_letter) == letter

    # -- text and notes -----------------------------------------------------------------------
    def _on_text(self, line: Line, whole_line: bool = False, warn: str = "") -> None:
        text = line.raw if whole_line else line.text
        division = self.awaiting_heading
        if division is not None and not warn:
            if not division.heading:
                division.heading = text
                return
            if not self.blank_before and (mostly_upper(text)
                                          or not division.heading.endswith(_TERMINAL)):
                division.heading = f"{division.heading} {text}"  # a heading wrapped by the PDF
                return
            self.awaiting_heading = None
        if line.forced == "join" and self.last_node.kind is not ProvisionKind.ROOT:
            self._append_text(self.last_node, text)  # the user said: it continues the line above
            return
        # Only plain text continues a line: a marker-like line that fell back to text stays apart.
        if (not whole_line and not warn and not line.forced
                and (self._continues(text) if not self.blank_before else self._wraps(text))):
            self._append_text(self.last_node, text)
            return
        if self.in_transitionals and not whole_line and not warn and _DECREE_RE.match(text):
            # "DECRETO por el que se reforman…": the transitorios of one more amending decree.
            self._pop_while(lambda n: n.kind is not ProvisionKind.ROOT)
            last = self.root.children[-1] if self.root.children else None
            if (last is not None and last.kind is ProvisionKind.TRANSITIONAL_GROUP
                    and not last.children and last.decree is None):
                # "ARTÍCULOS TRANSITORIOS DE DECRETOS DE REFORMA": a label over the decrees.
                self.root.children.pop()
            group = self._add(self.root, Provision(ProvisionKind.TRANSITIONAL_GROUP,
                                                   line=line.number), push=True)
            self._set_caption(group, text)
            self.decree_body = group
            return
        container = self._container()
        top = self.stack[-1]
        if container is not None:
            self._pop_to(container)
            if not container.text and not container.children and not warn:
                container.text = text
                self.last_node = container
            else:
                if warn:
                    self.report.warn(line.number, f"{warn}; se agregó como párrafo de "
                                     f"{container.display_label()}.")
                self._add(container, Provision(ProvisionKind.PARAGRAPH, text=text, line=line.number))
        elif top.kind is ProvisionKind.TRANSITIONAL_GROUP:
            if not top.children and not top.heading and _looks_like_caption(text):
                self._set_caption(top, text)
            elif (not top.children and top.heading and not warn
                  and (not self.blank_before or _looks_like_caption(text))):
                # A caption wrapped by the PDF, or its "Publicado en…" line after it.
                self._set_caption(top, f"{top.heading} {text}")
            else:
                self._add(top, Provision(ProvisionKind.TRANSITIONAL, text=text, line=line.number),
                          push=True)
        else:
            where = top.display_label() if top.kind is not ProvisionKind.ROOT else "el texto"
            self.report.warn(line.number, f"Texto fuera de un artículo; se agregó como párrafo de "
                             f"{where}.")
            self._add(top, Provision(ProvisionKind.PARAGRAPH, text=text, line=line.number))

    def _on_paren(self, line: Line) -> None:
        top = self.stack[-1]
        if top.kind is ProvisionKind.TRANSITIONAL_GROUP and not top.children and not top.heading:
            self._set_caption(top, line.raw)
        else:
            self._on_text(line)

    def _on_paren_note(self, line: Line) -> None:
        self._attach_note(make_note(NoteStyle.PARENTHETICAL, line.text), line)

    def _on_editor_note(self, line: Line) -> None:
        self._attach_note(make_note(NoteStyle.EDITOR, line.text), line)

    def _on_federal_note(self, line: Line) -> None:
        self._attach_note(make_note(NoteStyle.EDITOR, line.text), line)

    def _attach_note(self, note: ReformNote, line: Line) -> None:
        target = self.last_node
        if target.kind is ProvisionKind.ROOT:
            self.report.warn(line.number, "Nota de reforma sin disposición; se conservó en el texto.")
        target.notes.append(note)

    def _set_caption(self, group: Provision, text: str) -> None:
        caption = text.strip()
        if caption.startswith("(") and caption.endswith(")"):
            caption = caption[1:-1].strip()
        group.heading = caption
        group.decree = parse_gazette(caption)

    # -- helpers ------------------------------------------------------------------------------
    def _continues(self, text: str) -> bool:
        """A line right after another (no blank) continues it unless the previous one ended."""
        kind = self.last_node.kind
        if kind is ProvisionKind.ROOT or kind is ProvisionKind.TRANSITIONAL_GROUP or kind.is_division:
            return False  # these carry no text of their own to continue
        return not self.previous_text.endswith(_TERMINAL) or text[:1].islower()

    def _wraps(self, text: str) -> bool:
        """After a blank line, text continues the provision being filled when that stops
        mid-sentence and the text starts in lower case, or the provision ends on a word that
        cannot end a sentence ("de", "la", a comma): a wrap of text copied from a PDF."""
        node = self.last_node
        if node.kind not in _WRAPPING or not node.text or node.text.endswith(_TERMINAL):
            return False
        if self.previous_text.endswith(_TERMINAL):
            # A line that ended a sentence came in between (a reform note, "(Reformado…)"):
            # what follows starts anew, as it does when no blank line separates them.
            return False
        return text[:1].islower() or bool(OPEN_END_RE.search(node.text))

    def _append_text(self, node: Provision, text: str) -> None:
        if node.text.endswith("-") and not node.text.endswith(" -"):
            node.text = node.text[:-1] + text  # a word hyphenated at the end of the line
        else:
            node.text = f"{node.text} {text}".strip()

    def _take_preambles(self, node: Provision, line: Line) -> None:
        for pre_line, note in self.pending_preambles:
            if canonical_token(pre_line.num) != canonical_token(line.num):
                self.report.warn(pre_line.number, f"La nota «Fue reformado…» es del artículo "
                                 f"{pre_line.num} pero le sigue el {line.num}.")
            node.notes.append(note)
        self.pending_preambles.clear()

    def _in_decree_body(self, line: Line) -> bool:
        """Lines of a reform decree before its transitorios: its citation ("Publicado en el
        Diario Oficial…"), its own articles ("Artículo Único.- Se reforma…") and the "……"
        that stands for the amended text. They belong to the group's caption, not to its
        transitorios."""
        group = self.decree_body
        if line.kind is LineKind.TRANSITIONAL_HEADING or line.kind is LineKind.DIVISION:
            return False
        if line.kind in (LineKind.ARTICLE, LineKind.ORDINAL):
            if not _AMENDING_RE.match(fold(line.text)):
                self.decree_body = None
                return False
        elif line.kind not in (LineKind.TEXT, LineKind.PAREN, LineKind.FEDERAL_NOTE,
                               LineKind.PAREN_NOTE):
            self.decree_body = None
            return False
        group.heading = f"{group.heading} {line.raw}".strip()
        if group.decree is None or group.decree.date is None:
            group.decree = parse_gazette(group.heading)
        self.last_node = group
        return True

    def _is_wrapped_citation(self, line: Line) -> bool:
        """An article label right after a line that stops mid-sentence, whose number repeats
        or goes backwards, or that follows a word that cannot end a sentence ("del", ",")."""
        # Decided on the text of the provision so far, not on the raw line, so that the
        # canonical text (one paragraph per line) is read the same way again.
        node = self.last_node
        previous = node.heading if node.kind is ProvisionKind.TRANSITIONAL_GROUP else node.text
        if not previous or previous.endswith(_TERMINAL) or self.last_node.kind is ProvisionKind.ROOT:
            return False
        if self.last_node.kind.is_division or mostly_upper(previous):
            return False  # a heading ends without punctuation
        if _OPEN_END_RE.search(previous):
            return True
        base, suffix = _split_letter(*split_suffix(line.num))
        digits = "".join(ch for ch in base if ch.isdigit())
        if not digits or self.in_transitionals:
            return False
        value = int(digits)  # "5 Bis" after 5 is the next article, "5" after 5 is not
        return 0 < value < self.last_article_value or (value == self.last_article_value
                                                        and not suffix)

    def _check_article_sequence(self, line: Line) -> None:
        base, suffix = _split_letter(*split_suffix(line.num))
        digits = "".join(ch for ch in base if ch.isdigit())
        if not digits or base[:1].isalpha():
            return
        value = int(digits)
        last = self.last_article_value
        if suffix:
            if value != last:
                self.report.warn(line.number, f"Artículo {line.num} fuera de secuencia "
                                 f"(el anterior es el {last}).")
        elif last and value != last + 1:
            missing = f"¿falta el artículo {last + 1}?" if value > last + 1 else "número repetido o menor"
            self.report.warn(line.number, f"Artículo {line.num} después del {last}: {missing}")
        self.last_article_value = value

    def _container(self) -> Provision | None:
        return next((n for n in reversed(self.stack) if n.kind in _CONTAINERS), None)

    def _open(self, kind: ProvisionKind) -> Provision | None:
        for node in reversed(self.stack):
            if node.kind is kind:
                return node
            if node.kind in _CONTAINERS:
                return None
        return None

    @staticmethod
    def _last_child(node: Provision, kind: ProvisionKind) -> Provision | None:
        return next((c for c in reversed(node.children) if c.kind is kind), None)

    @staticmethod
    def _has(node: Provision, kind: ProvisionKind) -> bool:
        return any(c.kind is kind for c in node.children)

    def _add(self, parent: Provision, node: Provision, push: bool = False) -> Provision:
        parent.children.append(node)
        self.last_node = node
        if push:
            self.stack.append(node)
        return node

    def _pop_to(self, node: Provision) -> None:
        while self.stack[-1] is not node:
            self.stack.pop()

    def _pop_while(self, predicate) -> None:
        while len(self.stack) > 1 and predicate(self.stack[-1]):
            self.stack.pop()


_AMENDING_RE = re.compile(r"^(?:se\s+(?:reforma|adiciona|deroga|modifica|abroga|expide|crea|"
                          r"aprueba|emite)|[.…\s]*$)")
_OPEN_END_RE = re.compile(r"(?:,|\b(?:de|del|al|el|la|los|las|a|en|por|para|con|que|"
                          r"conforme|segun|mediante|articulos?|art[ií]culos?))$", re.IGNORECASE)
_DECREE_RE = re.compile(r"^(?:DECRETO|ACUERDO)\s+(?:por\s+el\s+que|que|mediante\s+el\s+cual)\b",
                        re.IGNORECASE)


def _split_letter(base: str, suffix: str) -> tuple[str, str]:
    """"15-A" is article 15's first addition, like "15 Bis"."""
    m = re.match(r"^(.*\d)-([A-ZÑ])$", base)
    return (m.group(1), suffix or m.group(2).lower()) if m else (base, suffix)


def _last_numeral(node: Provision) -> int:
    """Value of the last numeral child of ``node`` (0 when it has none)."""
    last = next((c for c in reversed(node.children) if c.kind is ProvisionKind.NUMERAL), None)
    digits = "".join(ch for ch in last.num if ch.isdigit()) if last else ""
    return int(digits) if digits else 0


_LEADING_NUMERAL = re.compile(r"^1(?:\.\s*[-–—]|\.)\s+(?=[A-ZÁÉÍÓÚÑ])(?P<rest>.+)$")


def _split_leading_numeral(text: str) -> tuple[str, str]:
    m = _LEADING_NUMERAL.match(text)
    return ("", m["rest"]) if m else (text, "")


def _suffix_rank(suffix: str) -> int:
    return SUFFIXES.index(suffix) + 1 if suffix in SUFFIXES else 0


def _looks_like_caption(text: str) -> bool:
    f = fold(text)
    return ("publicad" in f or "periodico oficial" in f) and len(text) < 400


__all__ = ["TreeBuilder", "make_note", "note_action", "letter_index"]
