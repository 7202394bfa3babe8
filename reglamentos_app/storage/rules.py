"""The procedure's role table as rows the database can check (table ``workflow_rules``).

On PostgreSQL the ``SECURITY DEFINER`` functions consult these rows: who may take which
transition from which stage, which guards a transition must pass (``kind = 'guard'``: ``name``
is the transition, ``to_stage`` the guard's registered name; the server evaluates the guards it
implements — quorum, tally, observations, committee report, approved text — in
``reg_check_guards``), which data each transition records (``kind = 'field'``: ``from_stage``
says "required" or "optional", ``to_stage`` is the field, ``role`` its type; ``kind = 'choice'``
lists the values a choice field accepts), and who may do which edit in which stage. They are derived from
the workflow definition in use (the stored one or Mexicali's default) and rewritten whenever an
administrator saves a new definition, so the server and the client apply the same table.
"""

from __future__ import annotations

from typing import Any


def rule_rows(definition: dict[str, Any]) -> list[dict[str, str]]:
    """Rows ``{kind, name, from_stage, to_stage, role}`` for a definition in ``to_dict`` form."""
    rows = [{"kind": "initial", "name": definition["initial_stage"], "from_stage": "",
             "to_stage": "", "role": ""}]
    for transition in definition["transitions"]:
        for source in transition["from"]:
            for role in transition["roles"]:
                rows.append({"kind": "transition", "name": transition["id"],
                             "from_stage": source, "to_stage": transition["to"], "role": role})
        for guard in transition.get("guards", ()):
            rows.append({"kind": "guard", "name": transition["id"], "from_stage": "",
                         "to_stage": guard, "role": ""})
        for spec in transition.get("fields", ()):
            rows.append({"kind": "field", "name": transition["id"],
                         "from_stage": "required" if spec.get("required", True) else "optional",
                         "to_stage": spec["name"], "role": spec["type"]})
            rows.extend({"kind": "choice", "name": transition["id"], "from_stage": spec["name"],
                         "to_stage": choice["value"], "role": ""}
                        for choice in spec.get("choices", ()))
    for permission in definition["permissions"]:
        for stage in permission["stages"]:
            rows.append({"kind": "permission", "name": permission["action"],
                         "from_stage": stage, "to_stage": "", "role": permission["role"]})
    return rows
