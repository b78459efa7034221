"""NlBiometricRecognizer: terms about a person found; other uses not."""

import pytest

from scanners.recognizers.nl import NlBiometricRecognizer

ENTITY = "SPECIAL_BIOMETRIC"
REPORTED = 0.4  # scanners.scan.MIN_RESULT_SCORE


@pytest.fixture(scope="module")
def recognizer():
    return NlBiometricRecognizer()


def reported(recognizer, text):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    return [text[r.start : r.end] for r in results if r.score >= REPORTED]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Vingerafdrukken van medewerker opgeslagen in toegangssysteem", "Vingerafdrukken"),
        ("Hij opent de deur met gezichtsherkenning", "gezichtsherkenning"),
        ("irisscan", "irisscan"),
        ("stemafdruk van cliënt", "stemafdruk"),
    ],
)
def test_when_term_about_a_person_then_found(recognizer, text, expected):
    assert expected in reported(recognizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "Bij een rijbewijs zijn geen vingerafdrukken nodig",
        "Irisplanten in het plantsoen",
        "iris",
        "Biometrische gegevens zijn bijzondere persoonsgegevens",
    ],
)
def test_when_not_about_a_person_then_not_reported(recognizer, text):
    assert reported(recognizer, text) == []


def test_long_text_without_a_person_in_reach_is_not_reported(recognizer):
    text = (
        "Bij de aanvraag van een paspoort worden aan de balie "
        "in het gemeentehuis twee vingerafdrukken afgenomen en in de chip opgeslagen."
    )
    assert recognizer.analyze(text, [ENTITY])  # the term is seen ...
    assert reported(recognizer, text) == []  # ... but no person is in reach


def test_language_and_entity(recognizer):
    assert recognizer.supported_language == "nl"
    assert recognizer.supported_entities == [ENTITY]
