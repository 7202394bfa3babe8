"""Conversions between domain objects and the plain values stored in ORM records."""

from __future__ import annotations

from ..domain.gazette import gazette_from_dict, gazette_to_dict
from ..domain.provisions import (
    Provision, ProvisionKind, ProvisionStatus, note_from_dict, note_to_dict,
)


def tree_to_rows(root: Provision, expression_id: int) -> list[dict]:
    """Pre-order rows for a bulk insert (the root itself is not stored)."""
    rows = []
    for ord_, (depth, node) in enumerate(root.iter_with_depth()):
        if depth == 0:
            continue
        rows.append({
            "expression_id": expression_id, "ord": ord_, "depth": depth,
            "kind": node.kind.value, "eid": node.eid, "pid": node.pid, "num": node.num,
            "heading": node.heading, "text": node.text, "status": node.status.value,
            "notes": [note_to_dict(n) for n in node.notes], "decree": gazette_to_dict(node.decree),
            "line": node.line,
        })
    return rows


def tree_from_rows(rows) -> Provision:
    """Rebuild a tree from rows ordered by ``ord`` (each with a ``depth``)."""
    root = Provision(ProvisionKind.ROOT)
    stack = [root]
    for row in rows:
        node = Provision(
            ProvisionKind(row.kind), num=row.num, heading=row.heading, text=row.text,
            status=ProvisionStatus(row.status), notes=[note_from_dict(n) for n in row.notes],
            eid=row.eid, pid=row.pid, decree=gazette_from_dict(row.decree), line=row.line,
        )
        del stack[row.depth:]
        stack[-1].children.append(node)
        stack.append(node)
    return root


def tree_to_flat(root: Provision) -> list[list]:
    """Compact JSON form of a draft tree: one list per node, in pre-order with its depth."""
    return [[depth, node.kind.value, node.num, node.heading, node.text, node.status.value,
             node.pid, [note_to_dict(n) for n in node.notes], gazette_to_dict(node.decree)]
            for depth, node in root.iter_with_depth() if depth]


def tree_from_flat(rows: list[list]) -> Provision:
    """Inverse of ``tree_to_flat``; eIds are recomputed by the caller (``assign_eids``)."""
    root = Provision(ProvisionKind.ROOT)
    stack = [root]
    for depth, kind, num, heading, text, status, pid, notes, decree in rows:
        node = Provision(ProvisionKind(kind), num=num, heading=heading, text=text,
                         status=ProvisionStatus(status), pid=pid,
                         notes=[note_from_dict(n) for n in notes], decree=gazette_from_dict(decree))
        del stack[depth:]
        stack[-1].children.append(node)
        stack.append(node)
    return root
