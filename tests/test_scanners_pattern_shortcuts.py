"""The pattern recognizers' shortcuts change no result: each is compared with the plain way.

- `pattern_results` builds what Presidio's `PatternRecognizer.analyze` builds from the same
  matches, skipping the objects of a match that fails validation.
- `_matches_around_at_signs` searches the e-mail pattern only in the run of local-part and
  domain characters around each "@"; `finditer` searches the whole text.
- `house_numbers` finds the house numbers that a street's last word can stand before; the
  plain way is every house number (`_HOUSE_NUMBER`).
- `DigitPatternRecognizer` tries the digit-based patterns (dates, BSN, cards, postcodes,
  rijbewijs, A-nummer, plates) only at the runs of digits (or plate-like runs) their heads
  name; the plain way is `finditer` over the whole text.

Behaviour only, nothing timed (the speed is measured by benchmarks/performance.py).
"""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from presidio_analyzer import PatternRecognizer

import scanners.recognizers.nl.digit_runs as digit_runs
import scanners.recognizers.nl.nl_address_recognizer as address_module
from benchmarks.corpus import generate
from scanners.recognizers.nl import (
    NlAddressRecognizer,
    NlANumberRecognizer,
    NlBsnRecognizer,
    NlCreditCardRecognizer,
    NlDateOfBirthRecognizer,
    NlDriverLicenseRecognizer,
    NlEmailRecognizer,
    NlLicensePlateRecognizer,
    NlPostcodeRecognizer,
)
from scanners.recognizers.nl.digit_runs import TextRuns, runs_of
from scanners.recognizers.nl.nl_address_recognizer import house_numbers
from scanners.recognizers.nl.nl_email_recognizer import (
    _matches_around_at_signs,
    has_public_suffix,
    offline_tld_extractor,
)
from scanners.recognizers.nl.pattern_results import compiled, pattern_results
from scanners.recognizers.starts import matches_from
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


# -- digit-based patterns --------------------------------------------------------------------

DIGIT_RECOGNIZERS = [
    NlANumberRecognizer,
    NlBsnRecognizer,
    NlCreditCardRecognizer,
    NlDateOfBirthRecognizer,
    NlDriverLicenseRecognizer,
    NlLicensePlateRecognizer,
    NlPostcodeRecognizer,
]
# Digits of every run length, ASCII and not (Arabic-Indic, full-width), the separators of
# dates, BSNs and cards, month names, apostrophes of short years, capitals and small letters
# glued to digits, plates with and without dashes, and the characters the look-arounds refuse.
DIGIT_PIECES = [
    "1", "12", "123", "1234", "0", "19", "20", "1984", "2024", "123456789", "12345678",
    "1234567890", "4111", "1111", "3714", "496633", "8016043787", "111222333", "٠", "١٢",
    "۱۹۸۴", "１２", "２０２４", "-", "/", ".", ",", " ", "  ", "\n", "\t", "\u00a0", "\u2003",
    "'", "’", "‘", "maart", "mrt.", "Jan", "sept", "dec.", "AB", "XKD", "ab", "B", "Z", "E",
    "AB-12-34", "12-AB-34", "1-XKD-23", "AB1234", "12ABCD", "GVD", "SA", "AB-", "+", "_",
    "é", "x", "geb.", "BSN:", "1234 AB", "1234AB", "NL91ABNA0417164300", "1 maart 1984",
    "3 mrt. '84", "9 Dec 2005", "1-2-1984", "3/4/'84", "1984-03-12", "١ maart ١٩٨٤",
    "4111 1111 1111 1111", "3714 496633 98431", "111 222 333", "1112 22 333", "111.222.333",
]  # fmt: skip
digit_texts = st.lists(st.sampled_from(DIGIT_PIECES), max_size=30).map("".join)


def _digit_analyses(texts: list[str]) -> tuple[list, list]:
    recognizers = [kind() for kind in DIGIT_RECOGNIZERS]

    def analyses() -> list:
        return [
            [_key(r.analyze(text, r.supported_entities)) for r in recognizers] for text in texts
        ]

    fast = analyses()
    with plain_recognizers(recognizers):
        plain = analyses()
    return fast, plain


