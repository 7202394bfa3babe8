"""One fixture per pattern of DOMAIN.md §7 (document conventions) and §8 (extraction
artefacts), written from those descriptions: stamps, running furniture, titles, publication
and last-reform lines, article labels, transitorios, wrapped lines, expedition decrees,
ordinal provisions, reform-decree blocks and wrapped citations."""

from datetime import date

import pytest

from reglamentos_app.domain.provisions import ProvisionKind
from reglamentos_app.domain.regulation import RegulationKind, kind_from_title
from reglamentos_app.services.corpus import regulation_from_document
from reglamentos_app.sources import parse_text

BODY = ("ARTÍCULO 1.- El presente Reglamento es de orden público.\n\n"
        "ARTÍCULO 2.- Corresponde su aplicación al Ayuntamiento.\n")


def articles(doc):
    return [a.num for a in doc.root.articles()]


def all_text(doc):
    return " ".join(f"{n.heading} {n.text}" for n in doc.root.walk())


# -- §7.1 compilation stamps ------------------------------------------------------------------
@pytest.mark.parametrize("stamp", [
    "TOMO4\\MEXICALI\\REGPANT Actualizado en Internet: 14 de Marzo del 2011",
    "\\Tomos\\tomo4\\Mexicali\\Reginayun Publicado en Internet el: 8 de Abril del 2002",
    "TOMO4\\MEXICALI\\REGPAMBI Actualizado en Internet: 6/Abril/2001",
])
def test_compilation_stamp_is_never_the_title_and_is_reported(stamp):
    text = (f"{stamp}\n\nREGLAMENTO DE PANTEONES DEL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA\n\n"
            "Publicado en el Periódico Oficial No. 55, de fecha 14 de Diciembre de 2001, "
            "Tomo CVIII\n\n" + BODY)
    doc = parse_text(text, "panteones.txt")
    assert doc.title == "REGLAMENTO DE PANTEONES DEL MUNICIPIO DE MEXICALI, BAJA CALIFORNIA"
    assert doc.original_publication.date == date(2001, 12, 14)
    assert (1, stamp) in doc.report.removed
    assert any("sello de compilación" in w.message and "línea 1" in w.message
               for w in doc.report.warnings)
    assert "Internet" not in " ".join(doc.header_notes)
    uri = regulation_from_document(doc, None).uri
    assert (uri.doctype, uri.year) == ("reglamento", "2001") and "tomo" not in uri.slug


def test_stamp_with_earlier_updates_split_over_lines():
    text = ("\\Tomos\\tomo4\\Mexicali\\Reginayun\n"
            "Actualizado en Internet: 24 de Abril delo 2002\n"
            "Actualizaciones Anteriores: 8 de Abril del 2002, 30 de Abril del 2001\n"
            "Modificaciones Anteriores: 30 de Abril del 2002\n\n"
            "REGLAMENTO INTERIOR DEL AYUNTAMIENTO DE MEXICALI\n\n" + BODY)
    doc = parse_text(text)
    assert doc.title == "REGLAMENTO INTERIOR DEL AYUNTAMIENTO DE MEXICALI"
    assert [n for n, _ in doc.report.removed] == [1, 2, 3, 4]
    assert doc.header_notes == []


# -- §7.1 title -------------------------------------------------------------------------------
def test_title_wrapped_over_lines_with_blank_lines_between():
    text = ("REGLAMENTO DE LA ADMINISTRACIÓN PÚBLICA DEL AYUNTAMIENTO DE\n\nMEXICALI, BAJA "
            "CALIFORNIA\n\nPublicado en el Periódico Oficial No. 27 del 15 de junio de 2012, "
            "Tomo CXIX\n\n" + BODY)
    doc = parse_text(text)
    assert doc.title == ("REGLAMENTO DE LA ADMINISTRACIÓN PÚBLICA DEL AYUNTAMIENTO DE MEXICALI, "
                         "BAJA CALIFORNIA")
    assert doc.original_publication.date == date(2012, 6, 15)


