"""Golden acceptance suite: every scenario of ``scenarios.py`` through the service and the CLI.

The service run uses ``ProjectService`` as the GUI and the procedure do (a ``DraftSession``
editor, then ``publish``); the CLI run types the same edits as ``reglamentos project …``
commands. Both compare the decree and the consolidated text with what the scenario expects
from DOMAIN.md's rules. ``test_golden_gui.py`` drives the scenarios marked ``gui`` through
the project editor.
"""

from __future__ import annotations

from datetime import date

import pytest

from reglamentos_app.cli.main import main
from reglamentos_app.domain.gazette import GazetteReference
from reglamentos_app.domain.provisions import NoteStyle, ProvisionKind as K
from reglamentos_app.sources.text.unparse import unparse_tree

from .scenarios import (
    ENTRY, MERCADOS, NUMBER, PUBLISHED, SCENARIOS, TOME, Scenario, decree,
)

KINDS = {"fraccion": K.CLAUSE, "inciso": K.ITEM, "parrafo": K.PARAGRAPH, "articulo": K.ARTICLE}
STYLES = {"preambulo": NoteStyle.PREAMBLE, "parentesis": NoteStyle.PARENTHETICAL}


# -- helpers shared by the drivers --------------------------------------------------------------
def lines_of(root) -> list[str]:
    """The consolidated text, one provision, heading or note per line."""
    return [line for line in unparse_tree(root).split("\n") if line.strip()]


def assert_blocks(lines: list[str], blocks: list[list[str]], absent: list[str]) -> None:
    """Each block appears as consecutive lines, the blocks in order; ``absent`` never."""
    start = 0
    for block in blocks:
        found = next((i for i in range(start, len(lines) - len(block) + 1)
                      if lines[i:i + len(block)] == block), None)
        assert found is not None, f"falta el bloque {block!r} en:\n" + "\n".join(lines)
        start = found + len(block)
    for line in absent:
        assert line not in lines, f"no debía aparecer {line!r}"


def apply_edit(editor, edit: tuple) -> None:
    """One drafter's edit on a ``DraftEditor`` (eIds of the draft as it is at that moment)."""
    action, eid, *rest = edit
    node = editor.root.find(eid)
    assert node is not None, eid
    if action == "edit":
        editor.edit(node.pid, text=rest[0])
    elif action == "heading":
        editor.edit(node.pid, heading=rest[0])
    elif action == "add_after":
        editor.insert_after(node.pid, text=rest[0])
    elif action == "add_in":
        editor.append_child(node.pid, KINDS[rest[0]], text=rest[1])
    elif action == "derogate":
        editor.derogate(node.pid)
    elif action == "renumber":
        editor.renumber(node.pid, rest[0])
    else:  # pragma: no cover - a typo in a scenario
        raise AssertionError(action)


def gazette(when: date = PUBLISHED) -> GazetteReference:
    return GazetteReference(number=NUMBER, tome=TOME, date=when)


def check_published(services, uri: str, s: Scenario, versions: list[date]) -> None:
    starts = [v.valid_from for v in services.corpus.versions(uri)][1:]
    assert starts == versions
    # The texto vigente once everything has entered into force.
    assert_blocks(lines_of(services.corpus.get_text(uri, versions[-1]).root),
                  s.consolidated, s.absent)


# -- the service --------------------------------------------------------------------------------
@pytest.fixture
def mercados(services):
    return services.corpus.import_text(MERCADOS, "mercados.txt").uri


def draft_through_service(services, uri: str, s: Scenario) -> int:
    project = services.projects.create("Reforma al Reglamento de Mercados", [uri],
                                       transitorios=list(s.transitorios))
    session = services.projects.open_draft(project.id, uri)
    for edit in s.edits:
        apply_edit(session.editor, edit)
    session.save()
    return project.id


@pytest.mark.parametrize("s", SCENARIOS, ids=lambda s: s.name)
def test_scenario_through_the_service(services, mercados, s):
    project_id = draft_through_service(services, mercados, s)
    assert services.projects.decree(project_id).split("\n") == decree(s)
    if s.confirm:  # flagged "(revisar)": refused until a person confirms
        with pytest.raises(Exception, match="revisar"):
            services.projects.publish(project_id, gazette(), note_style=STYLES[s.note_style])
        assert len(services.corpus.versions(mercados)) == 1
    services.projects.publish(project_id, gazette(), note_style=STYLES[s.note_style],
                              confirm_review=s.confirm)
    check_published(services, mercados, s, s.versions)


@pytest.mark.parametrize("name,transitorio,published,starts", ENTRY, ids=[e[0] for e in ENTRY])
def test_entry_into_force(services, mercados, name, transitorio, published, starts):
    s = Scenario(name, [("edit", "cap_1__art_1", "El presente Reglamento regula los mercados "
                                                 "públicos."),
                        ("edit", "cap_3__art_6", "Las infracciones se sancionarán con multa o "
                                                 "arresto.")],
                 "", [], [], transitorios=[transitorio])
    project_id = draft_through_service(services, mercados, s)
    services.projects.publish(project_id, gazette(published))
    versions = services.corpus.versions(mercados)
    assert [v.valid_from for v in versions][1:] == starts
    first = lines_of(services.corpus.get_text(mercados, starts[0]).root)
    assert "ARTÍCULO 1.- El presente Reglamento regula los mercados públicos." in first
    # Before entry into force the text in force is still the old one.
    before = lines_of(services.corpus.get_text(mercados, starts[0].fromordinal(
        starts[0].toordinal() - 1)).root)
    assert "ARTÍCULO 1.- El presente Reglamento regula los mercados municipales." in before
    last = lines_of(services.corpus.get_text(mercados, starts[-1]).root)
    assert "ARTÍCULO 6.- Las infracciones se sancionarán con multa o arresto." in last
    if len(starts) > 1:  # the excepted article waits for its own date
        assert "ARTÍCULO 6.- Las infracciones se sancionarán con multa." in first


