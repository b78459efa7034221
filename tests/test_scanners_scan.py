"""scan_values / scan_text / mask on synthetic data: findings hold counts and masked evidence."""

import logging
import random

import pytest
from faker import Faker

import scanners.scan as scan_module
from scanners import ScanError, build_analyzer, mask, scan_text, scan_values
from scanners.scan import analyze_text, column_confidence, column_is_reported, context_words


def make_bsn(rng: random.Random) -> str:
    while True:
        head = [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip(range(9, 1, -1), head, strict=True)) % 11
        if check < 10 and any(head):
            return "".join(map(str, head)) + str(check)


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer()


@pytest.fixture(scope="module")
def rng():
    return random.Random(1984)


def by_type(findings):
    return {f.entity_type: f for f in findings}


def assert_no_raw_values(findings, raw_values):
    for finding in findings:
        for evidence in finding.evidence:
            for raw in raw_values:
                if len(raw) >= 4 and finding.entity_type not in scan_module_lexicon_entities():
                    assert raw not in evidence


def scan_module_lexicon_entities():
    from scanners.masking import LEXICON_ENTITIES

    return LEXICON_ENTITIES


# -- columns --------------------------------------------------------------------------------


def test_bsn_column(analyzer, rng):
    values = [make_bsn(rng) for _ in range(50)]
    findings = by_type(scan_values(analyzer, values, context=["klant_bsn"]))
    bsn = findings["NL_BSN"]
    assert (bsn.hits, bsn.sampled) == (50, 50)
    assert bsn.confidence >= 0.8
    assert 1 <= len(bsn.evidence) <= 3
    assert all(e.endswith("*****") and len(e) == 9 for e in bsn.evidence)
    assert_no_raw_values(findings.values(), values)


def test_random_nine_digit_numbers_are_not_a_bsn_column(analyzer, rng):
    values = [str(rng.randint(100_000_000, 999_999_999)) for _ in range(300)]
    findings = by_type(scan_values(analyzer, values, context=["ordernummer"]))
    assert "NL_BSN" not in findings  # ~1 in 11 pass the 11-proef, at a low score


def test_email_column(analyzer):
    fake = Faker("nl_NL")
    Faker.seed(7)
    values = [fake.email() for _ in range(40)]
    findings = by_type(scan_values(analyzer, values, context=["emailAdres"]))
    email = findings["EMAIL_ADDRESS"]
    assert email.hits == 40
    assert all("***@" in e for e in email.evidence)
    assert_no_raw_values(findings.values(), values)


def test_name_columns(analyzer):
    fake = Faker("nl_NL")
    Faker.seed(11)
    names = ["Jan de Vries", "Vries, J. de", "Fatima Yilmaz", "J.P. Jansen", "Anna Bakker"] * 4
    findings = by_type(scan_values(analyzer, names, context=["naam"]))
    assert findings["PERSON"].hits == 20
    assert_no_raw_values(findings.values(), names)
    first = [fake.first_name() for _ in range(30)]
    first_findings = by_type(scan_values(analyzer, first, context=["voornaam"]))
    assert "PERSON" in first_findings  # bare first names count with the column name as context


def test_notes_column_with_some_health_terms_is_reported(analyzer):
    notes = (
        ["Telefonisch contact gehad, afspraak gemaakt."] * 80
        + [
            "Cliënt heeft diabetes en krijgt huishoudelijke hulp.",
            "Gesprek over dagbesteding.",
            "Sinds maart depressieve klachten, verwezen naar huisarts.",
            "Aanvraag rolstoel via Wmo.",
            "Burn-out, ziekteverzuim sinds januari.",
        ]
        + ["Brief verstuurd."] * 15
    )
    findings = by_type(scan_values(analyzer, notes, context=["notities"]))
    health = findings["SPECIAL_HEALTH"]
    assert health.hits == 5 and health.sampled == 100
    assert 0.3 <= health.confidence < 0.6  # a few mentions: about half the strength
    assert set(health.evidence) <= {
        "diabetes",
        "dagbesteding",
        "rolstoel",
        "burn-out",
        "huishoudelijke hulp",
        "depressieve",
    }


