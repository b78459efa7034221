"""The lexicons try their regexes only at words whose head can start a match
(`scanners.recognizers.lexicon._matches`); that finds exactly what `finditer` finds.

Behaviour only, nothing timed (the speed is measured by benchmarks/performance.py).
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]  # the simple lower case IGNORECASE compares
import random
import re
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import generate
from scanners.recognizers.lexicon import (
    LexiconRecognizer,
    _folds_plainly,
    _heads_of,
    _heads_of_pattern,
    _matches,
    _PatternHeads,
    lexicon_trie_regex,
    load_lexicon,
    shipped_lexicons,
)

# Characters that IGNORECASE matches otherwise than their lower case: the dotted capital I
# (lower case is two characters), the long s, the dotless i, the micro sign, capital sigma
# (σ or ς), the Greek iota subscript; and two that fold plainly after all: the Kelvin sign
# (to k) and the capital sharp s (to ß).
ODD = ["İ", "ı", "ſ", "µ", "Σ", "ς", "\u0345", "\u212a", "ẞ"]
PLAIN_AFTER_ALL = ("\u212a", "ẞ")


@pytest.fixture(scope="module")
def lexicons() -> list[LexiconRecognizer]:
    return [LexiconRecognizer(lexicon=load_lexicon(path)) for path in shipped_lexicons()]


def _all_patterns(lexicon: LexiconRecognizer):
    """(pattern, guide, heads) of every regex the lexicon runs over a text."""
    terms = zip(lexicon._patterns, lexicon._guides, lexicon._term_heads, strict=True)
    yield from ((pattern, guide, heads) for (_, pattern), guide, heads in terms)
    regexes = zip(lexicon._regexes, lexicon._regex_heads, strict=True)
    yield from ((pattern, None, heads) for (_, pattern, _), heads in regexes)
    non_personal = zip(lexicon._non_personal, lexicon._non_personal_heads, strict=True)
    yield from ((pattern, None, heads) for pattern, heads in non_personal)


def _assert_same(lexicon: LexiconRecognizer, text: str) -> int:
    found = 0
    for pattern, guide, heads in _all_patterns(lexicon):
        fast = [m.span() for m in _matches(pattern, guide, heads, text)]
        assert fast == [m.span() for m in pattern.finditer(text)], (pattern.pattern[:60], text)
        found += len(fast)
    return found


def _odd_variants(term: str, rng: random.Random) -> list[str]:
    """The term in capitals, and with its i, s, k or first letter written oddly."""
    forms = [term.upper(), term.capitalize()]
    for plain, odd in (("i", "İ"), ("i", "ı"), ("s", "ſ"), ("k", "\u212a"), ("ss", "ẞ")):
        if plain in term:
            forms.append(term.replace(plain, odd, 1))
    forms.append(rng.choice(ODD) + term)
    return forms


def _texts(lexicon: LexiconRecognizer, rng: random.Random) -> list[str]:
    terms = [
        t.rstrip("*") for t in lexicon.lexicon.strong_forms() + tuple(lexicon.lexicon.weak_terms)
    ]
    pieces = [*terms, "de", "het", "van", "in", "bij", "aan", "op", "zijn", "kerk", "lid", "dna"]
    pieces += [form for term in terms[:40] for form in _odd_variants(term, rng)]
    pieces += [*ODD, "s", "en", "-", "'", "é", "1", ".", "\n"]
    glue = [" ", "", "  ", "\n", "-", ", ", ". ", "\u00a0"]
    return [
        "".join(rng.choice(pieces) + rng.choice(glue) for _ in range(rng.randint(1, 14)))
        for _ in range(400)
    ]


# -- heads -----------------------------------------------------------------------------------


def test_plain_folding_holds_for_dutch_letters_and_not_for_odd_ones():
    assert all(_folds_plainly(c) for c in "aZ09_ -’“”éëïöüÉËÏçñ€\u00a0ß" + "".join(PLAIN_AFTER_ALL))
    assert not any(_folds_plainly(c) for c in ODD if c not in PLAIN_AFTER_ALL)


def test_a_character_that_folds_to_a_plain_one_is_a_word_character_as_it_is():
    """What the heads rest on: a text character that IGNORECASE compares as a plain
    character (its simple lower case) is a word character exactly when that one is."""
    word = re.compile(r"\w")
    for code in range(sys.maxunicode + 1):
        lower = chr(_sre.unicode_tolower(code))
        if lower != chr(code) and _folds_plainly(lower):
            assert bool(word.match(chr(code))) == bool(word.match(lower)), hex(code)


@pytest.mark.parametrize(
    ("regex", "exact", "prefixes"),
    [
        (lexicon_trie_regex(("diabetes*", "ms*", "e-health", "hiv", "x y")), {"dia", "ms", "e",
         "hiv", "x"}, {"ms"}),
        (r"\b(?:de\s+)?(?:vakbonden|bonden)\s+(?:hebben|zijn)", {"de", "vak", "bon"}, set()),
        (r"\bfractie\w*", {"fra"}, set()),
        (r"\bpride\w*|\bzo\w+", {"pri"}, {"zo"}),
        (r"\bnu[’']?91", {"nu", "nu9"}, set()),
        (r"\bK\w", set(), {"k"}),
    ],
)  # fmt: skip
def test_heads_of_a_regex(regex, exact, prefixes):
    heads = _heads_of_pattern(re.compile(regex, re.IGNORECASE))
    assert heads == _PatternHeads(frozenset(exact), frozenset(prefixes))


@pytest.mark.parametrize(
    "regex",
    [
        r"(?:ggz|zorg)-?instelling",  # starts inside a word too
        r"\w+e\s+afkomst",
        r"\b[a-z]+straat",  # the head is not a string
        r"\b-?kerk",  # may start before a word
        r"\b(?:x|)kerk",  # an empty branch: a word may start with 'kerk' or 'xkerk'... or not
        r"(?=k)kerk",  # a look-ahead is no word boundary
        r"\bſport",  # a first letter that does not fold plainly
    ],
)
def test_no_heads_where_a_match_need_not_start_a_known_word(regex):
    heads = _heads_of_pattern(re.compile(regex, re.IGNORECASE))
    if heads is not None:  # then at least no match may be missed
        text = "xkerk kerk ſport SPORT sport zorginstelling -kerk"
        fast = [m.span() for m in _matches(re.compile(regex, re.I), None, heads, text)]
        assert fast == [m.span() for m in re.finditer(regex, text, re.IGNORECASE)]
    else:
        assert heads is None


def test_heads_are_shared_per_text_object():
    text = "Zij heeft diabetes."
    assert _heads_of(text) is _heads_of(text)
    other = "".join(["Zij heeft ", "diabetes."])
    assert other == text and _heads_of(other) is not _heads_of(text)


# -- matches ---------------------------------------------------------------------------------


def test_matches_at_word_heads_equal_finditer(lexicons):
    rng = random.Random(11)
    corpus = [d.text for d in generate(seed=2024, n_documents=80, rows=1).documents]
    for lexicon in lexicons:
        found = sum(_assert_same(lexicon, text) for text in corpus + _texts(lexicon, rng))
        assert found > 0


def test_odd_letters_are_found_as_finditer_finds_them(lexicons):
    health = next(lex for lex in lexicons if lex.lexicon.entity == "SPECIAL_HEALTH")
    texts = ["Zij heeft DİABETES.", "Hij heeft diabeteſ.", "Zij heeft \u212aanker.", "ıhiv"]
    for text in texts:
        _assert_same(health, text)
    assert _assert_same(health, "Zij heeft \u212aanker en DİABETES en diabeteſ.") >= 3


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["diabetes", "DIABETES", "kanker", "kerk", "aan", "de", "Markt", "moskee", "fnv",
             "lid", "van", "het", "dna", "in", "ons", "ras", "hond", "zorg", "instelling",
             "ggz-instelling", "steunpunt", "mantelzorg", "cao", "met", "bonden", "Σ", "ς", *ODD]
        )
        | st.text(min_size=1, max_size=3),
    ).map(" ".join)
)  # fmt: skip
def test_matches_equal_finditer_on_generated_text(lexicons, text):
    for lexicon in lexicons:
        _assert_same(lexicon, text)
