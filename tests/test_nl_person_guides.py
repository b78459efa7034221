"""The person recognizer's shortcuts change no result: each is compared with the plain way.

- `_Guide` gives the positions where a rule can match with a score above zero; tried only
  there, a rule finds every match that scores (and the same match at each position).
- `_TITLE_STARTS` and `_ROLE_STARTS` skip to the first letters of titles and roles.
- `_mentions` finds repeated names without compiling a pattern per text.
- `_CAPS_WORD` has its look-behind after the first capital; adjoining changed lines are one
  stretch of the capitals variant.
- `_CLOSING_WORDS` opens with a class of first letters; the signature rule is tried at the
  lengths of what can stand before a closing word, the journal-line rule before a year.
- On the capitals variant, the signature and journal-line rules keep only the matches that
  read a changed character (`_unlike_the_text`): the others are the text's own.
- `_Found` keeps each candidate once and makes results only for those that
  `remove_duplicates` keeps in any company (`_undominated`); `_NAME_STARTS` are
  `_name_start` per rule.

Behaviour only, nothing timed (benchmarks/performance.py measures the speed).
"""

from __future__ import annotations

import random
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import EntityRecognizer, RecognizerResult

import scanners.recognizers.nl.nl_person_recognizer as person_module
from benchmarks.corpus import generate
from scanners.recognizers.nl import NlPersonRecognizer
from scanners.recognizers.nl.nl_person_recognizer import (
    _CAPS_WORD,
    _CLOSING_WORDS,
    _NAME_STARTS,
    _PLAIN_CAPS_WORD,
    _PLAIN_CLOSING_WORDS,
    _ROLES,
    _RULE_STARTS,
    _TITLES,
    _UNLIKE_TEXT_RULES,
    _adjoining_joined,
    _case_variants,
    _changed_lines,
    _Guide,
    _matches_of,
    _mentions,
    _mentions_by_pattern,
    _overlapping,
    _tv_starts_before,
    _uncapitalise,
    _undominated,
    _unlike_the_text,
)
from tests.plain_recognizers import PlainFound, plain_recognizers

PIECES = [
    "Jan", "JAN", "Jansen", "JANSEN", "Maar", "de", "De", "DE", "van", "Van", "VAN", "van der",
    "van  der", "v.d.", "V.d.", "vd", "'t", "in 't", "op 't", "Vries", "Bakker", "Kok", "Roos",
    "J.", "J.P.", "Th.", "dhr.", "Dhr", "DHR.", "mevrouw", "Mevr.", "mw", "de heer", "De  Heer",
    "Beste", "Geachte", "naam:", "Naam", "NAAM:", "cliënt", "CLIËNT", "huisbezoek bij",
    "Gesprek met", "zoon", "kind", "\u212aind", "\u0130r.", "dr\u017f.", "Smit-Jansen",
    "Jan-Willem", "Höning", "HÖNING", "Çelik", "ÇELIK", "Öztürk", "Anna", "Fatima", "Mohammed",
    "Gemeente", "BSN", "WMO", "Met vriendelijke groet,", "12-03-2024 -", ",", ".", "-", ":",
    "MET VRIENDELIJKE GROET,", "met  \n vriendelijke\tgroeten", "zeervriendelijke groet",
    "Hartelijke groet", "MVG", "mvgroet", "Hoogachtend", "m.vr.gr.", "3 maart 2024 door",
    "3 MAART 2024 DOOR", "12 DE 2024 -", "1/2/1999 |", "01.02.2024 –", "12\nmaart\n2024 -",
    "2024", "door", "\r\n",
    " ", "  ", "\t", "\n", "\n\n", "x", "3", "é", "’",
]  # fmt: skip
GLUE = [" ", " ", "", "\n", ", ", "  ", "\t"]


@pytest.fixture(scope="module")
def person():
    return NlPersonRecognizer()


def _pieces_text(rng: random.Random, words: int) -> str:
    return "".join(rng.choice(PIECES) + rng.choice(GLUE) for _ in range(rng.randint(1, words)))


def _texts() -> list[str]:
    rng = random.Random(29)
    texts = [d.text for d in generate(seed=2026, n_documents=60, rows=1).documents]
    texts += [_pieces_text(rng, 24) for _ in range(2500)]
    texts += [
        "Jan Jansen", "Maar Jan Jansen kwam", "JAN JANSEN", "J. DE VRIES", "mevrouw Höning",
        "Çelik", "dhr. Çelik-Öztürk", "Naam: Smit-Jansen", "Vries, J. de", "van Dijk, Anna",
        "Beste Jan,\n\nMet vriendelijke groet,\n\nJan Jansen",
        "Met vriendelijke groet,\nJan Jansen", "Met vriendelijke groet,\nJAN JANSEN",
        "MET VRIENDELIJKE GROET,\n\nJ. DE VRIES\n", "Hoogachtend,\r\n\r\nÇELIK-ÖZTÜRK",
        "Journaal Wmo - 12-03-2024 - Layla", "Journaal WMO - 12-03-2024 - LAYLA\nx",
        "12 DE 2024 - JAN", "3 maart 2024 door JAN DE VRIES", "JAN", "x JANSEN",
    ]  # fmt: skip
    return texts + [_uncapitalise(text) for text in texts[:200]]


