"""Citation parsing and checking: the wordings regulations use, and what is reported."""

from __future__ import annotations

from reglamentos_app.review.citations import (
    CorpusNames, check_corpus, check_entry, clean_name, draft_findings, extract_citations,
)
from reglamentos_app.review.model import CorpusEntry
from reglamentos_app.sources import parse_text

TEXT = """REGLAMENTO DE PRUEBA PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

ARTÍCULO 1.- Se aplicará lo dispuesto en el artículo 15 de este Reglamento.

ARTÍCULO 2.- Son autoridades las de los artículos 3 al 5, y las de los artículos 3, 4 y 7.

ARTÍCULO 3.- Son obligaciones:

I.- Primera;

II.- Segunda.

ARTÍCULO 4.- Lo previsto en la fracción II del artículo anterior y en la fracción V del artículo 3.

ARTÍCULO 5.- Derogado.

ARTÍCULO 6.- Según el artículo 12 Bis, el artículo 5 y el artículo 115, fracción III, inciso c), de la Constitución Política de los Estados Unidos Mexicanos, y la Ley del Régimen Municipal para el Estado de Baja California.

ARTÍCULO 7.- Conforme al artículo 8 del Reglamento de Panteones para el Municipio de Mexicali y al Reglamento de Tránsito para el Municipio de Mexicali, y al artículo 21 constitucional.

ARTÍCULO 8.- Lo dispuesto en el artículo 90 de la citada Ley, en el artículo 91 de dicho ordenamiento y en el artículo 6 de la Ley del Régimen Municipal para el Estado de Baja California.

ARTÍCULO 12 Bis.- Existe.
"""

PANTEONES = """REGLAMENTO DE PANTEONES PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

ARTÍCULO 1.- Uno.

ARTÍCULO 2.- Dos.
"""


def entry(text: str, uri: str, abrogated: bool = False) -> CorpusEntry:
    doc = parse_text(text)
    return CorpusEntry(uri, text.splitlines()[0], doc.root, abrogated)


def test_wordings_are_parsed():
    cites = {c.text: c for c in extract_citations(entry(TEXT, "/t").root)}
    assert cites["artículo 15 de este Reglamento"].articles == ["15"]
    ranges = [c for c in cites.values() if c.articles[:3] == ["3", "4", "5"]]
    assert ranges and ranges[0].internal
    assert any(c.articles == ["3", "4", "7"] for c in cites.values())
    relative = next(c for c in cites.values() if c.relative)
    assert relative.relative == "previous" and relative.clauses == ["2"]
    assert any(c.articles == ["12bis"] for c in cites.values())
    constitution = next(c for c in cites.values() if c.articles == ["115"])
    assert not constitution.internal and constitution.name.startswith("Constitución")
    foreign = next(c for c in cites.values() if c.articles == ["8"])
    assert foreign.name == "Reglamento de Panteones para el Municipio de Mexicali"
    names = {c.name for c in cites.values() if not c.articles and not c.relative}
    assert "Ley del Régimen Municipal para el Estado de Baja California" in names
    assert "Reglamento de Tránsito para el Municipio de Mexicali" in names


def test_clean_name_stops_at_the_end_of_the_name():
    assert clean_name("Ley General de Salud y sus reglamentos") == "Ley General de Salud"
    assert clean_name("Ley del Régimen Municipal para el Estado de Baja California y de este "
                      "Reglamento") == "Ley del Régimen Municipal para el Estado de Baja California"
    assert clean_name("Reglamento Interior y la Junta de Gobierno") == "Reglamento Interior"


