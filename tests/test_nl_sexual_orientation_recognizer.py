"""NlSexualOrientationRecognizer: terms about a person found; other uses not."""

import pytest

from scanners.recognizers.nl import NlSexualOrientationRecognizer

ENTITY = "SPECIAL_SEXUAL_ORIENTATION"
REPORTED = 0.4  # scanners.scan.MIN_RESULT_SCORE


@pytest.fixture(scope="module")
def recognizer():
    return NlSexualOrientationRecognizer()


def reported(recognizer, text):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    return [text[r.start : r.end] for r in results if r.score >= REPORTED]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Cliënt is homoseksueel", "homoseksueel"),
        ("Zij is lesbisch en woont samen", "lesbisch"),
        ("Seksuele geaardheid: biseksueel", "Seksuele geaardheid"),
        ("Betrokkene werkt als sekswerker", "sekswerker"),
    ],
)
def test_when_term_about_a_person_then_found(recognizer, text, expected):
    assert expected in reported(recognizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "Regenboogzebrapad bij het gemeentehuis",
        "Vergunning seksinrichting aan de Haven",
        "homo sapiens",
        "Roze Zaterdag in het park",
    ],
)
def test_when_not_about_a_person_then_not_reported(recognizer, text):
    assert reported(recognizer, text) == []


def test_long_text_without_a_person_in_reach_is_not_reported(recognizer):
    text = (
        "Het college wil dat alle inwoners zich veilig voelen, "
        "ongeacht hun seksuele oriëntatie of genderidentiteit in de openbare ruimte."
    )
    assert recognizer.analyze(text, [ENTITY])  # the term is seen ...
    assert reported(recognizer, text) == []  # ... but no person is in reach


def test_language_and_entity(recognizer):
    assert recognizer.supported_language == "nl"
    assert recognizer.supported_entities == [ENTITY]
