"""The prefilter is exact: skipping what it skips changes no result and no finding.

Behaviour only, nothing timed (the speed is measured by benchmarks/performance.py).
"""

from __future__ import annotations

import random

import pytest
from faker import Faker

from benchmarks.corpus import generate
from scanners import build_analyzer
from scanners.prefilter import Prefilter, prefilter_for
from scanners.recognizers.nl.nl_phone_recognizer import NlPhoneRecognizer
from scanners.scan import analyze_text, scan_values, scan_values_per_cell

# Values that sit close to a condition's edge: names in capitals, a title or role with an
# unknown name, Unicode digits, a dated journal line, lexicon terms, nothing at all.
EDGE_VALUES = [
    "JANSEN",
    "J. DE VRIES",
    "dhr. Xylofoon",
    "Naam: Quirijn Zwartkop",
    "Met vriendelijke groet,\nQuirijn Zwartkop",
    "Journaal Wmo - 12-03-2024 - Quirijn",
    "Bakker, J.",
    "van Dijk",
    "٠٦١٢٣٤٥٦٧٨",
    "06-12345678",
    "(010) 123 4567",
    "tel 12x345",
    "0031-6-1234 5678 toestel 12",
    "+31 6 1234 5678",
    "12",
    "PRD-1234-A12",
    "afgehandeld",
    "diabetes",
    "schuldsanering",
    "NL91ABNA0417164300",
    "1234 AB",
    "AB-12-CD",
    "192.168.1.10",
    "8.8.8.8",
    "Factuur betaald via incasso.",
    "12345,67",
    "€ 1.234.567,89",
    "09-03-1984",
    "0800 1234",
    "14020",
    "+44 20 7946 0958",
    "0044 20 7946 0958",
    "",
    " ",
]


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer()


def _values() -> list[str]:
    fake = Faker("nl_NL")
    fake.seed_instance(7)
    corpus = generate(seed=7, n_documents=0, rows=25)
    values = [v for column in corpus.columns for v in column.values]
    values += [fake.name() for _ in range(40)] + [fake.address() for _ in range(20)]
    values += [fake.sentence() for _ in range(40)] + [fake.company() for _ in range(20)]
    return values + EDGE_VALUES


def _key(results):
    return sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in results)


def test_only_the_recognizers_the_prefilter_names_can_find_anything(analyzer):
    prefilter = prefilter_for(analyzer)
    skipped = 0
    for value in _values():
        entities = prefilter.entities(value)
        everything = analyzer.analyze(text=value, language="nl", context=["kolom"])
        if not entities:
            skipped += 1
            assert everything == []
            continue
        assert {r.entity_type for r in everything} <= set(entities)
        chosen = analyzer.analyze(text=value, language="nl", entities=entities, context=["kolom"])
        assert _key(chosen) == _key(everything)
    assert skipped > 0  # the prefilter does skip values, or this test proves nothing


def test_the_prefilter_skips_values_no_recognizer_can_match(analyzer):
    prefilter = prefilter_for(analyzer)
    assert prefilter.entities("afgehandeld") == []
    assert prefilter.entities("PRD-1234-A12") == []
    assert "PERSON" in prefilter.entities("JANSEN")
    assert "PERSON" in prefilter.entities("Naam: Quirijn Zwartkop")
    assert "PHONE_NUMBER" in prefilter.entities("٠٦١٢٣٤٥٦٧٨")


def test_the_prefilter_is_built_once_per_analyzer(analyzer):
    assert prefilter_for(analyzer) is prefilter_for(analyzer)


@pytest.mark.parametrize("seed", [3, 11])
def test_column_scan_equals_the_per_cell_presidio_loop(analyzer, seed):
    corpus = generate(seed=seed, n_documents=0, rows=40)
    for column in corpus.columns:
        context = [column.name, column.table]
        fast = scan_values(analyzer, list(column.values), context=context, hmac_key=b"k" * 32)
        slow = scan_values_per_cell(
            analyzer, list(column.values), context=context, hmac_key=b"k" * 32
        )
        assert fast == slow, column.name


