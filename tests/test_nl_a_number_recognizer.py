"""NlANumberRecognizer: valid and checksum-invalid A-nummers side by side (synthetic numbers)."""

import random

import pytest

from scanners import NL_RECOGNIZERS, build_analyzer
from scanners.recognizers.nl import NlANumberRecognizer
from scanners.recognizers.nl.nl_a_number_recognizer import is_valid_a_number

ENTITY = "NL_A_NUMBER"


def make_a_number(rng: random.Random) -> str:
    """A synthetic 10-digit number that passes the BRP check, found by rejection sampling."""
    while True:
        candidate = str(rng.randint(1_000_000_000, 9_999_999_999))
        if is_valid_a_number(candidate):
            return candidate


@pytest.fixture(scope="module")
def recognizer():
    return NlANumberRecognizer()


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    names = [cls.__name__ for cls in NL_RECOGNIZERS] + ["SpacyRecognizer"]
    entries = "".join(
        f"  - name: {n}\n    enabled: {str(n == 'NlANumberRecognizer').lower()}\n" for n in names
    )
    path = tmp_path_factory.mktemp("conf") / "recognizers.yaml"
    path.write_text(f"supported_languages: [nl]\nrecognizers:\n{entries}", encoding="utf-8")
    return build_analyzer(recognizers_conf=path)


@pytest.mark.parametrize(
    "text, expected",
    [
        # valid and one digit off, side by side (the first two are the BRP API's test numbers)
        ("8016043787", ["8016043787"]),
        ("8016043788", []),
        ("2352984859", ["2352984859"]),
        ("2352984858", []),
        ("A-nummer: 8016043787.", ["8016043787"]),
        # look-alikes: leading zero (phone numbers), equal neighbours, too short/long, in codes
        ("0612345678", []),
        ("1123456789", []),
        ("801604378", []),
        ("80160437870", []),
        ("X8016043787", []),
        ("8016043787-1", []),
        ("8.016043787", []),
        ("1234567890", []),
    ],
)
def test_when_a_number_in_text_then_found(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(0.5) for r in results)


@pytest.mark.parametrize(
    "value, valid, why",
    [
        ("8016043787", True, "BRP test number"),
        ("2352984859", True, "BRP test number"),
        ("0801604378", False, "leading zero"),
        ("8016043778", False, "equal neighbours (7, 7)"),
        ("5555555555", False, "equal neighbours"),
        ("1234567890", False, "digit sum 45: mod 11 is 1"),
        ("801604378", False, "9 digits"),
        ("80160437a7", False, "a letter"),
        ("８０１６０４３７８７", False, "full-width digits"),
    ],
)
def test_is_valid_a_number(value, valid, why):
    assert is_valid_a_number(value) is valid, why


def test_generated_a_numbers_pass_and_a_swap_of_neighbours_fails():
    rng = random.Random(20240312)
    for _ in range(200):
        value = make_a_number(rng)
        assert is_valid_a_number(value)
        i = rng.randrange(9)
        swapped = value[:i] + value[i + 1] + value[i] + value[i + 2 :]
        # the weights 2^i and 2^(i+1) differ mod 11, so swapping two different digits fails
        assert not is_valid_a_number(swapped)


@pytest.mark.parametrize(
    "text, context, score",
    [
        ("8016043787", None, 0.5),
        ("A-nummer 8016043787", None, 0.85),
        ("8016043787", ["anummer"], 0.85),
        ("8016043787", ["brp_a_nr"], 0.85),
    ],
)
def test_context_raises_the_score(text, context, score, analyzer):
    results = analyzer.analyze(text, language="nl", context=context)
    assert [(r.entity_type, round(r.score, 2)) for r in results] == [(ENTITY, score)]
