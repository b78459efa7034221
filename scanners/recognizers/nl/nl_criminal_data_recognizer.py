"""Criminal convictions and offences (AVG art. 10)."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlCriminalDataRecognizer(LexiconRecognizer):
    """Recognize terms from `scanners/data/nl_criminal_terms.txt` (strafblad, veroordeling…).

    Strong terms score 0.6; weak terms (politie, straf) 0.3 and need context.
    """

    ENTITY: ClassVar[str] = "CRIMINAL_DATA"
    LEXICON: ClassVar[str] = "nl_criminal_terms.txt"
    CONTEXT: ClassVar[list[str]] = [
        "strafrecht",
        "strafrechtelijk",
        "justitie",
        "politie",
        "veroordeling",
        "delict",
        "verdachte",
        "bibob",
        "handhaving",
        "aangifte",
    ]
