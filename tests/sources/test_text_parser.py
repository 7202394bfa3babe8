"""The plain-text importer: label variants, notes, transitorios, the import report."""

from datetime import date

import pytest

from reglamentos_app.domain.provisions import NoteAction, NoteStyle, ProvisionKind, ProvisionStatus
from reglamentos_app.sources import parse_text
from tests.fixtures_text import SMALL


def kinds(doc):
    return [(n.kind.value, n.num) for n in doc.root.walk()][1:]


def test_small_regulation_structure():
    doc = parse_text(SMALL, "prueba.txt")
    assert doc.title == "REGLAMENTO DE PRUEBA PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA"
    assert doc.original_publication.date == date(2002, 3, 15)
    assert doc.original_publication.tome == "CIX" and doc.original_publication.section == "I"
    assert doc.last_reform.date == date(2022, 6, 17)
    assert doc.header_notes == ["NOTA: Texto de muestra para pruebas."]
    assert doc.report.warnings == []
    art2 = doc.root.find("tit_1__cap_1__art_2")
    assert [c.kind for c in art2.children] == [ProvisionKind.CLAUSE] * 4 + [ProvisionKind.PARAGRAPH]
    assert art2.children[0].heading == "Ayuntamiento"
    assert [i.num for i in art2.children[2].children] == ["a", "b"]
    frac4 = art2.children[3]
    assert frac4.status is ProvisionStatus.REPEALED
    assert frac4.notes[0].action is NoteAction.REPEAL
    assert frac4.notes[0].gazette.date == date(2022, 6, 17)


def test_three_note_styles_attach_to_the_right_provision():
    doc = parse_text(SMALL)
    art3 = doc.root.find("tit_2__art_3")
    assert [n.style for n in art3.notes] == [NoteStyle.PREAMBLE, NoteStyle.EDITOR]
    assert art3.text == "Texto nuevo del artículo tercero."
    assert art3.notes[0].gazette.date == date(2010, 11, 30)
    art3bis = doc.root.find("tit_2__art_3bis")
    assert art3bis.num == "3 Bis" and art3bis.notes[0].action is NoteAction.INSERT
    assert doc.root.find("tit_2__art_4").status is ProvisionStatus.REPEALED


def test_transitorios_grouped_per_decree():
    doc = parse_text(SMALL)
    groups = [c for c in doc.root.children if c.kind is ProvisionKind.TRANSITIONAL_GROUP]
    assert [g.eid for g in groups] == ["trans_1", "trans_2"]
    assert groups[0].decree is None and [t.num for t in groups[0].children] == ["PRIMERO", "SEGUNDO"]
    assert groups[1].decree.date == date(2022, 6, 17)
    assert groups[1].children[0].eid == "trans_2__art_1"
    assert [r.date for r in doc.reforms()] == [date(2010, 11, 30), date(2022, 6, 17)]


@pytest.mark.parametrize("line,num,heading,text", [
    ("ARTICULO 1.- Objeto.- El presente reglamento.", "1", "Objeto", "El presente reglamento."),
    ("ARTÍCULO 3.- De la Autonomía Municipal.- Los ayuntamientos…", "3",
     "De la Autonomía Municipal", "Los ayuntamientos…"),
    ("Artículo 1.- El texto.", "1", "", "El texto."),
    ("ARTÍCULO 1.- ALCANCES Y NATURALEZA. El presente…", "1", "ALCANCES Y NATURALEZA", "El presente…"),
    ("ARTICULO 1o.- Texto.", "1o", "", "Texto."),
    ("ARTICULO 1º.- Texto.", "1º", "", "Texto."),
    ("Artículo 1°.- Texto.", "1°", "", "Texto."),
    ("Artículo 1. Texto plano.", "1", "", "Texto plano."),
    ("ARTICULO 1- Sin punto.", "1", "", "Sin punto."),
    ("ARTÍCULO 5 BIS.- Adicionado.", "5 Bis", "", "Adicionado."),
    ("Artículo 26 Bis.- Adicionado.", "26 Bis", "", "Adicionado."),
    ("ARTÍCULO 12 QUÁTER.- Cuarto.", "12 Quáter", "", "Cuarto."),
    ("ARTÍCULO 12.- Derogado.", "12", "", "Derogado."),
])
def test_article_label_variants(line, num, heading, text):
    doc = parse_text(f"TITULO DE PRUEBA\n\n{line}\n")
    art = next(doc.root.articles())
    assert (art.num, art.heading, art.text) == (num, heading, text)


