"""Text decoding: BOM, UTF-8, UTF-16, Windows-1252; limits and binary files."""

import codecs

import pytest

from reglamentos_app.domain.errors import ImportFailed
from reglamentos_app.sources.text.decoding import decode_bytes, read_text_file

SAMPLE = "ARTÍCULO 1.- El Año fiscal; señalización y jurisdicción."


@pytest.mark.parametrize("data,encoding", [
    (SAMPLE.encode("utf-8"), "utf-8"),
    (codecs.BOM_UTF8 + SAMPLE.encode("utf-8"), "utf-8-sig"),
    (SAMPLE.encode("utf-16"), "utf-16"),
    (SAMPLE.encode("cp1252"), "cp1252"),
])
def test_decodes_office_encodings(data, encoding):
    text, used = decode_bytes(data)
    assert text == SAMPLE and used == encoding


def test_binary_file_is_refused_in_spanish():
    with pytest.raises(ImportFailed) as err:
        decode_bytes(b"\x00\x01\x02\xff" * 10, "x.txt")
    assert "binario" in err.value.user_message


def test_size_limit(tmp_path):
    path = tmp_path / "grande.txt"
    path.write_bytes(b"a" * 2048)
    with pytest.raises(ImportFailed) as err:
        read_text_file(path, max_bytes=1024)
    assert "máximo" in err.value.user_message


def test_dos_file_is_ambiguous_and_the_user_chooses():
    from reglamentos_app.domain.errors import AmbiguousEncoding

    data = SAMPLE.encode("cp850")
    with pytest.raises(AmbiguousEncoding) as err:
        decode_bytes(data, "dos.txt")
    candidates = err.value.candidates
    assert [c.encoding for c in candidates] == ["cp850", "cp1252"]
    assert "jurisdicción" in candidates[0].preview and "jurisdicción" not in candidates[1].preview
    assert "--encoding" in err.value.user_message
    assert decode_bytes(data, "dos.txt", encoding="cp850") == (SAMPLE, "cp850")


def test_windows_file_is_not_ambiguous():
    long_text = (SAMPLE + "\n") * 50
    assert decode_bytes(long_text.encode("cp1252"))[1] == "cp1252"
