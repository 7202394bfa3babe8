"""Acceptance on every official PDF of ../shared/realdata (skipped when absent): per file,
figures established by reading the documents (their text read with pypdf, independently of
the importer's pdfium engine, and their first pages read by eye).

Per file: the articles of the instrument itself (the expedition decree's "Artículo Único.- Se
expide…" is preamble, not an article), first and last number, the full title, kind,
original publication date, URI locality (federal /mx, Mexico City /mx-cmx, municipality of
Guadalajara), all article numbers distinct, the number of reform-decree groups of transitorios (one per "DECRETO por el
que…" heading after the original TRANSITORIOS) and the original transitorios. No page
furniture may be left in any provision, and no two different instruments share a URI.
"""

from __future__ import annotations

import re
from datetime import date

import pytest

from reglamentos_app.domain.provisions import ProvisionKind
from reglamentos_app.services.corpus import regulation_from_document
from reglamentos_app.sources import load_document
from tests.conftest import REALDATA

PDF = REALDATA / "pdf"
pytestmark = pytest.mark.skipif(not PDF.is_dir(), reason="../shared/realdata no está disponible")

AMNISTIA = "LEY DE AMNISTÍA"
# file: (articles, first, last, title, kind, publication, locality, decree groups, original transitorios)
EXPECTED = {
    "19.pdf": (4, "1o", "4o", AMNISTIA, "ley", date(1994, 1, 22), "mx", 0, 2),
    "109.pdf": (17, "1o", "17", "LEY FEDERAL DE JUEGOS Y SORTEOS", "ley", date(1947, 12, 31),
                "mx", 0, 5),
    "177.pdf": (13, "1", "13", "LEY PARA EL DIÁLOGO, LA CONCILIACIÓN Y LA PAZ DIGNA EN CHIAPAS",
                "ley", date(1995, 3, 11), "mx", 0, 3),
    "204.pdf": (2, "PRIMERO", "SEGUNDO",
                "LEY REGLAMENTARIA DE LA FRACCIÓN XVIII DEL ARTÍCULO 73 CONSTITUCIONAL, EN LO QUE SE "
                "REFIERE A LA FACULTAD DEL CONGRESO PARA DICTAR REGLAS PARA DETERMINAR EL VALOR "
                "RELATIVO DE LA MONEDA EXTRANJERA", "ley", date(1982, 12, 27), "mx", 0, 1),
    "271.pdf": (14, "1", "14", "LEY SOBRE LA APROBACIÓN DE TRATADOS INTERNACIONALES EN MATERIA "
                "ECONÓMICA", "ley", date(2004, 9, 2), "mx", 0, 2),
    "laem.pdf": (17, "1", "17", "LEY QUE CREA LA AGENCIA ESPACIAL MEXICANA", "ley",
                 date(2010, 7, 30), "mx", 0, 5),
    "lamn.pdf": (9, "1", "9", AMNISTIA, "ley", date(2020, 4, 22), "mx", 1, 5),
    "lgpc.pdf": (94, "1", "94", "LEY GENERAL DE PROTECCIÓN CIVIL", "ley", date(2012, 6, 6), "mx",
                 9, 13),
    "lupdecr.pdf": (20, "1", "20", "LEY PARA EL USO Y PROTECCIÓN DE LA DENOMINACIÓN Y DEL EMBLEMA "
                    "DE LA CRUZ ROJA", "ley", date(2007, 3, 23), "mx", 0, 2),
    "reg_diputados.pdf": (323, "1", "316", "REGLAMENTO DE LA CÁMARA DE DIPUTADOS", "reglamento",
                          date(2010, 12, 24), "mx", 39, 13),
    "mun_cdmx.pdf": (48, "1", "45", "LEY QUE REGULA EL USO DE LA TECNOLOGÍA PARA LA SEGURIDAD "
                     "CIUDADANA DE LA CIUDAD DE MÉXICO", "ley", date(2008, 10, 27), "mx-cmx", 0, None),
    "mun_guadalajara.pdf": (206, "1", "196", "REGLAMENTO INTERNO Y DE CARRERA POLICIAL DE LA "
                            "COMISARÍA DE SEGURIDAD CIUDADANA DE GUADALAJARA", "reglamento", None,
                            "mx-jal-guadalajara", 0, None),
    "mun_monterrey.pdf": (74, "Primero", "Septuagésimo cuarto",
                          "Lineamientos Generales en Materia de Clasificación y Desclasificación de "
                          "la Información, así como para la Elaboración de Versiones Públicas",
                          "lineamientos", date(2016, 4, 15), "mx", 0, None),
    # ≈ 450 pages; labels such as "Artículo 15-A", "153-F Bis", "353-Ñ" (1,264 label lines
    # before the first TRANSITORIOS, each a distinct article).
    "lft.pdf": (1264, "1o", "1010", "LEY FEDERAL DEL TRABAJO", "ley", date(1970, 4, 1), "mx",
                None, None),
}
FURNITURE = re.compile(
    r"CÁMARA DE DIPUTADOS DEL H\. CONGRESO DE LA UNIÓN|Secretaría General\s+Secretaría de "
    r"Servicios Parlamentarios|Última Reforma DOF \d|\bPágina \d+ de \d+|^\d+ de \d+$|"
    r"Menú de referencias|Actualizado en Internet|Publicado en Internet")