def test_running_last_reform_header_is_not_the_title():
    header = "Última reforma P.O. No. 9, del 21 de febrero de 2020"
    text = (f"{header}\n\nREGLAMENTO DE TRÁNSITO PARA EL MUNICIPIO DE MEXICALI\n\n"
            "ARTÍCULO 1.- Objeto.- Este reglamento regula el tránsito\n\n"
            f"{header}\n\nde vehículos en el municipio.\n\nARTÍCULO 2.- Dos.\n\n{header}\n")
    doc = parse_text(text)
    assert doc.title == "REGLAMENTO DE TRÁNSITO PARA EL MUNICIPIO DE MEXICALI"
    assert doc.last_reform.date == date(2020, 2, 21)
    art1 = doc.root.find("art_1")
    # The header fell inside the sentence: it is removed and the sentence rejoined.
    assert art1.text == "Este reglamento regula el tránsito de vehículos en el municipio."
    assert "Última reforma" not in all_text(doc)
    assert [n for n, _ in doc.report.removed] == [7, 13]


def test_promulgation_formula_is_not_the_title():
    text = ("EL CIUDADANO LICENCIADO MIGUEL MÁRQUEZ MÁRQUEZ, GOBERNADOR CONSTITUCIONAL DEL ESTADO "
            "LIBRE Y SOBERANO DE GUANAJUATO, A LOS HABITANTES DEL MISMO SABED:\n\n"
            "QUE EL H. CONGRESO CONSTITUCIONAL DEL ESTADO LIBRE Y SOBERANO DE GUANAJUATO, HA "
            "TENIDO A BIEN DIRIGIRME EL SIGUIENTE:\n\nDECRETO NÚMERO 255\n\n"
            "LEY DE INGRESOS PARA EL MUNICIPIO DE ACÁMBARO, GUANAJUATO,\n"
            "PARA EL EJERCICIO FISCAL DEL AÑO 2018\n\n"
            "CAPÍTULO PRIMERO\nDE LA NATURALEZA Y OBJETO DE LA LEY\n\n"
            "Artículo 1. La presente Ley es de orden público.\n\nArtículo 2. Dos.\n")
    doc = parse_text(text)
    assert doc.title == ("LEY DE INGRESOS PARA EL MUNICIPIO DE ACÁMBARO, GUANAJUATO, PARA EL "
                         "EJERCICIO FISCAL DEL AÑO 2018")
    regulation = regulation_from_document(doc, None)
    assert regulation.kind is RegulationKind.LAW
    assert regulation.uri.locality == "mx-gto"
    assert regulation.issuing_body == "Congreso del Estado de Guanajuato"


# -- §7.1 publication and last-reform lines ---------------------------------------------------
@pytest.mark.parametrize("line, when", [
    ("Publicado en el Periódico Oficial No. 55, de fecha 14 de Diciembre de 2001, Tomo CVIII",
     date(2001, 12, 14)),
    ("Publicado en el Periódico Oficial del Estado de Baja California, de fecha 15 de octubre "
     "de 2001, Tomo CVIII", date(2001, 10, 15)),
    ("Publicado en el Periódico Oficial No. 44, Sección II, de fecha 15 de octubre de 2001, "
     "Tomo CVIII", date(2001, 10, 15)),
    ("Publicado en el Periódico Oficial No. 27 del 15 de junio de 2012, Tomo CXIX",
     date(2012, 6, 15)),
    ("Publicado en el Periódico Oficial del Estado, No. 54, de fecha 27 de Octubre de 1995, "
     "Tomo CII", date(1995, 10, 27)),
    ("Publicada en el Periódico Oficial No. 23, de Fecha 16 de Agosto de 1953, Tomo LXVI",
     date(1953, 8, 16)),
    ("Reglamento publicado en la Sección I del Periódico Oficial del Estado de Baja California, "
     "el viernes 14 de diciembre de 2001", date(2001, 12, 14)),
    ("Aprobado por el XVII Ayuntamiento de Mexicali en Sesión de Cabildo celebrada el día 24 de "
     "julio de 2003, y publicado en el Periódico Oficial el 8 de agosto de 2003", date(2003, 7, 24)),
])
def test_original_publication_forms(line, when):
    doc = parse_text(f"REGLAMENTO DE PRUEBA\n\n{line}\n\n{BODY}")
    assert doc.title == "REGLAMENTO DE PRUEBA"
    assert doc.original_publication.date == when


