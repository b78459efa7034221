"""NlCreditCardRecognizer: issuer prefix + Luhn, grouped or plain (synthetic test numbers)."""

import random

import pytest
from stdnum import luhn

from scanners import NL_RECOGNIZERS, build_analyzer
from scanners.recognizers.nl import NlCreditCardRecognizer
from scanners.recognizers.nl.nl_credit_card_recognizer import is_valid_card_number

ENTITY = "CREDIT_CARD"


def with_check_digit(payload: str) -> str:
    return payload + luhn.calc_check_digit(payload)


@pytest.fixture(scope="module")
def recognizer():
    return NlCreditCardRecognizer()


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    names = [cls.__name__ for cls in NL_RECOGNIZERS] + ["SpacyRecognizer"]
    entries = "".join(
        f"  - name: {n}\n    enabled: {str(n == 'NlCreditCardRecognizer').lower()}\n" for n in names
    )
    path = tmp_path_factory.mktemp("conf") / "recognizers.yaml"
    path.write_text(f"supported_languages: [nl]\nrecognizers:\n{entries}", encoding="utf-8")
    return build_analyzer(recognizers_conf=path)


@pytest.mark.parametrize(
    "text, expected, score",
    [
        # the card networks' public test numbers, valid and one digit off
        ("4111111111111111", ["4111111111111111"], 0.4),
        ("4111111111111112", [], None),
        ("4111 1111 1111 1111", ["4111 1111 1111 1111"], 0.6),
        ("4111-1111-1111-1111", ["4111-1111-1111-1111"], 0.6),
        ("4111 1111-1111 1111", [], None),  # mixed separators
        ("5555 5555 5555 4444", ["5555 5555 5555 4444"], 0.6),
        ("5555 5555 5555 4445", [], None),
        ("2223 0031 2200 3222", ["2223 0031 2200 3222"], 0.6),  # Mastercard 2-series
        ("3782 822463 10005", ["3782 822463 10005"], 0.6),  # Amex 4-6-5
        ("378282246310005", ["378282246310005"], 0.4),
        ("378282246310006", [], None),
        ("6011111111111117", ["6011111111111117"], 0.4),  # Discover
        ("3530111333300000", ["3530111333300000"], 0.4),  # JCB
        ("Betaald met kaart 4111111111111111.", ["4111111111111111"], 0.4),
        # look-alikes: no known issuer prefix, all zeros, too short, inside longer numbers
        ("1111111111111117", [], None),
        ("0000000000000000", [], None),
        ("41111111116", [], None),
        ("NL91ABNA0417164300", [], None),
        ("X4111111111111111", [], None),
        ("4111111111111111-01", [], None),
        ("123456782", [], None),
    ],
)
def test_when_card_number_in_text_then_found(text, expected, score, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(score) for r in results)


def test_generated_numbers_pass_and_one_digit_off_fails():
    rng = random.Random(84)
    for prefix, length in [("4", 16), ("51", 16), ("2221", 16), ("34", 15), ("6011", 16)]:
        for _ in range(50):
            body = prefix + "".join(
                rng.choice("0123456789") for _ in range(length - 1 - len(prefix))
            )
            number = with_check_digit(body)
            assert is_valid_card_number(number)
            last = int(number[-1])
            assert not is_valid_card_number(number[:-1] + str((last + 1) % 10))


@pytest.mark.parametrize(
    "text, context, score",
    [
        ("4111111111111111", None, 0.4),
        ("Creditcard: 4111111111111111", None, 0.75),
        ("4111 1111 1111 1111", ["visa_kaartnummer"], 0.95),
    ],
)
def test_context_raises_the_score(text, context, score, analyzer):
    results = analyzer.analyze(text, language="nl", context=context)
    assert [(r.entity_type, round(r.score, 2)) for r in results] == [(ENTITY, score)]
