"""spaCy's vocabulary stays bounded through a long scan, and the findings stay the same.

spaCy keeps a lexeme for every word it has seen; `OfflineSpacyNlpEngine` loads its pipeline
anew after `max_new_lexemes` new words. Here the bound is set low, so that a few hundred
synthetic documents and column values cross it several times, and everything the bounded
analyzer finds is compared with what an unbounded one finds.
"""

from __future__ import annotations

import random

import pytest
from faker import Faker

from scanners import build_analyzer
from scanners.scan import scan_text, scan_values

BOUND = 300  # new words; a fresh blank:nl pipeline already knows about 8,600


def _documents(count: int, seed: int) -> list[str]:
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    return [
        f"Geachte {fake.name()},\n\nUw aanvraag {rng.randint(10**6, 10**7)} voor "
        f"{fake.street_address()}, {fake.postcode()} {fake.city()} is ontvangen. "
        f"Bel {fake.phone_number()} of mail {fake.email()}.\n{fake.paragraph(nb_sentences=3)}"
        for _ in range(count)
    ]


@pytest.fixture(scope="module")
def analyzers():
    bounded, unbounded = build_analyzer(), build_analyzer()
    bounded.nlp_engine.max_new_lexemes = BOUND
    return bounded, unbounded


def _learnt(analyzer) -> int:
    engine = analyzer.nlp_engine
    return len(engine.pipelines["nl"].vocab) - engine._loaded_lexemes["nl"]


def test_documents_renew_the_pipeline_and_find_the_same(analyzers):
    bounded, unbounded = analyzers
    before = bounded.nlp_engine.renewals
    for text in _documents(150, seed=11):
        assert scan_text(bounded, text) == scan_text(unbounded, text)
        assert _learnt(bounded) <= BOUND + len(text.split())  # one text's words at most
    assert bounded.nlp_engine.renewals - before >= 2
    assert _learnt(unbounded) > 3 * BOUND  # the unbounded one kept every word


def test_column_batches_renew_the_pipeline_and_find_the_same(analyzers):
    bounded, unbounded = analyzers
    fake = Faker("nl_NL")
    fake.seed_instance(12)
    # a context word (telefoon) in each value: spaCy tokenises only values that have one
    values = [f"{fake.name()}, telefoon {fake.phone_number()}" for _ in range(400)]
    before = bounded.nlp_engine.renewals
    assert scan_values(bounded, values, context=["opmerking"]) == scan_values(
        unbounded, values, context=["opmerking"]
    )
    assert bounded.nlp_engine.renewals > before
