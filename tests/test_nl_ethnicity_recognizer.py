"""NlEthnicityRecognizer: terms about a person found; other uses not."""

import pytest

from scanners.recognizers.nl import NlEthnicityRecognizer

ENTITY = "SPECIAL_ETHNICITY"
REPORTED = 0.4  # scanners.scan.MIN_RESULT_SCORE


@pytest.fixture(scope="module")
def recognizer():
    return NlEthnicityRecognizer()


def reported(recognizer, text):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    return [text[r.start : r.end] for r in results if r.score >= REPORTED]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Cliënt is van Marokkaanse afkomst", "van Marokkaanse afkomst"),
        ("Migratieachtergrond: niet-westers", "Migratieachtergrond"),
        ("Betrokkene heeft een Surinaamse achtergrond", "Surinaamse achtergrond"),
        ("etniciteit", "etniciteit"),
        ("Zij is woonwagenbewoner", "woonwagenbewoner"),
    ],
)
def test_when_term_about_a_person_then_found(recognizer, text, expected):
    assert expected in reported(recognizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "De gemeente telt veel nationaliteiten",
        "Ras van de hond: labrador",
        "Afdeling Burgerzaken, balie 3",
        "hondenras labrador",
    ],
)
def test_when_not_about_a_person_then_not_reported(recognizer, text):
    assert reported(recognizer, text) == []


def test_long_text_without_a_person_in_reach_is_not_reported(recognizer):
    text = (
        "Het onderzoek van het CBS naar inwoners met een "
        "migratieachtergrond in alle wijken van de gemeente is afgerond."
    )
    assert recognizer.analyze(text, [ENTITY])  # the term is seen ...
    assert reported(recognizer, text) == []  # ... but no person is in reach


def test_language_and_entity(recognizer):
    assert recognizer.supported_language == "nl"
    assert recognizer.supported_entities == [ENTITY]
