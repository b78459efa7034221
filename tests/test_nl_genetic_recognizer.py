"""NlGeneticRecognizer: terms about a person found; other uses not."""

import pytest

from scanners.recognizers.nl import NlGeneticRecognizer

ENTITY = "SPECIAL_GENETIC"
REPORTED = 0.4  # scanners.scan.MIN_RESULT_SCORE


@pytest.fixture(scope="module")
def recognizer():
    return NlGeneticRecognizer()


def reported(recognizer, text):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    return [text[r.start : r.end] for r in results if r.score >= REPORTED]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Cliënt heeft een BRCA1-mutatie", "BRCA1"),
        ("DNA-onderzoek bij betrokkene afgenomen", "DNA-onderzoek"),
        ("Zij heeft een erfelijke aandoening", "erfelijke aandoening"),
        ("vaderschapstest", "vaderschapstest"),
    ],
)
def test_when_term_about_a_person_then_found(recognizer, text, expected):
    assert expected in reported(recognizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "Klantgerichtheid zit in ons DNA",
        "Het DNA van de organisatie",
        "dna",
        "Voor een uittreksel is geen DNA-onderzoek nodig",
    ],
)
def test_when_not_about_a_person_then_not_reported(recognizer, text):
    assert reported(recognizer, text) == []


def test_long_text_without_a_person_in_reach_is_not_reported(recognizer):
    text = (
        "Bij de beoordeling van aanvragen wordt in de regel geen "
        "rekening gehouden met genetisch onderzoek of de uitkomst van een dna-test."
    )
    assert recognizer.analyze(text, [ENTITY])  # the term is seen ...
    assert reported(recognizer, text) == []  # ... but no person is in reach


def test_language_and_entity(recognizer):
    assert recognizer.supported_language == "nl"
    assert recognizer.supported_entities == [ENTITY]
