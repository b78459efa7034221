"""A lexicon's context check (`_ContextCheck`) answers as the word-by-word test it replaces:
is one of the context words part of a word of the window, or of a given word?

Behaviour only, nothing timed.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scanners.recognizers.lexicon import _ContextCheck, load_lexicon, shipped_lexicons


def word_by_word(context: list[str], window: str, given_words: list[str]) -> bool:
    words = re.findall(r"\w+", window) + given_words
    return any(c in word for c in context for word in words)


LETTERS = "abcdeé ,.-_'’\n\t0123İıſ"
texts = st.text(alphabet=LETTERS, max_size=40)
context_words = st.lists(
    st.one_of(st.text(alphabet=LETTERS, max_size=6), st.sampled_from(["", "e-mail", "zorg"])),
    max_size=5,
)


@settings(max_examples=600, deadline=None)
@given(context_words, texts, st.lists(st.text(alphabet=LETTERS, max_size=8), max_size=2))
def test_any_context_window_and_given_words(context, window, given_words):
    window = window.lower()
    check = _ContextCheck(context, given_words)
    assert check.held_in(window) == word_by_word(context, window, given_words)


def test_the_shipped_context_words_near_terms():
    windows = [
        "de cliënt heeft een zorgindicatie en medicatie",
        "e-mail aan de huisarts, diagnose volgt",
        "niets bijzonders hier",
        "kerkgenootschap; geloofsovertuiging.",
        "",
    ]
    checked = 0
    for path in shipped_lexicons():
        context = [word.lower() for word in load_lexicon(path).context]
        for given_words in ([], ["opmerking"], ["medische_gegevens"]):
            check = _ContextCheck(context, given_words)
            for window in windows:
                assert check.held_in(window) == word_by_word(context, window, given_words)
                checked += 1
    assert checked >= 10 * len(windows) * 3
