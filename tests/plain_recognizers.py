"""The recognizers' plain code paths, as they were before their speed-ups: the reference
that the fast paths are compared with (tests/test_scanners_document_identical.py,
tests/test_scanners_recognizer_shortcuts.py)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

import phonenumbers
import pytest
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import EmailRecognizer, PhoneRecognizer

import scanners.recognizers.lexicon as lexicon_module
import scanners.recognizers.nl.nl_email_recognizer as email_module
import scanners.recognizers.nl.nl_person_recognizer as person_module
import scanners.recognizers.nl.nl_phone_recognizer as phone_module
from scanners.recognizers.nl import (
    NlEmailRecognizer,
    NlLicensePlateRecognizer,
    NlPersonRecognizer,
    NlPhoneRecognizer,
)
from scanners.recognizers.nl.nl_license_plate_recognizer import _AFTER, _BEFORE, _alternatives
from scanners.recognizers.nl.pattern_results import FasterPatternRecognizer


class LinearCoverage:
    """`nl_person_recognizer._Coverage` the plain way: every span tested in turn."""

    def __init__(self, spans):
        self.spans = list(spans)

    def covers(self, position):
        return any(a <= position < b for a, b in self.spans)


class PlainFound:
    """`nl_person_recognizer._Found` the plain way: a result for every candidate, duplicates
    and all, for Presidio's `remove_duplicates` to sort out."""

    def __init__(self, recognizer):
        self.recognizer = recognizer
        self.candidates = []

    def add(self, start, end, score, label):
        self.candidates.append((start, end, score, label))

    def spans(self):
        return [(start, end) for start, end, _, _ in self.candidates]

    def sources(self):
        return [
            (s, e)
            for s, e, score, label in self.candidates
            if self.recognizer.is_source(score, label)
        ]

    def results(self):
        return [self.recognizer._result(*candidate) for candidate in self.candidates]


def plain_plate_patterns() -> list[Pattern]:
    """`NlLicensePlateRecognizer.PATTERNS` without their look-aheads."""
    return [
        Pattern(name, _BEFORE + f"(?:{_alternatives(dashed)})" + _AFTER, score)
        for name, dashed, score in (
            ("Kenteken (met streepjes)", True, 0.5),
            ("Kenteken (zonder streepjes)", False, 0.3),
        )
    ]


def plain_has_public_suffix(domain: str) -> bool:
    """`nl_email_recognizer.has_public_suffix` without its kept answers."""
    return email_module.offline_tld_extractor()(domain).fqdn != ""


def plain_person_pattern(pattern: str) -> str:
    """A rule of the person recognizer with plain alternations instead of prefix trees."""
    plain_tv = person_module._alternation(person_module._TV_WORDS, capitalised_too=True)
    return (
        pattern.replace(person_module._TV, plain_tv)
        .replace(person_module._TITLE, person_module._PLAIN_TITLE)
        .replace(person_module._ROLE, person_module._PLAIN_ROLE)
    )


def plain_person_rules(recognizer: NlPersonRecognizer) -> list[tuple[str, re.Pattern[str], Any]]:
    return [
        (name, re.compile(plain_person_pattern(pattern.pattern)), scorer)
        for name, pattern, scorer in recognizer._rules
    ]


def plain_phone_numbers_in(
    self: NlPhoneRecognizer, text: str, entities: list[str], nlp_artifacts: Any
) -> list[RecognizerResult]:
    """`NlPhoneRecognizer._numbers_in` with both phonenumbers passes over every piece."""
    results: list[RecognizerResult] = PhoneRecognizer.analyze(self, text, entities, nlp_artifacts)
    for match in phonenumbers.PhoneNumberMatcher(
        text, "NL", leniency=phonenumbers.Leniency.POSSIBLE
    ):
        number = match.number
        written = re.sub(r"[^\d+]", "", match.raw_string)
        if not (
            number.country_code == 31
            and self.MOBILE_SHAPE.fullmatch(str(number.national_number))
            and self.MOBILE_WRITTEN.fullmatch(written)  # with its 0, +31 or 0031
        ):
            continue
        if any(r.start < match.end and match.start < r.end for r in results):
            continue
        results.append(self._get_recognizer_result(match, text, "NL", nlp_artifacts))
    return results


def plain_phone_pieces_to_test(text: str, ends: list[int]) -> range:
    """`nl_phone_recognizer._pieces_to_test` without the core screen: every piece is tested
    (and `plain_phone_numbers_in` reads each with Presidio's own analysis)."""
    return range(len(ends))


@contextmanager
def plain_recognizers(recognizers: Iterable[Any]) -> Iterator[None]:
    """Within it, these recognizers (and, where a class or module is patched, all of their
    kind) take their plain code paths: Presidio's own pattern matching for addresses,
    Presidio's e-mail pattern over the whole text and a domain check without kept answers,
    plate patterns without their look-aheads, the digit-based patterns over the whole text,
    both phonenumbers
    passes over every piece of a text for phone numbers, `finditer` and per-recognizer word
    positions in the lexicons, person rules with plain alternations tried at every position
    of the text and of the whole capitals variant (every match kept), a result for every
    candidate, and a linear coverage test for repeated names."""
    patch = pytest.MonkeyPatch()
    try:
        for recognizer in recognizers:
            if isinstance(recognizer, NlEmailRecognizer):
                patch.setattr(recognizer, "patterns", list(EmailRecognizer.PATTERNS))
            if isinstance(recognizer, NlLicensePlateRecognizer):
                patch.setattr(recognizer, "patterns", plain_plate_patterns())
            if isinstance(recognizer, NlPersonRecognizer):
                patch.setattr(recognizer, "_rules", plain_person_rules(recognizer))
        patch.setattr(FasterPatternRecognizer, "analyze", PatternRecognizer.analyze)
        patch.setattr(email_module, "has_public_suffix", plain_has_public_suffix)
        patch.setattr(NlPhoneRecognizer, "_numbers_in", plain_phone_numbers_in)
        patch.setattr(phone_module, "_pieces_to_test", plain_phone_pieces_to_test)
        patch.setattr(lexicon_module, "_guided_finditer", lambda p, _guide, t: p.finditer(t))
        patch.setattr(lexicon_module, "_matches", lambda p, _guide, _heads, t: p.finditer(t))
        patch.setattr(lexicon_module, "_positions_of", lexicon_module._Text)
        patch.setattr(person_module, "_Coverage", LinearCoverage)
        patch.setattr(person_module, "_SINGLE_LINE_RULES", frozenset())  # the whole variant
        patch.setattr(person_module, "_RULE_STARTS", {})  # every rule tried everywhere
        patch.setattr(person_module, "_mentions", person_module._mentions_by_pattern)
        patch.setattr(person_module, "_CAPS_WORD", person_module._PLAIN_CAPS_WORD)
        patch.setattr(person_module, "_UNLIKE_TEXT_RULES", frozenset())  # every match kept
        patch.setattr(person_module, "_Found", PlainFound)
        patch.setattr(person_module, "_NAME_STARTS", {})  # `_name_start` asks every group
        patch.setattr(person_module, "_SCORED_BY_NAMES", frozenset())  # every match scored
        yield
    finally:
        patch.undo()
