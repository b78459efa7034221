"""NlPostcodeRecognizer: PC6 postcodes, capitals only, SA/SD/SS excluded."""

import pytest

from scanners.recognizers.nl import NlPostcodeRecognizer

ENTITY = "NL_POSTCODE"


@pytest.fixture(scope="module")
def recognizer():
    return NlPostcodeRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1234 AB", ["1234 AB"]),
        ("1234AB", ["1234AB"]),
        ("Dorpsstraat 1, 9999 ZZ Ergens", ["9999 ZZ"]),
        ("1234 SA", []),
        ("1234SD", []),
        ("1234 SS", []),
        ("1234 SB", ["1234 SB"]),
        ("0123 AB", []),  # no leading zero
        ("1234 ab", []),  # lower case
        ("1234 Ab", []),
        ("1234 ABC", []),
        ("12345 AB", []),
        ("1234  AB", []),  # two spaces
        ("A1234 AB", []),
    ],
)
def test_when_postcode_in_text_then_found(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
