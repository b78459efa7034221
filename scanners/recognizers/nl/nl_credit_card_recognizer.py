"""Payment card numbers: common issuer prefixes, grouped or plain, Luhn-checked."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from scanners.recognizers.nl.digit_runs import DigitHead, DigitPatternRecognizer

# Issuer identification numbers (IIN) of the card brands seen in the Netherlands, with the
# lengths they issue: Visa 4 (13/16/19), Mastercard 51–55 and 2221–2720 (16), American Express
# 34/37 (15), Diners 300–305/36/38 (14), Discover 6011/644–649/65 (16), JCB 3528–3589 (16),
# Maestro 50/56–58/6 (12–19).
_IIN = (
    r"(?:4|5[1-5]|222[1-9]|22[3-9]\d|2[3-6]\d\d|27[01]\d|2720|3[47]|30[0-5]|3[68]"
    r"|6011|64[4-9]|65|35(?:2[89]|[3-8]\d)|5[06-8]|6)"
)
_BEFORE = r"(?<![\w.,\-+/])"
_AFTER = r"(?![\w\-/]|[.,]\d)"


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check over a string of ASCII digits."""
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def is_valid_card_number(value: str) -> bool:
    """12–19 digits (spaces and dashes ignored), a known issuer prefix and a valid Luhn check."""
    digits = re.sub(r"[ \-]", "", value)
    return (
        digits.isascii()
        and digits.isdigit()
        and 12 <= len(digits) <= 19
        and re.match(_IIN, digits) is not None
        and luhn_ok(digits)
        and len(set(digits)) > 1
    )


class NlCreditCardRecognizer(DigitPatternRecognizer):
    """Recognize a payment card number: 4-4-4-4 (spaces or dashes, one kind), 4-6-5 (Amex),
    or 12–19 plain digits, starting with a known issuer prefix and passing Luhn.

    One in ten random numbers passes Luhn, so a valid number keeps its pattern score (0.6
    grouped, 0.4 plain; `validate_result` returns None, not True, so Presidio does not raise it
    to 1.0) and a context word (creditcard, visa, mastercard, kaartnummer…) adds 0.35. A
    number that fails the check is dropped.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "Kaartnummer (groepen van 4)",
            _BEFORE + r"(?=" + _IIN + r")\d{4}([ \-])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{3})?" + _AFTER,
            0.6,
        ),
        Pattern(
            "Kaartnummer (Amex 4-6-5)", _BEFORE + r"3[47]\d\d([ \-])\d{6}\1\d{5}" + _AFTER, 0.6
        ),
        Pattern(
            "Kaartnummer (12-19 cijfers)", _BEFORE + r"(?=" + _IIN + r")\d{12,19}" + _AFTER, 0.4
        ),
    ]
    # A grouped number starts with four digits and its separator; a plain one is a run.
    HEADS: ClassVar[dict[str, DigitHead]] = {
        PATTERNS[0].regex: DigitHead((4,), r"[ \-]"),
        PATTERNS[1].regex: DigitHead((4,), r"[ \-]"),
        PATTERNS[2].regex: DigitHead(tuple(range(12, 20))),
    }
    CONTEXT: ClassVar[list[str]] = [
        "creditcard",
        "card",
        "kaartnummer",
        "betaalkaart",
        "visa",
        "mastercard",
        "amex",
        "maestro",
        "diners",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "CREDIT_CARD",
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
        """False when the prefix, length or Luhn check fails; None (keep score) otherwise."""
        return None if is_valid_card_number(pattern_text) else False