def test_broken_citations_are_reported():
    corpus = [entry(TEXT, "/t"), entry(PANTEONES, "/p")]
    findings = check_corpus(corpus, ["Ley del Régimen Municipal para el Estado de Baja California"])
    got = {(f.label, f.kind, f.message) for f in findings}
    assert ("Artículo 1", "missing_article",
            "Cita el artículo 15 de este ordenamiento, que no existe.") in got
    kinds = sorted((f.label, f.kind) for f in findings)
    assert kinds == [
        ("Artículo 1", "missing_article"),       # artículo 15
        ("Artículo 2", "repealed_article"),      # 5, inside «3 al 5»; «3, 4 y 7» is fine
        ("Artículo 4", "missing_clause"),        # fracción V del artículo 3
        ("Artículo 6", "repealed_article"),      # artículo 5 (12 Bis exists; 115 is the Constitution's)
        ("Artículo 7", "missing_article"),       # artículo 8 del Reglamento de Panteones
        ("Artículo 7", "unknown_regulation"),    # Reglamento de Tránsito (21 constitucional is fine)
    ]
    message = next(f.message for f in findings if f.kind == "missing_article"
                   and f.label == "Artículo 7")
    assert "artículo 8 del REGLAMENTO DE PANTEONES" in message


def test_a_citation_to_an_abrogated_regulation():
    corpus = [entry(TEXT, "/t"), entry(PANTEONES, "/p", abrogated=True)]
    findings = check_corpus(corpus, [])
    assert any(f.kind == "abrogated_regulation" and f.target_uri == "/p" for f in findings)
    assert all(f.uri != "/p" for f in findings)  # an abrogated text is not itself reviewed


def test_draft_that_derogates_a_cited_article():
    base = entry(TEXT.replace("ARTÍCULO 1.- Se aplicará lo dispuesto en el artículo 15 de este "
                              "Reglamento.", "ARTÍCULO 1.- Véase el artículo 3 de este Reglamento."),
                 "/t")
    draft_text = TEXT.replace("ARTÍCULO 3.- Son obligaciones:\n\nI.- Primera;\n\nII.- Segunda.",
                              "ARTÍCULO 3.- Derogado.")
    draft_text = draft_text.replace("ARTÍCULO 1.- Se aplicará lo dispuesto en el artículo 15 de "
                                    "este Reglamento.",
                                    "ARTÍCULO 1.- Véase el artículo 3 de este Reglamento.")
    draft = entry(draft_text, "/t")
    other = entry(PANTEONES.replace("ARTÍCULO 2.- Dos.", "ARTÍCULO 2.- Conforme al artículo 3 "
                                    "del Reglamento de Prueba para el Municipio de Mexicali."),
                  "/p")
    findings = draft_findings(draft, base.root, [base, other], [])
    breaks = [f for f in findings if f.kind == "draft_breaks"]
    assert len(breaks) == 1
    assert breaks[0].message.startswith("Esta reforma deroga el artículo 3, citado por los "
                                        "artículos 1, 2 y 4 y el artículo 2 del REGLAMENTO DE PANTEONES")
    assert "el artículo 2 del REGLAMENTO DE PANTEONES" in breaks[0].message
    # Citations broken before the reform are not blamed on it.
    assert not any(f.kind == "missing_article" and f.label == "Artículo 1" for f in findings)


def test_names_resolve_with_or_without_the_place():
    names = CorpusNames.build([entry(PANTEONES, "/p")], ["Ley General de Salud"])
    assert names.resolve("Reglamento de Panteones").uri == "/p"
    assert names.resolve("Reglamento de Panteones del Municipio de Mexicali").uri == "/p"
    assert names.resolve("Ley General de Salud") == "known"
    assert names.resolve("Reglamento de Mercados") is None
    assert check_entry(entry(PANTEONES, "/p"), names) == []


def test_every_planted_broken_citation_is_found_and_nothing_else():
    from tests.review.generated import cited_regulation

    for seed in range(6):
        text, planted = cited_regulation(seed)
        findings = check_corpus([entry(text, "/g")], ["Ley del Régimen Municipal para el "
                                                      "Estado de Baja California"])
        found = {(f.label.removeprefix("Artículo "), f.kind) for f in findings}
        assert found == planted, (seed, found ^ planted)
        assert {k for _a, k in planted} >= {"missing_article", "repealed_article"}
