"""Health data (AVG art. 9): diagnoses, treatment, medication, Wmo/Jeugdwet care, absence."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlHealthRecognizer(LexiconRecognizer):
    """Recognize `SPECIAL_HEALTH` with `scanners/lexicons/health.yaml`.

    Terms, context words and the person/negation/non-personal rules live in the lexicon file,
    so a data steward extends them without code (see `scanners.recognizers.lexicon`).
    """

    LEXICON: ClassVar[str] = "health.yaml"
