"""NlIdDocumentRecognizer: passport and identity-card numbers, only with a context word."""

import pytest
from stdnum.nl import identiteitskaartnummer

from scanners import NL_RECOGNIZERS, build_analyzer
from scanners.recognizers.nl import NlIdDocumentRecognizer
from scanners.recognizers.nl.nl_id_document_recognizer import is_valid_id_document_number

ENTITY = "NL_ID_DOCUMENT"


@pytest.fixture(scope="module")
def recognizer():
    return NlIdDocumentRecognizer()


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    names = [cls.__name__ for cls in NL_RECOGNIZERS] + ["SpacyRecognizer"]
    entries = "".join(
        f"  - name: {n}\n    enabled: {str(n == 'NlIdDocumentRecognizer').lower()}\n" for n in names
    )
    path = tmp_path_factory.mktemp("conf") / "recognizers.yaml"
    path.write_text(f"supported_languages: [nl]\nrecognizers:\n{entries}", encoding="utf-8")
    return build_analyzer(recognizers_conf=path)


@pytest.mark.parametrize(
    "text, expected",
    [
        # valid and invalid side by side (python-stdnum's documented examples)
        ("XR1001R58", ["XR1001R58"]),
        ("XR1O01R58", []),  # letter O
        ("EM0000000", ["EM0000000"]),
        ("NXC12A3B4", ["NXC12A3B4"]),
        ("NXC12A3BK", []),  # last character must be a digit
        ("Paspoortnummer: SPECI2014.", ["SPECI2014"]),
        # look-alikes
        ("xr1001r58", []),  # capitals only
        ("581001RXR", []),
        ("XR1001R5", []),
        ("XR1001R588", []),
        ("AXR1001R58", []),
        ("XR1001R58-2", []),
        ("NL91ABNA0417164300", []),
    ],
)
def test_when_id_number_in_text_then_found_with_low_score(text, expected, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(0.3) for r in results)


@pytest.mark.parametrize(
    "value", ["XR1001R58", "XR 1001R5 8", "XR1O01R58", "EM0000000", "AB12345678", "AB1234567"]
)
def test_is_valid_agrees_with_python_stdnum(value):
    assert is_valid_id_document_number(value) == identiteitskaartnummer.is_valid(value)


@pytest.mark.parametrize(
    "text, context, score",
    [
        ("XR1001R58", None, 0.3),  # below the reporting threshold without context
        ("Paspoort: XR1001R58", None, 0.65),
        ("Identiteitskaart XR1001R58 afgegeven", None, 0.65),
        ("Het ID-kaart nummer is XR1001R58", None, 0.65),
        ("XR1001R58", ["documentnummer"], 0.65),
        ("XR1001R58", ["reisdocument_nr"], 0.65),
        ("Bestelling XR1001R58", None, 0.3),
    ],
)
def test_context_lifts_the_score_over_the_threshold(text, context, score, analyzer):
    results = analyzer.analyze(text, language="nl", context=context)
    assert [(r.entity_type, round(r.score, 2)) for r in results] == [(ENTITY, score)]
