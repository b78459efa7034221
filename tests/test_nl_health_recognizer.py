"""NlHealthRecognizer: the health lexicon (scanners/lexicons/health.yaml), weak terms low."""

import pytest

from scanners.recognizers.nl import NlHealthRecognizer

ENTITY = "SPECIAL_HEALTH"


@pytest.fixture(scope="module")
def recognizer():
    return NlHealthRecognizer()


@pytest.mark.parametrize(
    "text, expected, score",
    [
        ("Cliënt heeft diabetes type 2", ["diabetes"], 0.6),
        ("DEPRESSIE", ["DEPRESSIE"], 0.6),
        ("door een burn-out", ["burn-out"], 0.6),
        ("ADHD en autisme", ["ADHD", "autisme"], 0.6),
        ("depressieklachten sinds 2020", ["depressieklachten"], 0.6),  # compound (depressie*)
        ("aanvraag huishoudelijke hulp", ["huishoudelijke hulp"], 0.6),
        ("huishoudelijke  hulp", ["huishoudelijke  hulp"], 0.6),
        ("gaat naar de dagbesteding", ["dagbesteding"], 0.6),
        ("beschermd wonen", ["beschermd wonen"], 0.6),
        ("nieuwe rolstoel", ["rolstoel"], 0.6),
        ("ziekteverzuim gemeld", ["ziekteverzuim"], 0.6),
        ("begeleiding", ["begeleiding"], 0.3),  # weak: needs context
        ("indicatie", ["indicatie"], 0.3),
        # not whole words / unrelated
        ("kankeren", [], None),
        ("pastma", [], None),
        ("astmatische bronchitis", ["astmatische"], 0.6),
        ("als het regent", [], None),
        ("factuur 2024-001", [], None),
    ],
)
def test_when_health_term_in_text_then_found(text, expected, score, recognizer):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(score) for r in results)


@pytest.fixture(scope="module")
def analyzer():
    from scanners import build_analyzer

    return build_analyzer()


@pytest.mark.parametrize(
    "text, context, score",
    [
        ("zorg", [], 0.3),  # a weak term that is also a context word does not lift itself
        ("indicatie voor begeleiding", [], 0.65),  # "indicatie" nearby lifts "begeleiding"
        ("begeleiding", ["wmo", "voorziening"], 0.65),  # the column name lifts it
        ("diabetes", ["diagnose"], 0.95),
    ],
)
def test_context_lifts_weak_terms_but_not_by_themselves(analyzer, text, context, score):
    results = analyzer.analyze(text, language="nl", context=context, entities=[ENTITY])
    assert max(r.score for r in results) == pytest.approx(score)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Indicatie huishoudelijke ondersteuning", "huishoudelijke ondersteuning"),
        ("Begeleiding groep, 2 dagdelen", "Begeleiding groep"),
        ("Maatschappelijke opvang sinds mei", "Maatschappelijke opvang"),
        ("Aanvraag traplift", "traplift"),
        ("PGB voor jeugd-GGZ", "jeugd-GGZ"),
        ("Plaatsing in een gezinshuis", "gezinshuis"),
        ("Verslag keukentafelgesprek", "keukentafelgesprek"),
        ("CIZ-indicatie Wlz", "CIZ-indicatie"),
        ("Gebruikt metformine", "metformine"),
        ("Ziekmelding per 1 maart", "Ziekmelding"),
    ],
)
def test_wmo_jeugdwet_and_absence_vocabulary(recognizer, text, expected):
    results = recognizer.analyze(text, [ENTITY])
    assert expected in [text[r.start : r.end] for r in results if r.score >= 0.6]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Betreft: Beschikking Wmo\n\nGeachte mevrouw Sire,", "Beschikking Wmo"),
        ("Uw Wmo-indicatie loopt af", "Wmo-indicatie"),
        ("Wij kennen u een maatwerkvoorziening toe", "maatwerkvoorziening"),
    ],
)
def test_a_decision_on_someones_wmo_care(recognizer, text, expected):
    results = recognizer.analyze(text, ["SPECIAL_HEALTH"])
    assert expected in [text[r.start : r.end] for r in results if r.score >= 0.4]