@pytest.mark.parametrize("line, when", [
    ("(Última Reforma POE No. 34, 17 de Julio de 2015)", date(2015, 7, 17)),
    ("Última reforma P.O. No. 40, del 17 de junio de 2022", date(2022, 6, 17)),
    ("Texto Vigente Publicado POE 19/03/2021", date(2021, 3, 19)),
    ("Texto Vigente publicado 29/12/2023", date(2023, 12, 29)),
    ("ÚLTIMA REFORMA PUBLICADA EN EL PERIÓDICO OFICIAL: 30 DE NOVIEMBRE DE 2018.",
     date(2018, 11, 30)),
    ("Última Reforma P.O. No. 76, Sección III, 30-Dic-2022", date(2022, 12, 30)),
])
def test_last_reform_forms(line, when):
    doc = parse_text(f"REGLAMENTO DE PRUEBA\n\n{line}\n\n{BODY}")
    assert doc.title == "REGLAMENTO DE PRUEBA"
    assert doc.last_reform.date == when


def test_federal_law_dof_forms_and_jurisdiction():
    text = ("LEY DE AMNISTÍA\n\nNueva Ley publicada en el Diario Oficial de la Federación el 22 "
            "de abril de 2020\n\nTEXTO VIGENTE\nÚltima reforma publicada DOF 14-06-2024\n\n"
            "Artículo Único. Se expide la Ley de Amnistía.\n\nLEY DE AMNISTÍA\n\n"
            "Artículo 1. Se decreta amnistía.\n\nArtículo 2. Dos.\n\nTRANSITORIOS\n\n"
            "Primero. El presente Decreto entrará en vigor al día siguiente.\n")
    doc = parse_text(text)
    assert doc.original_publication.date == date(2020, 4, 22)
    assert doc.last_reform.date == date(2024, 6, 14)
    assert articles(doc) == ["1", "2"]  # the decree's Artículo Único is preamble
    assert any("Se expide" in n for n in doc.header_notes)
    regulation = regulation_from_document(doc, None)
    assert str(regulation.uri) == "/mx/ley/2020/ley-amnistia"
    assert regulation.issuing_body == "Congreso de la Unión"


def test_date_wrapped_onto_next_line():
    text = ("LEY QUE REGULA EL USO DE LA TECNOLOGÍA\n\nPUBLICADA EN LA GACETA OFICIAL DEL DISTRITO "
            "FEDERAL\nEL 27 DE OCTUBRE DE 2008\n\nÚltima reforma publicada en la G.O. CDMX\n"
            "el 27 de agosto de 2025.\n\nArtículo 1.- Uno.\n")
    doc = parse_text(text)
    assert doc.original_publication.date == date(2008, 10, 27)
    assert doc.last_reform.date == date(2025, 8, 27)
    assert regulation_from_document(doc, None).uri.locality == "mx-cmx"


