"""NlAddressRecognizer: Dutch street + house number + addition, higher with postcode or city."""

import pytest

from scanners import NL_RECOGNIZERS, build_analyzer
from scanners.recognizers.nl import NlAddressRecognizer

ENTITY = "ADDRESS"


@pytest.fixture(scope="module")
def recognizer():
    return NlAddressRecognizer()


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    names = [cls.__name__ for cls in NL_RECOGNIZERS] + ["SpacyRecognizer"]
    entries = "".join(
        f"  - name: {n}\n    enabled: {str(n == 'NlAddressRecognizer').lower()}\n" for n in names
    )
    path = tmp_path_factory.mktemp("conf") / "recognizers.yaml"
    path.write_text(f"supported_languages: [nl]\nrecognizers:\n{entries}", encoding="utf-8")
    return build_analyzer(recognizers_conf=path)


@pytest.mark.parametrize(
    "text, expected, score",
    [
        # street suffixes
        ("Kerkstraat 12", ["Kerkstraat 12"], 0.5),
        ("Stationsweg 3", ["Stationsweg 3"], 0.5),
        ("Prinses Beatrixlaan 116", ["Prinses Beatrixlaan 116"], 0.5),
        ("Burgemeester de Monchyplein 10", ["Burgemeester de Monchyplein 10"], 0.5),
        ("Op de 2e Hugo de Grootstraat 7", ["2e Hugo de Grootstraat 7"], 0.5),
        ("'s-Gravendijkwal 5", ["'s-Gravendijkwal 5"], 0.5),
        ("Oudezijds Voorburgwal 300", ["Oudezijds Voorburgwal 300"], 0.5),
        ("Herengracht 502", ["Herengracht 502"], 0.5),
        ("Zuiderpark 4", ["Zuiderpark 4"], 0.5),
        ("Korte Poten 7", [], None),  # no suffix, no street word: not covered
        # street words (gazetteer)
        ("Oude Gracht 12", ["Oude Gracht 12"], 0.5),
        ("Grote Markt 1", ["Grote Markt 1"], 0.5),
        ("Laan van Meerdervoort 12", ["Laan van Meerdervoort 12"], 0.5),
        ("Markt 5", ["Markt 5"], 0.5),
        # house-number additions
        ("Kerkstraat 12a", ["Kerkstraat 12a"], 0.5),
        ("Kerkstraat 12 A", ["Kerkstraat 12 A"], 0.5),
        ("Kerkstraat 12-2", ["Kerkstraat 12-2"], 0.5),
        ("Kerkstraat 12-III", ["Kerkstraat 12-III"], 0.5),
        ("Kerkstraat 12 bis", ["Kerkstraat 12 bis"], 0.5),
        ("Kerkstraat 12 hs", ["Kerkstraat 12 hs"], 0.5),
        ("Nieuwe Binnenweg 123-B02", ["Nieuwe Binnenweg 123-B02"], 0.5),
        # a postcode or "te <plaats>" right after raises the score
        ("Kerkstraat 12, 1234 AB Utrecht", ["Kerkstraat 12"], 0.8),
        ("Kerkstraat 12a 1234AB Utrecht", ["Kerkstraat 12a"], 0.8),
        ("Kerkstraat 12 te Utrecht", ["Kerkstraat 12"], 0.8),
        ("Kerkstraat 12 1234 SS Utrecht", ["Kerkstraat 12"], 0.8),  # any postcode shape counts
        # look-alikes
        ("kerkstraat 12", [], None),  # lower case
        ("de weg 12 km", [], None),
        ("Weg 12", [], None),
        ("Ring 3", [], None),
        ("Artikel 12", [], None),
        ("Hoofdstuk 3 van de Wet", [], None),
        ("Op 12 maart 1984", [], None),
        ("Kerkstraat", [], None),
        ("Kerkstraat 0", [], None),
        ("Kerkstraat 12.5", [], None),
    ],
)
def test_when_address_in_text_then_found(text, expected, score, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(score) for r in results)


@pytest.mark.parametrize(
    "text, context, score",
    [
        ("Kerkstraat 12", None, 0.5),  # the street's own "straat" is no context word
        ("Verhuisd naar Kerkstraat 12", None, 0.5),
        ("Woonadres: Kerkstraat 12", None, 0.85),
        ("Kerkstraat 12", ["straatnaam_huisnummer"], 0.85),
    ],
)
def test_context_raises_the_score(text, context, score, analyzer):
    results = analyzer.analyze(text, language="nl", context=context)
    assert [(r.entity_type, round(r.score, 2)) for r in results] == [(ENTITY, score)]
