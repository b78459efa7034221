"""Dutch telephone numbers, parsed and validated with python-phonenumbers (offline metadata)."""

from __future__ import annotations

from typing import ClassVar

from presidio_analyzer.predefined_recognizers import PhoneRecognizer


class NlPhoneRecognizer(PhoneRecognizer):
    """Presidio's phone recognizer with the Dutch numbering plan and Dutch context words.

    `phonenumbers` knows the Dutch plan: mobile 06-12345678 / 06 1234 5678, international
    +31 6 12345678 and 0031 6 12345678, area codes (010-1234567, 020 123 4567), 085/088, and
    service numbers 0800/090x. Foreign numbers in international form (+32, +49…) are found too.
    Leniency 1 (VALID): the number must be a valid number of its region, so a BSN, a date or an
    IBAN is not a phone number. Score 0.4, +0.35 with a context word (telefoon, mobiel…).
    """

    CONTEXT = [  # noqa: RUF012 - shape of the Presidio base class
        "telefoon",
        "telefoonnummer",
        "tel",
        "telnr",
        "mobiel",
        "mobielnummer",
        "gsm",
        "bel",
        "gebeld",
        "bellen",
        "nummer",
        "fax",
        "whatsapp",
    ]
    SUPPORTED_REGIONS: ClassVar[tuple[str, ...]] = ("NL",)

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "PHONE_NUMBER",
        name: str | None = None,
    ) -> None:
        super().__init__(
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            supported_entity=supported_entity,
            supported_regions=self.SUPPORTED_REGIONS,
            leniency=1,
            name=name or type(self).__name__,
        )
