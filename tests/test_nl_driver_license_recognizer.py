"""NlDriverLicenseRecognizer: 10 digits, reported only next to a context word."""

import pytest

from scanners import NL_RECOGNIZERS, build_analyzer
from scanners.recognizers.nl import NlDriverLicenseRecognizer

ENTITY = "NL_DRIVER_LICENSE"


@pytest.fixture(scope="module")
def recognizer():
    return NlDriverLicenseRecognizer()


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    names = [cls.__name__ for cls in NL_RECOGNIZERS] + ["SpacyRecognizer"]
    entries = "".join(
        f"  - name: {n}\n    enabled: {str(n == 'NlDriverLicenseRecognizer').lower()}\n"
        for n in names
    )
    path = tmp_path_factory.mktemp("conf") / "recognizers.yaml"
    path.write_text(f"supported_languages: [nl]\nrecognizers:\n{entries}", encoding="utf-8")
    return build_analyzer(recognizers_conf=path)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("4123456789", ["4123456789"]),
        ("Rijbewijs 5012345678.", ["5012345678"]),
        ("0000000000", []),  # placeholder
        ("7777777777", []),
        # look-alikes: other lengths, parts of codes and numbers
        ("412345678", []),
        ("41234567890", []),
        ("A4123456789", []),
        ("4123456789-2", []),
        ("1.4123456789", []),
        ("06 12345678", []),
    ],
)
def test_when_ten_digits_in_text_then_found_with_low_score(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(0.3) for r in results)


@pytest.mark.parametrize(
    "text, context, score",
    [
        ("4123456789", None, 0.3),  # below the reporting threshold without context
        ("Rijbewijsnummer: 4123456789", None, 0.65),
        ("rijbewijs 4123456789 verlopen", None, 0.65),
        ("4123456789", ["rijbewijs_nr"], 0.65),
        ("Klantnummer 4123456789", None, 0.3),
    ],
)
def test_context_lifts_the_score_over_the_threshold(text, context, score, analyzer):
    results = analyzer.analyze(text, language="nl", context=context)
    assert [(r.entity_type, round(r.score, 2)) for r in results] == [(ENTITY, score)]
