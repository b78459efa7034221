"""Column and document classification: Presidio results turned into `EntityFinding`s.

Values only pass through memory here. A finding holds counts, a confidence and at most
`MAX_EVIDENCE` masked examples (`scanners.masking`); no value reaches a log record or an
exception message: a failing analysis raises `ScanError` naming only the exception type.

## Thresholds

A *match* counts when its score, after Presidio's context enhancement, is at least
`MIN_RESULT_SCORE` (0.4). Recognizers are tuned around that line: weak lexicon terms (0.3),
bare dates (0.3) and 8-digit BSN candidates (0.3) only count with a context word nearby or in
the column name (+0.35).

Column (`scan_values`): the column name (`context[0]`) is classified first
(`scanners.columns.classify_name`, rules in `scanners/data/columns.yaml`); the name and the
values then decide together, by the rules in `scanners.columns`: a strong name (`bsn`,
`geb_dat`, `tsnvgsl`) lowers the bar for its own entity (matches from 0.25, values of the
right shape, 30% of the non-blank values), a decoy name (`ordernr`, `boekdatum`, `woonplaats`)
or a strong name of another entity raises it for everything else (80% validated identifiers),
and a neutral name needs strong value evidence (half the values, or confident free-text
matches, or one validated identifier). `hits` = sampled values with a match of the entity,
`confidence = strength * (0.5 + 0.5 * min(1, fraction / 0.5))` over the non-blank values.

Delimited tables inside a text (a CSV export, a pasted spreadsheet) are read cell by cell as
"<header>: <value>" (`scanners.tables`), so a value gets its own column header as context
("Geboortedatum", "BSN") and not its neighbours' ("Ordernr" next to "BSN"). The prose
pass does not read the tables again: they are blanked in it, header line included, so that
a table's words are not the context of the prose around it either.

Document (`scan_text`): `hits` = occurrences (overlapping matches of one entity count once),
`sampled` = 1. Reported when the best score >= `DOCUMENT_MIN_STRENGTH` (0.6) or there are
at least 2 occurrences; `confidence` = the best score.

Evidence: at most `MAX_EVIDENCE` masked examples, and with an `hmac_key` the keyed hash
(`scanners.fingerprint`) of every distinct matched value; lexicon entities (SPECIAL_*,
CRIMINAL_DATA, FINANCIAL_SITUATION) match a word of our own list, not a value of a person, so
they get no fingerprints.
"""

from __future__ import annotations

import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from scanners.cell import CellAnalysis
from scanners.columns import (
    NAME_MATCH_SCORE,
    NEUTRAL,
    PRIOR_MIN_RESULT_SCORE,
    NameClass,
    classify_name,
    column_confidence,
    column_is_reported,
)
from scanners.findings import EntityFinding
from scanners.fingerprint import check_key, fingerprint
from scanners.masking import LEXICON_ENTITIES, mask
from scanners.prefilter import prefilter_for
from scanners.tables import Table, cell_batches, find_tables

logger = logging.getLogger(__name__)

MIN_RESULT_SCORE = 0.4
CANDIDATE_MIN_SCORE = 0.2  # kept for columns whose name lowers the bar (scanners.columns)
DOCUMENT_MIN_STRENGTH = 0.6
MAX_EVIDENCE = 3
CHUNK_CHARS = 20_000
CHUNK_OVERLAP = 500
NLP_BATCH_SIZE = 64

__all__ = [
    "ScanError",
    "Span",
    "analyze_text",
    "column_confidence",
    "column_is_reported",
    "context_words",
    "scan_text",
    "scan_values",
    "scan_values_per_cell",
]

# Abbreviations common in column names, expanded so the recognizers' context words match.
COLUMN_ALIASES: dict[str, str] = {
    "geb": "geboren",
    "gbd": "geboortedatum",
    "dob": "geboortedatum",
    "tel": "telefoon",
    "pc": "postcode",
    "vnaam": "voornaam",
    "anaam": "achternaam",
    "vrl": "voorletters",
    "rek": "rekening",
    "rekeningnr": "rekeningnummer",
    "sofinr": "sofinummer",
    "burgerservicenr": "burgerservicenummer",
    "gebdat": "geboortedatum",
    "gebdatum": "geboortedatum",
    "telnr": "telefoonnummer",
}


