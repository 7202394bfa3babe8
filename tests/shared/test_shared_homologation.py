"""Homologation in a shared office: any role keeps models and corrections; all see them."""

from __future__ import annotations

import pytest

from reglamentos_app.services import open_services
from tests.conftest import CORPUS

pytestmark = pytest.mark.postgres


def test_models_and_corrections_are_shared(office):
    with open_services(office.admin_url) as dba:
        imip = dba.corpus.import_paths([CORPUS / "acuerdo-creacion-imip.txt"])[0].uri
        dba.corpus.import_paths([CORPUS / "acuerdo-creacion-dif.txt"])
    ana = office.services("ana")
    info = ana.homologation.add_sample_model()
    key = next(p.key for p in ana.homologation.model(info.id).provisions if p.num == "7")
    ana.homologation.correct_by_number(info.id, imip, key, ["11"])
    sindico = office.services("sin")
    cell = sindico.homologation.matrix(info.id).cell(imip, key)
    assert cell.corrected and "Lic. Ana Ruiz" in cell.reason
    assert [m.label for m in cell.matches] == ["Artículo 11 (Designación)"]
    # The síndico may keep his own correction too (a working note, not an act).
    sindico.homologation.forget_correction(info.id, imip, key)
    assert not ana.homologation.matrix(info.id).cell(imip, key).corrected