def _phone_shaped_values(rng: random.Random) -> list[str]:
    """Numbers around the phone condition's edges: amounts, dates, codes and real-shaped
    numbers in many notations, also random digit strings of every length with separators."""
    fake = Faker("nl_NL")
    fake.seed_instance(rng.randrange(10**6))
    values = [fake.phone_number() for _ in range(150)]
    values += [f"{rng.uniform(0, 10**6):.2f}".replace(".", ",") for _ in range(60)]
    values += [f"{rng.randrange(10**7):,}".replace(",", ".") + ",00" for _ in range(40)]
    values += [
        fake.date(pattern=p) for p in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y") for _ in range(30)
    ]
    values += [fake.postcode() for _ in range(20)]
    prefixes = [
        "",
        "0",
        "00",
        "+",
        "31",
        "0031",
        "+31",
        "+44 ",
        "+32 ",
        "06",
        "0800",
        "0900",
        "140",
        "0140",
        "085",
        "088",
        "097",
        "8",
        "9",
        "(0)",
        "+31 (0)",
    ]
    separators = ["", " ", "-", ".", "/", "  ", " - ", "x", ","]
    # glued letters (phonenumbers drops a valid number between letters) and extensions
    wrappers = [
        "{}",
        "{}",
        "{}",
        "abc{}",
        "{}def",
        "{}ext5",
        "{} ext. 12",
        "{}x12",
        "{}#3",
        "{}a",
        "tel:{}",
        "(0){}",
        "nr{}b",
        "{}%",
        "€{}",
        "{}/x",
        "{}/0612345678",
    ]
    # hashes, identifiers and amounts with long digit runs, glued 06 numbers, runs longer
    # than phonenumbers' 20-digit block
    values += [fake.sha1()[: rng.randrange(9, 41)] for _ in range(150)]
    values += [fake.uuid4() for _ in range(100)] + [fake.md5() for _ in range(50)]
    values += [f"{rng.uniform(0, 10**6):.2f}" for _ in range(60)]
    values += [f"{rng.choice('abcdefx')}06{rng.randrange(10**8):08d}{rng.choice('bcdf')}"
               for _ in range(30)]  # fmt: skip
    values += [f"{rng.choice('ab')}{rng.randrange(10**24):024d}{n}"
               for n in ("14015", "0612345678", "8001234", "")]  # fmt: skip
    for _ in range(1500):
        digits = "".join(rng.choice("0123456789") for _ in range(rng.randrange(2, 13)))
        sep = rng.choice(separators)
        cut = rng.randrange(len(digits) + 1)
        number = rng.choice(prefixes) + digits[:cut] + sep + digits[cut:]
        values.append(rng.choice(wrappers).format(number))
    return values


@pytest.mark.parametrize("seed", [1, 2])
def test_the_phone_condition_holds_for_every_number_the_recognizer_reports(seed):
    recognizer = NlPhoneRecognizer()
    patterns = recognizer.candidate_patterns()
    reported = 0
    for value in _phone_shaped_values(random.Random(seed)):
        if recognizer.analyze(value, ["PHONE_NUMBER"]):
            reported += 1
            assert any(p.search(value) for p in patterns), "a reported number was skipped"
    assert reported > 100  # the generator does produce numbers, or this test proves nothing


@pytest.mark.parametrize(
    "value",
    [
        "12345,67",
        "€ 1.234,56",
        "100.000,00",
        "12-03-1984",
        "1984-03-12",
        "1234 AB",
        "ORD-123456",
        "2024",
        "13:45",
        "1.5",
        "84810.21",
        "242a90375f1faac8d861037612134694d69e0963",
        "bf3b169e-0964-4728-b4d2-295ff809ca35",
        "269422753",  # a BSN; as a phone number it would need its 0 in front
        "612345678",
        "4029081063",
        "NL03BUNQ2150693323",
    ],
)
def test_amounts_dates_and_codes_do_not_meet_the_phone_condition(value):
    assert not any(p.search(value) for p in NlPhoneRecognizer().candidate_patterns())


@pytest.mark.parametrize(
    "value",
    [
        "06-12345678",
        "06 1234 5678",
        "010-1234567",
        "+31 6 12345678",
        "0031 6 12345678",
        "+44 20 7946 0958",
        "0800-1234",
        "0900 123 4567",
        "14 020",
        "31 6 12345678",
        "(020) 123 4567",
        "06 79 79 04 85",  # a possible mobile number in a block not in use
    ],
)
def test_phone_numbers_meet_the_phone_condition(value):
    assert any(p.search(value) for p in NlPhoneRecognizer().candidate_patterns())


