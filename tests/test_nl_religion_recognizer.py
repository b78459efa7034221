"""NlReligionRecognizer: whole-word, case-insensitive lexicon; weak terms score low."""

import pytest

from scanners.recognizers.nl import NlReligionRecognizer

ENTITY = "SPECIAL_RELIGION"


@pytest.fixture(scope="module")
def recognizer():
    return NlReligionRecognizer()


@pytest.mark.parametrize(
    "text, expected, score",
    [
        ("Kerkelijke gezindte: rooms-katholiek", ["Kerkelijke gezindte", "rooms-katholiek"], 0.6),
        ("KERKELIJKE GEZINDTE", ["KERKELIJKE GEZINDTE"], 0.6),
        ("kerk", ["kerk"], 0.3),
        ("xkerkx", [], None),
        ("factuur 2024-001 voor kantoorartikelen", [], None),
    ],
)
def test_when_term_in_text_then_found(text, expected, score, recognizer):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(score) for r in results)


def test_language_is_dutch(recognizer):
    assert recognizer.supported_language == "nl"
    assert recognizer.supported_entities == [ENTITY]


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Als christen ga ik op zondag naar de kerk.",
            ["christen", "ga ik op zondag naar de kerk"],
        ),
        ("Zij gaat elke vrijdag naar de moskee.", ["gaat elke vrijdag naar de moskee"]),
        ("Vanwege de ramadan wil ik later bellen.", ["ramadan"]),
        ("Zij is moslima.", ["moslima"]),
        ("De kerk aan de Markt is gesloten.", []),
    ],
)
def test_belief_and_worship_of_a_person(recognizer, text, expected):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in results if r.score >= 0.4] == expected
