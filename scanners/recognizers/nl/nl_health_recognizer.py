"""Health data (AVG art. 9): diagnoses, treatment, medication, Wmo/Jeugdwet care, absence."""

from __future__ import annotations

from typing import ClassVar

from scanners.recognizers.lexicon import LexiconRecognizer


class NlHealthRecognizer(LexiconRecognizer):
    """Recognize Dutch health terms from the lexicon `scanners/data/nl_health_terms.txt`.

    Strong terms (diabetes, depressie, dagbesteding, rolstoel, ziekteverzuim) score 0.6; weak
    terms (begeleiding, indicatie, behandeling) 0.3, lifted by a context word (+0.35).
    """

    ENTITY: ClassVar[str] = "SPECIAL_HEALTH"
    LEXICON: ClassVar[str] = "nl_health_terms.txt"
    CONTEXT: ClassVar[list[str]] = [
        "diagnose",
        "medisch",
        "medische",
        "gezondheid",
        "ziekte",
        "ziek",
        "zorg",
        "wmo",
        "jeugdwet",
        "indicatie",
        "beperking",
        "behandeling",
        "klachten",
        "huisarts",
        "verzuim",
        "arbo",
        "voorziening",
        "hulpvraag",
    ]
