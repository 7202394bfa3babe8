"""``reglamentos exportar …`` end to end on a throw-away database."""

from __future__ import annotations

import io
import zipfile

import pytest
from docx import Document

from reglamentos_app.cli.main import main
from reglamentos_app.services import open_services
from tests.exports.conftest import docx_paragraphs, pdf_text
from tests.services.test_projects import PARQUES, draft_all_changes


@pytest.fixture
def db(sqlite_url):
    with open_services(sqlite_url) as services:
        uri = services.corpus.import_text(PARQUES, "parques.txt").uri
        project = services.projects.create("Reforma de parques", [uri])
        draft_all_changes(services, project.id, uri)
    return sqlite_url, uri, str(project.id)


@pytest.mark.parametrize("fmt", ["docx", "pdf", "html", "txt", "akn"])
def test_exportar_vigente_each_format(db, tmp_path, fmt, capsys):
    url, uri, _project = db
    out = tmp_path / f"vigente.{fmt}"
    assert main(["exportar", "vigente", uri, "--formato", fmt, "-o", str(out), "--db", url]) == 0
    assert "Se escribió" in capsys.readouterr().err
    data = out.read_bytes()
    if fmt == "docx":
        assert "ARTÍCULO 3.- Los parques son bienes del dominio público municipal." in \
            docx_paragraphs(data)
    elif fmt == "pdf":
        assert "Los parques son bienes del dominio público municipal." in pdf_text(data)
    else:
        assert "Los parques son bienes del dominio público municipal." in data.decode("utf-8")


def test_export_alias_date_and_note_style(db, tmp_path):
    url, uri, _project = db
    out = tmp_path / "v.docx"
    assert main(["export", "consolidado", uri, "--fecha", "2010-01-01", "--notas", "preambulo",
                 "-o", str(out), "--db", url]) == 0
    assert "Texto vigente al 1 de enero de 2010." in docx_paragraphs(out.read_bytes())


@pytest.mark.parametrize("command", ["cuadro", "decreto", "iniciativa"])
def test_exportar_project_documents(db, tmp_path, monkeypatch, command):
    url, _uri, project = db
    monkeypatch.chdir(tmp_path)
    assert main(["exportar", command, project, "--db", url]) == 0
    (written,) = tmp_path.glob(f"{command}-proyecto-{project}.docx")
    document = Document(io.BytesIO(written.read_bytes()))
    assert document.paragraphs[0].text


def test_cuadro_pdf_and_bad_input(db, tmp_path, capsys):
    url, _uri, project = db
    out = tmp_path / "cuadro.pdf"
    assert main(["exportar", "cuadro", project, "-o", str(out), "--db", url]) == 0
    assert "SIN CORRELATIVO" in pdf_text(out.read_bytes())
    assert main(["exportar", "cuadro", "abc", "--db", url]) == 1
    assert "no es un número de proyecto" in capsys.readouterr().err
    assert main(["exportar", "vigente", "/mx-bc-mxl/reglamento/2002/parques", "--notas", "x",
                 "-o", str(out), "--db", url]) == 1


def test_export_redline_is_listed_under_export(db, tmp_path):
    url, _uri, project = db
    out = tmp_path / "redline.docx"
    assert main(["export", "redline", project, "-o", str(out), "--db", url]) == 0
    with zipfile.ZipFile(out) as archive:
        assert b"<w:ins " in archive.read("word/document.xml")
