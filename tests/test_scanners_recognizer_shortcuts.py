"""Recognizer shortcuts change no result: each is compared with the plain way it replaces.

- `NlAddressRecognizer.analyze` tries its patterns only at `street_starts`; Presidio's
  `PatternRecognizer.analyze` tries them everywhere. Its `candidate_patterns` (a house number
  with a street before it) must hold exactly where a pattern matches.
- `NlEmailRecognizer`'s pattern is Presidio's with a look-ahead for the "@", and the licence
  plate patterns have a look-ahead for the plate's length.
- The lexicons find term matches with a prefix-tree guide (`_guided_finditer`) instead of
  `finditer`, and share one `_Text` per text.
- The person recognizer's rules use prefix trees for titles, roles and tussenvoegsels, and
  it tests repeated names against a `_Coverage` instead of every span.

Behaviour only, nothing timed (the speed is measured by benchmarks/performance.py).
"""

from __future__ import annotations

import random
import re

import pytest
import regex  # type: ignore[import-untyped]
from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import EmailRecognizer

from benchmarks.corpus import generate
from scanners.recognizers.lexicon import (
    LexiconRecognizer,
    _guided_finditer,
    _positions_of,
    _Text,
    load_lexicon,
    shipped_lexicons,
)
from scanners.recognizers.nl import (
    NlAddressRecognizer,
    NlEmailRecognizer,
    NlLicensePlateRecognizer,
    NlPersonRecognizer,
)
from scanners.recognizers.nl.nl_address_recognizer import street_starts
from scanners.recognizers.nl.nl_person_recognizer import (
    _Coverage,
    _Guide,
    _matches_of,
    _overlapping,
    _uncapitalise,
)
from tests.plain_recognizers import (
    LinearCoverage,
    plain_person_pattern,
    plain_plate_patterns,
    plain_recognizers,
)

# Street-like pieces, connectors, house numbers and additions, the characters at the edges of
# the street's character class (÷ in à-ÿ, a combining accent, Arabic-Indic digits, no-break
# and em spaces), and punctuation a street cannot hold.
ADDRESS_PIECES = [
    "Kerkstraat", "Laan", "van", "de", "der", "'t", "'s-Gravenhage", "'s-Gravendijkwal",
    "Oude", "Gracht", "Markt", "Dam", "Brink", "Straat", "Hof", "hof", "Park", "Weg", "weg",
    "Rijksstraatweg", "Kerk-straat", "Monchyplein", "Burgemeester", "Laan van", "van der",
    "Grote", "Dr.", "Prof.", "St.", "Jan", "Pieter", "O'Brien", "Caf\u00e9straat",
    "Cafe\u0301straat", "Ren\u00e9", "\u00f7", "\u0661\u0662e", "12", "1", "5a", "3e", "1e",
    "2e", "12-14", "99999", "100000", "0", "12,5", "3.4", "hs", "bis", "-2", "II", "B02", "A",
    "x", "a", "te", "Utrecht", "1234 AB", "in", "en", "(", ")", ",", "-", "/", "’", "\n", "\t",
    " ", "\u00a0", "\u2003",
]  # fmt: skip
GLUE = [" ", " ", "", "\n", ", ", "  "]


def _documents(seed: int) -> list[str]:
    return [d.text for d in generate(seed=seed, n_documents=80, rows=1).documents]


def _pieces_text(rng: random.Random, pieces: list[str], words: int) -> str:
    return "".join(rng.choice(pieces) + rng.choice(GLUE) for _ in range(rng.randint(1, words)))


def _address_texts() -> list[str]:
    rng = random.Random(20_240_601)
    texts = _documents(2024) + _documents(7)
    texts.append("\n\n".join(texts))
    texts += [_pieces_text(rng, ADDRESS_PIECES, 30) for _ in range(4000)]
    return texts


def _key(results):
    return sorted(
        (r.entity_type, r.start, r.end, r.score, r.analysis_explanation.pattern_name)
        for r in results
    )


# -- addresses -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def address():
    return NlAddressRecognizer()


def test_address_matches_equal_presidios(address):
    for text in _address_texts():
        plain = PatternRecognizer.analyze(address, text, ["ADDRESS"])
        assert _key(address.analyze(text, ["ADDRESS"])) == _key(plain), repr(text)


def test_address_condition_holds_exactly_where_a_pattern_matches(address):
    (condition,) = address.candidate_patterns()
    patterns = [regex.compile(p.regex, address.global_regex_flags) for p in address.patterns]
    for text in _address_texts():
        matched = any(p.search(text) for p in patterns)
        assert (condition.search(text) is not None) == matched, repr(text)


