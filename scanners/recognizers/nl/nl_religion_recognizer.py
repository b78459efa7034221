"""Religion or belief (AVG art. 9)."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlReligionRecognizer(LexiconRecognizer):
    """Recognize terms from `scanners/data/nl_religion_terms.txt` (kerkelijke gezindte…).

    Strong terms score 0.6; weak terms (kerk, geloof) 0.3 and need context.
    """

    ENTITY: ClassVar[str] = "SPECIAL_RELIGION"
    LEXICON: ClassVar[str] = "nl_religion_terms.txt"
    CONTEXT: ClassVar[list[str]] = [
        "religie",
        "geloof",
        "gezindte",
        "kerkelijk",
        "kerkgenootschap",
        "levensovertuiging",
        "godsdienst",
    ]
