"""Financial situation: debts, benefits, attachment, guardianship ('zeer gevoelig')."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlFinancialSituationRecognizer(LexiconRecognizer):
    """Recognize `FINANCIAL_SITUATION` with `scanners/lexicons/financial_situation.yaml`.

    Terms, context words and the person/negation/non-personal rules live in the lexicon file,
    so a data steward extends them without code (see `scanners.recognizers.lexicon`).
    """

    LEXICON: ClassVar[str] = "financial_situation.yaml"
