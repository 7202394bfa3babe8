"""Akoma Ntoso of stored regulations: every version valid, with the history of its reforms.

After a reform project is published (Periódico Oficial No. 14 of 10 March 2025), the texto
vigente exported as AKN names that publication in its lifecycle and lists, as passive
modifications, the provisions the decree reformed, added and repealed (the project of
``draft_all_changes``: articles 3 and 7 and fracción II of article 5 reformed, fracción IX of
article 12 and article 12 Bis added, fracción III of article 8 and article 20 repealed). The
version before the reform has none of it.
"""

from __future__ import annotations

from datetime import date

import pytest

from reglamentos_app.domain.gazette import GazetteReference
from reglamentos_app.domain.provisions import NoteStyle
from reglamentos_app.sources.formats.akn import akn_to_document
from tests.sources.akn_schema import assert_valid, xpath

PO_2025 = "#po_2025-03-10_14"


@pytest.fixture
def published(svc, project, parques):
    svc.projects.publish(project, GazetteReference(number="14", section="I", tome="CXXXII",
                                                   date=date(2025, 3, 10)),
                         note_style=NoteStyle.PARENTHETICAL)
    return parques


def test_texto_vigente_after_reform_carries_the_decree(svc, published):
    data = svc.exports.consolidated(published, "akn")
    root = assert_valid(data)
    events = [(e.get("date"), e.get("type"), e.get("source"))
              for e in xpath(root, "//a:lifecycle/a:eventRef")]
    assert events == [("2002-03-15", "generation", "#po_2002-03-15_12"),
                      ("2025-03-10", "amendment", PO_2025)]
    # the version is in force from the day after its publication (the decree's transitorio)
    assert xpath(root, "//a:FRBRExpression/a:FRBRdate/@date") == ["2025-03-11"]
    mods = {(m.get("type"), xpath(m, "a:destination/@href")[0])
            for m in xpath(root, "//a:passiveModifications/a:textualMod")
            if xpath(m, "a:source/@href") == [PO_2025]}
    expected = {("substitution", "#cap_1__art_3"), ("substitution", "#cap_1__art_5__frac_2"),
                ("substitution", "#cap_1__art_7"), ("insertion", "#cap_1__art_12__frac_9"),
                ("insertion", "#cap_1__art_12bis"), ("repeal", "#cap_1__art_8__frac_3"),
                ("repeal", "#cap_1__art_20")}
    assert expected <= mods
    for _, dest in mods:
        assert xpath(root, f"//a:body//*[@eId='{dest[1:]}']"), dest


def test_texto_vigente_before_reform_has_no_later_history(svc, published):
    data = svc.exports.consolidated(published, "akn", when=date(2010, 1, 1))
    root = assert_valid(data)
    assert xpath(root, "//a:lifecycle/a:eventRef/@date") == ["2002-03-15"]
    assert not xpath(root, "//a:passiveModifications")
    assert xpath(root, "//a:FRBRExpression/a:FRBRdate/@date") == ["2002-03-15"]


def test_every_note_style_validates_and_reimports(svc, published):
    for style in NoteStyle:
        data = svc.exports.consolidated(published, "akn", note_style=style)
        assert_valid(data)
        back = akn_to_document(data)
        assert not back.report.warnings


def test_published_regulation_round_trips_through_another_database(svc, published, tmp_path):
    """Our AKN imported into an empty corpus and exported again gives the same file: the same
    URI, version date, history, notes and permanent ids."""
    from reglamentos_app.services import open_services

    data = svc.exports.consolidated(published, "akn")
    path = tmp_path / "parques.xml"
    path.write_bytes(data)
    with open_services(f"sqlite:///{tmp_path / 'otra.sqlite3'}",
                       index_dir=tmp_path / "indice") as other:
        (outcome,) = other.corpus.import_paths([path])
        assert outcome.uri == published
        assert other.corpus.get_text(published).valid_from == date(2025, 3, 11)
        assert other.exports.consolidated(published, "akn") == data
