"""NlEmailRecognizer: addresses with a known public suffix, checked offline."""

import pytest

from scanners.recognizers.nl import NlEmailRecognizer, offline_tld_extractor

ENTITY = "EMAIL_ADDRESS"


@pytest.fixture(scope="module")
def recognizer():
    return NlEmailRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("j.devries@example.nl", ["j.devries@example.nl"]),
        ("mail: info@gemeente-voorbeeld.nl.", ["info@gemeente-voorbeeld.nl"]),
        ("a.b+c@sub.example.co.uk", ["a.b+c@sub.example.co.uk"]),
        ("piet@voorbeeld.invalidtld", []),  # unknown suffix: dropped
        ("@decorator.attribute", []),
        ("geen adres hier", []),
        ("www.gemeente.nl/contact", []),
    ],
)
def test_when_email_in_text_then_found(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected


def test_extractor_is_configured_offline():
    extractor = offline_tld_extractor()
    assert tuple(extractor.suffix_list_urls) == ()
    assert extractor("example.nl").suffix == "nl"
