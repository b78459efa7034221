"""Lexicon files: validated, permissively licensed, and their person/mention/negation rules."""

from pathlib import Path

import pytest
import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts

from scanners.recognizers.lexicon import (
    Lexicon,
    LexiconError,
    LexiconRecognizer,
    load_lexicon,
    load_shared_cues,
    shipped_lexicons,
)
from scanners.recognizers.nl import (
    NlCriminalDataRecognizer,
    NlFinancialSituationRecognizer,
    NlHealthRecognizer,
    NlReligionRecognizer,
)

REPORTED = 0.4  # scanners.scan.MIN_RESULT_SCORE
CATEGORIES = {
    "SPECIAL_HEALTH", "SPECIAL_ETHNICITY", "SPECIAL_POLITICAL", "SPECIAL_RELIGION",
    "SPECIAL_TRADE_UNION", "SPECIAL_SEXUAL_ORIENTATION", "SPECIAL_GENETIC", "SPECIAL_BIOMETRIC",
    "CRIMINAL_DATA", "FINANCIAL_SITUATION",
}  # fmt: skip


def reported(recognizer, text):
    results = recognizer.analyze(text, recognizer.supported_entities)
    return sorted(text[r.start : r.end] for r in results if r.score >= REPORTED)


# -- the files -------------------------------------------------------------------------------


def test_one_shipped_lexicon_per_category():
    entities = [load_lexicon(path).entity for path in shipped_lexicons()]
    assert sorted(entities) == sorted(CATEGORIES)


@pytest.mark.parametrize("path", shipped_lexicons(), ids=lambda p: p.name)
def test_shipped_lexicons_name_source_and_permissive_licence(path):
    lexicon = load_lexicon(path)
    assert lexicon.source == "avgscan, written for this project"
    assert lexicon.licence == "EUPL-1.2"
    assert lexicon.context  # weak terms can be lifted by something


def test_shared_cues_load():
    cues = load_shared_cues()
    assert "cliënt" in cues.person_cues and "geen" in cues.negation_cues
    assert "privacybeleid" in cues.mention_cues


def test_health_lexicon_has_wmo_and_jeugdwet_vocabulary():
    forms = set(load_lexicon(shipped_lexicons()[0].parent / "health.yaml").strong_forms())
    wmo = {
        "huishoudelijke ondersteuning", "begeleiding individueel", "begeleiding groep",
        "dagbesteding", "beschermd wonen", "maatschappelijke opvang", "woningaanpassing",
        "traplift", "scootmobiel*", "rolstoel*", "pgb", "jeugd-ggz", "pleegzorg", "gezinshuis",
        "keukentafelgesprek*", "ciz", "wlz",
    }  # fmt: skip
    assert wmo <= forms


MINIMAL = "entity: X_TEST\nsource: own\nlicence: EUPL-1.2\nterms: [foo]\n"


@pytest.mark.parametrize(
    "text, message",
    [
        ("entity: [", "not valid YAML"),
        (MINIMAL.replace("licence: EUPL-1.2", "licence: GPL-3.0"), "permissive"),
        (MINIMAL.replace("source: own\n", ""), "source"),
        (MINIMAL.replace("terms: [foo]", "terms: []"), "needs terms"),
        (MINIMAL + "non_personal_patterns: ['(unclosed']\n", "invalid regex"),
        (MINIMAL + "patterns: [{name: p, regex: '[a-', score: 0.5}]\n", "invalid regex"),
        (MINIMAL + "person_requird: true\n", "person_requird"),
        (MINIMAL.replace("X_TEST", "lower case"), "entity"),
        (MINIMAL + "weak_terms: ['  ']\n", "empty term"),
    ],
)
def test_broken_lexicon_is_a_loud_error(tmp_path, text, message):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(LexiconError, match=message) as info:
        load_lexicon(path)
    assert str(path) in str(info.value)


def test_missing_lexicon_is_an_error(tmp_path):
    with pytest.raises(LexiconError, match="cannot read"):
        load_lexicon(tmp_path / "nope.yaml")


# -- the rules, table-driven over the categories that carry them --------------------------------

HEALTH = NlHealthRecognizer()
RELIGION = NlReligionRecognizer()
CRIMINAL = NlCriminalDataRecognizer()
FINANCIAL = NlFinancialSituationRecognizer()
LONG_NO_PERSON = " Dat staat in de folder die iedere maand in de hal van het gemeentehuis ligt."


