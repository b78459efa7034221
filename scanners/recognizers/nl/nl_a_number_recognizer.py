"""A-nummer (administratienummer), the BRP's own number for a person."""

from __future__ import annotations

from itertools import pairwise
from typing import ClassVar

from presidio_analyzer import Pattern

from scanners.recognizers.nl.digit_runs import DigitHead, DigitPatternRecognizer


def is_valid_a_number(value: str) -> bool:
    """The BRP check of an A-nummer d0 d1 … d9 (d0 the leftmost digit).

    Ten ASCII digits, d0 ≠ 0, no two equal neighbours, the digit sum mod 11 is 0 or 5, and
    Σ 2^i·d_i (weights 1, 2, 4 … 512 from the left) is divisible by 11. No separators: the BRP
    writes the number plain. The weight order was checked against A-nummers in the BRP API's
    public test data (8016043787, 2352984859).
    """
    if len(value) != 10 or not value.isascii() or not value.isdigit() or value[0] == "0":
        return False
    digits = [int(ch) for ch in value]
    if any(a == b for a, b in pairwise(digits)):
        return False
    if sum(digits) % 11 not in (0, 5):
        return False
    return sum(d << i for i, d in enumerate(digits)) % 11 == 0


class NlANumberRecognizer(DigitPatternRecognizer):
    """Recognize an A-nummer: 10 digits that pass the BRP check (`is_valid_a_number`).

    About 0.6% of random 10-digit numbers pass, so a valid match scores 0.5 (it keeps its
    pattern score; `validate_result` returns None, not True, so Presidio does not raise it to
    1.0); a context word (anummer, administratienummer, brp…) adds 0.35. An invalid one is
    dropped. Phone numbers (leading 0) never pass.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("A-nummer (10 cijfers)", r"(?<![\w.,\-+/])[1-9]\d{9}(?![\w\-/]|[.,]\d)", 0.5),
    ]
    HEADS: ClassVar[dict[str, DigitHead]] = {
        PATTERNS[0].regex: DigitHead((10,)),  # a whole run of ten digits
    }
    CONTEXT: ClassVar[list[str]] = [
        "anummer",
        "a-nummer",
        "a-nr",
        "administratienummer",
        "brp",
        "gba",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "NL_A_NUMBER",
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
        """False when the BRP check fails; None (keep the pattern score) when it passes."""
        return None if is_valid_a_number(pattern_text) else False