def test_product_codes_have_no_personal_data(analyzer, rng):
    codes = [
        f"PRD-{rng.randint(1000, 9999)}-{rng.choice('ABCDEFGH')}{rng.randint(10, 99)}"
        for _ in range(500)
    ]
    codes += [f"SKU{rng.randint(10**7, 10**8 - 1)}" for _ in range(500)]
    assert scan_values(analyzer, codes, context=["product_code"]) == []


def test_one_stray_weak_match_in_1000_rows_is_not_reported(analyzer, rng):
    values = [f"ORD{rng.randint(10**5, 10**6 - 1)}" for _ in range(999)] + ["Jansen"]
    findings = by_type(scan_values(analyzer, values, context=["omschrijving"]))
    assert "PERSON" not in findings


def test_duplicates_are_analyzed_once_and_counted_each_time(analyzer, monkeypatch):
    from scanners.cell import CellAnalysis

    calls = []
    original = CellAnalysis.analyze

    def counting(*args, **kwargs):
        calls.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(CellAnalysis, "analyze", counting)
    values = ["j.devries@example.nl"] * 30 + ["", "   "]
    email = by_type(scan_values(analyzer, values, context=["email"]))["EMAIL_ADDRESS"]
    assert (email.hits, email.sampled) == (30, 32)
    assert len(calls) == 1


def test_date_of_birth_needs_context(analyzer):
    dates = ["12-03-1984", "01-11-1975", "30-06-2001", "5 mei 1990"] * 5
    assert "DATE_OF_BIRTH" in by_type(scan_values(analyzer, dates, context=["geb_datum"]))
    assert "DATE_OF_BIRTH" not in by_type(scan_values(analyzer, dates, context=["factuurdatum"]))


def test_unsupported_language_is_rejected(analyzer):
    with pytest.raises(ValueError, match="not supported"):
        scan_values(analyzer, ["x"], context=[], language="en")


@pytest.mark.parametrize(
    "hits, sampled, strength, reported",
    [
        (1, 1000, 0.4, False),  # one stray weak match
        (1, 1000, 0.6, False),
        (1, 1000, 0.9, True),  # one validated identifier (IBAN, BSN with context)
        (2, 1000, 0.6, True),  # free text with confident matches
        (30, 1000, 0.5, False),
        (300, 1000, 0.4, False),  # neutral name: a third is not enough for a structured column
        (600, 1000, 0.4, True),  # structured column
        (1, 5, 0.5, False),
        (2, 2, 0.4, True),
        (0, 10, 0.0, False),
    ],
)
def test_column_rule_for_a_neutral_name(hits, sampled, strength, reported):
    assert column_is_reported("PERSON", hits, sampled, strength) is reported


def test_column_confidence():
    assert column_confidence(100, 100, 0.9) == pytest.approx(0.9)
    assert column_confidence(50, 100, 0.9) == pytest.approx(0.9)
    assert column_confidence(1, 1000, 0.9) == pytest.approx(0.4518, abs=1e-3)


def test_context_words():
    assert context_words(["geb_datum"]) == ["geb", "datum", "gebdatum", "geboren"]
    assert context_words(["klantBSN"]) == ["klant", "bsn", "klantbsn"]
    assert context_words(["public.clienten.telefoonNummer"])[-1] == "publiccliententelefoonnummer"


# -- documents ------------------------------------------------------------------------------

LETTER = """Gemeente Voorbeeld
Afdeling Sociaal Domein

Geachte mevrouw Bakker,

Op 12 maart hebben wij uw aanvraag voor huishoudelijke hulp en een rolstoel ontvangen.
Uw gegevens: BSN 111.222.333, geboren op 12-03-1984, Dorpsstraat 1, 9999 ZZ Voorbeeld.
Telefoon 06-12345678, e-mail a.bakker@example.nl, IBAN NL91 ABNA 0417 1643 00.
Uw consulent, Jan de Vries, neemt contact met u op.

Met vriendelijke groet,
J.P. Jansen
"""


