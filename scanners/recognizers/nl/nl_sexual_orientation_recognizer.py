"""Sex life or sexual orientation (AVG art. 9)."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlSexualOrientationRecognizer(LexiconRecognizer):
    """Recognize `SPECIAL_SEXUAL_ORIENTATION` with `scanners/lexicons/sexual_orientation.yaml`.

    Terms, context words and the person/negation/non-personal rules live in the lexicon file,
    so a data steward extends them without code (see `scanners.recognizers.lexicon`).
    """

    LEXICON: ClassVar[str] = "sexual_orientation.yaml"
