"""NlFinancialSituationRecognizer: whole-word, case-insensitive lexicon; weak terms score low."""

import pytest

from scanners.recognizers.nl import NlFinancialSituationRecognizer

ENTITY = "FINANCIAL_SITUATION"


@pytest.fixture(scope="module")
def recognizer():
    return NlFinancialSituationRecognizer()


@pytest.mark.parametrize(
    "text, expected, score",
    [
        (
            "Aanmelding schuldhulpverlening en loonbeslag",
            ["schuldhulpverlening", "loonbeslag"],
            0.6,
        ),
        (
            "AANMELDING SCHULDHULPVERLENING EN LOONBESLAG",
            ["SCHULDHULPVERLENING", "LOONBESLAG"],
            0.6,
        ),
        ("inkomen", ["inkomen"], 0.3),
        ("xinkomenx", [], None),
        ("factuur 2024-001 voor kantoorartikelen", [], None),
    ],
)
def test_when_term_in_text_then_found(text, expected, score, recognizer):
    results = sorted(recognizer.analyze(text, [ENTITY]), key=lambda r: r.start)
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(score) for r in results)


def test_language_is_dutch(recognizer):
    assert recognizer.supported_language == "nl"
    assert recognizer.supported_entities == [ENTITY]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Op het loon van mevrouw Jansen ligt beslag van de Belastingdienst.", "ligt beslag"),
        ("Er ligt beslag op mijn uitkering.", "ligt beslag"),
        ("De deurwaarder legde beslag op zijn auto.", "beslag op zijn auto"),
        ("Zij heeft een schuldenlast van € 20.000 bij 4 schuldeisers.", "schuldenlast"),
    ],
)
def test_attachment_and_debts_of_a_person(recognizer, text, expected):
    results = recognizer.analyze(text, ["FINANCIAL_SITUATION"])
    assert expected in [text[r.start : r.end] for r in results if r.score >= 0.4]


def test_beslag_as_batter_is_not_reported(recognizer):
    text = "Het beslag voor de pannenkoeken moet een uur rusten."
    results = recognizer.analyze(text, ["FINANCIAL_SITUATION"])
    assert [r for r in results if r.score >= 0.4] == []
