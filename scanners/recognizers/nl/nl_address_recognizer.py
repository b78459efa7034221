"""Dutch street addresses: a street name and a house number with its addition."""

from __future__ import annotations

import re
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer

# Endings of Dutch street names (Kerkstraat, Stationsweg, Prinses Beatrixlaan…), longest first
# in the regex so "straatweg" is not cut short.
STREET_SUFFIXES: tuple[str, ...] = (
    "straat", "weg", "laan", "plein", "gracht", "kade", "singel", "dijk", "pad", "hof",
    "steeg", "dreef", "park", "baan", "erf", "wal", "markt", "haven", "dam", "vest", "veld",
    "brink", "plantsoen", "kanaal", "boulevard", "allee", "oever", "wetering", "hoven",
    "akker", "zoom", "burcht", "sluis", "poort", "rede", "wijk", "ring", "pier", "tuin",
    "hout", "vaart", "kwartier", "lei", "gang", "hage", "dal", "berg", "polder",
)  # fmt: skip
# Street words that stand as a capitalised word after a name part ("Oude Gracht", "Grote
# Markt") or before one ("Laan van Meerdervoort"); `STANDALONE_STREETS` are whole street names
# in many towns ("Markt 1", "Brink 4").
STREET_WORDS: tuple[str, ...] = (
    "Straat", "Weg", "Laan", "Plein", "Gracht", "Kade", "Singel", "Dijk", "Markt", "Haven",
    "Dam", "Brink", "Vest", "Plantsoen", "Boulevard", "Esplanade", "Promenade", "Passage",
    "Ring", "Hof", "Wal", "Dreef", "Kanaal", "Oever", "Rading", "Voorstraat", "Herengracht",
)  # fmt: skip
STANDALONE_STREETS: tuple[str, ...] = (
    "Markt", "Brink", "Dam", "Plein", "Boulevard", "Esplanade", "Plantsoen", "Promenade",
)  # fmt: skip
# Lower-case words inside street names: Burgemeester de Monchyplein, Laan van Meerdervoort.
_CONNECTORS = r"(?:van|de|der|den|het|'t|ter|ten|te|op|aan|bij|in|en|la|le|du)"
_FIRST_PART = r"(?:[A-Z][\w'.\-]*|\d{1,2}e|'s-?[A-Z][\w\-]*)"  # a street never starts lower-case
_NAME_PART = r"(?:[A-Z][\w'.\-]*|\d{1,2}e|" + _CONNECTORS + r")"
_SUFFIX = "(?:" + "|".join(sorted(STREET_SUFFIXES, key=len, reverse=True)) + ")"
_WORD = "(?:" + "|".join(sorted(STREET_WORDS, key=len, reverse=True)) + ")"
_STANDALONE = "(?:" + "|".join(STANDALONE_STREETS) + ")"
_STREET = (  # Kerkstraat, Oude Gracht, Laan van Meerdervoort, Markt
    r"(?<![\w\-'])(?:"
    rf"(?:{_FIRST_PART}(?:\s+{_NAME_PART}){{0,2}}\s+)?(?:'s-)?[A-Z][a-zà-ÿ'\-]*{_SUFFIX}"
    rf"|{_FIRST_PART}(?:\s+{_NAME_PART}){{0,2}}\s+{_WORD}"
    rf"|{_WORD}(?:\s+{_CONNECTORS})+(?:\s+[A-Z][\w'\-]*){{1,2}}"
    rf"|{_STANDALONE}"
    r")"
)
# House number 1–99999 plus an addition: 12a, 12 A, 12-2, 12-III, 12 bis, 12 hs, 12-1hg.
_ADDITION = (
    r"(?:\s?[A-Za-z](?![\w])"
    r"|\s?-\s?(?:\d{1,4}|[IVX]{1,4}|[A-Za-z]{1,2}\d{0,3})(?:\s?(?:hg|hs|bg|rd|zw|bis))?"
    r"|\s(?:bis|hs|hg|bg|huis|boven|beneden|zw|rd|[IVX]{1,4})(?![\w]))"
)
_NUMBER = r"\s+[1-9]\d{0,4}" + _ADDITION + r"?(?![\w\-]|[.,]\d)"
# What raises the score: a postcode or "te <Plaats>"/", <Plaats>" right after the number.
_NEARBY = r"(?=,?\s+(?:[1-9]\d{3}\s?[A-Z]{2}(?![\w])|te\s+[A-Z']))"


class NlAddressRecognizer(PatternRecognizer):
    """Recognize a Dutch address: a street name (suffix list or street word) and a house number
    with its addition (12, 12a, 12-2, 12 bis, 12 hs, 12-III).

    Street and number alone score 0.5; followed by a postcode or "te <Plaats>" 0.8. Context
    words (adres, woonadres, straat, huisnummer…) add 0.35. Street names must start with a
    capital, so "de weg 12 km" is not an address, but a capitalised "Weg 12" at the start of a
    sentence is one: an accepted false positive of the plain street-word form.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("Straat + huisnummer + postcode/plaats", _STREET + _NUMBER + _NEARBY, 0.8),
        Pattern("Straat + huisnummer", _STREET + _NUMBER, 0.5),
    ]
    # Presidio matches context words as substrings of the nearby tokens, the match itself
    # included: "straat" would boost every Kerkstraat, so only longer words stand here.
    CONTEXT: ClassVar[list[str]] = [
        "adres",
        "woonadres",
        "postadres",
        "verblijfadres",
        "straatnaam",
        "huisnummer",
        "woonachtig",
        "wonend",
        "woont",
    ]

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "ADDRESS",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or type(self).__name__,
            global_regex_flags=re.MULTILINE,  # no IGNORECASE (capitals mark names), no DOTALL
        )
