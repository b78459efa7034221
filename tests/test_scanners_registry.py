"""The caching registry answers as Presidio's registry, also after its recognizers change."""

from __future__ import annotations

import itertools

from presidio_analyzer import Pattern, PatternRecognizer, RecognizerRegistry

from scanners import build_analyzer
from scanners.registry import CachingRecognizerRegistry


def _names(recognizers):
    return sorted(r.name for r in recognizers)


def test_the_answers_are_presidios_for_every_entity_set():
    caching = build_analyzer().registry
    assert isinstance(caching, CachingRecognizerRegistry)
    plain = RecognizerRegistry(recognizers=list(caching.recognizers), supported_languages=["nl"])
    entities = sorted({e for r in caching.recognizers for e in r.supported_entities})
    requests = [list(pair) for pair in itertools.combinations(entities[:8], 2)] + [entities]
    for request in requests * 2:  # the second time from what was kept
        assert _names(caching.get_recognizers("nl", request)) == _names(
            plain.get_recognizers("nl", request)
        )
    assert _names(caching.get_recognizers("nl", all_fields=True)) == _names(
        plain.get_recognizers("nl", all_fields=True)
    )


def test_a_recognizer_added_later_is_returned():
    registry = build_analyzer().registry
    before = _names(registry.get_recognizers("nl", ["PHONE_NUMBER"]))
    extra = PatternRecognizer(
        supported_entity="PHONE_NUMBER",
        name="ExtraPhone",
        supported_language="nl",
        patterns=[Pattern("toestel", r"toestel \d{3}", 0.5)],
    )
    registry.add_recognizer(extra)
    assert _names(registry.get_recognizers("nl", ["PHONE_NUMBER"])) == sorted(
        [*before, "ExtraPhone"]
    )
    registry.remove_recognizer("ExtraPhone")
    assert _names(registry.get_recognizers("nl", ["PHONE_NUMBER"])) == before
