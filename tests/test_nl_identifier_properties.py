"""Property tests: each identifier validator against an independent implementation.

python-stdnum for BSN, onderwijsnummer, IBAN, postcode and ID document numbers and the Luhn
check; phonenumbers for Dutch phone numbers; a reference written here, from the BRP rule as
DESIGN.md states it, for the A-nummer and from the RDW table for license plates. Every test
runs on thousands of generated inputs (all synthetic).
"""

import re

import phonenumbers
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from stdnum import iban as stdnum_iban
from stdnum import luhn
from stdnum.nl import bsn as stdnum_bsn
from stdnum.nl import identiteitskaartnummer, onderwijsnummer
from stdnum.nl import postcode as stdnum_postcode

from scanners.recognizers.nl import (
    NlBsnRecognizer,
    NlIbanRecognizer,
    NlPhoneRecognizer,
    NlPostcodeRecognizer,
    is_valid_bsn,
)
from scanners.recognizers.nl.nl_a_number_recognizer import is_valid_a_number
from scanners.recognizers.nl.nl_credit_card_recognizer import luhn_ok
from scanners.recognizers.nl.nl_id_document_recognizer import is_valid_id_document_number
from scanners.recognizers.nl.nl_license_plate_recognizer import sidecode_of

MANY = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FEWER = settings(
    max_examples=1000,  # these run a whole recognizer per example
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
SOME = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
DIGITS = "0123456789"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def whole_match(recognizer, entity: str, text: str) -> bool:
    return any(r.start == 0 and r.end == len(text) for r in recognizer.analyze(text, [entity]))


# -- BSN and onderwijsnummer -----------------------------------------------------------------


def _eleven_check_sum(digits: str) -> int:
    return sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2, -1), digits, strict=True))


@st.composite
def bsn_like(draw: st.DrawFn) -> str:
    """9 digits, one in two made valid by choosing the check digit (so both sides are hit)."""
    head = draw(st.text(DIGITS, min_size=8, max_size=8))
    if draw(st.booleans()):
        check = sum(w * int(d) for w, d in zip(range(9, 1, -1), head, strict=True)) % 11
        assume(check < 10)
        return head + str(check)
    return head + draw(st.sampled_from(DIGITS))


@MANY
@given(bsn_like(), st.sampled_from(["{}", "{0}.{1}.{2}", "{0} {1} {2}"]))
def test_bsn_validator_agrees_with_python_stdnum(digits, layout):
    text = layout.format(digits[:3], digits[3:6], digits[6:]) if "{0}" in layout else digits
    assert is_valid_bsn(text) == stdnum_bsn.is_valid(text)


@MANY
@given(st.text(DIGITS, min_size=8, max_size=8))
def test_eight_digit_bsn_is_the_nine_digit_one_with_a_leading_zero(digits):
    assert is_valid_bsn(digits) == stdnum_bsn.is_valid("0" + digits)


@st.composite
def onderwijsnummers(draw: st.DrawFn) -> str:
    """A valid onderwijsnummer: 10 + 6 digits + the check digit that leaves remainder 5."""
    head = "10" + draw(st.text(DIGITS, min_size=6, max_size=6))
    for check in DIGITS:
        if _eleven_check_sum(head + check) % 11 == 5:
            return head + check
    assume(False)
    raise AssertionError("unreachable")


@MANY
@given(onderwijsnummers())
def test_an_onderwijsnummer_is_never_a_bsn(number):
    assert onderwijsnummer.is_valid(number)
    assert not stdnum_bsn.is_valid(number)
    assert not is_valid_bsn(number)


def test_an_onderwijsnummer_is_not_reported_as_bsn():
    recognizer = NlBsnRecognizer()
    assert onderwijsnummer.is_valid("101222331")
    assert recognizer.analyze("Onderwijsnummer 101222331", ["NL_BSN"]) == []


@MANY
@given(st.text(DIGITS, min_size=9, max_size=9))
def test_bsn_and_onderwijsnummer_are_disjoint(digits):
    assert not (is_valid_bsn(digits) and onderwijsnummer.is_valid(digits))


# -- A-nummer --------------------------------------------------------------------------------