class ScanError(RuntimeError):
    """Analysis failed; the message names the exception type only, never the scanned text."""


@dataclass(frozen=True)
class Span:
    """One match of one entity in a text, merged with overlapping matches of that entity."""

    entity_type: str
    start: int
    end: int
    score: float


@dataclass
class _Tally:
    hits: int = 0
    scores: Counter[float] = field(default_factory=Counter)  # score -> hits with it
    best: float = 0.0
    evidence: list[str] = field(default_factory=list)
    matched: set[str] = field(default_factory=set)  # distinct matched values, for fingerprints

    def add(self, entity_type: str, matched: str, score: float, count: int = 1) -> None:
        self.hits += count
        self.scores[score] += count
        self.best = max(self.best, score)
        if len(self.evidence) < MAX_EVIDENCE:
            masked = mask(entity_type, matched)
            if masked not in self.evidence:
                self.evidence.append(masked)
        if entity_type not in LEXICON_ENTITIES:
            self.matched.add(matched)

    @property
    def score_sum(self) -> float:
        """Exactly rounded, so it does not depend on how the hits were grouped or ordered
        (a value counted 3 times sums as 3 separate cells would)."""
        return math.fsum(score * count for score, count in self.scores.items())

    def fingerprints(self, entity_type: str, key: bytes | None) -> tuple[str, ...]:
        if key is None:
            return ()
        return tuple(sorted({fingerprint(key, entity_type, value) for value in self.matched}))


# -- context ---------------------------------------------------------------------------------


def context_words(context: Iterable[str]) -> list[str]:
    """Words of column names (snake_case, camelCase, dotted), lower case, plus joined forms.

    `"geb_datum"` gives `["geb", "datum", "gebdatum", "geboren"]`; aliases come from
    `COLUMN_ALIASES`.
    """
    words: list[str] = []
    for name in context:
        spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
        parts = [p.lower() for p in re.split(r"[^0-9A-Za-zÀ-ÿ]+", spaced) if p]
        words.extend(parts)
        if len(parts) > 1:
            words.append("".join(parts))
        words.extend(COLUMN_ALIASES[p] for p in parts if p in COLUMN_ALIASES)
    return list(dict.fromkeys(words))


# -- analysis --------------------------------------------------------------------------------


def _check_language(analyzer: Any, language: str) -> None:
    if language not in analyzer.supported_languages:
        raise ValueError(
            f"language {language!r} is not supported by this analyzer "
            f"(supported: {analyzer.supported_languages})"
        )