def test_letter(analyzer):
    findings = by_type(scan_text(analyzer, LETTER))
    assert {
        "NL_BSN",
        "PERSON",
        "SPECIAL_HEALTH",
        "DATE_OF_BIRTH",
        "NL_POSTCODE",
        "PHONE_NUMBER",
        "EMAIL_ADDRESS",
        "IBAN_CODE",
    } <= set(findings)
    assert findings["PERSON"].hits == 3
    assert findings["SPECIAL_HEALTH"].hits == 2
    assert findings["NL_BSN"].evidence == ("1112*****",)
    assert all(f.sampled == 1 for f in findings.values())
    raw = [
        "111.222.333",
        "111222333",
        "a.bakker@example.nl",
        "06-12345678",
        "Bakker",
        "NL91 ABNA 0417 1643 00",
        "12-03-1984",
        "9999 ZZ",
        "Jan de Vries",
        "Jansen",
    ]
    for finding in findings.values():
        for evidence in finding.evidence:
            assert not any(r in evidence for r in raw)


@pytest.mark.parametrize("shift", range(-12, 13, 3))
def test_entities_on_a_chunk_border_are_found_once(analyzer, monkeypatch, shift):
    monkeypatch.setattr(scan_module, "CHUNK_CHARS", 400)
    monkeypatch.setattr(scan_module, "CHUNK_OVERLAP", 60)
    filler = "Dit is een zin zonder gegevens. "
    head = (filler * 20)[: 400 - 10 + shift]
    text = head + "mail j.devries@example.nl en BSN 111222333 graag. " + filler * 20
    findings = by_type(scan_text(analyzer, text))
    assert findings["EMAIL_ADDRESS"].hits == 1
    assert findings["NL_BSN"].hits == 1


def test_letter_fingerprints_only_with_a_key(analyzer):
    key = b"0123456789abcdef0123"
    keyed = by_type(scan_text(analyzer, LETTER, hmac_key=key))
    assert len(keyed["NL_BSN"].fingerprints) == 1
    assert keyed["EMAIL_ADDRESS"].fingerprints
    assert keyed["SPECIAL_HEALTH"].fingerprints == ()  # a word of our list, not a value
    same_bsn = by_type(scan_text(analyzer, "Uw BSN is 111222333.", hmac_key=key))
    assert same_bsn["NL_BSN"].fingerprints == keyed["NL_BSN"].fingerprints
    everything = " ".join(fp for f in keyed.values() for fp in f.fingerprints)
    assert "111222333" not in everything and "111.222.333" not in everything
    assert all(f.fingerprints == () for f in scan_text(analyzer, LETTER))


def test_long_document_counts_every_occurrence(analyzer, monkeypatch):
    monkeypatch.setattr(scan_module, "CHUNK_CHARS", 500)
    monkeypatch.setattr(scan_module, "CHUNK_OVERLAP", 50)
    text = " ".join(f"Regel {i}: contact via persoon{i}@example.nl." for i in range(200))
    assert by_type(scan_text(analyzer, text))["EMAIL_ADDRESS"].hits == 200


def test_failure_message_and_logs_hold_no_value(analyzer, monkeypatch, caplog):
    secret = "111222333"

    def boom(*args, **kwargs):
        raise ValueError(f"Did not find word '{secret}'")

    monkeypatch.setattr(analyzer, "analyze", boom)
    with caplog.at_level(logging.DEBUG), pytest.raises(ScanError) as info:
        scan_text(analyzer, f"BSN {secret}")
    assert secret not in str(info.value)
    assert info.value.__cause__ is None
    assert secret not in caplog.text


def test_nothing_logged_holds_a_value(analyzer, caplog, rng):
    values = [make_bsn(rng) for _ in range(20)]
    with caplog.at_level(logging.DEBUG):
        scan_values(analyzer, values, context=["bsn"])
        scan_text(analyzer, LETTER)
    for raw in [*values, "Bakker", "111.222.333", "a.bakker@example.nl"]:
        assert raw not in caplog.text


