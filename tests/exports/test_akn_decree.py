"""The draft decree as an Akoma Ntoso amending act, and the act applied to the base version.

The project is the one of ``draft_all_changes`` on the Reglamento de Parques: articles 3 and 7
and fracciones II of article 5 and VII and VIII of article 12 reformed, fracción IX of article
12 and article 12 Bis added, fracción III of article 8 and article 20 repealed. The act must
validate against the AKN 3.0 schema, name each destination, quote the new wording, and —
applied to the version in force — rebuild exactly the texto vigente that publishing the
project produces.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from reglamentos_app.cli.main import main
from reglamentos_app.domain.consolidation import ConsolidationConflict
from reglamentos_app.domain.errors import ImportFailed
from reglamentos_app.domain.gazette import GazetteReference
from reglamentos_app.domain.provisions import NoteStyle
from reglamentos_app.sources import load_document
from reglamentos_app.sources.formats.akn import akn_to_document
from reglamentos_app.sources.formats.akn_decree import apply_akn_decree, decree_operations
from tests.sources.akn_schema import assert_valid, xpath
from tests.sources.test_akn_valid import reexport

WORK = "/akn/mx-bc-mxl/act/reglamento/2002/parques/!main"
GAZETTE = GazetteReference(number="14", section="I", tome="CXXXII", date=date(2025, 3, 10))


def _mods(root):
    out = {}
    for m in xpath(root, "//a:activeModifications/a:textualMod"):
        (dest,) = xpath(m, "a:destination")
        out[(m.get("type"), dest.get("href"))] = (dest.get("pos"), xpath(m, "a:source/@href")[0])
    return out


def test_decree_is_a_valid_amending_act_naming_every_destination(svc, project, parques):
    data = svc.exports.decree(project, "akn", when=date(2025, 2, 1))
    root = assert_valid(data)
    assert root[0].get("name") == "acuerdo"
    mods = _mods(root)
    for kind, eid in [("substitution", "cap_1__art_3"), ("substitution", "cap_1__art_5__frac_2"),
                      ("substitution", "cap_1__art_7"), ("repeal", "cap_1__art_8__frac_3"),
                      ("repeal", "cap_1__art_20")]:
        assert (kind, f"{WORK}#{eid}") in mods, (kind, eid)
    # the additions say where they go: after fracción VIII, after article 12
    assert mods[("insertion", f"{WORK}#cap_1__art_12__frac_8")][0] == "after"
    assert mods[("insertion", f"{WORK}#cap_1__art_12")][0] == "after"
    # each textualMod's source is a mod of the body; reforms quote the new wording
    (pos, source) = mods[("substitution", f"{WORK}#cap_1__art_3")]
    (mod,) = xpath(root, f"//a:body//a:mod[@eId='{source[1:]}']")
    quoted = " ".join("".join(mod.itertext()).split())
    assert "Los parques y jardines son bienes del dominio público municipal." in quoted
    (mod,) = xpath(root, "//a:body//a:mod[@eId='%s']"
                   % mods[("repeal", f"{WORK}#cap_1__art_20")][1][1:])
    assert not xpath(mod, "a:quotedStructure")
    assert mod.text == "Se deroga el artículo 20."
    (mod,) = xpath(root, "//a:body//a:mod[@eId='%s']"
                   % mods[("substitution", f"{WORK}#cap_1__art_5__frac_2")][1][1:])
    assert mod.text == "Se reforma el artículo 5, fracción II, para quedar como sigue:"
    assert xpath(mod, "a:quotedStructure/a:point/a:num/text()") == ["II"]
    clause = xpath(root, "//a:body/a:article/a:intro/a:p/text()")[0]
    assert clause.startswith("Se reforman los artículos 3,")
    assert xpath(root, "//a:body/a:article/a:num/text()") == ["ARTÍCULO ÚNICO.-"]


def test_decree_transitorios_close_the_act(svc, project):
    saved = svc.projects.get(project)
    saved.transitorios = ["El presente Acuerdo entrará en vigor al día siguiente de su "
                          "publicación.", "Se derogan las disposiciones que se opongan."]
    svc.projects.update(saved)
    root = assert_valid(svc.exports.decree(project, "akn"))
    assert xpath(root, "//a:body/a:transitional/a:article/a:num/text()") == ["PRIMERO.-",
                                                                            "SEGUNDO.-"]
    assert xpath(root, "//a:body/a:transitional/a:article[2]/a:content/a:p/text()") == [
        "Se derogan las disposiciones que se opongan."]


@pytest.mark.parametrize("style", [NoteStyle.PARENTHETICAL, NoteStyle.PREAMBLE, NoteStyle.EDITOR])
def test_applying_the_act_to_the_base_rebuilds_the_texto_vigente(svc, project, parques, style):
    data = svc.exports.decree(project, "akn")
    base = svc.corpus.get_text(parques).root
    rebuilt = apply_akn_decree(data, base, parques, act=GAZETTE, note_style=style).root
    svc.projects.publish(project, GAZETTE, note_style=style)
    published = svc.corpus.get_text(parques).root
    # the whole tree below the root, with eids, permanent ids, notes and transitorios
    assert _tree(rebuilt) == _tree(published)


def test_operations_read_back_equal_the_project_operations(svc, project, parques):
    data = svc.exports.decree(project, "akn")
    expected = svc.projects.compare(project, parques).operations
    back = decree_operations(data)[parques]
    assert [_plain(op) for op in back] == [_plain(op) for op in expected]


def _plain(op):
    """An operation as comparable data (``Provision`` compares by identity)."""
    return (op.kind, op.regulation_uri, op.eid, op.pid, op.provision_kind, op.citation,
            op.old_hash, op.new.to_dict(with_ids=True) if op.new else None, op.parent_pid,
            op.after_pid, op.old_num, op.needs_review)


def test_act_applied_to_another_version_is_refused(svc, project, parques):
    data = svc.exports.decree(project, "akn")
    base = svc.corpus.get_text(parques).root
    next(n for n in base.walk() if n.num == "3").text = "Texto cambiado por otra reforma."
    with pytest.raises(ConsolidationConflict):
        apply_akn_decree(data, base, parques, act=GAZETTE, note_style=NoteStyle.EDITOR)


def test_cli_exportar_decreto_akn(svc, project, sqlite_url, tmp_path, capsys):
    out = tmp_path / "acuerdo.xml"
    assert main(["exportar", "decreto", str(project), "--formato", "akn", "-o", str(out),
                 "--db", sqlite_url]) == 0
    assert "Se escribió" in capsys.readouterr().err
    assert_valid(out.read_bytes())


def test_cli_exportar_aplicado_equals_the_published_texto_vigente(svc, project, parques,
                                                                   sqlite_url, tmp_path):
    act = tmp_path / "acuerdo.xml"
    act.write_bytes(svc.exports.decree(project, "akn"))
    out = tmp_path / "vigente.xml"
    assert main(["exportar", "aplicado", str(act), "--po-fecha", "2025-03-10", "--po-numero",
                 "14", "--po-seccion", "I", "--po-tomo", "CXXXII", "--notas", "parentesis",
                 "-o", str(out), "--db", sqlite_url]) == 0
    applied = out.read_bytes()
    assert_valid(applied)
    assert svc.corpus.get_text(parques).valid_from == date(2002, 3, 15)  # nothing was stored
    svc.projects.publish(project, GAZETTE, note_style=NoteStyle.PARENTHETICAL)
    published = svc.exports.consolidated(parques, "akn")
    assert _tree(akn_to_document(applied).root) == _tree(akn_to_document(published).root)
    # and the rest of the file (history, notes, passive modifications) is the same too
    assert _without_pids(applied) == _without_pids(published)


def test_importing_the_amending_act_as_a_regulation_is_refused(svc, project, tmp_path):
    act = tmp_path / "acuerdo.xml"
    act.write_bytes(svc.exports.decree(project, "akn"))
    with pytest.raises(ImportFailed, match="acuerdo de reforma"):
        load_document(act)


def test_published_regulation_akn_round_trips_identically(svc, project, parques):
    svc.projects.publish(project, GAZETTE, note_style=NoteStyle.PREAMBLE)
    data = svc.exports.consolidated(parques, "akn")
    assert reexport(data) == data


def _tree(root):
    """The tree as data; a transitorios block a reform appends gets fresh permanent ids each
    time it is consolidated, so those (only those) are left out."""
    def clean(data, fresh=False):
        fresh = fresh or (data["kind"] == "transitional_group"
                          and (data.get("decree") or {}).get("date") == "2025-03-10")
        if fresh:
            data.pop("pid", None)
        data["children"] = [clean(c, fresh) for c in data["children"]]
        return data
    return [clean(c.to_dict(with_ids=True)) for c in root.children]


def _without_pids(data: bytes) -> bytes:
    return re.sub(rb' rg:pid="[0-9a-f]+"', b"", data)


PANTEONES = "/mx-bc-mxl/reglamento/1996/panteones"


@pytest.fixture
def omnibus(svc, parques):
    """One project reforming two regulations: Parques (article 3) and Panteones (article 10
    reformed, article 34 repealed, an article 35 Bis added)."""
    from tests.conftest import CORPUS
    from tests.services.test_projects import art

    (outcome,) = svc.corpus.import_paths([CORPUS / "panteones.txt"])
    assert outcome.uri == PANTEONES
    project = svc.projects.create("Reforma conjunta", [parques, PANTEONES])
    session = svc.projects.open_draft(project.id, parques)
    session.editor.edit(art(session.editor.root, "3").pid, text="Los parques y jardines son "
                        "bienes del dominio público municipal.")
    assert session.save()
    session = svc.projects.open_draft(project.id, PANTEONES)
    ed, root = session.editor, session.editor.root
    ed.edit(art(root, "10").pid, text="En cada panteón se llevará un registro electrónico.")
    ed.derogate(art(root, "34").pid)
    assert ed.insert_after(art(root, "35").pid, text="Los títulos se expedirán en línea.").num \
        == "35 Bis"
    assert session.save()
    return project.id


def test_omnibus_act_has_one_article_per_regulation(svc, omnibus, parques):
    root = assert_valid(svc.exports.decree(omnibus, "akn"))
    assert xpath(root, "//a:body/a:article/a:num/text()") == ["ARTÍCULO PRIMERO.-",
                                                             "ARTÍCULO SEGUNDO.-"]
    works = {h.split("/!main")[0] for h in
             xpath(root, "//a:activeModifications/a:textualMod/a:destination/@href")}
    assert works == {"/akn/mx-bc-mxl/act/reglamento/2002/parques",
                     "/akn/mx-bc-mxl/act/reglamento/1996/panteones"}
    assert len(xpath(root, "//a:references/a:activeRef")) == 2


def test_omnibus_applied_to_each_regulation_rebuilds_each_texto_vigente(svc, omnibus, parques,
                                                                        sqlite_url, tmp_path,
                                                                        capsys):
    act = tmp_path / "acuerdo.xml"
    act.write_bytes(svc.exports.decree(omnibus, "akn"))
    base = {uri: svc.corpus.get_text(uri).root for uri in (parques, PANTEONES)}
    rebuilt = {uri: apply_akn_decree(act.read_bytes(), base[uri], uri, act=GAZETTE,
                                     note_style=NoteStyle.PREAMBLE).root for uri in base}
    # the CLI asks which regulation when the act amends several
    assert main(["exportar", "aplicado", str(act), "-o", str(tmp_path / "x.xml"),
                 "--db", sqlite_url]) != 0
    err = capsys.readouterr().err
    assert "varios reglamentos" in err and PANTEONES in err
    svc.projects.publish(omnibus, GAZETTE, note_style=NoteStyle.PREAMBLE)
    for uri in base:
        assert _tree(rebuilt[uri]) == _tree(svc.corpus.get_text(uri).root), uri


def test_proemio_reformed_alone_travels_and_applies(svc, parques):
    """Article 5's proemio and its fracción II reformed: the article's own text is an
    operation of its own (own_only) and fracciones I and III stay as in force."""
    from tests.services.test_projects import art, clause

    project = svc.projects.create("Reforma del proemio", [parques]).id
    session = svc.projects.open_draft(project, parques)
    a5 = art(session.editor.root, "5")
    session.editor.edit(a5.pid, text="Corresponde a la Dirección de Servicios Públicos:")
    session.editor.edit(clause(a5, "II").pid, text="Otorgar permisos para eventos públicos, y")
    assert session.save()
    data = svc.exports.decree(project, "akn")
    root = assert_valid(data)
    own = xpath(root, "//a:textualMod[@rg:solo-propio='1']/a:destination/@href")
    assert own == [f"{WORK}#cap_1__art_5"]
    expected = svc.projects.compare(project, parques).operations
    assert [_plain(op) + (op.own_only,) for op in decree_operations(data)[parques]] == \
        [_plain(op) + (op.own_only,) for op in expected]
    base = svc.corpus.get_text(parques).root
    rebuilt = apply_akn_decree(data, base, parques, act=GAZETTE, note_style=NoteStyle.PREAMBLE)
    svc.projects.publish(project, GAZETTE, note_style=NoteStyle.PREAMBLE)
    assert _tree(rebuilt.root) == _tree(svc.corpus.get_text(parques).root)


def test_new_regulation_decree_is_a_valid_act_inserting_every_article(svc):
    project = svc.projects.create("Nuevo reglamento", [])
    uri = svc.projects.add_new_regulation(
        project.id, "Reglamento de Bebederos Públicos del Municipio de Mexicali",
        text="ARTÍCULO 1.- Objeto del reglamento.\n\nARTÍCULO 2.- Definiciones.\n")
    root = assert_valid(svc.exports.decree(project.id, "akn"))
    mods = xpath(root, "//a:activeModifications/a:textualMod")
    assert [m.get("type") for m in mods] == ["insertion", "insertion"]
    assert {m.get("{https://reglamentos.mexicali.gob.mx/ns/akn-extension/1.0}reglamento")
            for m in mods} == {uri}
    assert "Objeto del reglamento." in "".join(xpath(root, "//a:quotedStructure//text()"))


def test_export_dialog_offers_and_writes_the_decree_as_akn(svc, project, tmp_path):
    from reglamentos_app.services.exports import ExportFormat
    from reglamentos_app.ui.exports.export_dialog import (
        FORMATS, ExportKind, ExportRequest, run_export,
    )

    assert ExportFormat.AKN in FORMATS[ExportKind.DECREE]
    path = run_export(svc, ExportRequest(ExportKind.DECREE, str(project), "akn",
                                         tmp_path / "acuerdo.xml"))
    root = assert_valid(path.read_bytes())
    assert root[0].get("name") == "acuerdo"