def _scoring(recognizer, rule_name, matches):
    scorer = next(s for name, _, s in recognizer._rules if name == rule_name)
    return [(m.span(), m.groupdict()) for m in matches if scorer(m) > 0]


def _assert_guided_rules_find_what_scores(person, text, start=0, end=None):
    guide = _Guide(person, text, start, end)
    for rule_name, pattern, _ in person._rules:
        if rule_name not in _RULE_STARTS:
            continue
        guided = list(_matches_of(rule_name, pattern, guide))
        everywhere = list(_overlapping(pattern, text, start, end))
        assert {m.span() for m in guided} <= {m.span() for m in everywhere}, (rule_name, text)
        assert _scoring(person, rule_name, guided) == _scoring(person, rule_name, everywhere), (
            rule_name,
            repr(text),
        )


def test_guided_rules_find_every_match_that_scores(person):
    for text in _texts():
        _assert_guided_rules_find_what_scores(person, text)


def test_guided_rules_on_changed_stretches_of_the_capitals_variant(person):
    for text in _texts():
        variant = _uncapitalise(text)
        for start, end in _adjoining_joined(_changed_lines(text, variant)):
            _assert_guided_rules_find_what_scores(person, variant, start, end)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES + GLUE), min_size=1, max_size=30))
def test_guided_rules_on_generated_text(person, pieces):
    text = "".join(pieces)
    _assert_guided_rules_find_what_scores(person, text)
    _assert_guided_rules_find_what_scores(person, _uncapitalise(text))


@pytest.mark.parametrize(
    "text, rule, start",
    [
        ("Maar Jan Jansen", "volledige naam", 5),
        ("Jansen", "losse naam", 0),
        ("zij zag van der Berg", "losse naam", 8),
        ("Çelik", "losse naam", 0),
        ("dhr. Höning", "aanhef + achternaam", 0),
        ("mevrouw Çelik", "aanhef + achternaam", 0),
        ("DHR. Jansen", "aanhef + achternaam", 0),
        ("\u0130r. Jansen", "aanhef + achternaam", 0),
        ("naam:Jansen", "rol + naam", 0),
        ("\u212aind Jansen", "rol + naam", 0),
        ("Vries, J. de", "achternaam, voornaam", 0),
        ("de Vries, Anna", "achternaam, voornaam", 0),
    ],
)
def test_guide_holds_the_start_of_a_scoring_match(person, text, rule, start):
    assert start in _RULE_STARTS[rule](_Guide(person, text))
    pattern = next(p for name, p, _ in person._rules if name == rule)
    assert pattern.match(text, start) is not None


def test_tussenvoegsel_starts_before_a_name():
    text = "zag van der Berg en 'tHof, x.de Wit"
    assert _tv_starts_before(text, text.index("Berg"), 0) == [text.index("der"), 4]
    assert _tv_starts_before(text, text.index("Wit"), 0) == [text.index(".de")]  # run start
    assert _tv_starts_before("Berg", 0, 0) == []
    assert _tv_starts_before("van Berg", 4, 2) == [2]  # never before the floor


def test_case_variants_are_every_character_that_matches_case_insensitively():
    letters = sorted({w[0] for w in _TITLES + _ROLES})
    assert all(letter.isascii() and letter.isalpha() for letter in letters)
    any_letter = re.compile(f"(?i:[{''.join(letters)}])")
    matching = [chr(c) for c in range(sys.maxunicode + 1) if any_letter.fullmatch(chr(c))]
    for letter in letters:
        expected = {c for c in matching if re.fullmatch(f"(?i:{letter})", c)}
        assert set(_case_variants(letter)) == expected, letter


def test_caps_word_matches_its_plain_form():
    rng = random.Random(31)
    pieces = ["JAN", "DE", "BSN", "A", "É", "Ö-", "-", ".", "x", "Jan", " ", "\n", "1", "AB-CD"]
    texts = _texts() + ["".join(rng.choice(pieces) for _ in range(12)) for _ in range(3000)]
    for text in texts:
        assert [m.span() for m in _CAPS_WORD.finditer(text)] == [
            m.span() for m in _PLAIN_CAPS_WORD.finditer(text)
        ], repr(text)


