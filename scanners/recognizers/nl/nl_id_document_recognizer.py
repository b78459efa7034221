"""Numbers of Dutch passports and identity cards (paspoort, identiteitskaart)."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

_FORMAT = re.compile(r"[A-Z]{2}[A-Z0-9]{6}[0-9]")


def is_valid_id_document_number(value: str) -> bool:
    """2 capitals, 6 capitals-or-digits, 1 digit, and no letter O (it reads as zero).

    Spaces are ignored. The documents carry no public check digit over the whole number, so
    this is the full check the issuer (RvIG) documents.
    """
    compact = value.replace(" ", "")
    return (
        len(compact) == 9
        and compact.isascii()
        and _FORMAT.fullmatch(compact) is not None
        and "O" not in compact
    )


class NlIdDocumentRecognizer(PatternRecognizer):
    """Recognize a passport or identity-card number, only next to a context word.

    Nine-character codes of capitals and digits are common (order, product and file codes), so
    a match scores 0.3, below the reporting threshold of `scanners.scan` (0.4): a context word
    nearby or in the column name (paspoort, identiteitskaart, documentnummer…) lifts it by
    0.35. Matching is case-sensitive; `validate_result` drops codes with the letter O.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "Paspoort/ID-kaart",
            r"(?<![\w\-/])[A-NP-Z]{2}[A-NP-Z0-9]{6}[0-9](?![\w\-/])",
            0.3,
        ),
    ]
    CONTEXT: ClassVar[list[str]] = [
        "paspoort",
        "identiteitskaart",
        "identiteitsbewijs",
        "id-kaart",
        "idkaart",
        "documentnummer",
        "documentnr",
        "reisdocument",
        "legitimatie",
        "identificatiebewijs",
        "passport",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "NL_ID_DOCUMENT",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or type(self).__name__,
            global_regex_flags=re.MULTILINE | re.DOTALL,  # no IGNORECASE: capitals only
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """False for a malformed number; None (keep the low pattern score) otherwise."""
        return None if is_valid_id_document_number(pattern_text) else False