def _fail(exc: Exception) -> ScanError:
    tb = exc.__traceback__
    while tb is not None and tb.tb_next is not None:
        tb = tb.tb_next
    where = f"{tb.tb_frame.f_code.co_filename}:{tb.tb_lineno}" if tb else "?"
    logger.error("analysis failed with %s at %s", type(exc).__name__, where)
    return ScanError(f"analysis failed with {type(exc).__name__} (at {where})")


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Overlapping spans of one entity become one span with the best score."""
    merged: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.entity_type, s.start, -s.end)):
        last = merged[-1] if merged else None
        if last and last.entity_type == span.entity_type and span.start < last.end:
            merged[-1] = Span(
                last.entity_type, last.start, max(last.end, span.end), max(last.score, span.score)
            )
        else:
            merged.append(span)
    return merged


def _spans(
    results: Iterable[Any], offset: int = 0, min_score: float = MIN_RESULT_SCORE
) -> Iterator[Span]:
    for r in results:
        if r.score >= min_score:
            yield Span(r.entity_type, r.start + offset, r.end + offset, float(r.score))


def _chunks(text: str) -> Iterator[tuple[int, int, int, int]]:
    """(window_start, window_end, own_start, own_end) for chunked analysis of a long text.

    The text is cut into parts of about `CHUNK_CHARS`, at whitespace where possible; each part
    is analyzed with `CHUNK_OVERLAP` characters of the neighbours on both sides, and keeps the
    matches that *start* inside it. A match across a cut is therefore seen whole by the part
    it starts in, and counted once (overlapping leftovers are merged afterwards).
    """
    n = len(text)
    own_start = 0
    while own_start < n:
        own_end = min(n, own_start + CHUNK_CHARS)
        if own_end < n:
            space = text.rfind(" ", own_start + CHUNK_CHARS // 2, own_end)
            newline = text.rfind("\n", own_start + CHUNK_CHARS // 2, own_end)
            cut = max(space, newline)
            if cut > own_start:
                own_end = cut
        yield max(0, own_start - CHUNK_OVERLAP), min(n, own_end + CHUNK_OVERLAP), own_start, own_end
        own_start = own_end


def analyze_text(
    analyzer: Any,
    text: str,
    *,
    language: str = "nl",
    context: Sequence[str] = (),
    min_score: float = MIN_RESULT_SCORE,
) -> list[Span]:
    """Merged spans (score >= `min_score`) of every entity in `text`, chunked if long."""
    _check_language(analyzer, language)
    words = list(context)
    spans: list[Span] = []
    tables = find_tables(text)
    prefilter = prefilter_for(analyzer, language)
    prose = _without_tables(text, tables)
    try:
        for window_start, window_end, own_start, own_end in _chunks(prose):
            window = prose[window_start:window_end]
            if window.isspace():
                continue  # a part that was all table (a CSV export)
            # The RE2 pass alone (no Python confirmation): in prose nearly every condition
            # holds, but a short document skips the recognizers that cannot find anything.
            entities = prefilter.possible_entities(window)
            if entities == []:
                continue  # `analyze(entities=[])` would run every recognizer
            results = analyzer.analyze(
                text=window, language=language, context=words, entities=entities
            )
            spans.extend(
                s
                for s in _spans(results, window_start, min_score)
                if own_start <= s.start < own_end
            )
        if tables:
            for table in tables:
                spans.extend(_table_spans(analyzer, text, table, language, words, min_score))
    except Exception as exc:  # never let a value ride along in an exception message
        raise _fail(exc) from None
    return _merge(spans)


def _analyze_prefiltered(analyzer: Any, text: str, language: str, context: list[str]) -> list[Any]:
    """Presidio's results for `text`, from only the recognizers that the prefilter says could
    find anything in it (`scanners.prefilter`): the same results as from all of them.

    A table column's batch is new text, like a document: the per-condition screens read it
    for less than the one RE2 set does, which builds its automaton's states as it reads
    (about 3% of a megabyte of new documents). A non-ASCII batch, which they do not read,
    goes to the set's exact answer."""
    prefilter = prefilter_for(analyzer, language)
    entities = prefilter.possible_entities(text)
    if entities is None:
        entities = prefilter.entities(text)
    if not entities:
        return []  # `analyze(entities=[])` would run every recognizer
    results: list[Any] = analyzer.analyze(
        text=text, language=language, entities=entities, context=context
    )
    return results


_BLANK = re.compile(r"[^\n]")


def _without_tables(text: str, tables: list[Table]) -> str:
    """`text` with its tables blanked, header line and body (newlines kept, so every offset
    stays). The cells are read column by column (`_table_spans`), each with its own header
    as context; read again as prose they cost a second analysis, and their words would be
    the context of the prose around the table (Presidio's window skips any number of
    non-words, so the header's "Geboortedatum" would raise a date in the next paragraph)."""
    if not tables:
        return text
    parts: list[str] = []
    position = 0
    for table in tables:
        parts.append(text[position : table.header_start])
        parts.append(_BLANK.sub(" ", text[table.header_start : table.body_end]))
        position = table.body_end
    parts.append(text[position:])
    return "".join(parts)


