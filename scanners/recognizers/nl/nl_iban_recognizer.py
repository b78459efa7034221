"""IBAN bank account numbers, Dutch and foreign, with Dutch context words."""

from __future__ import annotations

from presidio_analyzer.predefined_recognizers import IbanRecognizer


class NlIbanRecognizer(IbanRecognizer):
    """Presidio's IBAN recognizer (country formats, mod-97 check) for Dutch text.

    Presidio's `iban_patterns.py` already holds the Dutch format (NLkk BBBB 0123 4567 89) and
    the other SEPA countries, with or without spaces in groups of four; its `validate_result`
    does the mod-97 check, so a valid IBAN scores 1.0 and an invalid one is dropped. This class
    only makes the language explicit (Presidio's default is "en") and supplies Dutch context.
    """

    CONTEXT = [  # noqa: RUF012 - shape of the Presidio base class
        "iban",
        "rekening",
        "rekeningnummer",
        "bankrekening",
        "bank",
        "girorekening",
        "tegenrekening",
        "betaalrekening",
        "overmaken",
    ]

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "IBAN_CODE",
        name: str | None = None,
    ) -> None:
        super().__init__(
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            supported_entity=supported_entity,
            name=name or type(self).__name__,
        )
