"""Plain-data (JSON) form of a ``ParsedDocument``, for crossing the import-worker boundary.

The worker that reads untrusted files sends its result back as JSON, never as a pickle: a
reader compromised by a malicious file must not be able to run code in the application by
crafting the reply. Every field survives the trip, permanent ids and line numbers included.
"""

from __future__ import annotations

import json
from datetime import date

from ..domain.gazette import gazette_from_dict, gazette_to_dict
from ..domain.provisions import (
    Provision, ProvisionKind, ProvisionStatus, note_from_dict, note_to_dict,
)
from ..domain.report import ImportReport
from .document import ParsedDocument


def document_to_json(doc: ParsedDocument) -> str:
    return json.dumps({
        "title": doc.title, "publication_line": doc.publication_line,
        "last_reform_line": doc.last_reform_line, "header_notes": doc.header_notes,
        "original_publication": gazette_to_dict(doc.original_publication),
        "last_reform": gazette_to_dict(doc.last_reform), "root": _node(doc.root),
        "report": {"source_name": doc.report.source_name, **doc.report.to_json()},
        "source_text": doc.source_text,
        "version_date": doc.version_date.isoformat() if doc.version_date else None,
    }, ensure_ascii=False)


def document_from_json(text: str) -> ParsedDocument:
    data = json.loads(text)
    report = data["report"]
    return ParsedDocument(
        title=str(data["title"]), publication_line=str(data["publication_line"]),
        last_reform_line=str(data["last_reform_line"]),
        header_notes=[str(n) for n in data["header_notes"]],
        original_publication=gazette_from_dict(data["original_publication"]),
        last_reform=gazette_from_dict(data["last_reform"]), root=_node_back(data["root"]),
        report=ImportReport.from_json(str(report["source_name"]), report),
        source_text=str(data.get("source_text", "")),
        version_date=date.fromisoformat(data["version_date"]) if data.get("version_date")
        else None,
    )


def _node(node: Provision) -> dict:
    return {
        "kind": node.kind.value, "num": node.num, "heading": node.heading, "text": node.text,
        "status": node.status.value, "eid": node.eid, "pid": node.pid, "line": node.line,
        "decree": gazette_to_dict(node.decree),
        "notes": [note_to_dict(n) for n in node.notes],
        "children": [_node(c) for c in node.children],
    }


def _node_back(data: dict) -> Provision:
    return Provision(
        kind=ProvisionKind(data["kind"]), num=str(data["num"]), heading=str(data["heading"]),
        text=str(data["text"]), status=ProvisionStatus(data["status"]), eid=str(data["eid"]),
        pid=str(data["pid"]), line=int(data["line"]), decree=gazette_from_dict(data["decree"]),
        notes=[note_from_dict(n) for n in data["notes"]],
        children=[_node_back(c) for c in data["children"]],
    )
