"""Racial or ethnic origin (AVG art. 9)."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlEthnicityRecognizer(LexiconRecognizer):
    """Recognize `SPECIAL_ETHNICITY` with `scanners/lexicons/ethnicity.yaml`.

    Terms, context words and the person/negation/non-personal rules live in the lexicon file,
    so a data steward extends them without code (see `scanners.recognizers.lexicon`).
    """

    LEXICON: ClassVar[str] = "ethnicity.yaml"
