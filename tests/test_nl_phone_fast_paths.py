"""NlPhoneRecognizer's fast paths change no result: each is compared with the plain way.

- `_pieces_to_test` picks the pieces to test with one RE2 pass over the text (the cores of the
  phone patterns) instead of testing every piece with every Python pattern;
- `_valid_numbers` reads the matches of phonenumbers without Presidio's second parse, and
  `_valid_matches` lets phonenumbers skip candidates too short to be valid.

Behaviour only, nothing timed (benchmarks/performance.py measures the speed).
"""

from __future__ import annotations

import random

import phonenumbers
import pytest
from faker import Faker
from hypothesis import given, settings
from hypothesis import strategies as st
from phonenumbers import PhoneMetadata
from phonenumbers.phonenumberutil import COUNTRY_CODES_FOR_NON_GEO_REGIONS, SUPPORTED_REGIONS

import scanners.recognizers.nl.nl_phone_recognizer as phone_module
from benchmarks.corpus import generate
from scanners.recognizers.nl import NlPhoneRecognizer
from tests.plain_recognizers import plain_phone_pieces_to_test, plain_recognizers
from tests.test_nl_phone_recognizer import _described, _phone_texts

ENTITY = "PHONE_NUMBER"
VALID = phonenumbers.Leniency.VALID
# Other scripts' digits and phonenumbers' punctuation beyond Latin-1 (the screen's stand-ins)
WIDE = "０１２３４５６７８９"
ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"
UNICODE_SEPARATORS = ["\u2010", "\u2013", "\u2014", "\u2212", "\uff0d", "\u3000", "\u200b"]


@pytest.fixture(scope="module")
def recognizer():
    return NlPhoneRecognizer()


def _foreign(rng: random.Random) -> str:
    """International numbers (valid or not) from neighbouring countries, in several forms."""
    country, digits = rng.choice([("32", 9), ("49", 10), ("44", 10), ("33", 9), ("1", 10)])
    number = "".join(rng.choice("0123456789") for _ in range(digits))
    spaced = " ".join(number[i : i + 3] for i in range(0, digits, 3))
    return rng.choice([f"+{country} {spaced}", f"00{country} {number}", f"+{country}{number}"])


def _service(rng: random.Random) -> str:
    prefix = rng.choice(["0800", "0900", "0906", "0909", "085", "088", "14020", "140"])
    rest = "".join(rng.choice("0123456789") for _ in range(rng.randrange(2, 9)))
    return prefix + rng.choice(["", "-", " ", "."]) + rest


def _unicode_forms(rng: random.Random, value: str) -> str:
    """`value` with some digits in other scripts, Unicode separators or a full-width plus."""
    out = []
    for char in value:
        roll = rng.random()
        if char.isdigit() and roll < 0.1:
            out.append(rng.choice([WIDE, ARABIC_INDIC])[int(char)])
        elif char in " -" and roll < 0.3:
            out.append(rng.choice(UNICODE_SEPARATORS))
        elif char == "+" and roll < 0.5:
            out.append("\uff0b")
        else:
            out.append(char)
    return "".join(out)


def _generated_texts(seed: int) -> list[str]:
    """Phone-shaped values of every kind, alone and in lines, with Unicode variants."""
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    values = _phone_texts(rng)
    values += [_foreign(rng) for _ in range(150)] + [_service(rng) for _ in range(150)]
    values += [fake.ssn() for _ in range(50)] + [fake.iban() for _ in range(50)]
    values += [f"{fake.date(pattern='%d-%m-%Y')} {fake.phone_number()}" for _ in range(50)]
    values += [_unicode_forms(rng, v) for v in rng.sample(values, 300)]
    words = ["€ 12,50", "tel.", "Tel:", "café", "—", "“bel”", "x 12", "ext. 3", ";", ",", "\t"]
    pool = values + words
    lines = [" ".join(rng.choices(pool, k=rng.randrange(2, 9))) for _ in range(300)]
    return values + lines + ["\n".join(lines[i : i + 15]) for i in range(0, 300, 15)]


def _corpus_texts(seed: int) -> list[str]:
    corpus = generate(seed=seed, n_documents=40, rows=3)
    texts = [d.text for d in corpus.documents]
    texts += ["\n".join(f"{c.name}: {v}" for v in c.values) for c in corpus.columns]
    return texts


def _pieces(text: str) -> list[tuple[int, str]]:
    return list(phone_module._pieces_with_numbers(text))


@pytest.mark.parametrize("seed", [1, 2])
def test_screened_pieces_are_the_pieces_every_pattern_picks(seed, monkeypatch):
    texts = _corpus_texts(seed) + _generated_texts(seed)
    texts += ["\n\n".join(texts[i : i + 40]) for i in range(0, len(texts), 40)]
    screened = [_pieces(t) for t in texts]
    monkeypatch.setattr(phone_module, "_pieces_to_test", plain_phone_pieces_to_test)
    assert screened == [_pieces(t) for t in texts]
    assert sum(len(p) for p in screened) > 1000


# Characters around the screen's edges: digits of three scripts, phonenumbers' punctuation
# inside and beyond Latin-1, the plus signs, the pieces' ends, letters, and characters beyond
# Latin-1 that are none of these.
_ALPHABET = st.sampled_from(
    [
        *"0123456789" * 4,
        *"0036" * 4,
        *"+-. ()/x",
        *["\uff0b", "\u2010", "\u3000", "\u00a0", "\u00ad", "\n", "\r", ";", ",", "\t", "\u2028"],
        *["a", "E", "é", "€", "“", "ş", "٣", "５", "ext", "#"],
    ]
)


