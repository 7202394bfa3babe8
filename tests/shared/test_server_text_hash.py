"""The server computes the same canonical text hash as ``domain`` (RELIABILITY I1, I4).

``reg_transition`` records the hash it computes from the stored drafts and refuses a client
hash that differs, so the two implementations must agree on every text: NFD vs NFC, CRLF,
trailing spaces of every kind Python strips, a zero-width space, a homoglyph, headings,
empty numbers, transitorios, and several targets in project order.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from reglamentos_app.domain.audit import canonical_text_hash
from reglamentos_app.domain.reform import project_text
from tests.services.test_projects import art

pytestmark = pytest.mark.postgres

TEXTS = [
    "Texto con acento compuesto: cafe\u0301 y nin\u0303o.",   # NFD
    "Primera línea\r\nsegunda línea\rtercera",               # CRLF and CR
    "Con espacios al final \t\u00a0\u3000\u2003",             # Python's isspace at line end
    "Espacio de\u200bancho cero y \u0430 cirílica",          # significant: kept
    "Varias\n\nlíneas  con  espacios internos   \n",
    "",
]


def _server_hash(services, project_id):
    with services.db.engine.connect() as conn:
        return conn.execute(text("SELECT reg_project_text_hash(:p)"), {"p": project_id}).scalar()


def test_server_and_client_hash_agree(office, project):
    ana = office.services("ana")
    session = ana.projects.open_draft(project, office.uri)
    root = session.editor.root
    for number, body in zip(("3", "5", "7", "12", "13", "20"), TEXTS):
        session.editor.edit(art(root, number).pid, text=body)
    session.editor.edit(art(root, "5").pid, heading="Encabezado final \u2003")
    session.save()
    stored = ana.projects.get(project)
    stored.transitorios = ["PRIMERO.- Entrará en vigor al día siguiente.  ",
                           "SEGUNDO.- Se derogan las disposiciones que se opongan.\r\n"]
    ana.projects.repository.update_meta(stored)
    stored = ana.projects.get(project)
    assert _server_hash(ana, project) == canonical_text_hash(project_text(stored))
    for body in TEXTS:  # each mutation alone changes both hashes the same way
        session = ana.projects.open_draft(project, office.uri)
        session.editor.edit(art(session.editor.root, "3").pid, text=body + " X")
        session.save()
        assert _server_hash(ana, project) == canonical_text_hash(
            project_text(ana.projects.get(project)))
