"""From the provision tree to index documents: one per article (or transitorio) and version run.

An article whose text is identical in consecutive versions becomes ONE document whose validity
spans those versions, so a regulation with ten reforms is not indexed ten times over. The key
``uri#pid#valid_from`` is stable across re-imports, and a content hash lets an update touch only
the documents that changed.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from ..domain.numbering import canonical_token, fold
from ..domain.provisions import Provision, ProvisionKind
from ..domain.regulation import Expression, Regulation, short_title
from .analysis import word_sequence

OPEN_END = 99991231  # valid_until of a text still in force
OPEN_START = 0

_STOP_ABBR = {"de", "del", "la", "las", "el", "los", "y", "e", "para", "en", "a", "al", "por",
              "o", "u", "con", "sin", "que", "municipal", "municipio", "mexicali"}


def date_int(value: date | None, default: int) -> int:
    return value.year * 10000 + value.month * 100 + value.day if value else default


def int_date(value: int) -> date | None:
    if value in (OPEN_END, OPEN_START):
        return None
    return date(value // 10000, value // 100 % 100, value % 100)


def article_token(num: str) -> str:
    """Normalised article number for the ``art`` field ("5 Bis" → "5bis", "PRIMERO" → "1")."""
    try:
        return canonical_token(num) or fold(num)
    except Exception:  # noqa: BLE001 - an odd number must not stop indexing
        return fold(num)


@lru_cache(maxsize=4096)  # called once per indexed article with its regulation's title
def abbreviation(title: str) -> str:
    """Initials of the significant words of the short title ("Reglamento de Tránsito" → "rt")."""
    words = re.findall(r"\w+", fold(short_title(title)))
    return "".join(w[0] for w in words if w not in _STOP_ABBR)


@dataclass(slots=True)
class IndexedArticle:
    """One index document (see the module docstring)."""

    uri: str
    pid: str
    eid: str
    kind: str          # "article" | "transitional"
    num: str
    heading: str
    text: str          # own text plus that of its fracciones, incisos…
    breadcrumb: str
    status: str        # provision status: in_force | repealed
    valid_from: int
    valid_until: int

    @property
    def key(self) -> str:
        return f"{self.uri}#{self.pid or self.eid}#{self.valid_from}"

    def content_hash(self) -> str:
        data = "\x1f".join([self.eid, self.kind, self.num, self.heading, self.text,
                            self.breadcrumb, self.status])
        return hashlib.blake2b(data.encode("utf-8"), digest_size=12).hexdigest()


def _division_label(node: Provision) -> str:
    parts = [node.kind.label, node.num]
    label = " ".join(p for p in parts if p)
    return f"{label}. {node.heading}" if node.heading else label


def article_text(node: Provision) -> str:
    parts = []
    for sub in node.walk():
        if sub is not node and sub.num:
            parts.append(f"{sub.num}. {sub.text}" if sub.text else sub.num)
        elif sub.text:
            parts.append(sub.text)
    return "\n".join(parts)


def iter_articles(root: Provision) -> Iterator[tuple[Provision, str]]:
    """Articles and transitorios of a tree, each with its breadcrumb."""
    def visit(node: Provision, trail: list[str]) -> Iterator[tuple[Provision, str]]:
        for child in node.children:
            if child.kind in (ProvisionKind.ARTICLE, ProvisionKind.TRANSITIONAL):
                yield child, " / ".join(trail)
            elif child.kind.is_division:
                yield from visit(child, trail + [_division_label(child)])
            elif child.kind is ProvisionKind.TRANSITIONAL_GROUP:
                label = "Transitorios"
                if child.decree is not None:
                    label += f" ({child.decree.describe()})"
                yield from visit(child, trail + [label])
    yield from visit(root, [])


def article_documents(uri: str, versions: Iterable[Expression]) -> list[IndexedArticle]:
    """Documents of a regulation from its versions (oldest first), merging unchanged runs."""
    docs: list[IndexedArticle] = []
    open_docs: dict[str, tuple[IndexedArticle, str]] = {}
    for expression in versions:
        start = date_int(expression.valid_from, OPEN_START)
        end = date_int(expression.valid_until, OPEN_END)
        current: dict[str, tuple[IndexedArticle, str]] = {}
        for node, trail in iter_articles(expression.root):
            doc = IndexedArticle(
                uri=uri, pid=node.pid, eid=node.eid,
                kind="transitional" if node.kind is ProvisionKind.TRANSITIONAL else "article",
                num=node.num, heading=node.heading, text=article_text(node), breadcrumb=trail,
                status=node.status.value, valid_from=start, valid_until=end)
            ident = node.pid or node.eid
            digest = doc.content_hash()
            previous = open_docs.get(ident)
            if previous is not None and previous[1] == digest and ident not in current:
                previous[0].valid_until = end  # same text: extend the run
                current[ident] = previous
            elif ident not in current:
                docs.append(doc)
                current[ident] = (doc, digest)
        open_docs = current
    return docs


def regulation_fingerprint(title: str, kind: str, status: str, version_count: int,
                           last_reform: date | None, article_count: int) -> str:
    """What the database says about a regulation, cheaply: a change means reindex it."""
    return f"{title}|{kind}|{status}|{version_count}|{last_reform}|{article_count}"


@lru_cache(maxsize=4096)
def _title_digest(title: str) -> str:
    return hashlib.blake2b(title.encode(), digest_size=6).hexdigest()


def whoosh_fields(doc: IndexedArticle, regulation: Regulation) -> dict:
    """The field values of one document for the whoosh writer."""
    return raw_fields(doc, regulation.kind.value, regulation.title, regulation.status.value)


def raw_fields(doc: IndexedArticle, kind: str, title: str, rstatus: str) -> dict:
    return {
        "key": doc.key, "uri": doc.uri, "eid": doc.eid, "kind": kind,
        "provkind": doc.kind, "title": title, "abbr": abbreviation(title),
        "rstatus": rstatus, "pstatus": doc.status, "art": article_token(doc.num),
        "num": doc.num, "heading": doc.heading, "text": doc.text, "breadcrumb": doc.breadcrumb,
        "vfrom": doc.valid_from, "vuntil": doc.valid_until,
        # For exact phrases (phrases.py): space-padded, so a phrase is a search between spaces.
        "seq": f" {word_sequence(doc.text)} ".encode("utf-8"),
        "words": f"{doc.heading}\n{doc.text}",            # prefixes and fuzzy terms
        # Everything the stored document depends on: a difference means rewrite it.
        "hash": f"{doc.content_hash()}:{doc.valid_until}:{kind}:{rstatus}:{_title_digest(title)}",
    }


# -- drafts of reform projects ------------------------------------------------------------------
DRAFT_MARK = "@proyecto-"


def draft_group(project_id: int, uri: str) -> str:
    """The ``uri`` value of a draft's documents: its own group, apart from the text in force."""
    return f"{uri}{DRAFT_MARK}{project_id}"


def split_draft_group(value: str) -> tuple[str, int | None]:
    """(regulation URI, project id or None) of a ``uri`` field value."""
    uri, mark, project = value.rpartition(DRAFT_MARK)
    if mark and project.isdigit():
        return uri, int(project)
    return value, None


def draft_fields(project_id: int, uri: str, root: Provision, *, kind: str, title: str
                 ) -> list[dict]:
    """Index documents of one draft: in no date window (a draft is in force on no date) and
    out of today's texts (``current`` 0), so only a search that asks for drafts sees them."""
    group = draft_group(project_id, uri)
    out = []
    seen: set[str] = set()
    for node, trail in iter_articles(root):
        ident = node.pid or node.eid
        if ident in seen:
            continue
        seen.add(ident)
        doc = IndexedArticle(
            uri=group, pid=node.pid, eid=node.eid,
            kind="transitional" if node.kind is ProvisionKind.TRANSITIONAL else "article",
            num=node.num, heading=node.heading, text=article_text(node), breadcrumb=trail,
            status=node.status.value, valid_from=OPEN_END, valid_until=OPEN_END)
        fields = raw_fields(doc, kind, title, "in_force")
        fields.update(current="0", draft="1", project=str(project_id))
        out.append(fields)
    return out
