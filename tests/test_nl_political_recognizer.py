"""NlPoliticalRecognizer: terms about a person found; other uses not."""

import pytest

from scanners.recognizers.nl import NlPoliticalRecognizer

ENTITY = "SPECIAL_POLITICAL"
REPORTED = 0.4  # scanners.scan.MIN_RESULT_SCORE


@pytest.fixture(scope="module")
def recognizer():
    return NlPoliticalRecognizer()


def reported(recognizer, text):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    return [text[r.start : r.end] for r in results if r.score >= REPORTED]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Medewerker is lid van de VVD", "lid van de VVD"),
        ("Zij stemt altijd op GroenLinks", "stemt altijd op GroenLinks"),
        ("Politieke voorkeur: onbekend", "Politieke voorkeur"),
        ("Betrokkene is partijlid", "partijlid"),
    ],
)
def test_when_term_about_a_person_then_found(recognizer, text, expected):
    assert expected in reported(recognizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "De fractie van de VVD dient een motie in",
        "Motie van de PvdA over armoede aangenomen",
        "Raadsvergadering 12 maart",
        "partijtje voetbal",
    ],
)
def test_when_not_about_a_person_then_not_reported(recognizer, text):
    assert reported(recognizer, text) == []


def test_long_text_without_a_person_in_reach_is_not_reported(recognizer):
    text = (
        "Op de informatieavond in het buurthuis werd uitgelegd hoe een "
        "politieke partij een lijst van namen kan indienen voor de verkiezingen."
    )
    assert recognizer.analyze(text, [ENTITY])  # the term is seen ...
    assert reported(recognizer, text) == []  # ... but no person is in reach


def test_language_and_entity(recognizer):
    assert recognizer.supported_language == "nl"
    assert recognizer.supported_entities == [ENTITY]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Zij gaf aan politiek actief te zijn voor de SP.", "politiek actief"),
        ("Hij is politiek betrokken.", "politiek betrokken"),
    ],
)
def test_political_activity_of_a_person(recognizer, text, expected):
    assert expected in reported(recognizer, text)
