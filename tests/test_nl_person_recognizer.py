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


@pytest.mark.parametrize(
    "text, expected",
    [
        # all capitals: the same gazetteer rules on the capitalised form
        ("JAN DE VRIES", ["JAN DE VRIES"]),
        ("DE VRIES, J.", ["DE VRIES, J."]),
        ("MEVROUW ROOS", ["ROOS"]),
        ("ROOS", []),
        ("BSN WMO CAK", []),
        ("GEMEENTE VOORBEELD AFDELING ZORG", []),
        # salutations and titles
        ("Hoi Sanne,", ["Sanne"]),
        ("Hallo mevrouw Yilmaz,", ["Yilmaz"]),
        # common-word surnames only with a first name, initials, title or tussenvoegsel
        ("Willem Mooi", ["Willem Mooi"]),
        ("P. de Groot", ["P. de Groot"]),
        ("de groot", []),
        ("Groot onderhoud aan de weg", []),
        ("Kok, Willem", ["Kok, Willem"]),
        # names from elsewhere that are common in the Netherlands
        ("Mehmet Yilmaz", ["Mehmet Yilmaz"]),
        ("Fatima el Amrani", ["Fatima el Amrani"]),
    ],
)
def test_capitals_salutations_and_collisions(recognizer, text, expected):
    assert found(recognizer, text) == expected


def test_bare_all_caps_surname_needs_context_like_a_capitalised_one(recognizer):
    assert [r.score for r in recognizer.analyze("JANSEN", [ENTITY])] == [pytest.approx(0.35)]


def test_gazetteers_are_large_and_name_their_source(recognizer):
    from importlib import resources

    assert len(recognizer.first_names) >= 800 and len(recognizer.surnames) >= 450
    for name in ("nl_first_names.txt", "nl_surnames.txt", "nl_surname_words.txt"):
        first_line = resources.files("scanners.data").joinpath(name).read_text().splitlines()[0]
        assert "compiled for avgscan, EUPL-1.2" in first_line
    assert not (recognizer.surnames & recognizer.surname_words)  # a word is never a bare name


@pytest.mark.parametrize(
    "text, expected",
    [
        # where the structure puts a name, it need not be in a gazetteer
        ("Bel uw consulent Megzan van de Vlierden op 06", ["Megzan van de Vlierden"]),
        ("Naam: Qiro Bos", ["Qiro Bos"]),
        ("Zoon Tjabbe (8 jr) zit op school", ["Tjabbe"]),
        ("Huisbezoek bij Yrsa (bsn volgt)", ["Yrsa"]),
        ("Met vriendelijke groet,\nKwabena Oduro\nStraatweg 14", ["Kwabena Oduro"]),
        ("Met vriendelijke groet,\n\nR. Elliston\nConsulent Wmo", ["R. Elliston"]),
        ("Journaal Wmo - 25-11-2023 - Lyra\nHuisbezoek", ["Lyra"]),
        ("Notitie 3 maart 2024 door Tamsin Ouwerkerk\n", ["Tamsin Ouwerkerk"]),
        # structure without a name
        ("De cliënt Wmo belde", []),
        ("Met vriendelijke groet,\n\nGemeente Voorbeeld\n", []),
        ("Naam: onbekend", []),
        ("Journaal Wmo - 25-11-2023 - Afdeling Sociaal Domein\n", []),
        # a name found once is a name when the text uses a part of it again
        ("Gesprek met Omarin Mensaho. Omarin heeft schulden.", ["Omarin Mensaho", "Omarin"]),
        ("dhr. Kwakernaat belde. Kwakernaat heeft schulden.", ["Kwakernaat", "Kwakernaat"]),
        # a lone gazetteer word is no such evidence
        ("Fatima. De Bakker aan de overkant.", ["Fatima"]),
    ],
)
def test_names_placed_by_structure(recognizer, text, expected):
    assert found(recognizer, text) == expected
