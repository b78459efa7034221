"""IPv4 and IPv6 addresses, validated with the standard library's `ipaddress`."""

from __future__ import annotations

import ipaddress
from typing import ClassVar

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

_IPV4 = r"(?:\d{1,3}\.){3}\d{1,3}"
_IPV6 = r"(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|" + _IPV4 + r")?"


def parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address `value` spells, or None (octets over 255, leading zeros, bad IPv6)."""
    try:
        return ipaddress.ip_address(value)
    except ValueError:
        return None


def is_public_ip(value: str) -> bool:
    """True for a globally routable address, the kind that can point to one subscriber."""
    address = parse_ip(value)
    return address is not None and address.is_global and not address.is_multicast


class NlIpAddressRecognizer(PatternRecognizer):
    """Recognize an IPv4 or IPv6 address; `ipaddress` decides what is one.

    A public address is an online identifier of a person (CJEU C-582/14, Breyer): it scores
    0.5, with a context word (ip, ip-adres, ipadres…) 0.85. Private, loopback, link-local,
    reserved and multicast addresses (10.x, 192.168.x, 127.0.0.1, ::1, fe80::…) are still IP
    addresses but usually name a server or a device in a config file or log, not a person:
    they score `NON_PUBLIC_SCORE` (0.3), below the reporting threshold of `scanners.scan`
    (0.4), and only count next to a context word (0.65). Version numbers with leading zeros,
    octets above 255 and timestamps such as 12:30:45 fail `ipaddress` and are dropped.
    """

    PATTERNS: ClassVar[list[Pattern]] = [
        Pattern("IPv4", r"(?<![\w.:])" + _IPV4 + r"(?![\w:]|\.\d)", 0.5),
        Pattern("IPv6", r"(?<![\w.:])" + _IPV6 + r"(?![\w:.])", 0.5),
    ]
    # Presidio matches context words as substrings of nearby tokens: a bare "ip" would match
    # "principe" and "tip", so only longer forms stand here.
    CONTEXT: ClassVar[list[str]] = [
        "ip-adres",
        "ipadres",
        "ip-nummer",
        "ipnummer",
        "ipv4",
        "ipv6",
        "ipaddress",
        "client",
        "remote",
        "inlog",
        "login",
    ]
    NON_PUBLIC_SCORE: ClassVar[float] = 0.3

    def __init__(
        self,
        patterns: list[Pattern] | None = None,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "IP_ADDRESS",
        name: str | None = None,
    ) -> None:
        super().__init__(
            supported_entity=supported_entity,
            patterns=patterns if patterns else list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            name=name or type(self).__name__,
        )

    def validate_result(self, pattern_text: str) -> bool | None:
        """False when `ipaddress` rejects the text; None (keep the pattern score) otherwise."""
        return None if parse_ip(pattern_text) is not None else False

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
        regex_flags: int | None = None,
    ) -> list[RecognizerResult]:
        """Presidio's pattern matching, with non-public addresses lowered to `NON_PUBLIC_SCORE`."""
        results: list[RecognizerResult] = super().analyze(
            text, entities, nlp_artifacts, regex_flags
        )
        for result in results:
            if not is_public_ip(text[result.start : result.end]):
                result.score = min(result.score, self.NON_PUBLIC_SCORE)
        return results
