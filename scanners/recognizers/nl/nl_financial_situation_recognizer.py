"""Financial situation: debts, benefits, attachment, guardianship ('zeer gevoelig')."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlFinancialSituationRecognizer(LexiconRecognizer):
    """Recognize terms from `scanners/data/nl_financial_terms.txt` (schuldhulp, bijstand…).

    Strong terms score 0.6; weak terms (inkomen, toeslag, schuld) 0.3 and need context.
    """

    ENTITY: ClassVar[str] = "FINANCIAL_SITUATION"
    LEXICON: ClassVar[str] = "nl_financial_terms.txt"
    CONTEXT: ClassVar[list[str]] = [
        "schuld",
        "schulden",
        "uitkering",
        "inkomen",
        "bijstand",
        "beslag",
        "bewind",
        "financieel",
        "financiële",
        "participatiewet",
        "minima",
        "betaling",
    ]
