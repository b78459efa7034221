"""Rijbewijsnummers: the 10-digit number of a Dutch driving licence."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer import Pattern

from scanners.recognizers.nl.digit_runs import DigitHead, DigitPatternRecognizer


class NlDriverLicenseRecognizer(DigitPatternRecognizer):
    """Recognize a rijbewijsnummer: 10 digits, only next to a context word.

    The number has no public check digit, and 10 digits are also phone numbers, A-nummers and
    order numbers, so a match scores 0.3, below the reporting threshold of `scanners.scan`
    (0.4): a context word nearby or in the column name (rijbewijs, rijbewijsnummer…) lifts it
    by 0.35. `validate_result` drops ten equal digits (a placeholder, not a number).
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("Rijbewijsnummer (10 cijfers)", r"(?<![\w.,\-+/])\d{10}(?![\w\-/]|[.,]\d)", 0.3),
    ]
    HEADS: ClassVar[dict[str, DigitHead]] = {
        PATTERNS[0].regex: DigitHead((10,)),  # a whole run of ten digits
    }
    CONTEXT: ClassVar[list[str]] = [
        "rijbewijs",
        "rijbewijsnummer",
        "rijbewijsnr",
        "rijvaardigheid",
        "driver",
        "licence",
        "license",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "NL_DRIVER_LICENSE",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or type(self).__name__,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """False for ten equal digits; None (keep the low pattern score) otherwise."""
        return False if len(set(pattern_text)) == 1 else None
