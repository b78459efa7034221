"""NlPhoneRecognizer: Dutch telephone forms and look-alikes."""

import pytest

from scanners.recognizers.nl import NlPhoneRecognizer

ENTITY = "PHONE_NUMBER"


@pytest.fixture(scope="module")
def recognizer():
    return NlPhoneRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("06-12345678", ["06-12345678"]),
        ("06 1234 5678", ["06 1234 5678"]),
        ("0612345678", ["0612345678"]),
        ("+31 6 12345678", ["+31 6 12345678"]),
        ("0031 6 12345678", ["0031 6 12345678"]),
        ("010-1234567", ["010-1234567"]),
        ("020 123 4567", ["020 123 4567"]),
        ("085 123 4567", ["085 123 4567"]),
        ("088-1234567", ["088-1234567"]),
        ("0800-1234", ["0800-1234"]),
        ("0900-1234567", ["0900-1234567"]),
        ("Bel ons op 0909 1234.", ["0909 1234"]),
        ("0906-1234567", ["0906-1234567"]),
        ("Tel: 0800 0432", ["0800 0432"]),
        ("0031 20 123 4567", ["0031 20 123 4567"]),
        ("0031612345678", ["0031612345678"]),
        ("+31 (0)6 12345678", ["+31 (0)6 12345678"]),
        ("+31(0)20-1234567", ["+31(0)20-1234567"]),
        ("(020) 123 4567", ["(020) 123 4567"]),
        ("088 123 45 67", ["088 123 45 67"]),
        ("06 - 12 34 56 78", ["06 - 12 34 56 78"]),
        # foreign numbers in international form
        ("+32 470 12 34 56", ["+32 470 12 34 56"]),
        ("0049 30 12345678", ["0049 30 12345678"]),
        # look-alikes
        ("123456782", []),
        ("123.456.782", []),
        ("NL91ABNA0417164300", []),
        ("12-03-1984", []),
        ("1234 AB", []),
        ("06-1234", []),
    ],
)
def test_when_phone_in_text_then_found(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