def _table_spans(
    analyzer: Any,
    text: str,
    table: Table,
    language: str,
    context: list[str],
    min_score: float,
) -> Iterator[Span]:
    """Spans in the body cells of a table, each cell analyzed as "<header>: <value>"
    (`scanners.tables`), mapped back to the text and clipped to their cell."""
    for column in range(len(table.headers)):
        for batch, placed in cell_batches(text, table, column, CHUNK_CHARS):
            results = _analyze_prefiltered(analyzer, batch, language, context)
            for span in _spans(results, min_score=min_score):
                for offset, cell in placed:
                    length = cell.end - cell.start
                    start, end = max(span.start, offset), min(span.end, offset + length)
                    if start < end and span.start >= offset:
                        shift = cell.start - offset
                        yield Span(span.entity_type, start + shift, end + shift, span.score)


def _analyze_values(
    analyzer: Any, values: Sequence[str], language: str, context: list[str]
) -> Iterator[tuple[str, list[Span]]]:
    """(value, spans) per value, in order; Presidio sees only the values, and runs only the
    recognizers, that the prefilter (`scanners.prefilter`) says could find anything, and
    spaCy tokenises only the values whose words can change a score (`tokens_matter`)."""
    prefilter = prefilter_for(analyzer, language)
    try:
        plan = []
        for value in values:
            if len(value) <= CHUNK_CHARS:
                entities = prefilter.entities(value)
                tokens = bool(entities) and prefilter.tokens_matter(value, entities)
                plan.append((value, entities, tokens))
        tokenised = [value for value, _, tokens in plan if tokens]
        artifacts = iter(
            analyzer.nlp_engine.process_batch(tokenised, language, batch_size=NLP_BATCH_SIZE)
        )
        # an empty text's artifacts: no tokens, so the column name alone decides a score
        no_tokens = analyzer.nlp_engine.process_text("", language)
        cells = CellAnalysis(analyzer, language)
        for value, entities, tokens in plan:
            if not entities:
                yield value, []
                continue
            nlp_artifacts = next(artifacts)[1] if tokens else no_tokens
            results = cells.analyze(value, entities, context, nlp_artifacts)
            yield value, _merge(_spans(results, min_score=CANDIDATE_MIN_SCORE))
    except Exception as exc:
        raise _fail(exc) from None
    for value in values:
        if len(value) > CHUNK_CHARS:
            yield (
                value,
                analyze_text(
                    analyzer,
                    value,
                    language=language,
                    context=context,
                    min_score=CANDIDATE_MIN_SCORE,
                ),
            )


# -- classification --------------------------------------------------------------------------


def _tally_value(
    tallies: dict[str, _Tally], value: str, spans: list[Span], count: int, name: NameClass
) -> None:
    """Add one distinct value's best match per entity, by the thresholds the name sets."""
    best: dict[str, Span] = {}
    for span in spans:
        if span.entity_type not in best or span.score > best[span.entity_type].score:
            best[span.entity_type] = span
    for entity_type, span in best.items():
        if span.score >= name.min_result_score(entity_type, MIN_RESULT_SCORE):
            tally = tallies.setdefault(entity_type, _Tally())
            tally.add(entity_type, value[span.start : span.end], span.score, count)
    counted = name.entity in best and best[name.entity].score >= PRIOR_MIN_RESULT_SCORE
    if name.is_strong and name.values is not None and not counted and name.entity is not None:
        stripped = value.strip()
        if name.values.fullmatch(stripped):
            tallies.setdefault(name.entity, _Tally()).add(
                name.entity, stripped, NAME_MATCH_SCORE, count
            )


def scan_values(
    analyzer: Any,
    values: Sequence[str],
    *,
    context: Sequence[str],
    language: str = "nl",
    hmac_key: bytes | None = None,
) -> list[EntityFinding]:
    """Classify a column from its name and its sampled values.

    Args:
        analyzer: from `scanners.build_analyzer()`, built once per process.
        values: the sampled values (`sampled = len(values)`); duplicates are analyzed once and
            counted as often as they occur; blank values count as sampled, never as hits.
        context: `[column name, table name, ...]`; `context[0]` is classified by
            `scanners.columns.classify_name`, and all of it is split into context words for
            the recognizers (see `context_words`).
        language: must be one of the analyzer's languages.
        hmac_key: the fingerprint key; without it the findings carry no fingerprints.

    Returns:
        One `EntityFinding` per entity the column rules report, sorted by entity type.
    """
    return _scan_column(analyzer, values, context, language, hmac_key, per_cell=False)


