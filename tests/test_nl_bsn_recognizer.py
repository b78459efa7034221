"""NlBsnRecognizer: valid and checksum-invalid BSNs side by side (synthetic numbers only)."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.nl import bsn as stdnum_bsn

from scanners.recognizers.nl import NlBsnRecognizer, is_valid_bsn

ENTITY = "NL_BSN"


def make_bsn(rng: random.Random) -> str:
    """A synthetic 9-digit number that passes the 11-proef (not a real person's BSN)."""
    while True:
        head = [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip(range(9, 1, -1), head, strict=True)) % 11
        if check < 10 and any(head):
            return "".join(map(str, head)) + str(check)


@pytest.fixture(scope="module")
def recognizer():
    return NlBsnRecognizer()


@pytest.mark.parametrize(
    "text, expected_spans, expected_score",
    [
        # valid (11-proef) and one digit off, side by side
        ("111222333", [(0, 9)], 0.5),
        ("111222334", [], None),
        ("123456782", [(0, 9)], 0.5),
        ("123456781", [], None),
        # grouped forms
        ("123.456.782", [(0, 11)], 0.6),
        ("123.456.783", [], None),
        ("1234 56 782", [(0, 11)], 0.6),
        ("123 456 782", [(0, 11)], 0.6),
        # 8 digits: a dropped leading zero (012345672)
        ("12345672", [(0, 8)], 0.3),
        ("12345673", [], None),
        # in a sentence
        ("Het nummer is 123456782.", [(14, 23)], 0.5),
        # look-alikes: all zeros, longer numbers, parts of codes, dates, phone numbers
        ("000000000", [], None),
        ("1234567820", [], None),
        ("A123456782", [], None),
        ("123456782-01", [], None),
        ("06-12345678", [], None),
        ("06 12345678", [], None),
        ("NL91ABNA0417164300", [], None),
        ("1.123456782", [], None),
    ],
)
def test_when_bsn_in_text_then_all_bsns_found(text, expected_spans, expected_score, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [(r.start, r.end) for r in results] == expected_spans
    for r in results:
        assert r.entity_type == ENTITY
        assert r.score == pytest.approx(expected_score)


@pytest.mark.parametrize(
    "value, valid",
    [
        ("111222333", True),
        ("111222334", False),
        ("123.456.782", True),
        ("1234 56 782", True),
        ("12345672", True),
        ("000000000", False),
        ("12345678", False),
        ("1234567", False),
        ("1234567890", False),
        ("12345678a", False),
        ("١٢٣٤٥٦٧٨٢", False),  # non-ASCII digits
    ],
)
def test_is_valid_bsn(value, valid):
    assert is_valid_bsn(value) is valid


def test_generated_bsns_are_valid_and_one_digit_off_is_not(recognizer):
    rng = random.Random(20240312)
    for _ in range(200):
        value = make_bsn(rng)
        assert is_valid_bsn(value)
        last = int(value[-1])
        assert not is_valid_bsn(value[:-1] + str((last + 1) % 10))


@given(st.text(alphabet="0123456789", min_size=8, max_size=9))
def test_validator_agrees_with_python_stdnum(digits):
    assert is_valid_bsn(digits) == stdnum_bsn.is_valid(digits)


@given(st.integers(min_value=0, max_value=999_999_999))
def test_validator_agrees_with_python_stdnum_on_dotted_numbers(number):
    digits = f"{number:09d}"
    dotted = f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    assert is_valid_bsn(dotted) == stdnum_bsn.is_valid(dotted)


@pytest.mark.parametrize(
    "text, found",
    [
        # negative context: the label before the number names another kind of number
        ("Bestelling 111222333 is geleverd", False),
        ("Uw dossier heeft zaaknummer 111222333.", False),
        ("Ordernummer hulpmiddel: 111222333", False),
        ("Factuur 111222333", False),
        ("Ons kenmerk: 111222333", False),
        # a BSN word nearer to the number wins; a label on another line does not count
        ("zaaknummer 12, bsn 111222333", True),
        ("Mijn BSN is 111222333", True),
        ("Ordernummer 12\n111222333", True),
        ("111222333 (bestelling)", True),
    ],
)
def test_negative_context_drops_other_numbers(recognizer, text, found):
    results = recognizer.analyze(text, [ENTITY])
    assert bool(results) is found
