"""Golden cases beyond one reform of one regulation: omnibus, expedición, abrogación,
abrogación y expedición, overlapping projects, impossible dates, a reform that starts later,
numbers that collide and a move the law cannot word — each through the service and the CLI.

Expected values come from docs/DOMAIN.md (§4 dates, §7.2–7.4 texto vigente, §9.5 decree).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from reglamentos_app.domain.consolidation import ConsolidationConflict
from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.domain.reform import ProjectKind
from reglamentos_app.domain.regulation import RegulationStatus

from .scenarios import (
    CAPTION, MERCADOS, MERCADOS_TITLE, NEXT_DAY, NUMBER, OF_MERCADOS, PANTEONES, PANTEONES_TITLE,
    PUBLISHED, T_NEXT_DAY, TIANGUIS, TIANGUIS_TITLE, TOME, note,
)
from .test_golden import gazette, lines_of, run

ABROGATED_CITATION = "Periódico Oficial No. 30, de fecha 10 de junio de 2022, Tomo CXXIX"


@pytest.fixture
def mercados(services):
    return services.corpus.import_text(MERCADOS, "mercados.txt").uri


def draft(services, uri, edits, **kw):
    project = services.projects.create("Proyecto", [uri] if uri else [],
                                       transitorios=[T_NEXT_DAY], **kw)
    if uri:
        session = services.projects.open_draft(project.id, uri)
        for eid, text in edits:
            session.editor.edit(session.editor.root.find(eid).pid, text=text)
        session.save()
    return project.id


# -- omnibus ------------------------------------------------------------------------------------

def direct_publisher(capsys, db) -> tuple[str, ...]:
    """Outside the procedure only an administrator's «publicación directa» publishes (issue
    16): register one and return the options that name them and give the reason."""
    run(capsys, "workflow", "add-user", "Administración", "--oficina", "Informática", "--rol",
        "administrador", *db)
    return ("--usuario", "Administración", "--motivo", "Caso de prueba publicado fuera del trámite.")

def test_omnibus_reform_of_two_regulations(services, mercados):
    panteones = services.corpus.import_text(PANTEONES, "panteones.txt").uri
    project = services.projects.create("Reforma de servicios", [mercados, panteones],
                                       transitorios=[T_NEXT_DAY])
    for uri, eid, text in ((mercados, "cap_1__art_1", "El presente Reglamento regula los "
                            "mercados públicos."),
                           (panteones, "art_2", "Los panteones abrirán de seis a dieciocho "
                            "horas.")):
        session = services.projects.open_draft(project.id, uri)
        session.editor.edit(session.editor.root.find(eid).pid, text=text)
        session.save()
    assert services.projects.decree(project.id).split("\n") == [
        f"ARTÍCULO PRIMERO.- Se reforma el artículo 1 {OF_MERCADOS}, para quedar como sigue:",
        "ARTÍCULO 1.- El presente Reglamento regula los mercados públicos.",
        f"ARTÍCULO SEGUNDO.- Se reforma el artículo 2 del {PANTEONES_TITLE}, para quedar como "
        "sigue:",
        "ARTÍCULO 2.- Los panteones abrirán de seis a dieciocho horas.",
        "TRANSITORIOS", f"ÚNICO.- {T_NEXT_DAY}"]
    services.projects.publish(project.id, gazette())
    for uri in (mercados, panteones):
        lines = lines_of(services.corpus.get_text(uri, NEXT_DAY).root)
        assert lines[-3:] == ["TRANSITORIOS", CAPTION, f"ÚNICO.- {T_NEXT_DAY}"]


# -- project kinds --------------------------------------------------------------------------------
def test_expedicion(services):
    project_id = draft(services, None, [], kind=ProjectKind.NEW_ISSUE)
    uri = services.projects.add_new_regulation(project_id, TIANGUIS_TITLE, text=TIANGUIS)
    assert services.projects.decree(project_id).split("\n") == [
        f"ARTÍCULO ÚNICO.- Se expide el {TIANGUIS_TITLE}, para quedar como sigue:",
        "ARTÍCULO 1.- El presente Reglamento regula los tianguis del Municipio.",
        "ARTÍCULO 2.- Los tianguis requieren permiso de la Dirección.",
        "TRANSITORIOS", f"ÚNICO.- {T_NEXT_DAY}"]
    services.projects.publish(project_id, gazette())
    # The regulation's own transitorios, without a reform caption.
    assert lines_of(services.corpus.get_text(uri, NEXT_DAY).root) == [
        "ARTÍCULO 1.- El presente Reglamento regula los tianguis del Municipio.",
        "ARTÍCULO 2.- Los tianguis requieren permiso de la Dirección.",
        "TRANSITORIOS", f"ÚNICO.- {T_NEXT_DAY}"]


def test_abrogacion(services, mercados):
    project_id = draft(services, mercados, [], kind=ProjectKind.ABROGATION)
    assert services.projects.decree(project_id).split("\n") == [
        f"ARTÍCULO ÚNICO.- Se abroga el {MERCADOS_TITLE}, publicado en el "
        f"{ABROGATED_CITATION}.", "TRANSITORIOS", f"ÚNICO.- {T_NEXT_DAY}"]
    assert services.projects.operations(project_id)[mercados] == []
    services.projects.publish(project_id, gazette())
    assert services.corpus.get_regulation(mercados).status is RegulationStatus.ABROGATED
    # Abrogated from its entry into force; readable at any earlier date.
    assert services.corpus.get_text(mercados, NEXT_DAY).root.children == []
    before = lines_of(services.corpus.get_text(mercados, PUBLISHED).root)
    assert "ARTÍCULO 1.- El presente Reglamento regula los mercados municipales." in before


def test_abrogacion_y_expedicion(services, mercados):
    project_id = draft(services, mercados, [], kind=ProjectKind.ABROGATION_AND_ISSUE)
    uri = services.projects.add_new_regulation(project_id, TIANGUIS_TITLE, text=TIANGUIS)
    assert services.projects.decree(project_id).split("\n") == [
        f"ARTÍCULO PRIMERO.- Se expide el {TIANGUIS_TITLE}, para quedar como sigue:",
        "ARTÍCULO 1.- El presente Reglamento regula los tianguis del Municipio.",
        "ARTÍCULO 2.- Los tianguis requieren permiso de la Dirección.",
        f"ARTÍCULO SEGUNDO.- Se abroga el {MERCADOS_TITLE}, publicado en el "
        f"{ABROGATED_CITATION}.", "TRANSITORIOS", f"ÚNICO.- {T_NEXT_DAY}"]
    comparison = services.projects.compare(project_id, uri)
    assert comparison.operations == []
    assert comparison.base_label.startswith("Reglamento que se abroga")
    assert comparison.draft_label.startswith("Reglamento que se expide")
    services.projects.publish(project_id, gazette())
    assert services.corpus.get_text(mercados, NEXT_DAY).root.children == []
    assert any("Abroga" in n and "Mercados" in n
               for n in services.corpus.get_regulation(uri).header_notes)


def test_comparing_two_regulations_warns(services, mercados):
    panteones = services.corpus.import_text(PANTEONES, "panteones.txt").uri
    assert "dos reglamentos distintos" in services.compare.compare(mercados, panteones).warning
    assert services.compare.compare(mercados, mercados).warning == ""


# -- overlapping projects -------------------------------------------------------------------------
def test_overlapping_projects_containment_both_ways_and_rebase(services, mercados):
    whole = draft(services, mercados, [])
    session = services.projects.open_draft(whole, mercados)
    session.editor.derogate(session.editor.root.find("cap_2__art_4").pid)
    session.save()
    fraccion = draft(services, mercados, [("cap_2__art_4__frac_2", "Pagar sus derechos:"),
                                          ("cap_1__art_1", "Texto nuevo del artículo 1.")])
    # Article 4 (derogated whole) against its fracción II, seen from both projects.
    assert [c.citation for c in services.projects.conflicts(whole)] == ["artículo 4"]
    assert [c.citation for c in services.projects.conflicts(fraccion)] == [
        "artículo 4, fracción II"]
    services.projects.publish(whole, gazette())
    # The other project learns on opening that its base changed, and rebases.
    [stale] = services.projects.stale_targets(fraccion)
    assert stale.newest_valid_from == NEXT_DAY
    result = services.projects.rebase(fraccion, mercados)
    assert result.base_valid_from == NEXT_DAY and result.kept == 1
    assert len(result.dropped) == 1 and "fracción II" in result.dropped[0]
    assert services.projects.stale_targets(fraccion) == []
    assert services.projects.decree(fraccion).split("\n")[0] == (
        f"ARTÍCULO ÚNICO.- Se reforma el artículo 1 {OF_MERCADOS}, para quedar como sigue:")


def test_cli_conflicts_exit_code(capsys, sqlite_url, tmp_path):
    db = ("--db", sqlite_url)
    path = tmp_path / "mercados.txt"
    path.write_text(MERCADOS, encoding="utf-8")
    uri = run(capsys, "import", path, *db, "-q")[1].split("\t")[0]
    ids = []
    for eid, text in (("cap_2__art_4__frac_2", "Pagar sus derechos:"),
                      ("cap_2__art_5", "Los locales se asignarán por concurso.")):
        pid = run(capsys, "project", "new", "P", "-r", uri, *db)[1].strip()
        assert run(capsys, "project", "edit", pid, uri, eid, "--texto", text, *db)[0] == 0
        ids.append(pid)
    assert run(capsys, "project", "conflicts", ids[0], *db)[0] == 0
    third = run(capsys, "project", "new", "P", "-r", uri, *db)[1].strip()
    assert run(capsys, "project", "derogate", third, uri, "cap_2__art_4", *db)[0] == 0
    code, out, _ = run(capsys, "project", "conflicts", ids[0], *db)
    assert code == 1 and "artículo 4, fracción II" in out
    code, out, _ = run(capsys, "project", "conflicts", third, *db)
    assert code == 1 and "artículo 4" in out


# -- dates ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("when,number,override,message", [
    (date(1990, 1, 1), NUMBER, None, "anterior a la publicación"),      # before the base
    (PUBLISHED, "", None, "número del Periódico Oficial"),             # no gazette number
    (PUBLISHED, NUMBER, date(2025, 3, 1), "anterior a la publicación"),  # in force before
])
def test_impossible_publications_are_refused(services, mercados, when, number, override,
                                              message):
    project_id = draft(services, mercados, [("cap_1__art_1", "Texto nuevo.")])
    ref = gazette(when)
    ref = type(ref)(number=number, tome=TOME, date=when)
    with pytest.raises(ValidationError, match=message):
        services.projects.publish(project_id, ref, entry_override=override)
    assert len(services.corpus.versions(mercados)) == 1   # nothing stored


def test_publication_before_approval_is_refused(services, mercados):
    project_id = draft(services, mercados, [("cap_1__art_1", "Texto nuevo.")])
    with pytest.raises(ValidationError, match="aprobación del Cabildo"):
        services.projects.publish(project_id, gazette(), approved_on=date(2025, 3, 20))


def test_cli_publication_before_the_base_is_refused(capsys, sqlite_url, tmp_path):
    db = ("--db", sqlite_url)
    path = tmp_path / "mercados.txt"
    path.write_text(MERCADOS, encoding="utf-8")
    uri = run(capsys, "import", path, *db, "-q")[1].split("\t")[0]
    pid = run(capsys, "project", "new", "P", "-r", uri, *db)[1].strip()
    run(capsys, "project", "edit", pid, uri, "cap_1__art_1", "--texto", "Texto nuevo.", *db)
    code, _out, err = run(capsys, "project", "publish", pid, "--numero", "3", "--tomo", TOME,
                          "--fecha", "1990-01-01", *direct_publisher(capsys, db), *db)
    assert code == 1 and "anterior a la publicación" in err and "Traceback" not in err


def test_a_reform_that_starts_later_is_the_next_version(services, mercados, capsys,
                                                        db_url):
    today = date.today()
    first = draft(services, mercados, [("cap_1__art_1", "Primera reforma del artículo 1.")])
    services.projects.publish(first, gazette(today - timedelta(days=10)))
    second = draft(services, mercados, [("cap_1__art_1", "Segunda reforma del artículo 1.")])
    project = services.projects.get(second)
    project.transitorios = ["La presente reforma entrará en vigor a los sesenta días naturales "
                            "siguientes a su publicación en el Periódico Oficial del Estado."]
    services.projects.update(project)
    services.projects.publish(second, gazette(today))
    starts = today + timedelta(days=60)
    # "Vigente" without a date is today's text; the later one is announced.
    now = lines_of(services.corpus.get_text(mercados).root)
    assert "ARTÍCULO 1.- Primera reforma del artículo 1." in now
    assert services.corpus.next_version(mercados).valid_from == starts
    code, out, _ = run(capsys, "show", mercados, "--db", db_url)
    assert code == 0
    assert f"Próxima versión: entra en vigor el {starts:%d/%m/%Y}" in out
    later = lines_of(services.corpus.get_text(mercados, starts).root)
    assert "ARTÍCULO 1.- Segunda reforma del artículo 1." in later
    # Each reform's transitorios, in order, under its own publication data.
    assert sum(1 for line in later if line == "TRANSITORIOS") == 3


# -- numbering and moves ----------------------------------------------------------------------------
def test_a_colliding_number_is_refused_naming_the_provision(services, mercados):
    project_id = draft(services, mercados, [])
    session = services.projects.open_draft(project_id, mercados)
    art3 = session.editor.root.find("cap_1__art_3")
    with pytest.raises(ValidationError, match="Ya existe el artículo 4 en el Capítulo II"):
        session.editor.insert_after(art3.pid, text="Nuevo.", num="4")


def test_cli_colliding_number_is_refused(capsys, sqlite_url, tmp_path):
    db = ("--db", sqlite_url)
    path = tmp_path / "mercados.txt"
    path.write_text(MERCADOS, encoding="utf-8")
    uri = run(capsys, "import", path, *db, "-q")[1].split("\t")[0]
    pid = run(capsys, "project", "new", "P", "-r", uri, *db)[1].strip()
    code, _out, err = run(capsys, "project", "add", pid, uri, "--despues-de", "cap_1__art_3",
                          "--numero", "4", "--texto", "Nuevo.", *db)
    assert code == 1 and "Ya existe el artículo 4 en el Capítulo II" in err
    code, out, _ = run(capsys, "project", "add", pid, uri, "--despues-de", "cap_1__art_3",
                       "--texto", "Nuevo.", *db)
    assert (code, out.strip()) == (0, "cap_1__art_3bis")


def test_an_article_moved_to_another_chapter_keeping_its_number_is_refused(services, mercados):
    project_id = draft(services, mercados, [])
    session = services.projects.open_draft(project_id, mercados)
    ed = session.editor
    ed.move(ed.root.find("cap_1__art_3").pid, ed.root.find("cap_3").pid, 2)
    session.save()
    with pytest.raises(ConsolidationConflict, match="se numeran en todo el reglamento"):
        services.projects.publish(project_id, gazette(), confirm_review=True)
    assert len(services.corpus.versions(mercados)) == 1


# -- the independent check of the issue -------------------------------------------------------------
def test_independent_check(services, mercados):
    """Add an article at a chapter end, reform another, publish with a transitorio; publish a
    second reform that starts in 60 days; a publication dated before the base is refused."""
    today = date.today()
    project_id = draft(services, mercados, [("cap_3__art_6", "Las infracciones se sancionarán "
                                                             "con multa o amonestación.")])
    session = services.projects.open_draft(project_id, mercados)
    new = session.editor.insert_after(session.editor.root.find("cap_2__art_5").pid,
                                      text="Los locales vacantes se anunciarán.")
    session.save()
    assert new.num == "5 Bis"      # 6 opens Capítulo III
    assert services.projects.decree(project_id).split("\n")[0] == (
        f"ARTÍCULO ÚNICO.- Se reforma el artículo 6; y se adiciona el artículo 5 Bis, todos "
        f"{OF_MERCADOS}, para quedar como sigue:")
    published = today - timedelta(days=5)
    services.projects.publish(project_id, gazette(published))
    text = lines_of(services.corpus.get_text(mercados).root)
    assert "ARTÍCULO 5 Bis.- Los locales vacantes se anunciarán." in text
    assert text[-1] == f"ÚNICO.- {T_NEXT_DAY}"
    second = services.projects.create("Segunda", [mercados], transitorios=[
        "La presente reforma entrará en vigor a los sesenta días naturales siguientes a su "
        "publicación en el Periódico Oficial del Estado."])
    session = services.projects.open_draft(second.id, mercados)
    session.editor.edit(session.editor.root.find("cap_3__art_7").pid,
                        text="Las multas se pagarán en línea.")
    session.save()
    with pytest.raises(ValidationError, match="anterior a la publicación"):
        services.projects.publish(second.id, gazette(date(2020, 1, 1)))
    services.projects.publish(second.id, gazette(today))
    assert lines_of(services.corpus.get_text(mercados).root) == text   # today: unchanged
    assert services.corpus.next_version(mercados).valid_from == today + timedelta(days=60)
    assert note("7", "reformado").split(" por ")[0] in "\n".join(lines_of(
        services.corpus.get_text(mercados, today + timedelta(days=60)).root))


def test_cli_expedicion_and_abrogacion(capsys, sqlite_url, tmp_path):
    db = ("--db", sqlite_url)
    path = tmp_path / "mercados.txt"
    path.write_text(MERCADOS, encoding="utf-8")
    mercados = run(capsys, "import", path, *db, "-q")[1].split("\t")[0]
    text = tmp_path / "tianguis.txt"
    text.write_text(TIANGUIS, encoding="utf-8")
    pid = run(capsys, "project", "new", "Sustitución", "-r", mercados, "--tipo",
              "abrogacion-expedicion", *db)[1].strip()
    code, out, err = run(capsys, "project", "new-regulation", pid, TIANGUIS_TITLE, "--archivo",
                         text, *db)
    assert code == 0, err
    tianguis = out.strip()
    assert run(capsys, "project", "transitorios", pid, "--texto", T_NEXT_DAY, *db)[0] == 0
    code, out, _ = run(capsys, "project", "decree", pid, *db)
    assert out.rstrip("\n").split("\n") == [
        f"ARTÍCULO PRIMERO.- Se expide el {TIANGUIS_TITLE}, para quedar como sigue:",
        "ARTÍCULO 1.- El presente Reglamento regula los tianguis del Municipio.",
        "ARTÍCULO 2.- Los tianguis requieren permiso de la Dirección.",
        f"ARTÍCULO SEGUNDO.- Se abroga el {MERCADOS_TITLE}, publicado en el "
        f"{ABROGATED_CITATION}.", "TRANSITORIOS", f"ÚNICO.- {T_NEXT_DAY}"]
    code, _out, err = run(capsys, "project", "publish", pid, "--numero", NUMBER, "--tomo", TOME,
                          "--fecha", PUBLISHED.isoformat(), *direct_publisher(capsys, db), *db)
    assert code == 0, err
    # Readable before the abrogation takes effect; nothing in force from then on.
    code, out, _ = run(capsys, "show", mercados, "--date", "2025-03-14", *db)
    assert code == 0 and "Artículo 7" in out
    code, out, _ = run(capsys, "show", mercados, "--date", "2025-03-15", *db)
    assert code == 0 and "Artículo" not in out.split("Texto vigente desde")[1]
    assert "Estado: Abrogado" in out
    code, out, _ = run(capsys, "show", tianguis, "--date", "2025-03-15", *db)
    assert code == 0 and "Artículo 2" in out
