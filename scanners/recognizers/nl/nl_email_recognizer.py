"""E-mail addresses, validated against the bundled public suffix list, strictly offline."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, lru_cache
from typing import Any

import regex  # type: ignore[import-untyped]  # no stubs; Presidio matches patterns with it
import tldextract
from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from scanners.recognizers.nl.pattern_results import FasterPatternRecognizer, Matches


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
_LOCAL_PART_CHAR = r"[!#$%&'*+\-/=?^_`{|}~.\w]"
_LOCAL_PART_THEN_AT = rf"(?={_LOCAL_PART_CHAR}*@)"
_DOMAIN_CHAR = r"[\w\-.]"  # every character of Presidio's domain part


def _at_sign_ahead(pattern: Pattern) -> Pattern:
    """Presidio's pattern, told up front that an address is a run of local-part characters
    and an "@": the same matches in half the time (most words are no local part). A pattern
    of another shape is left as it is."""
    if not pattern.regex.startswith(r"\b("):
        return pattern
    regex = r"\b" + _LOCAL_PART_THEN_AT + pattern.regex.removeprefix(r"\b")
    return Pattern(pattern.name, regex, pattern.score)


@cache
def _runs(flags: int) -> tuple[Any, Any]:
    """The run of local-part characters ending at a position (matched backwards) and the run
    of domain characters starting at one, with the patterns' flags."""
    local_run = regex.compile(rf"(?r){_LOCAL_PART_CHAR}*", flags)
    return local_run, regex.compile(f"{_DOMAIN_CHAR}*", flags)


def _matches_around_at_signs(pattern: Any, text: str) -> Iterator[Any]:
    """`pattern.finditer(text)` for a pattern whose every match is local-part characters, one
    "@" and domain characters: searched only in such a run around each "@". An "@" is in no
    run of either kind, so a run holds one "@" and at most one match; and the run of domain
    characters ends before a non-word character, so the `\\b` at its end, which cannot see
    past `endpos`, says what it says on the whole text."""
    local_run, domain_run = _runs(pattern.flags)
    position = 0
    at = text.find("@")
    while at != -1:
        start = max(position, local_run.match(text, 0, at).start())
        match = pattern.search(text, start, domain_run.match(text, at + 1).end())
        if match is not None:
            yield match
            position = match.end()
        at = text.find("@", at + 1)


@lru_cache(maxsize=4096)
def has_public_suffix(domain: str) -> bool:
    """Whether `domain` ends in a known public suffix (bundled snapshot); kept per domain, as
    the same few domains recur throughout a text."""
    return offline_tld_extractor()(domain).fqdn != ""


class NlEmailRecognizer(FasterPatternRecognizer, EmailRecognizer):
    """Presidio's e-mail pattern with Dutch context and an offline domain check.

    A match whose domain has a known public suffix (gemeente.nl, example.com) scores 1.0; one
    without (foo@bar.invalidtld, a Python decorator, a file name) is dropped.
    """

    patterns: list[Pattern]  # set by `PatternRecognizer.__init__`, typed here for mypy

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

    def faster_matches(self, text: str, flags: int) -> Matches | None:
        """The own patterns searched only around each "@"."""
        if not all(p.regex in _OWN_REGEXES for p in self.patterns):
            return None
        return _matches_around_at_signs

    def validate_result(self, pattern_text: str) -> bool:
        """True when the domain part ends in a known public suffix (bundled snapshot)."""
        return has_public_suffix(pattern_text.rsplit("@", 1)[-1])


# Patterns whose matches are a local part, an "@" and a domain (`_matches_around_at_signs`).
_OWN_REGEXES = frozenset(p.regex for p in NlEmailRecognizer.PATTERNS)