@given(st.lists(_ALPHABET, max_size=60).map("".join))
@settings(max_examples=400, deadline=None)
def test_screen_misses_no_piece(text):
    screened = _pieces(text)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(phone_module, "_pieces_to_test", plain_phone_pieces_to_test)
        assert screened == _pieces(text)


def test_screen_reads_one_byte_a_character_and_no_foreign_digit():
    text = "Tel\u2010nr\u00a0\uff0b31\u3000€ 6 “12” 34\u2028café"
    data = phone_module._screen_bytes(text)
    assert data is not None and len(data) == len(text)
    assert data == "Tel-nr\u00a0+31-? 6 ?12? 34?café".encode("latin-1")
    assert phone_module._screen_bytes("bel 06-1234567" + ARABIC_INDIC[8]) is None
    assert phone_module._screen_bytes("bel 06-1234567" + WIDE[8]) is None


def _plain_matches(text: str) -> list[tuple[int, str, phonenumbers.PhoneNumber]]:
    return [(m.start, m.raw_string, m.number) for m in phonenumbers.PhoneNumberMatcher(text, "NL")]


def _fast_matches(recognizer: NlPhoneRecognizer, text: str) -> list[tuple]:
    return [(m.start, m.raw_string, m.number) for m in recognizer._valid_matches(text)]


@pytest.mark.parametrize("seed", [1, 2])
def test_skipping_short_candidates_finds_what_phonenumbers_finds(recognizer, seed):
    texts = _corpus_texts(seed) + _generated_texts(seed)
    found = [_fast_matches(recognizer, t) for t in texts]
    assert found == [_plain_matches(t) for t in texts]
    assert sum(len(f) for f in found) > 1000


@given(st.lists(_ALPHABET, max_size=80).map("".join))
@settings(max_examples=300, deadline=None)
def test_skipping_short_candidates_changes_no_match(text):
    assert _fast_matches(NlPhoneRecognizer(), text) == _plain_matches(text)


def test_no_valid_number_is_written_in_fewer_characters_than_skipped():
    """`_SHORTEST_VALID`, from phonenumbers' metadata: NL's national significant numbers are at
    least 5 digits long, and any region's at least 4, after a "+" and a country code."""
    lengths = {
        region: PhoneMetadata.metadata_for_region(region).general_desc.possible_length
        for region in SUPPORTED_REGIONS
    }
    lengths.update(
        {
            str(code): PhoneMetadata.metadata_for_nongeo_region(code).general_desc.possible_length
            for code in COUNTRY_CODES_FOR_NON_GEO_REGIONS
        }
    )
    # validity tests the length only where the metadata lists lengths: all of them do
    assert all(lengths.values())
    assert min(lengths["NL"]) >= phone_module._SHORTEST_VALID
    assert min(min(v) for v in lengths.values()) + len("+1") >= phone_module._SHORTEST_VALID
    # the shortest valid numbers there are: phonenumbers finds them, they are not skipped
    for text in ["14020", "+683 4002", "+690 3010", "Bel+6837012."]:
        assert phonenumbers.is_valid_number(phonenumbers.parse(text, "NL")), text
        assert _fast_matches(NlPhoneRecognizer(), text) == _plain_matches(text) != []


def test_a_matcher_that_may_run_short_of_tries_is_read_in_full(recognizer, monkeypatch):
    """Where the tries saved by skipping could matter, the plain matcher is used."""
    calls = []
    original = phonenumbers.PhoneNumberMatcher

    def counted(*args, **kwargs):
        calls.append(kwargs.get("min_candidate_length", 1))
        return original(*args, **kwargs)

    text = "Bel 06-12345678 of 12 34 56 of +32 470 12 34 56; niet 1-2-3"
    monkeypatch.setattr(phonenumbers, "PhoneNumberMatcher", counted)
    expected = _plain_matches(text)
    calls.clear()
    assert _fast_matches(recognizer, text) == expected
    assert calls == [phone_module._SHORTEST_VALID]
    monkeypatch.setattr(phone_module, "_SHORT_CANDIDATE_TRIES", 10**6)
    calls.clear()
    assert _fast_matches(recognizer, text) == expected
    assert calls == [phone_module._SHORTEST_VALID, 1]


@pytest.mark.parametrize("seed", [1, 2])
def test_analysis_equals_the_plain_analysis(recognizer, seed):
    texts = _corpus_texts(seed) + _generated_texts(seed)
    found = [_described(recognizer.analyze(t, [ENTITY])) for t in texts]
    with plain_recognizers([recognizer]):
        assert found == [_described(recognizer.analyze(t, [ENTITY])) for t in texts]
    assert sum(len(f) for f in found) > 1000


@pytest.mark.parametrize(
    "text, regions",
    [
        ("06-12345678", ["NL"]),
        ("+32 470 12 34 56 of 06-12345678", ["BE", "NL"]),  # Presidio: BE for both
        ("0049 30 12345678", ["DE"]),
        ("+44 20 7946 0958", ["GB"]),
        ("Bel 0800-1234", ["NL"]),
        ("06 79 79 04 85", ["NL"]),  # a possible mobile number
    ],
)
def test_explanation_names_the_numbers_own_region(recognizer, text, regions):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    assert [r.analysis_explanation.textual_explanation for r in results] == [
        f"Recognized as {region} region phone number, using PhoneRecognizer" for region in regions
    ]