def reference_a_number(number: int) -> bool:
    """The BRP rule, from DESIGN.md, on an int: digit d_i is the i-th from the left."""
    text = str(number)
    if len(text) != 10:  # also excludes a leading zero
        return False
    digits = [number // 10 ** (9 - i) % 10 for i in range(10)]
    if any(digits[i] == digits[i + 1] for i in range(9)):
        return False
    if sum(digits) % 11 not in (0, 5):
        return False
    return sum(pow(2, i) * digits[i] for i in range(10)) % 11 == 0


@st.composite
def a_number_like(draw: st.DrawFn) -> str:
    """Eight random leading digits and, one in two, the last two chosen to pass the reference."""
    head = draw(st.integers(min_value=10_000_000, max_value=99_999_999))
    if draw(st.booleans()):
        tails = [t for t in range(100) if reference_a_number(head * 100 + t)]
        assume(tails)
        return str(head * 100 + draw(st.sampled_from(tails)))
    return f"{head * 100 + draw(st.integers(0, 99))}"


@FEWER
@given(a_number_like())
def test_a_number_validator_agrees_with_the_reference(value):
    assert is_valid_a_number(value) == reference_a_number(int(value))


@MANY
@given(st.text(DIGITS, min_size=10, max_size=10))
def test_a_number_validator_on_any_ten_digits(value):
    assert is_valid_a_number(value) == reference_a_number(int(value))


# -- IBAN ------------------------------------------------------------------------------------

IBAN_FORMATS = {  # country: BBAN layout (a = capital, n = digit); no national check in stdnum
    "NL": "aaaannnnnnnnnn",
    "DE": "nnnnnnnnnnnnnnnnnn",
    "GB": "aaaannnnnnnnnnnnnn",
    "FR": "nnnnnnnnnnnnnnnnnnnnnnn",
}


IBAN = NlIbanRecognizer()


@st.composite
def ibans(draw: st.DrawFn) -> str:
    country = draw(st.sampled_from(sorted(IBAN_FORMATS)))
    layout = IBAN_FORMATS[country]
    letters = layout.count("a")  # letters come first in these layouts
    bban = draw(st.text(UPPER, min_size=letters, max_size=letters)) + draw(
        st.text(DIGITS, min_size=len(layout) - letters, max_size=len(layout) - letters)
    )
    if draw(st.booleans()):
        check = stdnum_iban.calc_check_digits(country + "00" + bban)
    else:
        check = draw(st.text(DIGITS, min_size=2, max_size=2))
    return country + check + bban


@FEWER
@given(ibans(), st.booleans())
def test_iban_validator_agrees_with_python_stdnum(value, spaced):
    text = " ".join(value[i : i + 4] for i in range(0, len(value), 4)) if spaced else value
    # ISO 13616 check digits run 02..98; stdnum also takes 00/01/99 when they are congruent
    # mod 97 to the real ones (97/98/02), Presidio (rightly) does not.
    expected = stdnum_iban.is_valid(text) and value[2:4] not in ("00", "01", "99")
    assert bool(IBAN.validate_result(text)) == expected


# -- postcode --------------------------------------------------------------------------------

POSTCODE = NlPostcodeRecognizer()


@FEWER
@given(
    st.text(DIGITS, min_size=4, max_size=4),
    st.sampled_from(["", " "]),
    st.text(UPPER, min_size=2, max_size=2),
)
def test_postcode_recognizer_agrees_with_python_stdnum(digits, space, letters):
    text = digits + space + letters
    found = whole_match(POSTCODE, "NL_POSTCODE", text)
    assert found == stdnum_postcode.is_valid(text)


# -- ID document -----------------------------------------------------------------------------


@MANY
@given(
    st.one_of(
        st.text(UPPER + DIGITS, min_size=7, max_size=11),
        st.tuples(
            st.text(UPPER, min_size=2, max_size=2),
            st.text(UPPER + DIGITS, min_size=6, max_size=6),
            st.sampled_from(DIGITS),
        ).map("".join),
    )
)
def test_id_document_validator_agrees_with_python_stdnum(value):
    assert is_valid_id_document_number(value) == identiteitskaartnummer.is_valid(value)


# -- Luhn (credit cards) ---------------------------------------------------------------------


@MANY
@given(st.text(DIGITS, min_size=12, max_size=19))
def test_luhn_agrees_with_python_stdnum(digits):
    assert luhn_ok(digits) == luhn.is_valid(digits)


# -- license plates --------------------------------------------------------------------------

REFERENCE_LAYOUTS = [  # RDW table, compact: X = letter, 9 = digit
    "XX9999", "9999XX", "99XX99", "XX99XX", "XXXX99", "99XXXX", "99XXX9",
    "9XXX99", "XX999X", "X999XX", "XXX99X", "X99XXX", "9XX999", "999XX9",
]  # fmt: skip
BANNED = ["GVD", "KKK", "KVT", "LPF", "NSB", "PKK", "PSV", "TBS", "SS", "SD", "PVV", "SGP", "VVD"]


def reference_plate(compact: str) -> bool:
    layout = re.sub("[A-Z]", "X", re.sub("[0-9]", "9", compact))
    if layout not in REFERENCE_LAYOUTS:
        return False
    sidecode = REFERENCE_LAYOUTS.index(layout) + 1
    refused = set("CQY") if sidecode <= 3 else set("AEIOUCQY")
    letters = [ch for ch in compact if ch.isalpha()]
    if refused & set(letters):
        return False
    return not any(b in group for group in re.findall("[A-Z]+", compact) for b in BANNED)


@MANY
@given(st.text("BDGHJKNSTXZAE" + DIGITS, min_size=6, max_size=6))
def test_plate_validator_agrees_with_the_rdw_table(compact):
    assert (sidecode_of(compact) is not None) == reference_plate(compact)


# -- phone numbers ---------------------------------------------------------------------------

NL_PREFIXES = ["06", "010", "020", "030", "040", "050", "070", "071", "0111", "0180", "0229",
               "0475", "085", "088", "0800", "0900", "0906", "0909", "091", "097"]  # fmt: skip
PHONE = NlPhoneRecognizer()


@SOME
@given(
    st.sampled_from(NL_PREFIXES),
    st.text(DIGITS, min_size=4, max_size=9),
    st.sampled_from(["national", "+31", "0031"]),
)
def test_phone_recognizer_agrees_with_phonenumbers(prefix, rest, form):
    national = prefix + rest
    text = {"national": national, "+31": "+31 " + national[1:], "0031": "0031 " + national[1:]}[
        form
    ]
    # By design every Dutch mobile shape (06 + 8 digits) counts, also in 06 blocks that
    # phonenumbers' metadata does not list as issued (see NlPhoneRecognizer.MOBILE_SHAPE).
    mobile_shape = re.fullmatch(r"06\d{8}", national) is not None
    expected = mobile_shape or phonenumbers.is_valid_number(phonenumbers.parse(national, "NL"))
    assert whole_match(PHONE, "PHONE_NUMBER", text) == expected


@pytest.mark.parametrize("text", ["06-12345678", "+31 6 12345678", "0031 20 123 4567"])
def test_phone_examples_are_valid_for_phonenumbers_too(text):
    assert phonenumbers.is_valid_number(phonenumbers.parse(text, "NL"))
    assert whole_match(PHONE, "PHONE_NUMBER", text)
