"""Regulation URIs, eId assignment and permanent ids."""

from datetime import date

import pytest

from reglamentos_app.domain.errors import ValidationError
from reglamentos_app.domain.gazette import GazetteReference
from reglamentos_app.domain.ids import RegulationUri, slugify
from reglamentos_app.domain.provisions import (
    Provision, ProvisionKind, assign_eids, carry_pids, ensure_pids, text_says_repealed,
)
from reglamentos_app.domain.regulation import RegulationKind, kind_from_title, make_work_uri


def test_uri_parse_and_render():
    uri = RegulationUri.parse("/mx-bc-mxl/reglamento/2001/administracion-publica@2015-07-17")
    assert uri.expression_date == date(2015, 7, 17)
    assert str(uri.work()) == "/mx-bc-mxl/reglamento/2001/administracion-publica"
    assert str(uri.work().at(date(2020, 1, 2))).endswith("@2020-01-02")


@pytest.mark.parametrize("bad", ["", "reglamento/2001/x", "/mx-bc-mxl/reglamento/01/x",
                                 "/MX/reglamento/2001/x", "/mx-bc-mxl/reglamento/2001/Á"])
def test_uri_rejects_bad_input_in_spanish(bad):
    with pytest.raises(ValidationError) as err:
        RegulationUri.parse(bad)
    assert "no es un identificador de reglamento válido" in err.value.user_message


def test_slug_and_kind_from_title():
    title = "Reglamento de la Administración Pública del Municipio de Mexicali, B.C."
    assert slugify(title) == "administracion-publica"
    assert kind_from_title("BANDO DE POLICÍA Y GOBIERNO") is RegulationKind.BYLAW
    assert kind_from_title("ACUERDO DE CREACIÓN DEL INSTITUTO") is RegulationKind.CREATION_AGREEMENT
    uri = make_work_uri(title, RegulationKind.REGULATION, 2001)
    assert str(uri) == "/mx-bc-mxl/reglamento/2001/administracion-publica"


def _tree():
    art = Provision(ProvisionKind.ARTICLE, num="5 Bis", children=[
        Provision(ProvisionKind.PARAGRAPH, text="p"),
        Provision(ProvisionKind.CLAUSE, num="III", children=[Provision(ProvisionKind.ITEM, num="a")]),
    ])
    chapter = Provision(ProvisionKind.CHAPTER, num="SEGUNDO", children=[art])
    title = Provision(ProvisionKind.TITLE, num="PRIMERO", children=[chapter])
    return Provision(ProvisionKind.ROOT, children=[title])


def test_eids_are_hierarchical_and_normalised():
    root = _tree()
    assert assign_eids(root) == []
    eids = [n.eid for n in root.walk()][1:]
    assert eids == ["tit_1", "tit_1__cap_2", "tit_1__cap_2__art_5bis",
                    "tit_1__cap_2__art_5bis__par_1", "tit_1__cap_2__art_5bis__frac_3",
                    "tit_1__cap_2__art_5bis__frac_3__inc_a"]


def test_duplicate_eids_are_made_unique_and_reported():
    root = Provision(ProvisionKind.ROOT, children=[Provision(ProvisionKind.ARTICLE, num="7"),
                                                   Provision(ProvisionKind.ARTICLE, num="7")])
    assert assign_eids(root) == ["art_7"]
    assert [c.eid for c in root.children] == ["art_7", "art_7_2"]


def test_permanent_ids_survive_a_new_version():
    old, new = _tree(), _tree()
    assign_eids(old), assign_eids(new)
    ensure_pids(old)
    new.children[0].children[0].children.append(Provision(ProvisionKind.ARTICLE, num="6",
                                                          eid="tit_1__cap_2__art_6"))
    matched = carry_pids(old, new)
    assert matched == 6  # every node of the old tree below the root
    old_pids = {n.eid: n.pid for n in old.walk() if n.eid}
    for node in new.walk():
        if node.eid in old_pids:
            assert node.pid == old_pids[node.eid]
    added = new.find("tit_1__cap_2__art_6")
    assert added.pid and added.pid not in old_pids.values()


def test_repealed_placeholder_detection():
    assert text_says_repealed("Derogado.")
    assert text_says_repealed("Se deroga.")
    assert text_says_repealed("Derogada.")
    assert not text_says_repealed("Los derechos derogados por la ley anterior se extinguen.")


def test_gazette_tome_plausibility():
    good = GazetteReference("55", "", "CVIII", date(2001, 12, 14))
    bad = GazetteReference("12", "", "VI", date(2015, 3, 1))
    assert good.tome_is_plausible() and not bad.tome_is_plausible()
    assert good.describe() == "Periódico Oficial No. 55, de fecha 14 de diciembre de 2001, Tomo CVIII"
