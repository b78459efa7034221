"""The RE2 screen never drops a pattern that matches: it only narrows what Python tries.

`PatternScreen.candidates(text)` must include every pattern whose Python regex matches `text`
(a miss would make the prefilter skip a recognizer that has a result). Checked on the
recognizers' own patterns over corpus values, random ASCII strings around their shapes, and
on the constructs the translation widens (lookarounds, back-references, anchors, classes).
"""

from __future__ import annotations

import random
import re
import string

import pytest
import regex  # type: ignore[import-untyped]
from faker import Faker

from benchmarks.corpus import generate
from scanners import build_analyzer
from scanners.prefilter import prefilter_for
from scanners.screen import AnyScreen, PatternScreen, UntranslatableError, to_re2


@pytest.fixture(scope="module")
def patterns():
    prefilter = prefilter_for(build_analyzer())
    return [p for condition in prefilter.conditions for p in condition.patterns]


def _texts(seed: int) -> list[str]:
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    corpus = generate(seed=seed, n_documents=8, rows=30)
    texts = [v for column in corpus.columns for v in column.values]
    texts += [d.text[:400] for d in corpus.documents]
    alphabet = string.digits * 4 + string.ascii_letters + " -./+()@:,\n\t_'"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(800)]
    texts += [fake.iban(), fake.email(), fake.phone_number(), fake.postcode(), fake.ipv4()]
    texts += [fake.sha1()[: rng.randint(8, 40)] for _ in range(100)] + [
        fake.uuid4() for _ in range(50)
    ]
    return [t for t in texts if t.isascii()]


@pytest.mark.parametrize("seed", [1, 2])
def test_every_matching_pattern_is_a_candidate(patterns, seed):
    screen = PatternScreen(patterns)
    assert not screen.unscreened  # all recognizer patterns go through RE2 today
    narrowed = 0
    for text in _texts(seed):
        candidates = set(screen.candidates(text))
        matching = {i for i, p in enumerate(patterns) if p.search(text)}
        assert matching <= candidates, (text, sorted(matching - candidates))
        narrowed += len(candidates) < len(patterns)
    assert narrowed > 0  # the screen does leave patterns out, or it saves nothing


@pytest.mark.parametrize("seed", [3, 4])
def test_a_condition_screen_says_no_only_where_no_pattern_matches(seed):
    prefilter = prefilter_for(build_analyzer())
    screens = [AnyScreen(c.patterns) for c in prefilter.conditions if c.patterns]
    assert all(screen.screens for screen in screens)
    conditions = [c for c in prefilter.conditions if c.patterns]
    said_no = 0
    for text in _texts(seed):
        data = text.encode("ascii")
        for condition, screen in zip(conditions, screens, strict=True):
            if not screen.may_match(data):
                said_no += 1
                assert not any(p.search(text) for p in condition.patterns), text
    assert said_no > 1000  # the screens do rule conditions out


def test_an_untranslatable_pattern_leaves_a_condition_screen_unsure():
    screen = AnyScreen([re.compile(r"(a)?(?(1)b|c)"), re.compile("zzz")])  # a conditional
    assert not screen.screens
    assert screen.may_match(b"nothing here")


@pytest.mark.parametrize(
    ("pattern", "flags", "texts"),
    [
        (r"(?<![\w.])\d{9}(?![\w\-/])", 0, ["x 123456789", "a123456789", "123456789-"]),
        (r"\d{4}([ \-])\d{4}\1\d{4}", 0, ["1234 5678 9012", "1234-5678 9012"]),
        (r"^abc$", re.MULTILINE, ["x\nabc\ny", "abc", "abcd"]),
        (r"^abc$", 0, ["abc\n", "x\nabc"]),
        (r"\bjan\b", re.IGNORECASE, ["JAN", "januari", "de Jan."]),
        (r"[^\W\d_]+", 0, ["___", "a1", "42"]),
        (r"\S+@\S+", 0, ["a@b", "a @b", "\x1c@\x1d"]),
        (r"a\s+b", 0, ["a\x1cb", "a \t b", "ab"]),
        (r"(?i:straat)\s+\d+", 0, ["STRAAT 12", "Straat12"]),
        (r"[+\uFF0B]\D{0,12}\d", 0, ["+31", "+ (0)6", "tel +"]),
        (r"x*+y", 0, ["xxy", "y", "x"]),
        (r"(?>ab|a)c", 0, ["abc", "ac"]),
        (r"a.b", 0, ["a\nb", "axb"]),
        (r"a.b", re.DOTALL, ["a\nb"]),
    ],
)
def test_the_translation_matches_at_least_what_python_matches(pattern, flags, texts):
    screen = PatternScreen([re.compile(pattern, flags)])
    for text in texts:
        if re.search(pattern, text, flags):
            assert screen.candidates(text) == [0], (pattern, text)


def test_patterns_of_the_regex_module_are_screened_too():
    pattern = regex.compile(r"(?<![\w\-])[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}(?![\w\-])", regex.V0)
    screen = PatternScreen([pattern])
    assert screen.candidates("1234 AB") == [0]
    assert screen.candidates("geen postcode") == []


def test_a_non_ascii_text_is_not_screened():
    screen = PatternScreen([re.compile(r"\d")])
    assert screen.candidates("٣") == [0]  # an Arabic-Indic digit: Python's \d matches it


def test_untranslatable_patterns_are_tried_on_every_text():
    with pytest.raises(UntranslatableError):
        to_re2(r"(a)?(?(1)b|c)")  # a conditional group
    screen = PatternScreen([re.compile(r"(a)?(?(1)b|c)"), re.compile("zzz")])
    assert screen.unscreened == [0]
    assert screen.candidates("nothing here") == [0]


def _reference_entities(prefilter, text: str) -> set[str]:
    """What the prefilter must answer, found the slow way: every pattern and every token."""
    from scanners.prefilter import _TOKEN, _word_variant_in

    tokens = _TOKEN.findall(text)
    found: set[str] = set()
    for condition in prefilter.conditions:
        if (
            condition.always
            or any(p.search(text) for p in condition.patterns)
            or any(_word_variant_in(t, condition.words) for t in tokens)
        ):
            found.update(condition.entities)
    return found


@pytest.mark.parametrize("seed", [3, 4])
def test_the_prefilter_answers_as_trying_everything_would(seed):
    """Screened patterns, narrowed lookarounds and the screened word list together give the
    entities that trying every pattern and every token gives, value by value."""
    prefilter = prefilter_for(build_analyzer())
    rng = random.Random(seed)
    words = sorted(w for c in prefilter.conditions for w in c.words if w.isascii())
    texts = _texts(seed)
    for word in rng.sample(words, 300):
        texts += [word, word.upper(), word.lower(), f"x {word}.", f"{word}1", f"_{word}_",
                  f"a{word}", f"{word}s", f"({word})", f"de {word.upper()} b.v."]  # fmt: skip
    texts += ["", "\n", "06\n12345678", "BSN:123456782.", "x123456782", "1234567820"]
    named = 0
    for text in texts:
        expected = _reference_entities(prefilter, text)
        assert set(prefilter.entities(text)) == expected, text
        named += bool(expected)
    assert named > 100