# -- the CLI ------------------------------------------------------------------------------------
def run(capsys, *args) -> tuple[int, str, str]:
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_mercados(capsys, sqlite_url, tmp_path):
    path = tmp_path / "mercados.txt"
    path.write_text(MERCADOS, encoding="utf-8")
    code, out, err = run(capsys, "import", path, "--db", sqlite_url, "-q")
    assert code == 0, err
    return out.split("\t")[0]


def cli_edit(capsys, db, project: str, uri: str, edit: tuple) -> None:
    action, eid, *rest = edit
    args = {"edit": ["edit", project, uri, eid, "--texto", *rest],
            "heading": ["edit", project, uri, eid, "--epigrafe", *rest],
            "add_after": ["add", project, uri, "--despues-de", eid, "--texto", *rest],
            "add_in": ["add", project, uri, "--dentro-de", eid, "--tipo", *rest[:1],
                       "--texto", *rest[1:]],
            "derogate": ["derogate", project, uri, eid],
            "renumber": ["renumber", project, uri, eid, *rest]}[action]
    code, _out, err = run(capsys, "project", *args, *db)
    assert code == 0, err


@pytest.mark.parametrize("s", SCENARIOS, ids=lambda s: s.name)
def test_scenario_through_the_cli(capsys, sqlite_url, cli_mercados, tmp_path, s):
    db = ("--db", sqlite_url)
    code, out, err = run(capsys, "project", "new", "Reforma al Reglamento de Mercados",
                         "-r", cli_mercados, *db)
    assert code == 0, err
    project = out.strip()
    transitorios = [a for t in s.transitorios for a in ("--texto", t)]
    assert run(capsys, "project", "transitorios", project, *transitorios, *db)[0] == 0
    for edit in s.edits:
        cli_edit(capsys, db, project, cli_mercados, edit)
    code, out, _ = run(capsys, "project", "decree", project, *db)
    assert out.rstrip("\n").split("\n") == decree(s)
    # Outside the procedure only an administrator's «publicación directa» publishes (issue 16).
    run(capsys, "workflow", "add-user", "Administración", "--oficina", "Informática", "--rol",
        "administrador", *db)
    publish = ["project", "publish", project, "--numero", NUMBER, "--tomo", TOME,
               "--fecha", PUBLISHED.isoformat(), "--notas", s.note_style, "--usuario",
               "Administración", "--motivo", "Escenario de prueba publicado fuera del trámite.",
               *db]
    if s.confirm:
        code, _out, err = run(capsys, *publish)
        assert code == 1 and "revisar" in err
        publish.append("--confirmar-revision")
    code, out, err = run(capsys, *publish)
    assert code == 0, err
    assert out.strip() == f"{cli_mercados}\tvigente desde {s.versions[0]:%d/%m/%Y}"
    # «exportar vigente» carries the reform's own transitorios under its POE data.
    out_file = tmp_path / "vigente.txt"
    code, _out, err = run(capsys, "exportar", "vigente", cli_mercados, "--fecha",
                          s.versions[-1].isoformat(), "--formato", "txt", "-o", out_file, *db)
    assert code == 0, err
    exported = [line for line in out_file.read_text(encoding="utf-8").split("\n")
                if line.strip()]
    assert_blocks(exported, [s.consolidated[-1]], [])
    from reglamentos_app.services import open_services

    services = open_services(sqlite_url)
    try:
        check_published(services, cli_mercados, s, s.versions)
    finally:
        services.close()


@pytest.mark.parametrize("name,transitorio,published,starts", ENTRY, ids=[e[0] for e in ENTRY])
def test_entry_into_force_through_the_cli(capsys, sqlite_url, cli_mercados, name, transitorio,
                                          published, starts):
    db = ("--db", sqlite_url)
    project = run(capsys, "project", "new", "Reforma", "-r", cli_mercados, *db)[1].strip()
    assert run(capsys, "project", "transitorios", project, "--texto", transitorio, *db)[0] == 0
    for edit in (("edit", "cap_1__art_1", "El presente Reglamento regula los mercados "
                                          "públicos."),
                 ("edit", "cap_3__art_6", "Las infracciones se sancionarán con multa o "
                                          "arresto.")):
        cli_edit(capsys, db, project, cli_mercados, edit)
    run(capsys, "workflow", "add-user", "Administración", "--oficina", "Informática", "--rol",
        "administrador", *db)
    code, out, err = run(capsys, "project", "publish", project, "--numero", NUMBER, "--tomo",
                         TOME, "--fecha", published.isoformat(), "--usuario", "Administración",
                         "--motivo", "Escenario de prueba publicado fuera del trámite.", *db)
    assert code == 0, err
    assert [line.split("\t")[1] for line in out.strip().split("\n")] == [
        f"vigente desde {d:%d/%m/%Y}" for d in starts]
