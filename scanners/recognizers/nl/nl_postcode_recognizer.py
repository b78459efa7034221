"""Dutch postcodes (PC6): four digits, the first not 0, and two capital letters."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from scanners.recognizers.nl.digit_runs import DigitHead, DigitPatternRecognizer

EXCLUDED_LETTERS = frozenset({"SA", "SD", "SS"})  # never issued by PostNL


class NlPostcodeRecognizer(DigitPatternRecognizer):
    """Recognize a postcode `[1-9]\\d{3} ?[A-Z]{2}`, letters in capitals only, not SA/SD/SS.

    Matching is case-sensitive (`1234ab` is not a postcode: too many codes look like it). Score
    0.4; context words (postcode, adres, woonplaats…) add 0.35.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("Postcode", r"(?<![\w\-])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w\-])", 0.4),
    ]
    # Four digits, then a space or the first letter.
    HEADS: ClassVar[dict[str, DigitHead]] = {
        PATTERNS[0].regex: DigitHead((4,), "[ A-Z]"),
    }
    HEAD_FLAGS: ClassVar[int] = re.MULTILINE | re.DOTALL  # with IGNORECASE [A-Z] is more
    CONTEXT: ClassVar[list[str]] = [
        "postcode",
        "pc",
        "adres",
        "woonadres",
        "postadres",
        "woonplaats",
        "straat",
        "huisnummer",
        "woonachtig",
        "wonend",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "NL_POSTCODE",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or type(self).__name__,
            global_regex_flags=re.MULTILINE | re.DOTALL,  # no IGNORECASE
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """Reject the letter pairs PostNL never issues (the regex already does; kept explicit)."""
        if pattern_text[-2:] in EXCLUDED_LETTERS:
            return False
        return None
