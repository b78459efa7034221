"""E-mail addresses, validated against the bundled public suffix list, strictly offline."""

from __future__ import annotations

from functools import cache

import tldextract
from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import EmailRecognizer


@cache
def offline_tld_extractor() -> tldextract.TLDExtract:
    """A `TLDExtract` that never touches the network or a disk cache.

    `suffix_list_urls=()` means nothing is fetched, `cache_dir=None` means no cache is read or
    written, and `fallback_to_snapshot=True` uses the public suffix list bundled with the
    tldextract wheel. Presidio's own `EmailRecognizer` calls the module-level
    `tldextract.extract`, which downloads the list on first use; that is why it is replaced here.
    Built on first use, not at import.
    """
    return tldextract.TLDExtract(cache_dir=None, suffix_list_urls=(), fallback_to_snapshot=True)


# Every character Presidio's local part may hold ("." included), then the "@".
_LOCAL_PART_THEN_AT = r"(?=[!#$%&'*+\-/=?^_`{|}~.\w]*@)"


def _at_sign_ahead(pattern: Pattern) -> Pattern:
    """Presidio's pattern, told up front that an address is a run of local-part characters
    and an "@": the same matches in half the time (most words are no local part). A pattern
    of another shape is left as it is."""
    if not pattern.regex.startswith(r"\b("):
        return pattern
    regex = r"\b" + _LOCAL_PART_THEN_AT + pattern.regex.removeprefix(r"\b")
    return Pattern(pattern.name, regex, pattern.score)


class NlEmailRecognizer(EmailRecognizer):
    """Presidio's e-mail pattern with Dutch context and an offline domain check.

    A match whose domain has a known public suffix (gemeente.nl, example.com) scores 1.0; one
    without (foo@bar.invalidtld, a Python decorator, a file name) is dropped.
    """

    PATTERNS = [_at_sign_ahead(p) for p in EmailRecognizer.PATTERNS]  # noqa: RUF012

    CONTEXT = [  # noqa: RUF012 - shape of the Presidio base class
        "email",
        "e-mail",
        "mail",
        "emailadres",
        "e-mailadres",
        "mailadres",
        "contact",
    ]

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "EMAIL_ADDRESS",
        name: str | None = None,
    ) -> None:
        super().__init__(
            patterns=list(self.PATTERNS),
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            supported_entity=supported_entity,
            name=name or type(self).__name__,
        )

    def validate_result(self, pattern_text: str) -> bool:
        """True when the domain part ends in a known public suffix (bundled snapshot)."""
        domain = pattern_text.rsplit("@", 1)[-1]
        return offline_tld_extractor()(domain).fqdn != ""
