"""Criminal convictions and offences (AVG art. 10)."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlCriminalDataRecognizer(LexiconRecognizer):
    """Recognize `CRIMINAL_DATA` with `scanners/lexicons/criminal_data.yaml`.

    Terms, context words and the person/negation/non-personal rules live in the lexicon file,
    so a data steward extends them without code (see `scanners.recognizers.lexicon`).
    """

    LEXICON: ClassVar[str] = "criminal_data.yaml"
