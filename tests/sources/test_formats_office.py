"""Legacy formats through LibreOffice: .odt and .rtf (skipped without LibreOffice)."""

from __future__ import annotations

import pytest

from reglamentos_app.domain.errors import ImportFailed
from reglamentos_app.sources import load_document
from reglamentos_app.sources.formats import office

RTF = (r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Arial;}}\f0 "
       r"REGLAMENTO DE PRUEBA EN RTF\par\par CAP\'cdTULO I\par\par DISPOSICIONES GENERALES\par\par "
       r"ART\'cdCULO 1.- Objeto.- Regula la materia.\par\par ART\'cdCULO 2.- Se entiende por:\par\par "
       r"I.- Municipio: el de Mexicali;\par\par II.- Cabildo: el \'f3rgano colegiado.\par}")

needs_lo = pytest.mark.skipif(office.find_soffice() is None, reason="LibreOffice no está instalado")


@needs_lo
def test_rtf_and_odt_through_libreoffice(tmp_path):
    rtf = tmp_path / "prueba.rtf"
    rtf.write_bytes(RTF.encode("cp1252"))
    doc = load_document(rtf).doc
    assert doc.title == "REGLAMENTO DE PRUEBA EN RTF"
    assert [a.num for a in doc.root.articles()] == ["1", "2"]
    assert "órgano colegiado" in doc.root.find("cap_1__art_2__frac_2").text
    # The same document as .odt (LibreOffice writes it), imported back.
    workdir = tmp_path / "odt"
    workdir.mkdir()
    import subprocess
    subprocess.run([office.find_soffice(), f"-env:UserInstallation={(tmp_path / 'p').as_uri()}",
                    "--headless", "--convert-to", "odt", "--outdir", str(workdir), str(rtf)],
                   check=True, capture_output=True, timeout=120)
    odt_doc = load_document(workdir / "prueba.odt").doc
    assert [a.num for a in odt_doc.root.articles()] == ["1", "2"]


def test_missing_libreoffice_is_explained(tmp_path, monkeypatch):
    monkeypatch.setattr(office, "find_soffice", lambda: None)
    from reglamentos_app.sources import loader
    monkeypatch.setattr(loader, "find_soffice", lambda: None)
    path = tmp_path / "viejo.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    with pytest.raises(ImportFailed, match="se necesita LibreOffice"):
        load_document(path)
