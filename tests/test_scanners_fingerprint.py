"""Keyed fingerprints: stable across formats, keyed, never the raw value."""

import hashlib
import hmac

import pytest

from scanners.findings import EntityFinding, Finding
from scanners.fingerprint import fingerprint, normalise

KEY = b"test-key-0123456789abcdef"
OTHER_KEY = b"other-key-0123456789abcdef"


@pytest.mark.parametrize(
    "entity, forms",
    [
        ("NL_BSN", ["012345672", "12345672", "012.345.672", "0123 45 672", " 012-345-672 "]),
        ("IBAN_CODE", ["NL91ABNA0417164300", "nl91 abna 0417 1643 00", "NL91 ABNA 0417 1643 00"]),
        ("EMAIL_ADDRESS", ["J.deVries@Example.NL", " j.devries@example.nl"]),
        (
            "PHONE_NUMBER",
            ["06-12345678", "+31 6 12345678", "0031612345678", "+31 (0)6 1234 5678", "0612345678"],
        ),
        ("PERSON", ["Jan de Vries", "jan  DE vries", "JAN DE VRIES\n"]),
        ("DATE_OF_BIRTH", ["12-03-1984", "12/3/1984", "1984-03-12", "12 maart 1984", "12.03.1984"]),
        ("NL_POSTCODE", ["1234 AB", "1234ab", "1234AB"]),
        ("NL_LICENSE_PLATE", ["12-ABC-3", "12abc3"]),
    ],
)
def test_the_same_value_in_other_formats_has_one_fingerprint(entity, forms):
    assert len({fingerprint(KEY, entity, form) for form in forms}) == 1


@pytest.mark.parametrize(
    "entity, value, expected",
    [
        ("NL_BSN", "12345672", "012345672"),
        ("IBAN_CODE", "nl91 abna 0417 1643 00", "NL91ABNA0417164300"),
        ("PHONE_NUMBER", "020-1234567", "31201234567"),
        ("PHONE_NUMBER", "+32 470 12 34 56", "32470123456"),
        ("DATE_OF_BIRTH", "5 mei 1990", "1990-05-05"),
        ("PERSON", "  Fatima   Yilmaz ", "fatima yilmaz"),
    ],
)
def test_normalise(entity, value, expected):
    assert normalise(entity, value) == expected


def test_different_values_and_entities_differ():
    assert fingerprint(KEY, "NL_BSN", "111222333") != fingerprint(KEY, "NL_BSN", "123456782")
    # the same digits as another entity are not linked to a BSN
    assert fingerprint(KEY, "NL_BSN", "612345678") != fingerprint(KEY, "PHONE_NUMBER", "612345678")


def test_different_keys_give_different_fingerprints():
    assert fingerprint(KEY, "NL_BSN", "111222333") != fingerprint(OTHER_KEY, "NL_BSN", "111222333")


def test_fingerprint_is_hmac_sha256_of_the_normalised_value():
    expected = hmac.new(KEY, b"NL_BSN:012345672", hashlib.sha256).hexdigest()
    assert fingerprint(KEY, "NL_BSN", "12345672") == expected
    assert len(expected) == 64


def test_fingerprint_holds_no_raw_value_and_is_not_a_plain_hash():
    value = "111222333"
    result = fingerprint(KEY, "NL_BSN", value)
    assert value not in result
    assert result != hashlib.sha256(value.encode()).hexdigest()
    assert result != hashlib.sha256(b"NL_BSN:111222333").hexdigest()


@pytest.mark.parametrize("key", [b"", b"short", "a-string-key-of-enough-length"])
def test_an_unusable_key_is_refused_without_showing_it(key):
    with pytest.raises(ValueError) as info:
        fingerprint(key, "NL_BSN", "111222333")
    assert "short" not in str(info.value)
    assert "string-key" not in str(info.value)


def test_finding_at_carries_the_fingerprints():
    found = EntityFinding("NL_BSN", 2, 10, 0.9, ("1112*****",), ("ab" * 32, "cd" * 32))
    placed = Finding.at("src", "public.t.bsn", "column", found)
    assert placed.fingerprints == found.fingerprints
    assert EntityFinding("NL_BSN", 1, 1, 0.9).fingerprints == ()