@pytest.mark.parametrize(
    "recognizer, text, expected",
    [
        # negation: still data about a person where the lexicon says so
        (CRIMINAL, "Betrokkene heeft geen strafblad", ["strafblad"]),
        (CRIMINAL, "Aanvrager is nooit veroordeeld", ["veroordeeld"]),
        (HEALTH, "Cliënt heeft geen diabetes", ["diabetes"]),
        (FINANCIAL, "Zij heeft geen schulden", ["schulden"]),
        # a person in reach: pronoun, role, relation or salutation
        (
            HEALTH,
            "Mevrouw heeft sinds het voorjaar last van een depressie." + LONG_NO_PERSON,
            ["depressie"],
        ),
        (
            HEALTH,
            "Haar zoon gaat drie dagen per week naar de dagbesteding." + LONG_NO_PERSON,
            ["dagbesteding"],
        ),
        (
            FINANCIAL,
            "Uw aanvraag voor bijzondere bijstand is ontvangen." + LONG_NO_PERSON,
            ["bijzondere bijstand"],
        ),
        # no person in reach in a longer text: a brochure, not a file about someone
        (
            HEALTH,
            "Wie diabetes heeft, kan bij de huisarts een cursus over voeding volgen."
            + LONG_NO_PERSON,
            [],
        ),
        (
            FINANCIAL,
            "Voor schuldhulpverlening kunt u terecht" + LONG_NO_PERSON,
            ["schuldhulpverlening"],
        ),  # "u" is a person cue: a letter to someone
        # non-personal use: places and buildings
        (RELIGION, "De kerk aan de Markt is gerestaureerd", []),
        (RELIGION, "Parkeren aan de Kerkstraat", []),
        (RELIGION, "Hij bezoekt de moskee aan de Kanaalweg", []),
        (RELIGION, "Betrokkene is moslim", ["moslim"]),
        (HEALTH, "De GGZ-instelling aan de Stationsweg", []),
        (HEALTH, "Zorgloket Wmo en jeugd, maandag open", []),
        # a policy text mentions a category; it holds no data of one
        (HEALTH, "Gezondheidsgegevens zoals diabetes worden beveiligd opgeslagen.", []),
        (HEALTH, "Ons privacybeleid noemt dagbesteding en pgb als voorbeelden.", []),
        (HEALTH, "Categorieën persoonsgegevens: NAW, BSN, medicatie", []),
        (CRIMINAL, "Strafrechtelijke gegevens (art. 10 AVG) zoals een strafblad", []),
        (HEALTH, "Privacybeleid. Cliënt heeft diabetes.", ["diabetes"]),  # next sentence
    ],
)
def test_person_negation_non_personal_and_mention_rules(recognizer, text, expected):
    assert reported(recognizer, text) == expected


@pytest.fixture(scope="module")
def analyzer():
    from scanners import build_analyzer

    return build_analyzer()


@pytest.mark.parametrize(
    "text, context, found",
    [
        # a name found by the person recognizer is a person in reach
        (
            "Gesprek met Jan de Vries over zijn verslaving en de gevolgen daarvan voor het werk.",
            [],
            True,
        ),
        (
            "Het gesprek ging over de gevolgen van verslaving voor het werk in de wijk en de stad.",
            [],
            False,
        ),
        # a column value belongs to a record: the record is the person
        (
            "Heeft last van een verslaving sinds het ontslag, volgt nu een traject.",
            ["notities"],
            True,
        ),
    ],
)
def test_person_in_reach_through_analyzer(analyzer, text, context, found):
    results = analyzer.analyze(text, language="nl", context=context)  # all recognizers run
    health = [r for r in results if r.entity_type == "SPECIAL_HEALTH"]
    assert any(r.score >= REPORTED for r in health) is found


def test_lemma_of_a_trained_pipeline_counts():
    """A lemmatizer maps an inflection the lexicon does not list onto a term (blank:nl has none,
    so the lemmas are given here as a trained pipeline would)."""
    recognizer = LexiconRecognizer(
        lexicon=Lexicon(entity="X_TEST", source="own", licence="EUPL-1.2", terms=["wandelen"])
    )
    doc = spacy.blank("nl")("zij wandelde")
    artifacts = NlpArtifacts(
        entities=[], tokens=doc, tokens_indices=[t.idx for t in doc],
        lemmas=["zij", "wandelen"], nlp_engine=None, language="nl",
    )  # fmt: skip
    assert recognizer.analyze("zij wandelde", ["X_TEST"]) == []
    results = recognizer.analyze("zij wandelde", ["X_TEST"], artifacts)
    assert [(r.start, r.end) for r in results] == [(4, 12)]


def test_custom_lexicon_instance_from_a_file(tmp_path: Path):
    path = tmp_path / "projecten.yaml"
    path.write_text(MINIMAL.replace("[foo]", "[geheim project*]"), encoding="utf-8")
    recognizer = LexiconRecognizer(lexicon=load_lexicon(path), name="Projecten")
    assert reported(recognizer, "Over het geheim projectplan") == ["geheim projectplan"]
    assert recognizer.name == "Projecten"
