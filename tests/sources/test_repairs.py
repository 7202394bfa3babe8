"""Repairs of extracted text: page furniture, wrapped notes, OCR spacing, lost accents."""

from datetime import date

from reglamentos_app.domain.provisions import NoteStyle
from reglamentos_app.sources import parse_text


def test_page_numbers_are_removed_and_reported():
    text = ("R\n\nARTÍCULO 1.- El Ayuntamiento regulará\n18\nla actividad municipal.\n"
            "Página 3 de 48\nARTÍCULO 2.- Dos.\n- 19 -\n")
    doc = parse_text(text)
    a1, a2 = list(doc.root.articles())
    assert a1.text == "El Ayuntamiento regulará la actividad municipal."
    assert a2.text == "Dos."
    assert any("Se quitaron 3 líneas de paginación" in w.message for w in doc.report.warnings)


def test_parenthetical_note_wrapped_over_lines():
    text = ("R\n\nArtículo 1. Texto del artículo.\n(Reformas aprobadas en sesión ordinaria del\n"
            "Ayuntamiento celebrada el 27 de febrero de 2023 y publicada el 6 de marzo de 2023\n"
            "en la Gaceta Municipal.)\nArtículo 2. Otro texto con nota final. (Esta reforma fue\n"
            "aprobada el 19 de septiembre de 2018.)\n")
    a1, a2 = list(parse_text(text).root.articles())
    assert a1.text == "Texto del artículo." and a1.notes[0].style is NoteStyle.PARENTHETICAL
    assert a1.notes[0].gazette.date == date(2023, 2, 27)
    assert a2.text == "Otro texto con nota final."
    assert a2.notes[0].text.startswith("(Esta reforma fue aprobada")


def test_letter_spaced_and_accentless_headings():
    text = ("R\n\nT IT U L O P R IM E R O\nDISPOSICIONES\n\nC A P I T U L O I\nDEL OBJETO\n\n"
            "ARTCULO 1.- Uno.\n\nCAPTULO II\nOTRO\n\nARTÍCULO 2.- Dos.\n")
    doc = parse_text(text)
    kinds = [(n.kind.value, n.num) for n in doc.root.walk()][1:]
    assert kinds == [("title", "PRIMERO"), ("chapter", "I"), ("article", "1"),
                     ("chapter", "II"), ("article", "2")]
    assert doc.report.structural == []


def test_wrapped_heading_and_transitorios_caption():
    text = ("R\n\nCAPÍTULO IX\nDe la División de Vinculación Ciudadana, Prevención\n"
            "Social y Atención a Víctimas\nArtículo 1. Uno.\n"
            "TRANSITORIOS DEL DECRETO POR EL QUE SE REFORMA EL REGLAMENTO, PUBLICADO\n"
            "EN LA GACETA OFICIAL EL 6 DE JULIO DE 2012.\nPRIMERO.-El decreto entra en vigor.\n"
            "Décimo. Primero. Se faculta al Presidente.\n")
    doc = parse_text(text)
    chapter = doc.root.children[0]
    assert chapter.heading.endswith("Prevención Social y Atención a Víctimas")
    group = doc.root.children[1]
    assert group.heading.endswith("EL 6 DE JULIO DE 2012.")
    assert group.decree.date == date(2012, 7, 6)
    assert [t.num for t in group.children] == ["PRIMERO", "Décimo Primero"]
