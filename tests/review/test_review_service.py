"""ReviewService on the sample corpus: the planted cases are found, nothing else for UMA;
projects from hits; the draft check; the rules file; reports (SQLite and PostgreSQL)."""

from __future__ import annotations

import zipfile

import pytest

from reglamentos_app.domain.errors import ValidationError
from tests.conftest import CORPUS

# Where the sample corpus still uses the salario mínimo (regulation slug → articles).
UMA_EXPECTED = {
    "proteccion-control-animales-domesticos": {"35", "36"},
    "anuncios": {"35"},
    "policia-gobierno": {"3", "46", "47", "47 Bis", "51"},
    "mercados-municipales": {"2o", "26"},
    "panteones": {"43", "44", "44 Bis"},
}


def slug(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


@pytest.fixture
def loaded(services):
    services.corpus.import_paths([CORPUS])
    return services


@pytest.fixture
def sqlite_loaded(sqlite_services):
    sqlite_services.corpus.import_paths([CORPUS])
    return sqlite_services


def test_uma_hits_are_exactly_the_planted_ones(loaded):
    report = loaded.review.scan()
    uma = {}
    for hit in report.hits:
        if hit.category == "uma":
            article = hit.label.split(",")[0].removeprefix("Artículo ")
            uma.setdefault(slug(hit.uri), set()).add(article)
    assert uma == UMA_EXPECTED  # no false positive anywhere else in the clean sample corpus
    wordings = {h.rule_id for h in report.hits if h.category == "uma"}
    assert wordings == {"uma-veces-salario", "uma-dias-salario", "uma-salarios-minimos",
                        "uma-smgv", "uma-salario-minimo", "uma-el-salario-minimo"}
    assert report.regulations == len(list(CORPUS.glob("*.txt")))


def test_other_planted_references(loaded):
    hits = loaded.review.scan().hits
    found = {(slug(h.uri), h.label, h.category) for h in hits if h.category != "uma"}
    assert ("panteones", "Artículo 34", "distrito_federal") in found
    assert ("panteones", "Artículo 1", "ley_abrogada") in found
    assert ("policia-gobierno", "Artículo 86", "ley_abrogada") in found
    assert any(s == "ejercicio-comercio-via-publica" and c == "territorio" for s, _l, c in found)
    df = next(h for h in hits if h.category == "distrito_federal")
    assert df.matched == "del Distrito Federal" and df.replacement == "de la Ciudad de México"
    assert "[del Distrito Federal]" in df.context


def test_only_chosen_sets_and_unknown_set(sqlite_loaded):
    report = sqlite_loaded.review.scan(sets=["ciudad-de-mexico"])
    assert {h.category for h in report.hits} == {"distrito_federal"}
    with pytest.raises(ValidationError, match="No existe el conjunto"):
        sqlite_loaded.review.scan(sets=["inventado"])


def test_broken_citations_of_the_sample_corpus(loaded):
    findings = loaded.review.check_references()
    broken = {(slug(f.uri), f.label, f.kind) for f in findings if f.kind != "unknown_regulation"}
    assert broken == {("estacionamientos-publicos", "Artículo 28", "missing_article"),
                      ("estacionamientos-publicos", "Artículo 31", "repealed_article"),
                      ("estacionamientos-publicos", "Artículo 33", "missing_clause")}
    unknown = {f.citation for f in findings if f.kind == "unknown_regulation"}
    assert "Reglamento de Tránsito para el Municipio de Mexicali" in unknown
    assert not any("Régimen Municipal" in name for name in unknown)  # a known law


def test_near_duplicates_and_definitions(sqlite_loaded):
    pairs = sqlite_loaded.review.near_duplicates()
    fines = [p for p in pairs if p.kind == "fines"]
    assert fines and {slug(fines[0].uri_a), slug(fines[0].uri_b)} == {"policia-gobierno",
                                                                       "limpia-manejo-residuos-solidos-urbanos"}
    assert "Multas distintas: 10 a 100 veces frente a 41 a 200 UMA" in fines[0].note
    via = [p for p in pairs if p.kind == "definition" and "Vía pública" in p.note]
    assert via and {slug(via[0].uri_a), slug(via[0].uri_b)} <= {
        "anuncios", "ejercicio-comercio-via-publica", "limpia-manejo-residuos-solidos-urbanos"}
    assert "Vía pública.-" in via[0].text_a
    groups = {g.term: g for g in sqlite_loaded.review.definition_groups()}
    assert len(groups["Vía pública"].definitions) == 3 and not groups["Vía pública"].identical
    with pytest.raises(ValidationError):
        sqlite_loaded.review.near_duplicates(threshold=10)


def test_create_project_from_hits(loaded):
    hits = [h for h in loaded.review.scan().hits if slug(h.uri) in ("panteones", "anuncios")
            and h.category in ("uma", "distrito_federal", "ley_abrogada")]
    created = loaded.review.create_project(hits, "Homologación UMA")
    assert created.applied == len(hits) and created.skipped == []
    project = created.project
    assert project.title == "Homologación UMA" and len(project.targets) == 2
    decree = loaded.projects.decree(project.id)
    assert "de la Ciudad de México" in decree and "Distrito Federal" not in decree
    assert "veinte a doscientos UMA" in decree
    assert "salario mínimo" not in decree
    ops = loaded.projects.operations(project.id)
    assert all(op.kind.value == "amend" for target_ops in ops.values() for op in target_ops)
    # The corpus itself is untouched until the reform is published.
    assert loaded.review.scan(sets=["ciudad-de-mexico"]).hits


def test_hits_without_replacement_are_left_for_review(sqlite_loaded):
    hits = sqlite_loaded.review.scan().hits
    territory = [h for h in hits if h.category == "territorio"]
    with pytest.raises(ValidationError, match="caso por caso"):
        sqlite_loaded.review.create_project(territory)
    df = [h for h in hits if h.category == "distrito_federal"]
    created = sqlite_loaded.review.create_project(df + territory)
    assert created.applied == 1 and created.skipped == territory


def test_check_draft_reports_citations_to_a_derogated_article(sqlite_loaded):
    svc = sqlite_loaded
    uri = next(r.uri for r in svc.corpus.list_regulations() if slug(r.uri) == "panteones")
    project = svc.projects.create("Derogar artículo 19", [uri])
    session = svc.projects.open_draft(project.id, uri)
    article = next(n for n in session.target.draft.articles() if n.num == "19")
    session.editor.derogate(article.pid)
    session.save()
    findings = svc.review.check_draft(project.id)
    breaks = [f for f in findings if f.kind == "draft_breaks"]
    assert [f.message for f in breaks] == [
        "Esta reforma deroga el artículo 19, citado por los artículos 21 y 44."]


def test_rules_file_export_import_and_a_bad_file_changes_nothing(sqlite_services, tmp_path):
    review = sqlite_services.review
    assert review.using_default_rules
    exported = tmp_path / "reglas.yaml"
    review.export_rules(exported)
    text = exported.read_text(encoding="utf-8")
    edited = text.replace("activo: false", "activo: true")
    exported.write_text(edited, encoding="utf-8")
    book = review.import_rules(exported)
    assert all(s.active for s in book.sets) and not review.using_default_rules
    bad = tmp_path / "mala.yaml"
    bad.write_text(edited.replace("'\\bSEDUE\\b'", "'(SEDUE'", 1).replace(
        "Secretar[íi]a\\s+de\\s+Desarrollo", "(Secretar", 1), encoding="utf-8")
    with pytest.raises(ValidationError, match="línea"):
        review.import_rules(bad)
    assert all(s.active for s in review.rule_book().sets)  # the good copy is still in use
    with pytest.raises(Exception, match="No existe"):
        review.import_rules(tmp_path / "no-existe.yaml")
    review.reset_rules()
    assert review.using_default_rules


def test_health_and_reports(sqlite_loaded, tmp_path):
    health = sqlite_loaded.review.health()
    assert sum(health.ages.values()) == len(health.regulations) == len(list(CORPUS.glob("*.txt")))
    assert health.findings["Salario mínimo → UMA"] == len(
        [h for h in health.scan.hits if h.category == "uma"])
    assert health.findings["Multas distintas"] >= 1
    csv_path = tmp_path / "referencias.csv"
    sqlite_loaded.review.export_csv([h.to_row() for h in health.scan.hits], csv_path)
    data = csv_path.read_bytes().decode("utf-8")
    assert data.startswith("\ufeffReglamento;URI;Disposición")
    assert data.count("\n") == len(health.scan.hits) + 1
    docx_path = tmp_path / "revision.docx"
    sqlite_loaded.review.export_docx(docx_path, scan=health.scan, citations=health.citations,
                                     duplicates=health.duplicates)
    with zipfile.ZipFile(docx_path) as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert "Referencias obsoletas" in xml and "Homologación" in xml
    assert "de la Ciudad de México" in xml


def test_a_failure_while_drafting_leaves_no_project(sqlite_loaded, monkeypatch):
    svc = sqlite_loaded
    hits = [h for h in svc.review.scan().hits if h.category == "distrito_federal"]

    def broken(*_args, **_kwargs):
        raise RuntimeError("disco lleno")
    monkeypatch.setattr(svc.projects, "open_draft", broken)
    with pytest.raises(RuntimeError):
        svc.review.create_project(hits)
    assert svc.projects.list() == []


def test_the_procedure_warns_before_a_draft_that_breaks_citations_leaves(sqlite_loaded):
    """The citation check runs as advice when the draft goes to the Sindicatura (never a refusal)."""
    svc = sqlite_loaded
    uri = next(r.uri for r in svc.corpus.list_regulations() if slug(r.uri) == "panteones")
    project = svc.projects.create("Derogar artículo 19", [uri])
    assert svc.workflow.advice(project.id, "submit_to_trustee") == []
    session = svc.projects.open_draft(project.id, uri)
    session.editor.derogate(next(n for n in session.target.draft.articles() if n.num == "19").pid)
    session.save()
    advice = svc.workflow.advice(project.id, "submit_to_trustee")
    assert any("Esta reforma deroga el artículo 19, citado por los artículos 21 y 44." in a
               for a in advice)
    assert svc.workflow.advice(project.id, "withdraw") == []       # ends the project: no advice
    assert svc.workflow.advice(project.id, "no_such_step") == []