@pytest.mark.parametrize("title, kind", [
    ("LEY DE INGRESOS DEL MUNICIPIO DE MEXICALI", RegulationKind.LAW),
    ("CÓDIGO FISCAL DEL ESTADO", RegulationKind.CODE),
    ("REGLAMENTO DE ANUNCIOS", RegulationKind.REGULATION),
    ("BANDO DE POLICÍA Y GOBIERNO", RegulationKind.BYLAW),
    ("ACUERDO DE CREACIÓN DEL INSTITUTO MUNICIPAL DEL DEPORTE", RegulationKind.CREATION_AGREEMENT),
    ("ACUERDO POR EL QUE SE ESTABLECEN LOS HORARIOS", RegulationKind.AGREEMENT),
    ("DECRETO POR EL QUE SE DECLARA ÁREA NATURAL", RegulationKind.DECREE),
    ("Lineamientos Generales en Materia de Clasificación", RegulationKind.GUIDELINES),
    ("MANUAL DE ORGANIZACIÓN", RegulationKind.MANUAL),
    ("NORMA TÉCNICA PARA EL DISEÑO DE BANQUETAS", RegulationKind.TECHNICAL_STANDARD),
])
def test_kinds(title, kind):
    assert kind_from_title(title) is kind


# -- §7.3 article labels, §7.4 transitorios ---------------------------------------------------
def test_article_label_alone_followed_by_numbered_paragraphs():
    text = ("REGLAMENTO DE PRUEBA\n\nArtículo 1\n\n1. Los diputados tienen derechos.\n\n"
            "2. Y obligaciones.\n\nArtículo 2\n\n1. Dos.\n")
    doc = parse_text(text)
    assert articles(doc) == ["1", "2"]
    assert [n.num for n in doc.root.find("art_1").children] == ["1", "2"]
    assert doc.report.structural == []


@pytest.mark.parametrize("heading", ["TRANSITORIOS", "TRANSITORIOS:", "ARTÍCULOS TRANSITORIOS",
                                     "Transitorios.", "TRANSITORIO"])
def test_transitorios_heading_variants(heading):
    text = (f"REGLAMENTO DE PRUEBA\n\n{BODY}\n{heading}\n\nPRIMERO.- Entrará en vigor al día "
            "siguiente de su publicación.\n\nSEGUNDO.- Se abroga el anterior.\n")
    doc = parse_text(text)
    assert articles(doc) == ["1", "2"]
    group = doc.root.children[-1]
    assert group.kind is ProvisionKind.TRANSITIONAL_GROUP
    assert [t.num for t in group.children] == ["PRIMERO", "SEGUNDO"]


def test_ordinal_word_provisions_in_the_body():
    ordinals = ["Primero", "Segundo", "Tercero", "Cuarto"]
    body = "\n\n".join(f"{o}. Disposición {o.lower()}." for o in ordinals)
    text = (f"Lineamientos Generales de Prueba\n\nCAPÍTULO I\nDISPOSICIONES GENERALES\n\n{body}\n\n"
            "Sexagésimo noveno. La última disposición.\n\nTRANSITORIOS\n\nPrimero. Entrará en vigor.\n")
    doc = parse_text(text)
    assert articles(doc) == [*ordinals, "Sexagésimo noveno"]
    assert [t.num for t in doc.root.children[-1].children] == ["Primero"]


def test_reform_decree_block_groups_its_transitorios_under_its_heading():
    text = ("LEY GENERAL DE PRUEBA\n\n" + BODY.replace("ARTÍCULO", "Artículo") +
            "\nTRANSITORIOS\n\nPrimero.- La presente Ley entrará en vigor.\n\n"
            "ARTÍCULOS TRANSITORIOS DE DECRETOS DE REFORMA\n\n"
            "DECRETO por el que se reforma el artículo 2 de la Ley General de Prueba.\n\n"
            "Publicado en el Diario Oficial de la Federación el 3 de junio de 2014\n\n"
            "Artículo Único.- Se reforma el artículo 2 de la Ley General de Prueba, para quedar "
            "como sigue:\n\n……….\n\nTransitorio\n\nÚnico.- El presente Decreto entrará en vigor "
            "el día siguiente.\n")
    doc = parse_text(text)
    groups = [g for g in doc.root.children if g.kind is ProvisionKind.TRANSITIONAL_GROUP]
    assert len(groups) == 2
    decree = groups[1]
    assert decree.heading.startswith("DECRETO por el que se reforma el artículo 2")
    assert "Artículo Único.- Se reforma" in decree.heading
    assert decree.decree.date == date(2014, 6, 3)
    assert [(t.num, t.text[:22]) for t in decree.children] == [("Único", "El presente Decreto en")]


