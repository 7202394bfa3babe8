"""Reform projects end to end: import, draft every kind of change, operations, decree, publish.

Runs on SQLite and on the real PostgreSQL server (``db_url`` fixture), because publishing an
omnibus reform is one transaction and optimistic revisions must hold on both engines.
"""

from datetime import date

import pytest

from reglamentos_app.domain.changes import OperationKind
from reglamentos_app.domain.consolidation import ConsolidationConflict
from reglamentos_app.domain.errors import ConflictError, ValidationError
from reglamentos_app.domain.gazette import GazetteReference
from reglamentos_app.domain.operations import format_citation
from reglamentos_app.domain.provisions import NoteStyle, ProvisionKind as K, ProvisionStatus
from reglamentos_app.domain.reform import ProjectStatus

PARQUES = """REGLAMENTO DE PARQUES PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 12, de fecha 15 de marzo de 2002, Tomo CIX, Sección I.

CAPÍTULO I
DISPOSICIONES GENERALES

ARTÍCULO 3.- Los parques son bienes del dominio público municipal.

ARTÍCULO 5.- Corresponde a la Dirección:
I. Conservar los parques;
II. Otorgar permisos para eventos, y
III. Imponer sanciones.

ARTÍCULO 7.- El horario de los parques es de seis a veintidós horas.

ARTÍCULO 8.- Se prohíbe en los parques:
I. Dañar la vegetación;
II. Tirar basura, y
III. Vender bebidas alcohólicas.

ARTÍCULO 12.- Son obligaciones de los usuarios:
I. Cuidar las instalaciones;
II. Respetar los horarios;
III. Recoger los desechos de sus mascotas;
IV. Usar los juegos conforme a su edad;
V. Atender las indicaciones del personal;
VI. No obstruir los andadores;
VII. Reportar los daños, y
VIII. Las demás que señale este Reglamento.

ARTÍCULO 13.- Las sanciones se aplicarán conforme a la Ley.

ARTÍCULO 20.- Las multas se pagarán en la Tesorería Municipal.
"""

CLAUSE = ("Se reforman los artículos 3, 5, fracción II, y 7; se adicionan el artículo 12 Bis y "
          "la fracción IX al artículo 12; y se derogan la fracción III del artículo 8 y el "
          "artículo 20, todos del Reglamento de Parques para el Municipio de Mexicali, Baja "
          "California, para quedar como sigue:")


@pytest.fixture
def parques(services):
    return services.corpus.import_text(PARQUES, "parques.txt").uri


def art(root, num):
    return next(a for a in root.articles() if a.num == num)


def clause(article, num):
    return next(c for c in article.children if c.kind is K.CLAUSE and c.num == num)


def draft_all_changes(services, project_id, uri, *, punctuation=True):
    session = services.projects.open_draft(project_id, uri)
    ed, root = session.editor, session.editor.root
    ed.edit(art(root, "3").pid, text="Los parques y jardines son bienes del dominio público "
            "municipal.")
    ed.edit(clause(art(root, "5"), "II").pid, text="Otorgar permisos para eventos públicos, y")
    ed.edit(art(root, "7").pid, text="El horario de los parques es de cinco a veintitrés horas.")
    a12 = art(root, "12")
    new_clause = ed.append_child(a12.pid, K.CLAUSE, text="Las demás que señale este Reglamento.")
    assert new_clause.num == "IX"
    if punctuation:  # what a careful drafter also does: move the "y" to the new last fracción
        ed.edit(clause(a12, "VIII").pid, text="Reportar el mal uso de las instalaciones, y")
        ed.edit(clause(a12, "VII").pid, text="Reportar los daños;")
    new_article = ed.insert_after(a12.pid, text="Los parques contarán con bebederos.")
    assert new_article.num == "12 Bis"
    ed.derogate(clause(art(root, "8"), "III").pid)
    ed.derogate(art(root, "20").pid)
    assert session.save()
    return session


def test_project_end_to_end(services, parques):
    project = services.projects.create("Reforma al Reglamento de Parques", [parques],
                                       file_number="SA/123/2025")
    assert project.targets[0].base_valid_from == date(2002, 3, 15)
    draft_all_changes(services, project.id, parques)

    ops = services.projects.operations(project.id)[parques]
    cited = [(op.kind, format_citation(op.citation)) for op in ops]
    assert (OperationKind.AMEND, "artículo 3") in cited
    assert (OperationKind.AMEND, "artículo 5, fracción II") in cited
    assert (OperationKind.INSERT, "artículo 12 Bis") in cited
    assert (OperationKind.INSERT, "artículo 12, fracción IX") in cited
    assert (OperationKind.REPEAL, "artículo 8, fracción III") in cited
    assert (OperationKind.REPEAL, "artículo 20") in cited
    assert all(op.old_hash for op in ops if op.kind is not OperationKind.INSERT)

    decree = services.projects.decree(project.id)
    assert decree.count("Se reforman") == 1
    assert "TRANSITORIOS" in decree

    # Published on 10 March 2025; the default transitorio says "al día siguiente".
    gazette = GazetteReference(number="14", section="I", tome="CXXXII", date=date(2025, 3, 10))
    result = services.projects.publish(project.id, gazette, note_style=NoteStyle.PARENTHETICAL)
    assert result.versions == [(parques, date(2025, 3, 11))]
    assert services.projects.get(project.id).status is ProjectStatus.PUBLISHED

    before = services.corpus.get_text(parques, date(2025, 3, 10)).root
    after = services.corpus.get_text(parques, date(2025, 3, 11)).root
    assert art(before, "3").text.startswith("Los parques son")
    assert art(after, "3").text.startswith("Los parques y jardines")
    assert [a.num for a in after.articles()] == ["3", "5", "7", "8", "12", "12 Bis", "13", "20"]
    assert art(after, "20").status is ProvisionStatus.REPEALED
    assert clause(art(after, "8"), "III").status is ProvisionStatus.REPEALED
    assert [c.num for c in art(after, "12").children if c.kind is K.CLAUSE][-1] == "IX"
    assert art(after, "3").notes and art(after, "3").notes[0].gazette.number == "14"
    assert not art(after, "13").notes
    # Permanent ids survive consolidation, so the next diff aligns on them.
    assert art(after, "3").pid == art(before, "3").pid
    # The published project can no longer be edited.
    with pytest.raises(ValidationError):
        services.projects.open_draft(project.id, parques)


