"""Dutch vehicle registration numbers (kentekens), by the RDW's sidecodes 1–14."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern

from scanners.recognizers.nl.digit_runs import DigitPatternRecognizer, PlateHead

# RDW sidecodes: X = letter, 9 = digit. The group layout alone tells a sidecode apart, with or
# without dashes (an RDW design rule: the plate without dashes is unique).
SIDECODES: dict[int, str] = {
    1: "XX-99-99",
    2: "99-99-XX",
    3: "99-XX-99",
    4: "XX-99-XX",
    5: "XX-XX-99",
    6: "99-XX-XX",
    7: "99-XXX-9",
    8: "9-XXX-99",
    9: "XX-999-X",
    10: "X-999-XX",
    11: "XXX-99-X",
    12: "X-99-XXX",
    13: "9-XX-999",
    14: "999-XX-9",
}
# From sidecode 4 (1978) on, the RDW issues no vowels, and no C or Q (they read as 0); Y is
# unused too. Sidecodes 1–3 (1951–1978) did use vowels, so there only C and Q are refused.
LETTERS_OLD = "ABDEFGHIJKLMNOPRSTUVWXZ"
LETTERS_NEW = "BDFGHJKLMNPRSTVWXZ"
# Letter combinations the RDW never issues (offensive or political abbreviations), inside any
# letter group.
BANNED_COMBINATIONS = frozenset(
    {"GVD", "KKK", "KVT", "LPF", "NSB", "PKK", "PSV", "TBS", "SS", "SD", "PVV", "SGP", "VVD"}
)
_BEFORE = r"(?<![\w\-/])"
_AFTER = r"(?![\w\-/])"
# What every plate is: eight capitals, digits and dashes, or six capitals and digits. Said up
# front, it spares the 14 sidecodes at almost every position (the same matches, twice as fast).
_DASHED_AHEAD = r"(?=[A-Z\d\-]{8}" + _AFTER + ")"
_UNDASHED_AHEAD = r"(?=[A-Z\d]{6}" + _AFTER + ")"


def _layout_regex(layout: str, letters: str, dashed: bool) -> str:
    groups = [
        f"[{letters}]{{{len(g)}}}" if g[0] == "X" else rf"\d{{{len(g)}}}" for g in layout.split("-")
    ]
    return ("-" if dashed else "").join(groups)


def _letters_for(sidecode: int) -> str:
    return LETTERS_OLD if sidecode <= 3 else LETTERS_NEW


def _alternatives(dashed: bool) -> str:
    return "|".join(
        _layout_regex(layout, _letters_for(code), dashed) for code, layout in SIDECODES.items()
    )


def sidecode_of(value: str) -> int | None:
    """The RDW sidecode of a plate (dashes optional, capitals), or None if it fits none.

    A plate with dashes must have them where its sidecode puts them. Banned letter
    combinations and letters the RDW does not issue in that sidecode give None.
    """
    compact = value.replace("-", "")
    for code, layout in SIDECODES.items():
        letters = _letters_for(code)
        if "-" in value:
            if re.fullmatch(_layout_regex(layout, letters, dashed=True), value) is None:
                continue
        elif re.fullmatch(_layout_regex(layout, letters, dashed=False), compact) is None:
            continue
        letter_groups = re.findall(r"[A-Z]+", compact)
        if any(banned in group for group in letter_groups for banned in BANNED_COMBINATIONS):
            return None
        return code
    return None


class NlLicensePlateRecognizer(DigitPatternRecognizer):
    """Recognize a kenteken in one of the RDW sidecodes 1–14, capitals only.

    With dashes (`AB-12-34`, `1-XKD-23`) a match scores 0.5; without dashes (`AB1234`, the
    form RDW data and many databases use) 0.3, below the reporting threshold of
    `scanners.scan` (0.4), because six capitals-and-digits are also postcodes (`1234AB` fits
    sidecode 2) and product codes. A context word (kenteken, nummerbord, voertuig…) adds 0.35.
    `validate_result` drops banned combinations and letters not issued in that sidecode.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern(
            "Kenteken (met streepjes)",
            _BEFORE + _DASHED_AHEAD + f"(?:{_alternatives(True)})" + _AFTER,
            0.5,
        ),
        Pattern(
            "Kenteken (zonder streepjes)",
            _BEFORE + _UNDASHED_AHEAD + f"(?:{_alternatives(False)})" + _AFTER,
            0.3,
        ),
    ]
    # A plate is a whole run of capitals, digits and dashes: eight long with dashes, else six.
    HEADS: ClassVar[dict[str, PlateHead]] = {
        PATTERNS[0].regex: PlateHead(8),
        PATTERNS[1].regex: PlateHead(6),
    }
    HEAD_FLAGS: ClassVar[int] = re.MULTILINE | re.DOTALL  # with IGNORECASE [A-Z] is more
    CONTEXT: ClassVar[list[str]] = [
        "kenteken",
        "kentekenplaat",
        "nummerbord",
        "voertuig",
        "personenauto",
        "rdw",
        "parkeer",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "NL_LICENSE_PLATE",
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
        """False for a plate the RDW would not issue; None (keep the pattern score) otherwise."""
        return None if sidecode_of(pattern_text) is not None else False