# -- §8 artefacts ---------------------------------------------------------------------------
def test_hard_wraps_with_a_blank_line_after_each_line():
    text = ("REGLAMENTO DE PRUEBA\n\nARTÍCULO 1.- Las disposiciones de este reglamento son de\n\n"
            "orden público y de observancia general en el municipio.\n\n"
            "ARTÍCULO 2.- Dos.\n")
    doc = parse_text(text)
    assert doc.root.find("art_1").text == ("Las disposiciones de este reglamento son de orden "
                                           "público y de observancia general en el municipio.")
    assert doc.report.structural == []


def test_congress_block_and_page_footer_removed_mid_paragraph():
    text = ("LEY DE PRUEBA DEL ESTADO DE BAJA CALIFORNIA\n\nArtículo 1.- La presente ley regula\n\n"
            "H. Congreso del Estado de Baja California\nDirección de Procesos Parlamentarios\n"
            "Coordinación de Registro Parlamentario y Actualización Legislativa\n"
            "Ley de Prueba del Estado de Baja California Página 1\n\n"
            "las materias de su competencia.\n\nArtículo 2.- Dos.\n\n"
            "Ley de Prueba del Estado de Baja California Página 2\n")
    doc = parse_text(text)
    assert doc.root.find("art_1").text == "La presente ley regula las materias de su competencia."
    assert [n for n, _ in doc.report.removed] == [5, 6, 7, 8, 14]
    assert "Congreso" not in all_text(doc) and "Página" not in all_text(doc)


def test_wrapped_citation_is_not_a_new_article():
    text = ("REGLAMENTO DE PRUEBA\n\nArtículo 5o.- Las licencias se otorgarán conforme al\n"
            "Artículo 5o. de la Ley de Ingresos.\n\nArtículo 6o.- Seis.\n")
    doc = parse_text(text)
    assert articles(doc) == ["5o", "6o"]
    assert doc.root.find("art_5").text.endswith("conforme al Artículo 5o. de la Ley de Ingresos.")


def test_repeated_number_after_an_unfinished_line_is_a_citation():
    text = ("REGLAMENTO DE PRUEBA\n\nArtículo 4.- Cuatro.\n\nArtículo 5.- Las multas previstas\n"
            "Artículo 4 de este reglamento se duplican.\n\nArtículo 6.- Seis.\n")
    doc = parse_text(text)
    assert articles(doc) == ["4", "5", "6"]


# -- every format: the same repairs apply to Word and PDF text -------------------------------
def test_stamp_and_running_header_removed_from_a_word_file(tmp_path):
    from docx import Document

    from reglamentos_app.sources import load_document

    header = "Última reforma P.O. No. 9, del 21 de febrero de 2020"
    word = Document()
    for text in ["TOMO4\\MEXICALI\\REGPANT Actualizado en Internet: 14 de Marzo del 2011",
                 "REGLAMENTO DE PANTEONES DEL MUNICIPIO DE MEXICALI", header,
                 "ARTÍCULO 1.- Los panteones del municipio se rigen", header,
                 "por este reglamento.", "ARTÍCULO 2.- Dos.", header]:
        word.add_paragraph(text)
    path = tmp_path / "panteones.docx"
    word.save(str(path))
    doc = load_document(path).doc
    assert doc.title == "REGLAMENTO DE PANTEONES DEL MUNICIPIO DE MEXICALI"
    assert doc.last_reform.date == date(2020, 2, 21)
    assert doc.root.find("art_1").text == "Los panteones del municipio se rigen por este reglamento."
    texts = [t for _, t in doc.report.removed]
    assert texts.count(header) == 2 and any("Actualizado en Internet" in t for t in texts)
