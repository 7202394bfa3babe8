"""PDF import: page furniture removed by repetition, paragraphs rebuilt, no text → error."""

from __future__ import annotations

import pytest
from pypdf import PdfWriter

from reglamentos_app.domain.errors import ImportFailed
from reglamentos_app.sources import load_document
from reglamentos_app.sources.formats.pdf import join_paragraphs, strip_furniture

HEADER = ["LEY DE PRUEBA", "", "CÁMARA DE DIPUTADOS DEL H. CONGRESO DE LA UNIÓN",
          "Secretaría General", "Última Reforma DOF 21-12-2023"]


def _pages(bodies):
    return [["", *HEADER, "", f"{i + 1} de {len(bodies)}", *body] for i, body in enumerate(bodies)]


def test_running_header_and_page_numbers_removed_title_kept():
    pages = _pages([
        ["LEY DE PRUEBA", "", "Artículo 1. Primer artículo que sigue en la", "página siguiente"],
        ["sin punto final, y termina aquí.", "", "Artículo 2. Segundo artículo."],
        ["Artículo 3. Tercero.", "Artículo reformado DOF 01-02-2020"],
    ])
    cleaned, removed = strip_furniture(pages)
    assert cleaned[0][1:3] == ["LEY DE PRUEBA", ""] or "LEY DE PRUEBA" in cleaned[0]
    assert removed["CÁMARA DE DIPUTADOS DEL H. CONGRESO DE LA UNIÓN"] == 3
    assert removed["# de #"] == 3
    text = join_paragraphs(cleaned)
    paragraphs = text.strip().split("\n\n")
    assert paragraphs[0] == "LEY DE PRUEBA"
    assert ("Artículo 1. Primer artículo que sigue en la página siguiente sin punto final, "
            "y termina aquí.") in paragraphs
    assert "Artículo reformado DOF 01-02-2020" in paragraphs
    assert not any("CÁMARA" in p or "Secretaría General" in p or " de 3" in p for p in paragraphs)


def test_long_lines_at_page_edges_are_not_wildcards():
    # Real articles at the top of every page differ only in their digits: they must stay.
    bodies = [[f"Artículo {i}. El texto del artículo número {i} es largo y distinto de los demás."]
              for i in range(1, 6)]
    cleaned, _ = strip_furniture(_pages(bodies))
    text = join_paragraphs(cleaned)
    for i in range(1, 6):
        assert f"Artículo {i}. El texto" in text


def test_hyphenation_repaired():
    text = join_paragraphs([["Artículo 1. La adminis-", "tración municipal."]])
    assert text.strip() == "Artículo 1. La administración municipal."


def test_pdf_without_text_layer(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    path = tmp_path / "escaneado.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(ImportFailed, match="no tiene capa de texto"):
        load_document(path)


def test_encrypted_pdf(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(612, 792)
    writer.encrypt("secreto", algorithm="RC4-128")
    path = tmp_path / "cifrado.pdf"
    with path.open("wb") as f:
        writer.write(f)
    with pytest.raises(ImportFailed, match="no tiene capa de texto"):
        load_document(path)