def test_the_person_cue_tree_matches_exactly_where_the_cue_alternation_does():
    from scanners.recognizers.nl.nl_person_recognizer import _CANDIDATE_CUES, _CUES

    values = _values() + [f"{cue} x" for cue in ("MEVR.", "De  Heer", "Cliënt", "mw", "Mwah")]
    met = 0
    for value in values:
        met += bool(_CUES.search(value))
        assert bool(_CANDIDATE_CUES.search(value)) == bool(_CUES.search(value)), value
    assert 0 < met < len(values)


def test_the_lexicon_term_trees_match_exactly_where_the_term_alternations_do(analyzer):
    lexicons = [r for r in analyzer.registry.recognizers if hasattr(r, "lexicon")]
    assert lexicons
    for recognizer in lexicons:
        plain = [pattern for _, pattern in recognizer._patterns]
        trees = recognizer.candidate_patterns()[: len(plain)]
        terms = [t.rstrip("*") for t in recognizer.lexicon.weak_terms]
        terms += list(recognizer.lexicon.strong_forms())
        values = _values() + terms + [f"x {t.upper()}en, y" for t in terms]
        values += [f"{t}x" for t in terms] + [f"a{t} b" for t in terms]
        for tree, pattern in zip(trees, plain, strict=True):
            met = 0
            for value in values:
                met += bool(pattern.search(value))
                assert bool(tree.search(value)) == bool(pattern.search(value)), value
            assert met > 0


def test_tokens_matter_only_where_a_context_word_is_in_the_value(analyzer):
    prefilter = prefilter_for(analyzer)
    assert not prefilter.tokens_matter("0612345678", ["PHONE_NUMBER"])
    assert prefilter.tokens_matter("tel. 0612345678", ["PHONE_NUMBER"])
    assert prefilter.tokens_matter("mobiel:0612345678", ["PHONE_NUMBER"])
    assert prefilter.tokens_matter("Çelik 0612345678", ["PHONE_NUMBER"])  # not ASCII: always


@pytest.mark.parametrize(
    "values",
    [
        ["tel 0612345678", "0612345678", "bel 010-1234567", "nummer: 06 1234 5678"],
        ["BSN 111222333", "burgerservicenummer 123456782", "123456782", "sofi:111222333"],
        ["geboren 12-03-1984", "12-03-1984", "geb. 1 mei 1990", "Geboortedatum: 02-02-2002"],
        ["E-mail: jan@voorbeeld.nl", "jan@gmail.com", "mail piet@example.org"],
    ],
)
def test_values_with_and_without_context_words_scan_as_per_cell(analyzer, values):
    """Values scored without their tokens (no context word in them) and with (one in them)
    give the same findings as the per-cell loop, in a neutral and in a telling column."""
    for context in (["kolom", "tabel"], ["omschrijving", "notities"], ["telefoon", "klant"]):
        fast = scan_values(analyzer, values * 3, context=context, hmac_key=b"k" * 32)
        slow = scan_values_per_cell(analyzer, values * 3, context=context, hmac_key=b"k" * 32)
        assert fast == slow, (context, values)


def _documents() -> list[str]:
    corpus = generate(seed=29, n_documents=80, rows=3)
    texts = [d.text for d in corpus.documents]
    return texts + EDGE_VALUES + ["\n".join(EDGE_VALUES), "\n\n".join(texts[:5])]


def test_a_documents_possible_entities_hold_every_entity_the_prefilter_names(analyzer):
    prefilter = prefilter_for(analyzer)
    narrowed = 0
    for text in _documents() + _values():
        possible = prefilter.possible_entities(text)
        if possible is None:
            assert not text.isascii()  # only a non-ASCII text goes unscreened
            continue
        assert set(prefilter.entities(text)) <= set(possible)
        narrowed += len(possible) < len(prefilter.context_words)
    assert narrowed > 50  # the screens do leave recognizers out


def test_document_scan_with_the_screens_equals_it_without(analyzer, monkeypatch):
    texts = _documents()
    screened = [analyze_text(analyzer, text) for text in texts]
    monkeypatch.setattr(Prefilter, "possible_entities", lambda self, text: None)
    assert [analyze_text(analyzer, text) for text in texts] == screened
    assert sum(len(spans) for spans in screened) > 500  # the documents hold findings