_loaded: dict[str, object] = {}


def _doc(name):
    if name not in _loaded:
        _loaded[name] = load_document(PDF / name).doc
    return _loaded[name]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_official_document(name):
    count, first, last, title, kind, published, locality, decrees, original = EXPECTED[name]
    doc = _doc(name)
    articles = list(doc.root.articles())
    assert len(articles) == count
    assert (articles[0].num, articles[-1].num) == (first, last)
    assert doc.title == title
    regulation = regulation_from_document(doc, None)
    assert regulation.kind.value == kind
    assert (doc.original_publication.date if doc.original_publication else None) == published
    assert regulation.uri.locality == locality
    assert str(regulation.uri.year) == (str(published.year) if published else "sf")
    groups = [g for g in doc.root.children if g.kind is ProvisionKind.TRANSITIONAL_GROUP]
    decree_groups = [g for g in groups if g.heading.startswith("DECRETO")]
    if decrees is not None:
        assert len(decree_groups) == decrees
    assert len({a.num for a in articles}) == len(articles), "números de artículo repetidos"
    for group in decree_groups if decrees is not None else []:  # heading, citation, transitorios
        assert group.decree is not None and group.decree.date is not None and group.children
        # The decree's own amending article ("…para quedar como sigue:") is no transitorio.
        assert not any("para quedar como sigue" in t.text for t in group.children)
    if original is not None:
        assert len(groups[0].children) == original
    leaks = [(n.eid, t[:60]) for n in doc.root.walk()
             for t in [n.text, n.heading, *(note.text for note in n.notes)]
             if t and FURNITURE.search(t)]
    assert leaks == []


def test_no_two_instruments_share_a_uri():
    uris: dict[str, str] = {}
    for name, expected in EXPECTED.items():
        uri = str(regulation_from_document(_doc(name), None).uri)
        assert uri not in uris, (name, uris.get(uri))
        uris[uri] = name
    # The 1994 and the 2020 Ley de Amnistía are different laws.
    assert regulation_from_document(_doc("19.pdf"), None).uri.year == "1994"
    assert regulation_from_document(_doc("lamn.pdf"), None).uri.year == "2020"


def test_notes_on_the_provision_they_annotate():
    cdmx = _doc("mun_cdmx.pdf")
    art1 = next(a for a in cdmx.root.articles() if a.num == "1")
    assert any("Artículo reformado G.O. CDMX 27/08/25" in n.text for n in art1.notes)
    frac1 = art1.children[0]
    assert frac1.num == "I" and any("Fracción reformada" in n.text for n in frac1.notes)
    lgpc = _doc("lgpc.pdf")
    art1 = next(a for a in lgpc.root.articles() if a.num == "1")
    assert any("DOF 19-01-2018" in n.text for n in art1.notes)


def test_both_amnesty_laws_and_the_guadalajara_text_import_side_by_side(sqlite_services):
    corpus = sqlite_services.corpus
    outcomes = corpus.import_paths([PDF / "19.pdf", PDF / "lamn.pdf",
                                    REALDATA / "text" / "guadalajara_reglamento_carrera_policial.txt",
                                    PDF / "mun_guadalajara.pdf"])
    assert [o.status.value for o in outcomes][:3] == ["created"] * 3
    assert outcomes[0].uri != outcomes[1].uri
    # The official PDF of the same Guadalajara regulation is a version of it, and says so.
    assert outcomes[3].uri == outcomes[2].uri and outcomes[3].notice.startswith("nueva versión de")
    assert len(corpus.list_regulations()) == 3