def _head_matches(recognizer, text: str) -> list[list[tuple[int, int]]]:
    """Each pattern's matches tried at its heads only, as `DigitPatternRecognizer` finds them."""
    flags = recognizer.global_regex_flags
    runs = TextRuns(text)
    return [
        _spans(matches_from(p, text, runs.starts(recognizer.HEADS[p.pattern], flags)))
        for p in (compiled(pattern.regex, flags) for pattern in recognizer.patterns)
    ]


def _finditer_matches(recognizer, text: str) -> list[list[tuple[int, int]]]:
    flags = recognizer.global_regex_flags
    return [
        _spans(compiled(pattern.regex, flags).finditer(text)) for pattern in recognizer.patterns
    ]


@pytest.mark.parametrize("kind", DIGIT_RECOGNIZERS, ids=lambda k: k.__name__)
def test_digit_heads_find_every_match_on_the_corpus(kind):
    recognizer = kind()
    for text in DOCUMENTS:
        assert _head_matches(recognizer, text) == _finditer_matches(recognizer, text)


@settings(max_examples=3000, deadline=None)
@given(text=digit_texts)
def test_digit_heads_find_every_match_on_tricky_text(text):
    for kind in DIGIT_RECOGNIZERS:
        recognizer = kind()
        assert _head_matches(recognizer, text) == _finditer_matches(recognizer, text), kind


DIGIT_EDGES = [
    "",
    "1",
    "12-03-1984",  # the whole text: a match at its start and its end
    "12-03-198412-03-1984",
    "12-03-1984 12-03-1984",
    "1-2-1984-3-4-1985",  # overlapping candidates
    "12 maart 1984, 3 mrt. '84, 4 Dec '05 en 1984-03-12.",
    "12.03.1984.5 12/3/1984/ 1984-03-12-",
    "٢٢-٠٣-١٩٨٤ ١٢ maart ١٩٨٤ ２０２４-０１-０２",  # non-ASCII digits
    "1２-03-1984 12-0٣-1984 12-03-198٤",  # mixed within one run
    "111222333 111 222 333 111.222.333 1112 22 333 11122233",
    "111222333a a111222333 1-111222333 111222333-1 111222333.5",
    "4111 1111 1111 1111 4111-1111-1111-1111 4111111111111111 3714 496633 98431",
    "1234 AB 1234AB 1234 SA 1234ab 0123 AB 12345 AB A1234 AB",
    "8016043787 2352984859 80160437870 ٨٠١٦٠٤٣٧٨٧",
    "AB-12-34 12-AB-34 1-XKD-23 AB1234 12ABCD AB-12-345 XAB-12-34 AB-12-34X ab-12-34",
    "AB-12-34AB-12-34 AB1234-AB1234 AB１２34 GVD-12-3 1-GVD-23",
]


def test_digit_heads_find_every_match_at_the_edges():
    for text in DIGIT_EDGES:
        for kind in DIGIT_RECOGNIZERS:
            recognizer = kind()
            found = _head_matches(recognizer, text)
            assert found == _finditer_matches(recognizer, text), (kind, text)


def test_digit_recognizers_equal_their_plain_paths_on_the_corpus():
    fast, plain = _digit_analyses(DOCUMENTS)
    assert fast == plain


@pytest.mark.parametrize("short_text_chars", [digit_runs.SHORT_TEXT_CHARS, 0])
def test_digit_recognizers_equal_their_plain_paths_on_tricky_text(monkeypatch, short_text_chars):
    # with 0, short texts too are read by their runs (cells are short: most of these texts)
    monkeypatch.setattr(digit_runs, "SHORT_TEXT_CHARS", short_text_chars)
    rng = random.Random(11)
    texts = DIGIT_EDGES + [
        "".join(rng.choice(DIGIT_PIECES) for _ in range(rng.randint(1, 30))) for _ in range(3000)
    ]
    fast, plain = _digit_analyses(texts)
    assert fast == plain


def test_digit_runs_are_kept_for_the_last_text_only():
    text = "12-03-1984 " * 3
    same = runs_of(text)
    assert runs_of(text) is same
    other = runs_of("".join(["12-03-1984 "] * 3))  # equal, but another text object
    assert other is not same
    assert other.digit_runs() == same.digit_runs()


def test_non_ascii_digits_are_told_apart():
    assert TextRuns("12 maart 1984 \u20ac 5").ascii_digits
    assert not TextRuns("12 maart \u0661\u0669\u0668\u0664").ascii_digits
    assert not TextRuns("\uff11\uff12-03-1984").ascii_digits
