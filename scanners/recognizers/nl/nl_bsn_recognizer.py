"""Burgerservicenummer (BSN), the Dutch citizen service number."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from scanners.recognizers.nl.digit_runs import DigitHead, DigitPatternRecognizer

_BEFORE = r"(?<![\w.,\-+/])(?<!\d )"  # not inside a longer number, code or spaced sequence
_AFTER = r"(?![\w\-/]|[.,]\d)"
_AFTER_GROUPED = _AFTER + r"(?! \d)"
_LABEL_WINDOW = 40  # characters before a match, on its own line, where its label stands
_WORD = re.compile(r"[^\W\d_]+")


def is_valid_bsn(value: str) -> bool:
    """The 11-proef: digits d1..d9 weighted 9..2 and −1 sum to a multiple of 11.

    Separators (spaces, dots, hyphens) are ignored; 8 digits are read with a dropped leading
    zero. All zeros is not a BSN.

    An onderwijsnummer (education number for pupils without a BSN: 9 digits starting with 10)
    uses the same weights but must leave remainder 5, not 0, so no onderwijsnummer passes here
    and onderwijsnummers are not reported as BSNs (tests/test_nl_identifier_properties.py).
    """
    digits = "".join(ch for ch in value if ch not in " .-")
    if not digits.isascii() or not digits.isdigit():
        return False
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or int(digits) == 0:
        return False
    total = sum(weight * int(d) for weight, d in zip(range(9, 1, -1), digits[:8], strict=True))
    return (total - int(digits[8])) % 11 == 0


class NlBsnRecognizer(DigitPatternRecognizer):
    """Recognize a BSN: 9 digits (or 8 with a dropped leading zero), plain, dotted or spaced.

    One in eleven random 9-digit numbers passes the 11-proef, so a passing checksum is
    necessary, not sufficient: a valid match scores its pattern's score plus `CHECKSUM_BONUS`
    (0.5 for 9 plain digits, 0.6 for a grouped form, 0.3 for 8 digits), not Presidio's 1.0.
    Context words nearby or in the column name (bsn, burgerservicenummer…) add 0.35. A
    checksum-invalid match is dropped.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "BSN (gegroepeerd)",
            _BEFORE
            + r"(?:\d{3}\.\d{3}\.\d{3}|\d{4} \d{2} \d{3}|\d{3} \d{3} \d{3})"
            + _AFTER_GROUPED,
            0.5,
        ),
        Pattern("BSN (9 cijfers)", _BEFORE + r"\d{9}" + _AFTER, 0.4),
        Pattern("BSN (8 cijfers)", _BEFORE + r"\d{8}" + _AFTER, 0.2),
    ]
    # A grouped BSN starts with three or four digits and a dot or space; a plain one is a run.
    HEADS: ClassVar[dict[str, DigitHead]] = {
        PATTERNS[0].regex: DigitHead((3, 4), r"[. ]"),
        PATTERNS[1].regex: DigitHead((9,)),
        PATTERNS[2].regex: DigitHead((8,)),
    }
    CONTEXT: ClassVar[list[str]] = [
        "bsn",
        "burgerservicenummer",
        "burgerservice",
        "sofinummer",
        "sofi",
        "persoonsnummer",
        "citizen",
    ]
    CHECKSUM_BONUS: ClassVar[float] = 0.1
    NEGATIVE_CONTEXT: ClassVar[tuple[str, ...]] = (  # word stems, matched as word prefixes
        "bestel",
        "order",
        "zaak",
        "factuur",
        "kenmerk",
        "dossiernr",
        "dossiernummer",
        "klantnr",
        "klantnummer",
        "debiteur",
        "artikel",
        "product",
        "referentie",
        "transactie",
        "registratienummer",
        "polis",
        "contractnummer",
        "ticket",
        "pakket",
        "zending",
        "track",
    )

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "NL_BSN",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or type(self).__name__,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """The 11-proef (see `is_valid_bsn`)."""
        return is_valid_bsn(pattern_text)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's pattern matching, with a valid checksum worth `CHECKSUM_BONUS`, not 1.0."""
        results: list[RecognizerResult] = super().analyze(
            text, entities, nlp_artifacts, regex_flags
        )
        kept = [r for r in results if not self.labelled_as_other_number(text, r.start)]
        for result in kept:
            explanation = result.analysis_explanation
            if explanation is not None and explanation.original_score is not None:
                result.score = min(1.0, explanation.original_score + self.CHECKSUM_BONUS)
        return kept

    def labelled_as_other_number(self, text: str, start: int) -> bool:
        """Whether the nearest label word before `start` (same line) names another number."""
        line_start = text.rfind("\n", 0, start) + 1
        before = text[max(line_start, start - _LABEL_WINDOW) : start].lower()
        for word in reversed(_WORD.findall(before)):
            if any(word.startswith(cue) for cue in self.CONTEXT):
                return False
            if word.startswith(self.NEGATIVE_CONTEXT):
                return True
        return False
