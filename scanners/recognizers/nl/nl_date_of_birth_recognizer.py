"""Birth dates: a Dutch-format date that only counts next to a birth context word."""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar

from presidio_analyzer import Pattern

from scanners.recognizers.nl.digit_runs import DigitHead, DigitPatternRecognizer

MONTHS: dict[str, int] = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "mar": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8,
    "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_B = r"(?<![\w\-/.])"
_E = r"(?![\w\-/]|\.\d)"
_SHORT_YEAR = r"['’‘]\d{2}"  # '84: a written two-digit year always carries the apostrophe
_SEPARATORS = re.compile(r"[\s\-/.]+")  # between a date's parts


def _full_year(text: str) -> int:
    """1984 for "1984"; for "'84" the latest year ending in 84 that is not after this year."""
    digits = text.lstrip("'’‘")
    year = int(digits)
    if len(digits) == 2:
        this_year = dt.date.today().year
        year += this_year - this_year % 100
        if year > this_year:
            year -= 100
    return year


class NlDateOfBirthRecognizer(DigitPatternRecognizer):
    """Recognize a date as a birth date: 12-03-1984, 12/3/1984, 12.03.1984, 12 maart 1984,
    12 mrt. 1984, 1984-03-12, and with a two-digit year after an apostrophe: 12-03-'84,
    12 mrt. '84 (read as the latest such year not after today: '84 is 1984, '05 is 2005).
    A bare two-digit year (12-03-84) is not matched: too many codes and versions look like it.

    A date alone is not personal data, so every pattern scores 0.3, below the reporting
    threshold of `scanners.scan` (0.4): a context word in the text or the column name
    (geboortedatum, geboren, geb., dob) lifts it by 0.35. `validate_result` drops impossible
    dates and dates outside 1900..today; a real date keeps its pattern score (it returns None,
    not True, so Presidio does not raise the score to 1.0).
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("Datum d-m-jjjj", _B + r"\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}" + _E, 0.3),
        Pattern("Datum jjjj-mm-dd", _B + r"(?:19|20)\d{2}-\d{2}-\d{2}" + _E, 0.3),
        Pattern("Datum d maand jjjj", _B + r"\d{1,2}\s+" + _MONTH + r"\s+(?:19|20)\d{2}" + _E, 0.3),
        Pattern("Datum d-m-'jj", _B + r"\d{1,2}[-/.]\d{1,2}[-/.]" + _SHORT_YEAR + _E, 0.3),
        Pattern("Datum d maand 'jj", _B + r"\d{1,2}\s+" + _MONTH + r"\s+" + _SHORT_YEAR + _E, 0.3),
    ]
    # Each date starts with its first number, then a separator or white space: where it can be.
    HEADS: ClassVar[dict[str, DigitHead]] = {
        PATTERNS[0].regex: DigitHead((1, 2), r"[-/.]"),
        PATTERNS[1].regex: DigitHead((4,), "-"),
        PATTERNS[2].regex: DigitHead((1, 2), r"\s"),
        PATTERNS[3].regex: DigitHead((1, 2), r"[-/.]"),
        PATTERNS[4].regex: DigitHead((1, 2), r"\s"),
    }
    CONTEXT: ClassVar[list[str]] = [
        "geboortedatum",
        "geboren",
        "geb.",
        "gebdat",
        "geboorte",
        "geboortedag",
        "verjaardag",
        "dob",
        "birth",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "DATE_OF_BIRTH",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or type(self).__name__,
        )

    @staticmethod
    def parse(text: str) -> dt.date | None:
        """The date a match stands for, or None when it is no real calendar date."""
        parts = [p for p in _SEPARATORS.split(text.strip().lower()) if p]
        if len(parts) != 3:
            return None
        try:
            if len(parts[0]) == 4:
                year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
            else:
                day, year = int(parts[0]), _full_year(parts[2])
                month = MONTHS[parts[1]] if parts[1].isalpha() else int(parts[1])
            return dt.date(year, month, day)
        except (KeyError, ValueError):
            return None

    def validate_result(self, pattern_text: str) -> bool | None:
        """False for an impossible date or one outside 1900..today; None (keep score) otherwise."""
        date = self.parse(pattern_text)
        if date is None or not dt.date(1900, 1, 1) <= date <= dt.date.today():
            return False
        return None
