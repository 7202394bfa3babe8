"""Fixtures of the export tests: a regulation, a drafted reform project, readers of each format.

Each output is read back with the library a user's tool would use (python-docx, lxml, pypdf,
zipfile). LibreOffice conversions run when ``soffice`` is installed, each with its own
profile folder so parallel runs never share one; without it they are skipped with the reason.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import io  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import subprocess  # noqa: E402
import unicodedata  # noqa: E402
import zipfile  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from tests.services.test_projects import PARQUES, draft_all_changes  # noqa: E402

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(autouse=True)
def _qt_application(qapp):
    """A QApplication before any PDF is drawn: the PDF writer would otherwise create a bare
    QGuiApplication (as the CLI does), and the widget tests that follow could not run."""
    return qapp


@pytest.fixture
def svc(sqlite_services):
    return sqlite_services


@pytest.fixture
def parques(svc):
    return svc.corpus.import_text(PARQUES, "parques.txt").uri


@pytest.fixture
def project(svc, parques):
    project = svc.projects.create("Reforma al Reglamento de Parques", [parques],
                                  file_number="SA/123/2025", promoter_office="Sindicatura Municipal",
                                  motives="Los parques necesitan reglas actuales.\n"
                                          "Se agregan bebederos.")
    draft_all_changes(svc, project.id, parques)
    return project.id


def normal(text: str) -> str:
    """Text as comparable across formats: NFKC (PDF ligatures), one space between words."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def docx_paragraphs(data: bytes) -> list[str]:
    from docx import Document

    return [p.text for p in Document(io.BytesIO(data)).paragraphs]


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return normal(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages))


def html_text(data: bytes) -> str:
    from lxml import html

    return normal(html.fromstring(data).text_content())


def soffice_convert(source: Path, fmt: str, tmp_path: Path) -> Path:
    """Convert with LibreOffice headless, with a profile of this test's own."""
    if not SOFFICE:
        pytest.skip("LibreOffice (soffice) no está instalado: se omite la conversión "
                    "(la CI lo instala)")
    profile = tmp_path / f"lo-profile-{fmt}"
    out = tmp_path / f"lo-{fmt}"
    result = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", fmt,
         "--outdir", str(out), str(source)], capture_output=True, text=True, timeout=180)
    target = out / (source.stem + "." + fmt)
    assert target.exists(), result.stdout + result.stderr
    return target


def odt_text(path: Path) -> str:
    from lxml import etree

    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("content.xml"))
    return normal(" ".join(root.itertext()))
