"""Entry into force read from the transitorios of a reform."""

from datetime import date

import pytest

from reglamentos_app.domain.entry_into_force import (
    add_business_days, add_months, entry_into_force, spelled_numbers_to_digits,
)

PUBLISHED = date(2019, 7, 12)  # a Friday, like most issues of the Periódico Oficial
POE = "en el Periódico Oficial del Estado de Baja California"


@pytest.mark.parametrize("text,expected", [
    (f"PRIMERO.- El presente Acuerdo entrará en vigor al día siguiente de su publicación {POE}.",
     date(2019, 7, 13)),
    (f"ÚNICO.- El presente Acuerdo entrará en vigor el día de su publicación {POE}.",
     date(2019, 7, 12)),
    ("El presente Reglamento entrará en vigor a partir de la fecha de su publicación.",
     date(2019, 7, 12)),
    ("Las presentes reformas entrarán en vigor a partir del día siguiente al de su publicación.",
     date(2019, 7, 13)),
    (f"El presente Acuerdo entrará en vigor a los treinta días naturales siguientes al de su "
     f"publicación {POE}.", date(2019, 8, 11)),
    ("El presente Acuerdo entrará en vigor a los sesenta (60) días naturales siguientes a su "
     "publicación.", date(2019, 9, 10)),
    ("La presente reforma entrará en vigor a los ciento veinte días de su publicación.",
     date(2019, 11, 9)),
    ("El presente Acuerdo entrará en vigor a los 90 días hábiles siguientes a su publicación.",
     date(2019, 11, 15)),
    ("El presente Acuerdo entrará en vigor a los quince días hábiles de su publicación.",
     date(2019, 8, 2)),
    ("El presente Acuerdo entrará en vigor el 1 de enero de 2027.", date(2027, 1, 1)),
    ("El presente Acuerdo entrará en vigor el primero de enero del año dos mil veintisiete.",
     date(2027, 1, 1)),
    ("SEGUNDO. El presente Reglamento iniciará su vigencia el día 1o. de marzo de 2020.",
     date(2020, 3, 1)),
    ("El presente Acuerdo surtirá sus efectos a los seis meses de su publicación.",
     date(2020, 1, 12)),
    ("ARTÍCULO 1.- El presente Acuerdo entrará en vigor a los treinta y un días de su "
     "publicación.", date(2019, 8, 12)),
])
def test_general_entry_into_force(text, expected):
    result = entry_into_force([text], PUBLISHED)
    assert result.understood, result.rule
    assert result.default == expected
    assert result.exceptions == {}  # "ARTÍCULO 1.-" is the transitorio's label, not article 1


def test_rule_describes_in_spanish_what_was_understood():
    result = entry_into_force([f"El presente Acuerdo entrará en vigor al día siguiente de su "
                               f"publicación {POE}."], PUBLISHED)
    assert result.rule == "al día siguiente de su publicación (13 de julio de 2019)."


def test_business_days_say_that_holidays_are_not_discounted():
    result = entry_into_force(["…entrará en vigor a los 90 días hábiles…"], PUBLISHED)
    assert result.default == date(2019, 11, 15)
    assert "90 días hábiles" in result.rule and "festivos" in result.rule


def test_exception_in_the_same_transitorio():
    result = entry_into_force([
        "PRIMERO.- El presente Acuerdo entrará en vigor al día siguiente de su publicación, con "
        "excepción de lo dispuesto en el artículo 15, que entrará en vigor el 1 de marzo de 2027."
    ], PUBLISHED)
    assert result.understood
    assert result.default == date(2019, 7, 13)
    assert result.exceptions == {"15": date(2027, 3, 1)}
    assert result.date_for("15") == date(2027, 3, 1) and result.date_for("16") == date(2019, 7, 13)
    assert result.rule == ("al día siguiente de su publicación (13 de julio de 2019); con "
                           "excepción del artículo 15: el 1 de marzo de 2027.")


