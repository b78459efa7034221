"""NlDateOfBirthRecognizer: Dutch date formats, real dates only, low score without context."""

import datetime as dt

import pytest

from scanners import NL_RECOGNIZERS, build_analyzer
from scanners.recognizers.nl import NlDateOfBirthRecognizer

ENTITY = "DATE_OF_BIRTH"


@pytest.fixture(scope="module")
def recognizer():
    return NlDateOfBirthRecognizer()


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    names = [cls.__name__ for cls in NL_RECOGNIZERS] + ["SpacyRecognizer"]
    entries = "".join(
        f"  - name: {n}\n    enabled: {str(n == 'NlDateOfBirthRecognizer').lower()}\n"
        for n in names
    )
    path = tmp_path_factory.mktemp("conf") / "recognizers.yaml"
    path.write_text(f"supported_languages: [nl]\nrecognizers:\n{entries}", encoding="utf-8")
    return build_analyzer(recognizers_conf=path)


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
        ("12-03-84", []),  # a bare two-digit year is too ambiguous
        # written forms and two-digit years after an apostrophe
        ("12 mrt. 1984", ["12 mrt. 1984"]),
        ("12 mrt. '84", ["12 mrt. '84"]),
        ("12 maart '84", ["12 maart '84"]),
        ("12 maart ’84", ["12 maart ’84"]),
        ("12-03-'84", ["12-03-'84"]),
        ("12/3/'84", ["12/3/'84"]),
        ("31-02-'84", []),  # no such day
        ("30 februari '84", []),
        ("12 foo '84", []),
        ("12-03-'8", []),
        ("Geboren op 3 januari '05 te Delft.", ["3 januari '05"]),
        ("123456782", []),
    ],
)
def test_when_date_in_text_then_found_with_low_score(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(0.3) for r in results)


@pytest.mark.parametrize(
    "text, year",
    [
        ("12 mrt. '84", 1984),
        ("12-03-'84", 1984),
        ("3 januari '05", 2005),
        ("1 jan '00", 2000),
        ("12 mrt 1984", 1984),
    ],
)
def test_two_digit_years_are_read_as_the_latest_past_year(text, year):
    date = NlDateOfBirthRecognizer.parse(text)
    assert date is not None
    assert date.year == year
    assert date <= dt.date.today()


def test_a_two_digit_year_after_this_year_is_last_century():
    next_year = (dt.date.today().year + 1) % 100
    date = NlDateOfBirthRecognizer.parse(f"1-1-'{next_year:02d}")
    assert date is not None
    assert date.year == dt.date.today().year + 1 - 100


@pytest.mark.parametrize(
    "text, context, score",
    [
        ("12 mrt. '84", None, 0.3),  # a date alone is not reported
        ("Geboren: 12 mrt. '84", None, 0.65),
        ("12-03-'84", ["geboortedatum"], 0.65),
        ("Vergadering 12 maart 1984", None, 0.3),
    ],
)
def test_only_birth_context_lifts_the_score(text, context, score, analyzer):
    results = analyzer.analyze(text, language="nl", context=context)
    assert [(r.entity_type, round(r.score, 2)) for r in results] == [("DATE_OF_BIRTH", score)]
