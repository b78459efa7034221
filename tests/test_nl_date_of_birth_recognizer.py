"""NlDateOfBirthRecognizer: Dutch date formats, real dates only, low score without context."""

import pytest

from scanners.recognizers.nl import NlDateOfBirthRecognizer

ENTITY = "DATE_OF_BIRTH"


@pytest.fixture(scope="module")
def recognizer():
    return NlDateOfBirthRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12-03-1984", ["12-03-1984"]),
        ("31-02-1984", []),  # no such day
        ("12/3/1984", ["12/3/1984"]),
        ("12.03.1984", ["12.03.1984"]),
        ("1984-03-12", ["1984-03-12"]),
        ("1984-13-12", []),
        ("12 maart 1984", ["12 maart 1984"]),
        ("1 okt. 2001", ["1 okt. 2001"]),
        ("12 foo 1984", []),
        ("12-03-1884", []),  # before 1900
        ("12-03-2999", []),  # future
        ("12-03-84", []),
        ("123456782", []),
    ],
)
def test_when_date_in_text_then_found_with_low_score(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(0.3) for r in results)
