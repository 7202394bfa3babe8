"""Property tests: generated regulations written as .txt (every encoding we read), .docx and
Akoma Ntoso come back as the same provision tree."""

from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reglamentos_app.domain.numbering import int_to_roman
from reglamentos_app.sources import load_document, parse_text
from reglamentos_app.sources.formats.akn import akn_to_document, document_to_akn

WORDS = ["el", "Ayuntamiento", "otorgará", "licencias", "para", "la", "vía", "pública", "año",
         "sanción", "conforme", "al", "Reglamento", "dirección", "inspección", "permiso",
         "vigente", "Síndico", "Procurador", "señalización", "zona", "municipal"]
sentence = st.lists(st.sampled_from(WORDS), min_size=3, max_size=14).map(
    lambda ws: (ws[0][:1].upper() + ws[0][1:] + " " + " ".join(ws[1:])).strip())
heading = st.lists(st.sampled_from(["Objeto", "Definiciones", "Licencias", "Sanciones",
                                    "Autoridades", "Inspección"]), min_size=1, max_size=2).map(
    " y ".join)


@st.composite
def regulations(draw):
    lines = ["REGLAMENTO GENERADO PARA PRUEBAS",
             "Publicado en el Periódico Oficial No. 7, de fecha 3 de marzo de 2005, Tomo CXII."]
    for n in range(1, draw(st.integers(1, 6)) + 1):
        if n == 1 or draw(st.booleans()) and n % 3 == 0:
            lines += [f"CAPÍTULO {int_to_roman(n)}", "DISPOSICIONES DE LA MATERIA"]
        head = draw(st.one_of(st.just(""), heading))
        lines.append(f"ARTÍCULO {n}.- " + (f"{head}.- " if head else "") + draw(sentence) + ":")
        clauses = draw(st.integers(0, 4))
        for c in range(1, clauses + 1):
            lines.append(f"{int_to_roman(c)}.- {draw(sentence)};")
            for letter in "abc"[: draw(st.integers(0, 3)) if c == 1 else 0]:
                lines.append(f"{letter}) {draw(sentence)};")
        if draw(st.booleans()):
            lines.append(draw(sentence) + ".")
    lines += ["TRANSITORIOS", "ÚNICO.- " + draw(sentence) + "."]
    return "\n\n".join(lines) + "\n"


def tree(doc):
    return doc.to_dict()["root"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=regulations(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
def test_txt_in_every_encoding(tmp_path, text, encoding):
    path = tmp_path / "r.txt"
    path.write_bytes(text.encode(encoding))
    assert tree(load_document(path).doc) == tree(parse_text(text))


@settings(max_examples=40, deadline=None)
@given(text=regulations())
def test_akn_round_trip(text):
    doc = parse_text(text)
    back = akn_to_document(document_to_akn(doc))
    assert tree(back) == tree(doc)
    assert back.title == doc.title


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=regulations())
def test_docx_round_trip(tmp_path, text):
    document = docx.Document()
    for line in text.split("\n\n"):
        document.add_paragraph(line.strip())
    path = tmp_path / "r.docx"
    document.save(path)
    assert tree(load_document(Path(path)).doc) == tree(parse_text(text))
