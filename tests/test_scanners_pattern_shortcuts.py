"""The pattern recognizers' shortcuts change no result: each is compared with the plain way.

- `pattern_results` builds what Presidio's `PatternRecognizer.analyze` builds from the same
  matches, skipping the objects of a match that fails validation.
- `_matches_around_at_signs` searches the e-mail pattern only in the run of local-part and
  domain characters around each "@"; `finditer` searches the whole text.
- `house_numbers` finds the house numbers that a street's last word can stand before; the
  plain way is every house number (`_HOUSE_NUMBER`).

Behaviour only, nothing timed (the speed is measured by benchmarks/performance.py).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import PatternRecognizer

import scanners.recognizers.nl.nl_address_recognizer as address_module
from benchmarks.corpus import generate
from scanners.recognizers.nl import (
    NlAddressRecognizer,
    NlBsnRecognizer,
    NlCreditCardRecognizer,
    NlDateOfBirthRecognizer,
    NlEmailRecognizer,
    NlLicensePlateRecognizer,
    NlPostcodeRecognizer,
)
from scanners.recognizers.nl.nl_address_recognizer import house_numbers
from scanners.recognizers.nl.nl_email_recognizer import (
    _matches_around_at_signs,
    has_public_suffix,
    offline_tld_extractor,
)
from scanners.recognizers.nl.pattern_results import compiled, pattern_results
from tests.plain_recognizers import plain_recognizers


def _documents() -> list[str]:
    texts = [d.text for seed in (2024, 7) for d in generate(seed=seed, n_documents=80).documents]
    return [*texts, "\n\n".join(texts)]


DOCUMENTS = _documents()


def _key(results):
    return sorted(
        (
            r.entity_type,
            r.start,
            r.end,
            r.score,
            r.analysis_explanation.pattern_name,
            r.analysis_explanation.validation_result,
        )
        for r in results
    )


# -- pattern_results -------------------------------------------------------------------------

PATTERN_RECOGNIZERS = [
    NlAddressRecognizer,
    NlBsnRecognizer,
    NlCreditCardRecognizer,
    NlDateOfBirthRecognizer,
    NlEmailRecognizer,
    NlLicensePlateRecognizer,
    NlPostcodeRecognizer,
]


@pytest.mark.parametrize("kind", PATTERN_RECOGNIZERS, ids=lambda k: k.__name__)
def test_pattern_results_of_finditer_equal_presidios(kind):
    recognizer = kind()
    flags = recognizer.global_regex_flags
    for text in DOCUMENTS:
        fast = pattern_results(recognizer, text, flags, lambda p, t: p.finditer(t))
        plain = PatternRecognizer.analyze(recognizer, text, recognizer.supported_entities)
        assert _key(fast) == _key(plain)


# -- e-mail addresses ------------------------------------------------------------------------

# Local parts of every character Presidio allows, dots and dashes at odd places, "@" runs,
# non-ASCII word characters and digits, and the characters that end a run.
MAIL_PIECES = [
    "jan", "j.de.vries", "a_b", "x+y", "o'neil", "#!$%&*", "=?^`{|}~", "/", "@", "@@", ".",
    "..", "-", "--", "gemeente", "example", "nl", "com", "co.uk", "xn--80ak6aa92e", "é", "ß",
    "١٢", "\u0301", "K", "(", ")", "<", ">", ",", ";", ":", '"', " ", "\n", "\t", "\u00a0",
]  # fmt: skip
mail_texts = st.lists(st.sampled_from(MAIL_PIECES), max_size=40).map("".join)


@pytest.fixture(scope="module")
def email_pattern():
    recognizer = NlEmailRecognizer()
    (pattern,) = recognizer.patterns
    return compiled(pattern.regex, recognizer.global_regex_flags)


def _spans(matches):
    return [m.span() for m in matches]


def test_email_matches_around_at_signs_on_the_corpus(email_pattern):
    for text in DOCUMENTS:
        fast = _spans(_matches_around_at_signs(email_pattern, text))
        assert fast == _spans(email_pattern.finditer(text))


@settings(max_examples=3000, deadline=None)
@given(text=mail_texts)
def test_email_matches_around_at_signs_on_tricky_text(email_pattern, text):
    fast = _spans(_matches_around_at_signs(email_pattern, text))
    assert fast == _spans(email_pattern.finditer(text))


def test_email_matches_around_at_signs_at_the_edges(email_pattern):
    for text in [
        "a@b.nl",
        "a@b.nl b@c.nl",
        "a@b.nlb@c.nl",
        "x@y.z@w.nl",
        "x@y_z@w.nl",
        "@a@b.nl@",
        "é@ü.nl",
        "١٢@٣.nl",
        "jan.de.vries+avg@gemeente.utrecht.nl.",
        "a@b.nl\u0301",
        "--a@b--c.nl--",
    ]:
        fast = _spans(_matches_around_at_signs(email_pattern, text))
        assert fast == _spans(email_pattern.finditer(text)), repr(text)


def test_email_recognizer_equals_its_plain_path():
    recognizer = NlEmailRecognizer()
    rng = random.Random(5)
    texts = DOCUMENTS + [
        "".join(rng.choice(MAIL_PIECES) for _ in range(rng.randint(1, 40))) for _ in range(5000)
    ]
    fast = [_key(recognizer.analyze(text, ["EMAIL_ADDRESS"])) for text in texts]
    with plain_recognizers([recognizer]):
        plain = [_key(recognizer.analyze(text, ["EMAIL_ADDRESS"])) for text in texts]
    assert fast == plain


@given(domain=st.sampled_from(["gemeente.nl", "example.com", "bar.invalidtld", "a.co.uk", "x"]))
def test_public_suffix_answers_are_kept_unchanged(domain):
    assert has_public_suffix(domain) == (offline_tld_extractor()(domain).fqdn != "")


# -- addresses -------------------------------------------------------------------------------

# Streets, capitals glued to digits and punctuation, house numbers of every shape, non-ASCII
# letters and digits, and the white space between.
ADDRESS_PIECES = [
    "Kerkstraat", "Laan", "van", "de", "Oude", "Gracht", "Markt", "Dam", "'s-Gravenhage",
    "Ka\u00f7straat", "Ren\u00e9", "O'Brien", "A1", "B", "x", "X.", "Dr.", "12", "1", "5a",
    "3e", "99999", "100000", "0", "12,5", "12-14", "-2", "hs", "bis", "II", "١٢", "é", "(", ")",
    ",", "-", "/", "1234 AB", "te", "Utrecht", " ", "  ", "\n", "\t", "\u00a0", "\u2003",
]  # fmt: skip
GLUE = ["", " ", "\n", ", "]
address_texts = st.lists(
    st.tuples(st.sampled_from(ADDRESS_PIECES), st.sampled_from(GLUE)).map("".join), max_size=30
).map("".join)


def _every_house_number(text: str) -> list[int]:
    return [m.start() for m in address_module._HOUSE_NUMBER.finditer(text)]


def _address_analyses(texts: list[str]) -> tuple[list, list]:
    recognizer = NlAddressRecognizer()
    fast = [_key(recognizer.analyze(text, ["ADDRESS"])) for text in texts]
    with pytest.MonkeyPatch.context() as plain_numbers:
        plain_numbers.setattr(address_module, "house_numbers", _every_house_number)
        plain = [_key(recognizer.analyze(text, ["ADDRESS"])) for text in texts]
    return fast, plain


def test_house_numbers_are_house_numbers_in_order():
    for text in DOCUMENTS:
        numbers = house_numbers(text)
        assert numbers == sorted(set(numbers))
        assert set(numbers) <= set(_every_house_number(text))


def test_address_with_house_numbers_equals_with_every_house_number_on_the_corpus():
    fast, plain = _address_analyses(DOCUMENTS)
    assert fast == plain


@settings(max_examples=3000, deadline=None)
@given(text=address_texts)
def test_address_with_house_numbers_equals_presidio_on_tricky_text(text):
    recognizer = NlAddressRecognizer()
    plain = PatternRecognizer.analyze(recognizer, text, ["ADDRESS"])
    assert _key(recognizer.analyze(text, ["ADDRESS"])) == _key(plain)
