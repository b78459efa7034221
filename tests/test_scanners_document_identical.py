"""The fast document path finds exactly what the straightforward one finds.

`reference_analyze_text` is `analyze_text` the plain way: every recognizer over every chunk
of the text with its tables blanked (header line and body, character by character), and over
every table column as "header: value" lines, each recognizer on its plain code path
(`tests.plain_recognizers`).
`analyze_text` and `scan_text` must return the same spans, scores and findings on the corpus:
single documents of several seeds, long concatenations cut into many chunks, and delimited
tables built from the corpus columns.

Behaviour only, nothing timed (the speed is measured by benchmarks/performance.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import scanners.scan as scan_module
from benchmarks.corpus import generate
from scanners import build_analyzer
from scanners.scan import Span, analyze_text, scan_text
from scanners.tables import cell_batches, find_tables
from tests.plain_recognizers import plain_recognizers

SEEDS = (2024, 7, 20_240_601)
DELIMITERS = (";", "\t", "|", ",")


# -- the reference ---------------------------------------------------------------------------


def _reference_chunks(text: str) -> Iterator[tuple[int, int, int, int]]:
    size, overlap = scan_module.CHUNK_CHARS, scan_module.CHUNK_OVERLAP
    own_start = 0
    while own_start < len(text):
        own_end = min(len(text), own_start + size)
        if own_end < len(text):
            cut = max(
                text.rfind(" ", own_start + size // 2, own_end),
                text.rfind("\n", own_start + size // 2, own_end),
            )
            if cut > own_start:
                own_end = cut
        yield max(0, own_start - overlap), min(len(text), own_end + overlap), own_start, own_end
        own_start = own_end


def _reference_spans(results, offset: int, min_score: float) -> list[Span]:
    return [
        Span(r.entity_type, r.start + offset, r.end + offset, float(r.score))
        for r in results
        if r.score >= min_score
    ]


def reference_analyze_text(analyzer, text: str, min_score: float = 0.4) -> list[Span]:
    with plain_recognizers(analyzer.registry.recognizers):
        return _reference_analyze_text(analyzer, text, min_score)


def _reference_analyze_text(analyzer, text: str, min_score: float) -> list[Span]:
    """Full Presidio over each chunk of the prose, then each table column cell by cell."""
    tables = find_tables(text)
    characters = list(text)
    for table in tables:
        for i in range(table.header_start, table.body_end):
            if characters[i] != "\n":
                characters[i] = " "
    prose = "".join(characters)
    spans: list[Span] = []
    for window_start, window_end, own_start, own_end in _reference_chunks(prose):
        results = analyzer.analyze(text=prose[window_start:window_end], language="nl", context=[])
        spans.extend(
            s
            for s in _reference_spans(results, window_start, min_score)
            if own_start <= s.start < own_end
        )
    for table in tables:
        for column in range(len(table.headers)):
            for batch, placed in cell_batches(text, table, column, scan_module.CHUNK_CHARS):
                results = analyzer.analyze(text=batch, language="nl", context=[])
                for span in _reference_spans(results, 0, min_score):
                    for offset, cell in placed:
                        start = max(span.start, offset)
                        end = min(span.end, offset + cell.end - cell.start)
                        if start < end and span.start >= offset:
                            shift = cell.start - offset
                            spans.append(
                                Span(span.entity_type, start + shift, end + shift, span.score)
                            )
    return scan_module._merge(spans)


# -- the texts -------------------------------------------------------------------------------


def _documents(seed: int) -> list[str]:
    return [d.text for d in generate(seed=seed, n_documents=60, rows=1).documents]


def _tables(seed: int, delimiter: str, rows: int = 25) -> str:
    """All corpus columns, eight at a time, as delimited exports between lines of prose (a
    value holding the delimiter ends its table there, as in a real export)."""
    columns = generate(seed=seed, n_documents=0, rows=rows).columns
    parts = []
    for first in range(0, len(columns), 8):
        chosen = [c for c in columns[first : first + 8] if c.name.replace("_", "").isalnum()]
        lines = [delimiter.join(c.name for c in chosen)]
        lines += [delimiter.join(c.values[row] for c in chosen) for row in range(rows)]
        parts.append("Export uit het zaaksysteem, mevrouw Jansen\n" + "\n".join(lines))
    return "\n\nEinde van de export.\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer()


def assert_same(analyzer, text: str) -> None:
    assert analyze_text(analyzer, text) == reference_analyze_text(analyzer, text)
    low = 0.2  # the candidate threshold of column values longer than a chunk
    assert analyze_text(analyzer, text, min_score=low) == reference_analyze_text(
        analyzer, text, low
    )


# -- the comparisons -------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_single_documents(analyzer, seed):
    for text in _documents(seed):
        assert_same(analyzer, text)


@pytest.mark.parametrize("seed", SEEDS[:2])
def test_long_concatenation_in_many_chunks(analyzer, monkeypatch, seed):
    monkeypatch.setattr(scan_module, "CHUNK_CHARS", 3000)
    monkeypatch.setattr(scan_module, "CHUNK_OVERLAP", 200)
    assert_same(analyzer, "\n\n".join(_documents(seed)))


def test_long_concatenation_in_real_chunks(analyzer):
    text = "\n\n".join(_documents(SEEDS[0]) * 2)
    assert len(text) > 2 * scan_module.CHUNK_CHARS
    assert_same(analyzer, text)


@pytest.mark.parametrize("delimiter", DELIMITERS)
def test_tables_of_corpus_columns(analyzer, delimiter):
    text = _tables(SEEDS[0], delimiter)
    assert len(find_tables(text)) >= 4
    assert_same(analyzer, text)


def test_scan_text_findings(analyzer):
    key = b"identical-findings-test-key-0123"
    text = "\n\n".join(_documents(SEEDS[1])[:30]) + "\n" + _tables(SEEDS[1], ";", rows=8)
    tallies: dict[str, list[tuple[str, float]]] = {}
    for span in reference_analyze_text(analyzer, text):
        tallies.setdefault(span.entity_type, []).append((text[span.start : span.end], span.score))
    found = {f.entity_type: f for f in scan_text(analyzer, text, hmac_key=key)}
    assert found  # the corpus has personal data
    for entity_type, finding in found.items():
        assert finding.hits == len(tallies[entity_type])
        assert finding.confidence == round(max(s for _, s in tallies[entity_type]), 3)