def test_street_starts_are_sorted_and_distinct():
    text = "Kerkstraat 12, Laan van Meerdervoort 5 en Oude Gracht 3e Dam 4"
    starts = street_starts(text)
    assert starts == sorted(set(starts))
    assert {text.index("Kerkstraat"), text.index("Laan"), text.index("Oude")} <= set(starts)


def test_other_patterns_are_matched_by_presidio():
    custom = NlAddressRecognizer(patterns=[Pattern("postbus", r"Postbus \d+", 0.6)])
    text = "Postbus 123, 1000 AA Amsterdam"
    assert _key(custom.analyze(text, ["ADDRESS"])) == _key(
        PatternRecognizer.analyze(custom, text, ["ADDRESS"])
    )
    assert [c.pattern for c in custom.candidate_patterns()] == [r"Postbus \d+"]


# -- e-mail addresses ------------------------------------------------------------------------

MAIL_PIECES = [
    "jan", "j.de.vries", "a_b", "x+y", "o'neil", "@", "@@", ".", "..", "-", "--", "gemeente",
    "example", "nl", "com", "xn--80ak6aa92e", "é", "ß", "١٢", "!", "#", "{", "}", "~", "`",
    "=", "?", "^", "|", "/", "(", ")", "<", ">", ",", ";", ":", " ", "\n", "\t",
]  # fmt: skip


def test_email_pattern_matches_where_presidios_does():
    recognizer = NlEmailRecognizer()
    (fast,) = (regex.compile(p.regex, recognizer.global_regex_flags) for p in recognizer.patterns)
    (plain,) = (
        regex.compile(p.regex, recognizer.global_regex_flags) for p in EmailRecognizer.PATTERNS
    )
    rng = random.Random(3)
    texts = _documents(2024) + [
        "".join(rng.choice(MAIL_PIECES) for _ in range(rng.randint(1, 40))) for _ in range(20_000)
    ]
    for text in texts:
        spans = [m.span() for m in fast.finditer(text)]
        assert spans == [m.span() for m in plain.finditer(text)], repr(text)


# -- licence plates --------------------------------------------------------------------------

PLATE_PIECES = [
    "AB",
    "XKD",
    "GVD",
    "12",
    "1",
    "123",
    "Z",
    "z",
    "-",
    "--",
    "/",
    " ",
    "\n",
    "١٢",
    "é",
]


def test_plate_patterns_match_where_the_plain_ones_do():
    flags = NlLicensePlateRecognizer().global_regex_flags
    rng = random.Random(5)
    texts = _documents(2024) + [
        "".join(rng.choice(PLATE_PIECES) for _ in range(rng.randint(1, 20))) for _ in range(20_000)
    ]
    pairs = zip(NlLicensePlateRecognizer.PATTERNS, plain_plate_patterns(), strict=True)
    for fast, plain in pairs:
        assert (fast.name, fast.score) == (plain.name, plain.score)
        fast_regex, plain_regex = (
            regex.compile(fast.regex, flags),
            regex.compile(plain.regex, flags),
        )
        for text in texts:
            spans = [m.span() for m in fast_regex.finditer(text)]
            assert spans == [m.span() for m in plain_regex.finditer(text)], repr(text)


# -- lexicons --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lexicons():
    return [LexiconRecognizer(lexicon=load_lexicon(path)) for path in shipped_lexicons()]


def _lexicon_texts(lexicon: LexiconRecognizer, rng: random.Random) -> list[str]:
    """Terms of the lexicon in every case, glued to each other, to word characters and to
    punctuation: where a shorter and a longer term, or a compound tail, compete."""
    terms = [
        t.rstrip("*") for t in lexicon.lexicon.strong_forms() + tuple(lexicon.lexicon.weak_terms)
    ]
    pieces = [
        *terms,
        *(t.upper() for t in terms[:50]),
        "s",
        "en",
        "-",
        "'",
        "é",
        "1",
        " ",
        ".",
        "\n",
    ]
    return [_pieces_text(rng, pieces, 12) for _ in range(300)]


def test_guided_term_search_equals_finditer(lexicons):
    rng = random.Random(7)
    corpus = _documents(2024)
    for lexicon in lexicons:
        for text in corpus + _lexicon_texts(lexicon, rng):
            for (_, pattern), guide in zip(lexicon._patterns, lexicon._guides, strict=True):
                guided = [m.span() for m in _guided_finditer(pattern, guide, text)]
                assert guided == [m.span() for m in pattern.finditer(text)], repr(text)


