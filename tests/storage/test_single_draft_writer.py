"""RELIABILITY C5: a draft's text changes only through the compare-and-swap save.

Scans the source: the only ``UPDATE`` of ``project_targets`` in Python is in
``ProjectRepository.store_merged`` (``… WHERE revision = :expected``), and the only one in
SQL is the server's ``reg_save_draft``. A new bypass fails this test.
"""

import re
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "reglamentos_app"


def test_drafts_are_written_only_by_the_compare_and_swap_save():
    python_writers, sql_writers = [], []
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        for match in re.finditer(r"update\(ProjectTargetRecord\)", source):
            python_writers.append((path.name, source[:match.start()].rsplit("def ", 1)[1]
                                   .split("(")[0]))
        sql_writers += [path.name for _ in re.finditer(r"UPDATE project_targets", source)]
        assert "ProjectTargetRecord.draft" not in source or path.name == "projects.py"
    assert python_writers == [("projects.py", "store_merged")]
    assert sql_writers == ["0004_shared_mode.py"]
    store = (PACKAGE / "storage" / "projects.py").read_text(encoding="utf-8")
    body = store[store.index("def store_merged"):store.index("def set_status")]
    assert "ProjectTargetRecord.revision == expected_revision" in body
