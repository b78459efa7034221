"""NlLicensePlateRecognizer: RDW sidecodes 1–14, with and without dashes, banned ones out."""

import pytest

from scanners import NL_RECOGNIZERS, build_analyzer
from scanners.recognizers.nl import NlLicensePlateRecognizer
from scanners.recognizers.nl.nl_license_plate_recognizer import SIDECODES, sidecode_of

ENTITY = "NL_LICENSE_PLATE"

# One synthetic plate per sidecode, in the letters the RDW issues there.
EXAMPLES = {
    1: "AB-12-34",
    2: "12-34-AB",
    3: "12-AB-34",
    4: "GB-12-HJ",
    5: "GB-HJ-12",
    6: "12-GB-HJ",
    7: "12-GBH-3",
    8: "1-GBH-23",
    9: "GB-123-H",
    10: "G-123-BH",
    11: "GBH-12-J",
    12: "G-12-BHJ",
    13: "1-GB-234",
    14: "123-GB-4",
}


@pytest.fixture(scope="module")
def recognizer():
    return NlLicensePlateRecognizer()


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    names = [cls.__name__ for cls in NL_RECOGNIZERS] + ["SpacyRecognizer"]
    entries = "".join(
        f"  - name: {n}\n    enabled: {str(n == 'NlLicensePlateRecognizer').lower()}\n"
        for n in names
    )
    path = tmp_path_factory.mktemp("conf") / "recognizers.yaml"
    path.write_text(f"supported_languages: [nl]\nrecognizers:\n{entries}", encoding="utf-8")
    return build_analyzer(recognizers_conf=path)


def test_every_sidecode_has_an_example_in_its_layout():
    assert set(EXAMPLES) == set(SIDECODES) == set(range(1, 15))
    for code, plate in EXAMPLES.items():
        assert sidecode_of(plate) == code, plate
        assert sidecode_of(plate.replace("-", "")) == code, plate


@pytest.mark.parametrize("code, plate", sorted(EXAMPLES.items()))
def test_each_sidecode_found_with_and_without_dashes(code, plate, recognizer):
    dashed = recognizer.analyze(f"Kenteken {plate} geparkeerd", [ENTITY])
    assert [(r.start, r.end, r.score) for r in dashed] == [(9, 9 + len(plate), 0.5)]
    compact = plate.replace("-", "")
    plain = recognizer.analyze(compact, [ENTITY])
    assert [(r.start, r.end, r.score) for r in plain] == [(0, len(compact), 0.3)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # valid and refused side by side
        ("GB-123-H", ["GB-123-H"]),
        ("GA-123-H", []),  # vowel, sidecode 9
        ("GC-123-H", []),  # C is never issued
        ("GQ-123-H", []),  # Q is never issued
        ("12-GBH-3", ["12-GBH-3"]),
        ("12-NSB-3", []),  # banned combination
        ("12-GVD-3", []),
        ("12-PVV-3", []),
        ("GSS-12-J", []),  # SS inside a letter group
        ("G-12-VVD", []),
        ("SD-12-34", []),  # banned in the old sidecodes too
        ("AE-12-34", ["AE-12-34"]),  # sidecode 1 (1951–1965) did use vowels
        ("12-AE-34", ["12-AE-34"]),
        ("GB-12-AE", []),  # sidecode 4 onwards: no vowels
        # look-alikes: wrong dash positions, case, too long, dates, postcodes with a space
        ("GB1-23-H", []),
        ("gb-123-h", []),
        ("GB-123-HJ", []),
        ("XGB-123-H", []),
        ("12-03-1984", []),
        ("12-34-56", []),
        ("1234 AB", []),
        ("NL91ABNA0417164300", []),
    ],
)
def test_when_plate_in_text_then_found(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected


@pytest.mark.parametrize(
    "text, context, score",
    [
        ("GB123H", None, 0.3),  # compact, no context: below the reporting threshold
        ("Kenteken GB123H", None, 0.65),
        ("Automatisch GB123H", None, 0.3),
        ("GB123H", ["kenteken"], 0.65),
        ("GB-123-H", None, 0.5),
        ("Nummerbord GB-123-H", None, 0.85),
    ],
)
def test_context_raises_the_score(text, context, score, analyzer):
    results = analyzer.analyze(text, language="nl", context=context)
    assert [(r.entity_type, round(r.score, 2)) for r in results] == [(ENTITY, score)]