def test_word_positions_are_shared_per_text_object():
    text = "Zij heeft diabetes. Hij niet."
    same = _positions_of(text)
    assert _positions_of(text) is same
    other = "".join(["Zij heeft diabetes.", " Hij niet."])  # equal, but another object
    assert other == text and other is not text
    fresh = _positions_of(other)
    assert fresh is not same and fresh.words == _Text(text).words


# -- person names ----------------------------------------------------------------------------

NAME_PIECES = [
    "Jan", "JANSEN", "de", "De", "van", "Van", "van der", "van  der", "v.d.", "vd", "'t", "in 't",
    "Vries", "Bakker", "J.", "J.P.", "dhr.", "Dhr", "mevrouw", "Mevr.", "mw", "de heer",
    "De  Heer", "Beste", "naam:", "Naam", "cliënt", "huisbezoek bij", "Gesprek met", "zoon",
    "Met vriendelijke groet,", "groeten", "mvg", "12-03-2024 -", "3 maart 2024 door", ",", ".",
    "-", ":", " ", "  ", "\t", "\n", "\n\n", "Smit-Jansen", "Öztürk", "el", "Al",
]  # fmt: skip


def test_person_rules_match_where_their_plain_forms_do():
    rng = random.Random(13)
    texts = _documents(2024) + [_pieces_text(rng, NAME_PIECES, 14) for _ in range(3000)]
    texts += [_uncapitalise(text) for text in texts[:80]]
    for _name, pattern, _scorer in NlPersonRecognizer()._rules:
        plain = re.compile(plain_person_pattern(pattern.pattern))
        assert plain.pattern != pattern.pattern  # every rule has a tree to compare
        for text in texts:
            fast = [(m.span(), m.groupdict()) for m in _overlapping(pattern, text)]
            assert fast == [(m.span(), m.groupdict()) for m in _overlapping(plain, text)]


CAPITALS_PIECES = [*NAME_PIECES, "JAN", "DE VRIES", "J. DE VRIES", "VAN DER BERG", "BSN", "WMO"]


def test_person_results_equal_the_plain_way():
    """The capitals variant tried on its changed lines only (and the trees, the coverage)
    give the plain way's results, result by result."""
    person = NlPersonRecognizer()
    rng = random.Random(17)
    texts = _documents(7) + [_pieces_text(rng, CAPITALS_PIECES, 30) for _ in range(3000)]
    texts.append("\n".join(texts[:80]))
    for text in texts:
        fast = _key(person.analyze(text, ["PERSON"]))
        with plain_recognizers([person]):
            assert _key(person.analyze(text, ["PERSON"])) == fast, repr(text)


SIGNATURE_PIECES = [
    *NAME_PIECES, "Met vriendelijke groet", "met  \n vriendelijke\tgroeten", "MVG", "mvgroet",
    "Hoogachtend", "m.vr.gr.", "Collegiale groet", "hartelijke\n\ngroet", "x", "3",
    "\u212a", "Vriendelijke", "groetjes", "\r\n",
]  # fmt: skip


def test_signature_rule_tried_at_its_starts_finds_what_it_finds_everywhere():
    rng = random.Random(19)
    texts = _documents(2025) + [_pieces_text(rng, SIGNATURE_PIECES, 20) for _ in range(4000)]
    texts += [_uncapitalise(text) for text in texts[:80]]
    person = NlPersonRecognizer()
    signature = next(p for name, p, _ in person._rules if name == "ondertekening")
    found = 0
    for text in texts:
        everywhere = [(m.span(), m.groupdict()) for m in _overlapping(signature, text)]
        guide = _Guide(person, text)
        guided = [(m.span(), m.groupdict()) for m in _matches_of("ondertekening", signature, guide)]
        assert guided == everywhere, repr(text)
        found += len(everywhere)
    assert found > 300  # the texts do hold signatures


def test_coverage_equals_testing_every_span():
    rng = random.Random(11)
    for _ in range(2000):
        spans = [
            (start, start + rng.randint(-2, 12))
            for start in (rng.randint(0, 60) for _ in range(rng.randint(0, 8)))
        ]
        coverage = _Coverage(spans)
        linear = LinearCoverage(spans)
        for position in range(-2, 80):
            assert coverage.covers(position) == linear.covers(position)
