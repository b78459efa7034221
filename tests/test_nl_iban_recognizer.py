"""NlIbanRecognizer: valid and mod-97-invalid IBANs side by side (synthetic numbers only)."""

import pytest

from scanners.recognizers.nl import NlIbanRecognizer

ENTITY = "IBAN_CODE"


def make_iban(country: str, bban: str) -> str:
    """An IBAN with correct check digits for a made-up account (ISO 13616 mod-97)."""
    rearranged = bban + country + "00"
    number = int("".join(str(int(ch, 36)) for ch in rearranged))
    return f"{country}{98 - number % 97:02d}{bban}"


NL = make_iban("NL", "TEST0123456789")
DE = make_iban("DE", "370400440532013000")
BE = make_iban("BE", "539007547034")


def spaced(iban: str) -> str:
    return " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))


def off_by_one(iban: str) -> str:
    return iban[:-1] + str((int(iban[-1]) + 1) % 10)


@pytest.fixture(scope="module")
def recognizer():
    return NlIbanRecognizer()


@pytest.mark.parametrize(
    "text, expected_spans",
    [
        (NL, [(0, 18)]),
        (off_by_one(NL), []),
        (spaced(NL), [(0, 22)]),
        (spaced(off_by_one(NL)), []),
        ("NL91ABNA0417164300", [(0, 18)]),
        ("NL91ABNA0417164301", []),
        (DE, [(0, 22)]),
        (off_by_one(DE), []),
        (spaced(BE), [(0, 19)]),
        (f"Graag overmaken op {NL}.", [(19, 37)]),
        ("NL12", []),
        ("123456782", []),
    ],
)
def test_when_iban_in_text_then_all_ibans_found(text, expected_spans, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [(r.start, r.end) for r in results] == expected_spans
    assert all(r.score == 1.0 and r.entity_type == ENTITY for r in results)


def test_language_is_dutch(recognizer):
    assert recognizer.supported_language == "nl"
    assert "rekeningnummer" in recognizer.context