# -- masking --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "entity, value, expected",
    [
        ("NL_BSN", "123456782", "1234*****"),
        ("NL_BSN", "123.456.782", "1234*****"),
        ("NL_BSN", "12345672", "123*****"),
        ("EMAIL_ADDRESS", "j.devries@Example.nl", "j***@example.nl"),
        ("EMAIL_ADDRESS", "j@x.nl", "j***@x.nl"),
        ("IBAN_CODE", "NL91ABNA0417164300", "NL** **** **** **43 00"),
        ("IBAN_CODE", "NL91 ABNA 0417 1643 00", "NL** **** **** **43 00"),
        ("PHONE_NUMBER", "06-12345678", "06******78"),
        ("PHONE_NUMBER", "+31 6 12345678", "31*******78"),
        ("NL_POSTCODE", "1234 AB", "1234 **"),
        ("PERSON", "Jan de Vries", "J*** d* V***"),
        ("PERSON", "Vries, J. de", "V***, J. d*"),
        ("DATE_OF_BIRTH", "12-03-1984", "**-**-****"),
        ("DATE_OF_BIRTH", "12 maart 1984", "** ***** ****"),
        ("SPECIAL_HEALTH", "Diabetes", "diabetes"),
        ("UNKNOWN", "geheim", "******"),
        ("PERSON", "J.", "**"),
    ],
)
def test_mask(entity, value, expected):
    assert mask(entity, value) == expected


@pytest.mark.parametrize(
    "entity",
    [
        "NL_BSN",
        "IBAN_CODE",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "NL_POSTCODE",
        "PERSON",
        "DATE_OF_BIRTH",
        "CREDIT_CARD",
        "NL_ID_DOCUMENT",
        "SOMETHING_ELSE",
    ],
)
@pytest.mark.parametrize(
    "value", ["123456782", "a", "ab", "x@y.nl", "NL91ABNA0417164300", "Jan", "4111 1111 1111 1111"]
)
def test_mask_never_returns_the_raw_value(entity, value):
    masked = mask(entity, value)
    assert masked != value
    assert masked


SPREADSHEET = """Export clienten
Naam;BSN;Geboortedatum;Telefoon;Ordernr;Bedrag
Qiro Bos;111222333;23/01/1990;06 79 79 04 85;123456782;12,50
Anna Jansen;123456782;4 maart 1961;0612345678;111222333;7,00
"""


def test_spreadsheet_cells_get_their_header_as_context(analyzer):
    spans = analyze_text(analyzer, SPREADSHEET)
    found = sorted((s.entity_type, SPREADSHEET[s.start : s.end]) for s in spans)
    assert found == [
        ("DATE_OF_BIRTH", "23/01/1990"),
        ("DATE_OF_BIRTH", "4 maart 1961"),
        ("NL_BSN", "111222333"),  # the BSN column; the same number as Ordernr is not one
        ("NL_BSN", "123456782"),
        ("PERSON", "Anna Jansen"),
        ("PERSON", "Qiro Bos"),
        ("PHONE_NUMBER", "06 79 79 04 85"),
        ("PHONE_NUMBER", "0612345678"),
    ]
    rows = SPREADSHEET.splitlines(keepends=True)
    bsn_cells = {
        sum(map(len, rows[:line])) + rows[line].index(";") + 1 for line in (2, 3)
    }  # second cell of each body row
    assert {s.start for s in spans if s.entity_type == "NL_BSN"} == bsn_cells


def test_a_table_is_no_context_for_the_prose_around_it(analyzer):
    """A table is read column by column, each cell with its own header; its header and
    cells are not read again as prose, so "Geboortedatum" in the header, or "geboren" in
    a cell, does not make the date of the letter after the table a date of birth."""
    table = "Naam;Geboortedatum;Opmerking\nQiro Bos;23/01/1990;geboren in Urk\n"
    letter = "\nVerslag van het gesprek op 4 maart 2021 in het gemeentehuis.\n"
    spans = analyze_text(analyzer, table + letter)
    found = sorted(
        ((table + letter)[s.start : s.end], s.entity_type) for s in spans if s.score >= 0.4
    )
    assert ("4 maart 2021", "DATE_OF_BIRTH") not in found
    assert ("23/01/1990", "DATE_OF_BIRTH") in found  # the cell, with its header
    # the same words in prose right before the date do count as its context
    prose = "Zij is geboren in Urk.\nVerslag van het gesprek op 4 maart 2021.\n"
    assert any(
        prose[s.start : s.end] == "4 maart 2021" and s.entity_type == "DATE_OF_BIRTH"
        for s in analyze_text(analyzer, prose)
    )