def test_mentions_equal_the_pattern(person):
    rng = random.Random(37)
    odd = ["J.", "Jan.", "O'Brien", "d'Ancona", "Jan Jansen", "Ö", "Öztürk", "Jan-"]
    for text in _texts():
        words = {w for w in re.findall(r"\S+", text) if w[0].isupper()}
        words = set(rng.sample(sorted(words), min(len(words), 8)))
        if not words:
            continue  # `_mentioned_again` asks for none
        assert _mentions(text, words) == _mentions_by_pattern(text, words), repr(text)
        words.add(rng.choice(odd))  # a word the runs cannot find takes the pattern
        assert _mentions(text, words) == _mentions_by_pattern(text, words), repr(text)


def test_adjoining_lines_are_joined():
    assert _adjoining_joined([]) == []
    assert _adjoining_joined([(0, 4), (4, 9), (12, 15), (15, 20), (30, 31)]) == [
        (0, 9),
        (12, 20),
        (30, 31),
    ]


def _key(results):
    return sorted(
        (r.entity_type, r.start, r.end, r.score, r.analysis_explanation.pattern_name)
        for r in results
    )


def test_results_equal_the_plain_way_on_tricky_texts(person):
    for text in _texts():
        fast = _key(person.analyze(text, ["PERSON"]))
        with plain_recognizers([person]):
            assert _key(person.analyze(text, ["PERSON"])) == fast, repr(text)


def test_plain_way_swaps_every_shortcut(person):
    with plain_recognizers([person]):
        assert person_module._RULE_STARTS == {}
        assert person_module._mentions is _mentions_by_pattern
        assert person_module._CAPS_WORD is _PLAIN_CAPS_WORD
        assert not person_module._UNLIKE_TEXT_RULES
        assert person_module._Found is PlainFound
        assert person_module._NAME_STARTS == {}
        assert not person_module._SCORED_BY_NAMES


def test_closing_words_match_their_plain_form():
    for text in _texts():
        assert [m.span() for m in _overlapping(_CLOSING_WORDS, text)] == [
            m.span() for m in _overlapping(_PLAIN_CLOSING_WORDS, text)
        ], repr(text)
    for code in range(sys.maxunicode + 1):  # no other character opens a closing word
        char = chr(code)
        assert bool(_CLOSING_WORDS.match(char + "roet")) == bool(
            _PLAIN_CLOSING_WORDS.match(char + "roet")
        )


def test_variant_matches_kept_only_where_they_read_a_change(person):
    """A match of the capitals variant that `_unlike_the_text` leaves out is a match of the
    text itself: the same span, the same groups."""
    for text in _texts():
        variant = _uncapitalise(text)
        for rule_name, pattern, _ in person._rules:
            if rule_name not in _UNLIKE_TEXT_RULES:
                continue
            in_variant = list(_overlapping(pattern, variant))
            kept = {m.span() for m in _unlike_the_text(in_variant, text)}
            in_text = {
                (m.span(), tuple(m.groupdict().items())) for m in _overlapping(pattern, text)
            }
            for match in in_variant:
                if match.span() not in kept:
                    assert (match.span(), tuple(match.groupdict().items())) in in_text, repr(text)


def test_name_starts_equal_asking_every_group(person):
    for text in _texts():
        for rule_name, pattern, _ in person._rules:
            for match in _overlapping(pattern, text):
                assert _NAME_STARTS[rule_name](match) == person._name_start(match), repr(text)


def _kept(candidates):
    results = [RecognizerResult("PERSON", start, end, score) for start, end, score in candidates]
    return sorted((r.start, r.end, r.score) for r in EntityRecognizer.remove_duplicates(results))


@settings(max_examples=400, deadline=None)
@given(
    st.sets(st.tuples(st.integers(0, 30), st.integers(1, 12), st.sampled_from([0.4, 0.5, 0.6]))),
    st.sets(st.tuples(st.integers(0, 30), st.integers(1, 12), st.sampled_from([0.4, 0.5, 0.6]))),
)
def test_undominated_candidates_are_what_remove_duplicates_keeps_in_any_company(found, more):
    candidates = {(start, start + length, score) for start, length, score in found}
    others = {(start, start + length, score) for start, length, score in more} - candidates
    assert sorted(_undominated(candidates)) == _kept(candidates)
    assert _kept([*_undominated(candidates), *others]) == _kept([*candidates, *others])


def test_found_results_equal_a_result_for_every_candidate(person):
    for text in _texts()[:400]:
        fast = _key(person.analyze(text, ["PERSON"]))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(person_module, "_Found", PlainFound)
            assert _key(person.analyze(text, ["PERSON"])) == fast, repr(text)
