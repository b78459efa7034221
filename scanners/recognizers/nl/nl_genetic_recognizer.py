"""Genetic data (AVG art. 9)."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlGeneticRecognizer(LexiconRecognizer):
    """Recognize `SPECIAL_GENETIC` with `scanners/lexicons/genetic.yaml`.

    Terms, context words and the person/negation/non-personal rules live in the lexicon file,
    so a data steward extends them without code (see `scanners.recognizers.lexicon`).
    """

    LEXICON: ClassVar[str] = "genetic.yaml"
