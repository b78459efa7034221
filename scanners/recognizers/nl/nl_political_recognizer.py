"""Political opinions (AVG art. 9)."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlPoliticalRecognizer(LexiconRecognizer):
    """Recognize `SPECIAL_POLITICAL` with `scanners/lexicons/political.yaml`.

    Terms, context words and the person/negation/non-personal rules live in the lexicon file,
    so a data steward extends them without code (see `scanners.recognizers.lexicon`).
    """

    LEXICON: ClassVar[str] = "political.yaml"
