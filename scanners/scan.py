"""Column and document classification: Presidio results turned into `EntityFinding`s.

Values only pass through memory here. A finding holds counts, a confidence and at most
`MAX_EVIDENCE` masked examples (`scanners.masking`); no value reaches a log record or an
exception message: a failing analysis raises `ScanError` naming only the exception type.

## Thresholds (one rule for columns, one for documents)

A *match* counts when its score, after Presidio's context enhancement, is at least
`MIN_RESULT_SCORE` (0.4). Recognizers are tuned around that line: weak lexicon terms (0.3),
bare dates (0.3) and 8-digit BSN candidates (0.3) only count with a context word nearby or in
the column name (+0.35).

Column (`scan_values`): `hits` = sampled values with at least one match of the entity,
`fraction` = hits / sampled, `strength` = the mean, over hit values, of the best score in each.
The entity is reported when any of these holds:

1. *structured column*: fraction >= `COLUMN_MIN_FRACTION` (0.2) and (hits >= 2 or sampled <= 2);
2. *free text with confident matches*: hits >= `FREE_TEXT_MIN_HITS` (2) and
   strength >= `FREE_TEXT_MIN_STRENGTH` (0.6), e.g. a notes column in which a few rows name a
   diagnosis (strong health terms score 0.6);
3. *one validated identifier*: strength >= `SINGLE_HIT_MIN_STRENGTH` (0.85), e.g. an IBAN that
   passes mod-97, a BSN with "bsn" next to it.

So a single 0.4..0.84 match in 1000 rows of an unrelated column is not reported, and neither
are the ~9% of random 9-digit numbers that pass the 11-proef (score 0.5, fraction < 0.2).
`confidence = strength * (0.5 + 0.5 * min(1, fraction / 0.5))`: a column that is mostly this
entity gets its full strength, a free-text column with a few mentions about half of it
(pdscan's CheckMatches likewise rates a column by its matched fraction).

Document (`scan_text`): `hits` = occurrences (overlapping matches of one entity count once),
`sampled` = 1. Reported when the best score >= `DOCUMENT_MIN_STRENGTH` (0.6) or there are
at least 2 occurrences; `confidence` = the best score.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from scanners.findings import EntityFinding
from scanners.masking import mask

logger = logging.getLogger(__name__)

MIN_RESULT_SCORE = 0.4
COLUMN_MIN_FRACTION = 0.2
FREE_TEXT_MIN_HITS = 2
FREE_TEXT_MIN_STRENGTH = 0.6
SINGLE_HIT_MIN_STRENGTH = 0.85
DOCUMENT_MIN_STRENGTH = 0.6
MAX_EVIDENCE = 3
CHUNK_CHARS = 20_000
CHUNK_OVERLAP = 500
NLP_BATCH_SIZE = 64

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
    score_sum: float = 0.0
    best: float = 0.0
    evidence: list[str] = field(default_factory=list)

    def add(self, entity_type: str, matched: str, score: float, count: int = 1) -> None:
        self.hits += count
        self.score_sum += score * count
        self.best = max(self.best, score)
        masked = mask(entity_type, matched)
        if len(self.evidence) < MAX_EVIDENCE and masked not in self.evidence:
            self.evidence.append(masked)


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


def _spans(results: Iterable[Any], offset: int = 0) -> Iterator[Span]:
    for r in results:
        if r.score >= MIN_RESULT_SCORE:
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
    analyzer: Any, text: str, *, language: str = "nl", context: Sequence[str] = ()
) -> list[Span]:
    """Merged spans (score >= `MIN_RESULT_SCORE`) of every entity in `text`, chunked if long."""
    _check_language(analyzer, language)
    spans: list[Span] = []
    try:
        for window_start, window_end, own_start, own_end in _chunks(text):
            results = analyzer.analyze(
                text=text[window_start:window_end], language=language, context=list(context)
            )
            spans.extend(s for s in _spans(results, window_start) if own_start <= s.start < own_end)
    except Exception as exc:  # never let a value ride along in an exception message
        raise _fail(exc) from None
    return _merge(spans)


def _analyze_values(
    analyzer: Any, values: Sequence[str], language: str, context: list[str]
) -> Iterator[tuple[str, list[Span]]]:
    short = [v for v in values if len(v) <= CHUNK_CHARS]
    try:
        artifacts = analyzer.nlp_engine.process_batch(short, language, batch_size=NLP_BATCH_SIZE)
        for value, nlp_artifacts in artifacts:
            results = analyzer.analyze(
                text=value, language=language, context=context, nlp_artifacts=nlp_artifacts
            )
            yield value, _merge(_spans(results))
    except Exception as exc:
        raise _fail(exc) from None
    for value in values:
        if len(value) > CHUNK_CHARS:
            yield value, analyze_text(analyzer, value, language=language, context=context)


# -- classification --------------------------------------------------------------------------


def column_is_reported(hits: int, sampled: int, strength: float) -> bool:
    """The column rule of this module's docstring."""
    if hits == 0 or sampled == 0:
        return False
    fraction = hits / sampled
    structured = fraction >= COLUMN_MIN_FRACTION and (hits >= 2 or sampled <= 2)
    free_text = hits >= FREE_TEXT_MIN_HITS and strength >= FREE_TEXT_MIN_STRENGTH
    return structured or free_text or strength >= SINGLE_HIT_MIN_STRENGTH


