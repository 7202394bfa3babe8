"""Instrument identity on import: a file becomes a new version of a stored regulation only
when it is the same instrument (same full title and original publication) or the user says
so; otherwise it gets its own URI and nothing is replaced. Plus the "revisar" flag and the
CLI's exit code 3 for a structure the importer did not recognise."""

from reglamentos_app.cli.main import main
from reglamentos_app.services import ImportStatus

BODY = "ARTÍCULO 1.- Uno.\n\nARTÍCULO 2.- Dos.\n"


def _text(title: str, day: int = 14, body: str = BODY) -> str:
    return (f"{title}\n\nPublicado en el Periódico Oficial No. 55, de fecha {day} de Diciembre "
            f"de 2001, Tomo CVIII\n\n{body}")


# Two revenue laws whose long titles share the first 60 characters of their URI name.
LONG_A = ("LEY DE INGRESOS PARA EL MUNICIPIO DE SAN FRANCISCO DEL RINCÓN DEL ESTADO DE BAJA "
          "CALIFORNIA PARA EL EJERCICIO FISCAL DEL AÑO 2001 PRIMERA PARTE")
LONG_B = LONG_A.replace("PRIMERA", "SEGUNDA")


def test_same_instrument_is_a_new_version(sqlite_services):
    corpus = sqlite_services.corpus
    first = corpus.import_text(_text("REGLAMENTO DE PANTEONES"), "a.txt")
    second = corpus.import_text(_text("REGLAMENTO DE PANTEONES", body=BODY + "\nARTÍCULO 3.- Tres.\n"),
                                "b.txt")
    assert second.uri == first.uri and second.status is not ImportStatus.CREATED
    assert second.notice.startswith("nueva versión de «REGLAMENTO DE PANTEONES»")


def test_different_title_with_the_same_uri_gets_its_own(sqlite_services):
    corpus = sqlite_services.corpus
    first = corpus.import_text(_text(LONG_A), "a.txt")
    second = corpus.import_text(_text(LONG_B), "b.txt")
    assert second.status is ImportStatus.CREATED
    assert second.uri == first.uri + "-2"
    assert "no es el mismo instrumento" in second.notice and "SEGUNDA" in second.notice
    assert len(corpus.list_regulations()) == 2
    assert len(corpus.versions(first.uri)) == 1  # the first one was not replaced
    again = corpus.import_text(_text(LONG_B), "b.txt")  # the second again: its own URI
    assert again.uri == second.uri and again.status is ImportStatus.UNCHANGED


def test_different_original_publication_gets_its_own_uri(sqlite_services):
    corpus = sqlite_services.corpus
    first = corpus.import_text(_text("LEY DE AMNISTÍA", day=14), "1.txt")
    second = corpus.import_text(_text("LEY DE AMNISTÍA", day=28), "2.txt")
    assert second.uri != first.uri
    assert "publicación original es 28/12/2001, no 14/12/2001" in second.notice


def test_user_confirms_new_version_in_the_review_step(sqlite_services, tmp_path):
    corpus = sqlite_services.corpus
    first = corpus.import_text(_text(LONG_A), "a.txt")
    path = tmp_path / "b.txt"
    reformed = _text(LONG_B).replace("Tomo CVIII\n", "Tomo CVIII\n\nÚltima reforma P.O. No. 40, "
                                     "del 17 de junio de 2022\n")
    path.write_text(reformed, encoding="utf-8")
    prepared = corpus.prepare_import(path)
    check = corpus.identity_check(prepared)
    assert check.uri == first.uri and not check.same and "SEGUNDA" in check.differences[0]
    prepared.same_as = check.uri
    outcome = corpus.commit_import(prepared)
    assert outcome.uri == first.uri and outcome.status is ImportStatus.NEW_VERSION
    assert len(corpus.versions(first.uri)) == 2


def test_unrecognised_structure_is_flagged_and_cli_exits_3(sqlite_services, sqlite_url, tmp_path,
                                                           capsys):
    loose = "\n\n".join(f"Texto suelto número {i} que no pertenece a ningún artículo." for i in range(12))
    text = f"REGLAMENTO DE PRUEBA\n\nCAPÍTULO I\n\n{loose}\n\nARTÍCULO 1.- Uno.\n"
    outcome = sqlite_services.corpus.import_text(text, "suelto.txt")
    assert outcome.review.startswith("Revisar:")
    path = tmp_path / "suelto.txt"
    path.write_text(text, encoding="utf-8")
    code = main(["--db", sqlite_url, "import", "--quiet", str(path)])
    err = capsys.readouterr().err
    assert code == 3 and "REVISAR" in err and "fuera de los artículos" in err


def test_well_structured_file_is_not_flagged(sqlite_services):
    outcome = sqlite_services.corpus.import_text(_text("REGLAMENTO DE PANTEONES"), "a.txt")
    assert outcome.review == "" and outcome.notice == ""