def test_decree_clause_wording(services, parques):
    project = services.projects.create("Reforma", [parques])
    draft_all_changes(services, project.id, parques, punctuation=False)
    decree = services.projects.decree(project.id)
    assert CLAUSE in decree.replace("\n", " ")


def test_conflicting_publication_stops_with_a_report(services, parques):
    first = services.projects.create("Primera", [parques])
    second = services.projects.create("Segunda", [parques])
    for project in (first, second):
        session = services.projects.open_draft(project.id, parques)
        session.editor.edit(art(session.editor.root, "7").pid,
                            text=f"Horario fijado por el proyecto {project.title}.")
        session.save()
    conflicts = services.projects.conflicts(first.id)
    assert [(c.other_id, c.citation) for c in conflicts] == [(second.id, "artículo 7")]

    gazette = GazetteReference(number="20", date=date(2025, 4, 1))
    services.projects.publish(first.id, gazette)
    before = services.corpus.versions(parques)
    with pytest.raises(ConsolidationConflict) as err:
        services.projects.publish(second.id, GazetteReference(number="21", date=date(2025, 5, 1)))
    assert "artículo 7" in err.value.user_message
    assert len(services.corpus.versions(parques)) == len(before)  # nothing half-published
    assert services.projects.get(second.id).status is ProjectStatus.OPEN


def test_concurrent_draft_save_is_refused(services, parques):
    project = services.projects.create("Reforma", [parques])
    one = services.projects.open_draft(project.id, parques)
    two = services.projects.open_draft(project.id, parques)
    one.editor.edit(art(one.editor.root, "3").pid, text="Uno.")
    two.editor.edit(art(two.editor.root, "3").pid, text="Dos.")
    assert one.save()
    with pytest.raises(ConflictError):
        two.save()
    assert art(services.projects.get(project.id).target(parques).draft, "3").text == "Uno."


def test_entry_into_force_with_exception_makes_two_versions(services, parques):
    project = services.projects.create("Reforma", [parques], transitorios=[
        "El presente Acuerdo entrará en vigor al día siguiente de su publicación en el "
        "Periódico Oficial del Estado, con excepción de lo dispuesto en el artículo 7, que "
        "entrará en vigor el 1 de junio de 2025."])
    session = services.projects.open_draft(project.id, parques)
    root = session.editor.root
    session.editor.edit(art(root, "3").pid, text="Texto nuevo del tres.")
    session.editor.edit(art(root, "7").pid, text="Texto nuevo del siete.")
    session.save()
    result = services.projects.publish(project.id,
                                       GazetteReference(number="30", date=date(2025, 3, 10)))
    assert [when for _uri, when in result.versions] == [date(2025, 3, 11), date(2025, 6, 1)]
    march = services.corpus.get_text(parques, date(2025, 4, 1)).root
    june = services.corpus.get_text(parques, date(2025, 6, 1)).root
    assert art(march, "3").text == "Texto nuevo del tres."
    assert art(march, "7").text.startswith("El horario")
    assert art(june, "7").text == "Texto nuevo del siete."


def test_new_regulation_project(services):
    project = services.projects.create("Nuevo reglamento", [])
    uri = services.projects.add_new_regulation(
        project.id, "Reglamento de Bebederos Públicos del Municipio de Mexicali",
        text="ARTÍCULO 1.- Objeto del reglamento.\n\nARTÍCULO 2.- Definiciones.\n")
    # An expedición is not a list of additions (DOMAIN.md §9.5: "Se expide el Reglamento …").
    assert services.projects.operations(project.id)[uri] == []
    assert services.projects.decree(project.id).startswith(
        "ARTÍCULO ÚNICO.- Se expide el Reglamento de Bebederos Públicos del Municipio de "
        "Mexicali, para quedar como sigue:\nARTÍCULO 1.- Objeto del reglamento.")
    services.projects.publish(project.id, GazetteReference(number="5", date=date(2025, 1, 2)))
    text = services.corpus.get_text(uri)
    assert [a.num for a in text.root.articles()] == ["1", "2"]
    assert text.valid_from == date(2025, 1, 3)