def scan_values_per_cell(
    analyzer: Any,
    values: Sequence[str],
    *,
    context: Sequence[str],
    language: str = "nl",
    hmac_key: bytes | None = None,
) -> list[EntityFinding]:
    """`scan_values` the naive way: one full Presidio `analyze` per non-blank cell, no
    de-duplication, no prefilter. The reference that `scan_values` must equal
    (benchmarks/performance.py, tests/test_scanners_prefilter.py); far slower, never used
    in a scan."""
    return _scan_column(analyzer, values, context, language, hmac_key, per_cell=True)


def _analyze_each(
    analyzer: Any, values: Sequence[str], language: str, context: list[str]
) -> Iterator[tuple[str, list[Span]]]:
    try:
        for value in values:
            if len(value) > CHUNK_CHARS:
                spans = analyze_text(
                    analyzer, value, language=language, context=context,
                    min_score=CANDIDATE_MIN_SCORE,
                )  # fmt: skip
            else:
                results = analyzer.analyze(text=value, language=language, context=context)
                spans = _merge(_spans(results, min_score=CANDIDATE_MIN_SCORE))
            yield value, spans
    except ScanError:
        raise
    except Exception as exc:
        raise _fail(exc) from None


def _scan_column(
    analyzer: Any,
    values: Sequence[str],
    context: Sequence[str],
    language: str,
    hmac_key: bytes | None,
    *,
    per_cell: bool,
) -> list[EntityFinding]:
    _check_language(analyzer, language)
    key = check_key(hmac_key) if hmac_key is not None else None
    sampled = len(values)
    counts = Counter(v for v in values if v and not v.isspace())
    non_blank = sum(counts.values())
    name = classify_name(context[0]) if context else NEUTRAL
    words = context_words(context)
    tallies: dict[str, _Tally] = {}
    if per_cell:
        cells = [v for v in values if v and not v.isspace()]
        for value, spans in _analyze_each(analyzer, cells, language, words):
            _tally_value(tallies, value, spans, 1, name)
    else:
        for value, spans in _analyze_values(analyzer, list(counts), language, words):
            _tally_value(tallies, value, spans, counts[value], name)

    findings: list[EntityFinding] = []
    for entity_type, tally in sorted(tallies.items()):
        strength = tally.score_sum / tally.hits
        if column_is_reported(entity_type, tally.hits, non_blank, strength, name):
            findings.append(
                EntityFinding(
                    entity_type=entity_type,
                    hits=tally.hits,
                    sampled=sampled,
                    confidence=column_confidence(tally.hits, non_blank, strength),
                    evidence=tuple(tally.evidence),
                    fingerprints=tally.fingerprints(entity_type, key),
                )
            )
    return findings


def scan_text(
    analyzer: Any, text: str, *, language: str = "nl", hmac_key: bytes | None = None
) -> list[EntityFinding]:
    """Classify a document: occurrences per entity (`hits`), `sampled` = 1.

    Long texts are analyzed in chunks of about `CHUNK_CHARS` with `CHUNK_OVERLAP` characters
    of overlap; a match across a chunk border is found once (see `_chunks`). With `hmac_key`,
    each finding carries the fingerprints of its distinct matched values.
    """
    key = check_key(hmac_key) if hmac_key is not None else None
    tallies: dict[str, _Tally] = {}
    for span in analyze_text(analyzer, text, language=language):
        tallies.setdefault(span.entity_type, _Tally()).add(
            span.entity_type, text[span.start : span.end], span.score
        )
    return [
        EntityFinding(
            entity_type=entity_type,
            hits=tally.hits,
            sampled=1,
            confidence=round(tally.best, 3),
            evidence=tuple(tally.evidence),
            fingerprints=tally.fingerprints(entity_type, key),
        )
        for entity_type, tally in sorted(tallies.items())
        if tally.best >= DOCUMENT_MIN_STRENGTH or tally.hits >= 2
    ]