def test_divisions_with_ordinals_roman_unico_and_inline_headings():
    text = ("R\n\nLIBRO PRIMERO\nPARTE GENERAL\n\nTÍTULO SEGUNDO\nDE LAS AUTORIDADES\n\n"
            "CAPITULO III.- DE LAS LICENCIAS\n\nSECCION PRIMERA\nDISPOSICIONES\n\n"
            "ARTÍCULO 1.- Uno.\n\nCAPÍTULO ÚNICO\nOTRO\n\nARTÍCULO 2.- Dos.\n")
    doc = parse_text(text)
    assert kinds(doc) == [("book", "PRIMERO"), ("title", "SEGUNDO"), ("chapter", "III"),
                          ("section", "PRIMERA"), ("article", "1"), ("chapter", "ÚNICO"),
                          ("article", "2")]
    assert doc.root.find("lib_1__tit_2__cap_3").heading == "DE LAS LICENCIAS"
    assert doc.root.find("lib_1__tit_2__cap_1__art_2") is not None


def test_incisos_vs_roman_numerals_decided_by_siblings():
    items = "\n\n".join(f"{c}) inciso {c};" for c in "abcdefghijklm")
    text = f"R\n\nARTÍCULO 1.- Intro:\n\nI.- Primera:\n\n{items}\n\nII.- Segunda.\n"
    doc = parse_text(text)
    art = next(doc.root.articles())
    assert [c.num for c in art.children] == ["I", "II"]
    assert [i.num for i in art.children[0].children] == list("abcdefghijklm")
    assert doc.report.warnings == []


def test_uppercase_incisos_c_d_l_are_letters_after_b():
    items = "\n\n".join(f"{c}) Inciso {c};" for c in "ABCDEFGHIJKL")
    doc = parse_text(f"R\n\nARTÍCULO 1.- Requisitos:\n\n{items}\n")
    art = next(doc.root.articles())
    assert [(c.kind.value, c.num) for c in art.children] == [("item", c) for c in "ABCDEFGHIJKL"]


def test_clause_bis_and_definitions():
    text = ("R\n\nARTÍCULO 2.- Definiciones:\n\nXII.- Doce;\n\nXIII.- Trece;\n\n"
            "XIII BIS.- Vía pública.- Todo espacio de uso común;\n\nXIV.- Catorce.\n")
    doc = parse_text("R\n\nARTÍCULO 1.- x\n\n" + text.split("\n\n", 1)[1])
    art = doc.root.find("art_2")
    assert [c.eid for c in art.children] == ["art_2__frac_12", "art_2__frac_13",
                                              "art_2__frac_13bis", "art_2__frac_14"]
    assert art.children[2].heading == "Vía pública"
    # XII first is out of sequence (no I…XI): reported, not lost.
    assert any("Fracción XII" in w.message for w in doc.report.structural)


def test_wrapped_lines_and_hyphenation_are_joined():
    text = ("R\n\nARTÍCULO 1.- El Ayuntamiento regulará la actividad mu-\nnicipal en\n"
            "todo el territorio.\n")
    art = next(parse_text(text).root.articles())
    assert art.text == "El Ayuntamiento regulará la actividad municipal en todo el territorio."


def test_federal_and_trailing_notes():
    text = ("LEY\n\nArtículo 1.- Texto uno. (Reformado, P.O. No. 3, 5 de enero de 1999)\n\n"
            "Artículo 2.- Texto dos.\nArtículo reformado DOF 05-01-1999\n")
    doc = parse_text(text)
    a1, a2 = list(doc.root.articles())
    assert a1.text == "Texto uno." and a1.notes[0].gazette.date == date(1999, 1, 5)
    assert a2.notes[0].text == "Artículo reformado DOF 05-01-1999"
    assert a2.notes[0].gazette.date == date(1999, 1, 5)


def test_odd_input_goes_to_report_not_exception():
    text = "R\n\nCAPÍTULO I\nX\n\nTexto suelto antes de artículos.\n\nARTÍCULO 1.- Uno.\n\nARTÍCULO 3.- Tres.\n"
    doc = parse_text(text)
    messages = [w.format() for w in doc.report.structural]
    assert any("línea 6" in m and "Texto fuera de un artículo" in m for m in messages)
    assert any("falta el artículo 2" in m for m in messages)


def test_no_structure_is_reported():
    doc = parse_text("Solo una carta.\n\nSin artículos.\n")
    assert doc.report.structural and not list(doc.root.articles())


def test_first_numbered_paragraph_on_the_article_line():
    doc = parse_text("R\n\nArtículo 12. 1. Los diputados tienen derechos.\n2. Y obligaciones.\n")
    art = next(doc.root.articles())
    assert art.text == "" and [(c.kind.value, c.num) for c in art.children] == [
        ("numeral", "1"), ("numeral", "2")]
    assert doc.report.structural == []


def test_texto_vigente_label_is_not_a_citation():
    doc = parse_text("LEY X\n\nTEXTO VIGENTE\nÚltima reforma publicada DOF 21-12-2023\n\nArtículo 1. Uno.\n")
    assert doc.last_reform.date == date(2023, 12, 21)
    assert doc.header_notes == ["TEXTO VIGENTE"] and doc.report.warnings == []
