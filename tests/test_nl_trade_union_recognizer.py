"""NlTradeUnionRecognizer: terms about a person found; other uses not."""

import pytest

from scanners.recognizers.nl import NlTradeUnionRecognizer

ENTITY = "SPECIAL_TRADE_UNION"
REPORTED = 0.4  # scanners.scan.MIN_RESULT_SCORE


@pytest.fixture(scope="module")
def recognizer():
    return NlTradeUnionRecognizer()


def reported(recognizer, text):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    return [text[r.start : r.end] for r in results if r.score >= REPORTED]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Medewerker is lid van de FNV", "lid van de FNV"),
        ("Vakbondscontributie via salaris", "Vakbondscontributie"),
        ("Hij is vakbondslid", "vakbondslid"),
        ("kaderlid CNV", "kaderlid CNV"),
    ],
)
def test_when_term_about_a_person_then_found(recognizer, text, expected):
    assert expected in reported(recognizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "Cao-overleg met de vakbonden loopt nog",
        "De vakbonden hebben ingestemd met het akkoord",
        "bond",
        "fnv",
    ],
)
def test_when_not_about_a_person_then_not_reported(recognizer, text):
    assert reported(recognizer, text) == []


def test_long_text_without_a_person_in_reach_is_not_reported(recognizer):
    text = (
        "Het overleg over de nieuwe regeling voor thuiswerken en de "
        "vergoeding daarvoor werd gevoerd met een vakbondsbestuurder van buiten de organisatie."
    )
    assert recognizer.analyze(text, [ENTITY])  # the term is seen ...
    assert reported(recognizer, text) == []  # ... but no person is in reach


def test_language_and_entity(recognizer):
    assert recognizer.supported_language == "nl"
    assert recognizer.supported_entities == [ENTITY]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hij heeft via zijn vakbond (CNV) bezwaar gemaakt.", "zijn vakbond (CNV"),
        ("Ik heb mijn vakbond gebeld.", "mijn vakbond"),
    ],
)
def test_a_persons_own_union(recognizer, text, expected):
    assert expected in reported(recognizer, text)