def column_confidence(hits: int, sampled: int, strength: float) -> float:
    """`strength * (0.5 + 0.5 * min(1, fraction / 0.5))`, rounded to 3 decimals."""
    fraction = hits / sampled if sampled else 0.0
    return round(strength * (0.5 + 0.5 * min(1.0, fraction / 0.5)), 3)


def scan_values(
    analyzer: Any, values: Sequence[str], *, context: Sequence[str], language: str = "nl"
) -> list[EntityFinding]:
    """Classify a column from its sampled values, with the column name(s) as context.

    Args:
        analyzer: from `scanners.build_analyzer()`, built once per process.
        values: the sampled values (`sampled = len(values)`); duplicates are analyzed once and
            counted as often as they occur; blank values count as sampled, never as hits.
        context: column name and the like (`["klant_bsn"]`); split into words, see
            `context_words`.
        language: must be one of the analyzer's languages.

    Returns:
        One `EntityFinding` per entity the column rule reports, sorted by entity type.
    """
    _check_language(analyzer, language)
    sampled = len(values)
    counts = Counter(v for v in values if v and not v.isspace())
    words = context_words(context)
    tallies: dict[str, _Tally] = {}
    for value, spans in _analyze_values(analyzer, list(counts), language, words):
        best: dict[str, Span] = {}
        for span in spans:
            if span.entity_type not in best or span.score > best[span.entity_type].score:
                best[span.entity_type] = span
        for entity_type, span in best.items():
            tally = tallies.setdefault(entity_type, _Tally())
            tally.add(entity_type, value[span.start : span.end], span.score, counts[value])

    findings: list[EntityFinding] = []
    for entity_type, tally in sorted(tallies.items()):
        strength = tally.score_sum / tally.hits
        if column_is_reported(tally.hits, sampled, strength):
            findings.append(
                EntityFinding(
                    entity_type=entity_type,
                    hits=tally.hits,
                    sampled=sampled,
                    confidence=column_confidence(tally.hits, sampled, strength),
                    evidence=tuple(tally.evidence),
                )
            )
    return findings


def scan_text(analyzer: Any, text: str, *, language: str = "nl") -> list[EntityFinding]:
    """Classify a document: occurrences per entity (`hits`), `sampled` = 1.

    Long texts are analyzed in chunks of about `CHUNK_CHARS` with `CHUNK_OVERLAP` characters
    of overlap; a match across a chunk border is found once (see `_chunks`).
    """
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
        )
        for entity_type, tally in sorted(tallies.items())
        if tally.best >= DOCUMENT_MIN_STRENGTH or tally.hits >= 2
    ]
