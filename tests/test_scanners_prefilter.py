"""The prefilter is exact: skipping what it skips changes no result and no finding.

Behaviour only, nothing timed (the speed is measured by benchmarks/performance.py).
"""

from __future__ import annotations

import pytest
from faker import Faker

from benchmarks.corpus import generate
from scanners import build_analyzer
from scanners.prefilter import prefilter_for
from scanners.scan import scan_values, scan_values_per_cell

# Values that sit close to a condition's edge: names in capitals, a title or role with an
# unknown name, Unicode digits, a dated journal line, lexicon terms, nothing at all.
EDGE_VALUES = [
    "JANSEN",
    "J. DE VRIES",
    "dhr. Xylofoon",
    "Naam: Quirijn Zwartkop",
    "Met vriendelijke groet,\nQuirijn Zwartkop",
    "Journaal Wmo - 12-03-2024 - Quirijn",
    "Bakker, J.",
    "van Dijk",
    "٠٦١٢٣٤٥٦٧٨",
    "06-12345678",
    "(010) 123 4567",
    "tel 12x345",
    "0031-6-1234 5678 toestel 12",
    "+31 6 1234 5678",
    "12",
    "PRD-1234-A12",
    "afgehandeld",
    "diabetes",
    "schuldsanering",
    "NL91ABNA0417164300",
    "1234 AB",
    "AB-12-CD",
    "192.168.1.10",
    "8.8.8.8",
    "Factuur betaald via incasso.",
    "",
    " ",
]


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer()


def _values() -> list[str]:
    fake = Faker("nl_NL")
    fake.seed_instance(7)
    corpus = generate(seed=7, n_documents=0, rows=25)
    values = [v for column in corpus.columns for v in column.values]
    values += [fake.name() for _ in range(40)] + [fake.address() for _ in range(20)]
    values += [fake.sentence() for _ in range(40)] + [fake.company() for _ in range(20)]
    return values + EDGE_VALUES


def _key(results):
    return sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in results)


def test_only_the_recognizers_the_prefilter_names_can_find_anything(analyzer):
    prefilter = prefilter_for(analyzer)
    skipped = 0
    for value in _values():
        entities = prefilter.entities(value)
        everything = analyzer.analyze(text=value, language="nl", context=["kolom"])
        if not entities:
            skipped += 1
            assert everything == []
            continue
        assert {r.entity_type for r in everything} <= set(entities)
        chosen = analyzer.analyze(text=value, language="nl", entities=entities, context=["kolom"])
        assert _key(chosen) == _key(everything)
    assert skipped > 0  # the prefilter does skip values, or this test proves nothing


def test_the_prefilter_skips_values_no_recognizer_can_match(analyzer):
    prefilter = prefilter_for(analyzer)
    assert prefilter.entities("afgehandeld") == []
    assert prefilter.entities("PRD-1234-A12") == []
    assert "PERSON" in prefilter.entities("JANSEN")
    assert "PERSON" in prefilter.entities("Naam: Quirijn Zwartkop")
    assert "PHONE_NUMBER" in prefilter.entities("٠٦١٢٣٤٥٦٧٨")


def test_the_prefilter_is_built_once_per_analyzer(analyzer):
    assert prefilter_for(analyzer) is prefilter_for(analyzer)


@pytest.mark.parametrize("seed", [3, 11])
def test_column_scan_equals_the_per_cell_presidio_loop(analyzer, seed):
    corpus = generate(seed=seed, n_documents=0, rows=40)
    for column in corpus.columns:
        context = [column.name, column.table]
        fast = scan_values(analyzer, list(column.values), context=context, hmac_key=b"k" * 32)
        slow = scan_values_per_cell(
            analyzer, list(column.values), context=context, hmac_key=b"k" * 32
        )
        assert fast == slow, column.name
