"""NlPersonRecognizer: gazetteer names, initials, tussenvoegsels, titles; word-like surnames."""

import pytest

from scanners.recognizers.nl import NlPersonRecognizer

ENTITY = "PERSON"


@pytest.fixture(scope="module")
def recognizer():
    return NlPersonRecognizer()


def found(recognizer, text, min_score=0.4):
    results = recognizer.analyze(text, [ENTITY])
    return [
        text[r.start : r.end]
        for r in sorted(results, key=lambda r: r.start)
        if r.score >= min_score
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Jan de Vries", ["Jan de Vries"]),
        ("Vries, J. de", ["Vries, J. de"]),
        ("J.P. de Vries", ["J.P. de Vries"]),
        ("Jan Willem van der Berg", ["Jan Willem van der Berg"]),
        ("Anne-Marie Jansen belde gisteren", ["Anne-Marie Jansen"]),
        ("Geachte mevrouw Bakker,", ["Bakker"]),
        ("Dhr. De Vries", ["De Vries"]),
        ("Beste Jan,", ["Jan"]),
        ("Maar Jan Jansen zei nee", ["Jan Jansen"]),
        ("Van Dijk, Anna", ["Van Dijk, Anna"]),
        ("Fatima", ["Fatima"]),
        ("de heer J. Kok", ["J. Kok"]),
        ("Jan Bakker", ["Jan Bakker"]),
        ("mevrouw Roos", ["Roos"]),
        # surnames that are words: never alone
        ("Bakker", []),
        ("Kok", []),
        ("Mooi weer vandaag", []),
        ("De Bakker aan de overkant", []),
        ("de bakker verkoopt brood", []),
        # no names
        ("Melk Halfvol", []),
        ("Met vriendelijke groet", []),
        ("Gemeente Voorbeeld", []),
        ("1 Jan 2024", []),
    ],
)
def test_when_name_in_text_then_found(text, expected, recognizer):
    assert found(recognizer, text) == expected


def test_two_people_in_a_list_are_two_names(recognizer):
    assert found(recognizer, "mevrouw Bakker, Jan de Vries") == ["Bakker", "Jan de Vries"]


def test_bare_known_surname_scores_below_the_reporting_line(recognizer):
    results = recognizer.analyze("Jansen", [ENTITY])
    assert [r.score for r in results] == [pytest.approx(0.35)]


def test_full_names_score_higher_than_single_names(recognizer):
    full = recognizer.analyze("Jan de Vries", [ENTITY])[0].score
    single = recognizer.analyze("Fatima", [ENTITY])[0].score
    assert full > 0.8 > single