def test_exception_in_a_separate_transitorio():
    result = entry_into_force([
        "PRIMERO.- El presente Acuerdo entrará en vigor al día siguiente de su publicación, con "
        "excepción de lo previsto en el artículo 20.",
        "SEGUNDO.- La reforma al artículo 20 entrará en vigor a los sesenta días naturales "
        "siguientes a su publicación.",
        "TERCERO.- Se derogan todas las disposiciones que se opongan al presente Acuerdo.",
        "CUARTO.- El Ayuntamiento expedirá el manual dentro de los treinta días hábiles "
        "siguientes a la entrada en vigor del presente Acuerdo.",
    ], PUBLISHED)
    assert result.understood, result.rule
    assert (result.default, result.exceptions) == (date(2019, 7, 13), {"20": date(2019, 9, 10)})


def test_exception_for_several_articles_with_bis_numbering():
    result = entry_into_force([
        "El presente Acuerdo entrará en vigor a los treinta días naturales siguientes a su "
        "publicación, salvo los artículos 12 Bis y 13, que entrarán en vigor el primero de enero "
        "de dos mil veinte."], PUBLISHED)
    assert result.exceptions == {"12bis": date(2020, 1, 1), "13": date(2020, 1, 1)}
    assert result.date_for("12 BIS") == date(2020, 1, 1)
    assert "del artículo 12 Bis: el 1 de enero de 2020" in result.rule


def test_nothing_understood_proposes_the_next_day_and_asks_to_confirm():
    result = entry_into_force(["Se derogan todas las disposiciones que se opongan al presente "
                               "Acuerdo."], PUBLISHED)
    assert not result.understood
    assert result.default == date(2019, 7, 13) and result.exceptions == {}
    assert result.rule.startswith("No se entendió en los transitorios desde cuándo entra en vigor")
    assert "13 de julio de 2019" in result.rule and "Confirme" in result.rule


def test_no_transitorios_at_all_is_not_understood():
    result = entry_into_force([], PUBLISHED)
    assert (result.default, result.understood) == (date(2019, 7, 13), False)


def test_an_excepted_article_without_its_own_date_is_not_understood():
    result = entry_into_force(["El presente Acuerdo entrará en vigor al día siguiente de su "
                               "publicación, con excepción del artículo 15."], PUBLISHED)
    assert not result.understood
    assert result.default == date(2019, 7, 13)
    assert "artículo 15" in result.rule


def test_a_date_before_publication_is_flagged():
    result = entry_into_force(["El presente Acuerdo entrará en vigor el 1 de enero de 2019."],
                              PUBLISHED)
    assert result.default == date(2019, 1, 1) and not result.understood
    assert "anterior a la publicación" in result.rule


def test_transitorios_that_disagree_are_flagged():
    result = entry_into_force(["El presente Acuerdo entrará en vigor al día siguiente de su "
                               "publicación.",
                               "El presente Acuerdo entrará en vigor el 1 de enero de 2027."],
                              PUBLISHED)
    assert result.default == date(2019, 7, 13) and not result.understood
    assert "fechas distintas" in result.rule


def test_spelled_out_numbers():
    text = ("Los artículos quince y dieciséis; treinta y un días; ciento veinte; mil novecientos "
            "noventa y nueve; dos mil veintisiete; el primero de enero; el artículo primero")
    assert spelled_numbers_to_digits(text) == (
        "los articulos 15 y 16; 31 dias; 120; 1999; 2027; el 1 de enero; el articulo primero")


def test_calendar_helpers():
    assert add_business_days(date(2019, 7, 12), 1) == date(2019, 7, 15)  # Friday → Monday
    assert add_business_days(date(2019, 7, 13), 5) == date(2019, 7, 19)  # from a Saturday
    assert add_months(date(2019, 1, 31), 1) == date(2019, 2, 28)
    assert add_months(date(2019, 11, 30), 3) == date(2020, 2, 29)
