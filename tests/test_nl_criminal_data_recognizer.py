"""NlCriminalDataRecognizer: whole-word, case-insensitive lexicon; weak terms score low."""

import pytest

from scanners.recognizers.nl import NlCriminalDataRecognizer

ENTITY = "CRIMINAL_DATA"


@pytest.fixture(scope="module")
def recognizer():
    return NlCriminalDataRecognizer()


@pytest.mark.parametrize(
    "text, expected, score",
    [
        ("Betrokkene heeft een strafblad (diefstal)", ["strafblad", "diefstal"], 0.6),
        ("BETROKKENE HEEFT EEN STRAFBLAD (DIEFSTAL)", ["STRAFBLAD", "DIEFSTAL"], 0.6),
        ("politie", ["politie"], 0.3),
        ("xpolitiex", [], None),
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
