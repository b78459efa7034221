"""Column classification: name rules, and name + values together on a decoy and a positive table."""

import hashlib
import random
import string
import uuid
from pathlib import Path

import pytest
from faker import Faker

from scanners import build_analyzer, scan_values
from scanners.columns import (
    NEUTRAL,
    ColumnRulesError,
    NameClass,
    classify_name,
    column_is_reported,
    load_rules,
    tokenise,
)

# -- synthetic generators (never real persons) -----------------------------------------------


def bsn(rng: random.Random) -> str:
    while True:
        head = [rng.randint(0, 9) for _ in range(8)]
        check = sum(w * d for w, d in zip(range(9, 1, -1), head, strict=True)) % 11
        if check < 10 and any(head):
            return "".join(map(str, head)) + str(check)


def passes_11_proef(number: str) -> bool:
    digits = [int(d) for d in number.zfill(9)]
    return (
        sum(w * d for w, d in zip(range(9, 1, -1), digits[:8], strict=True)) - digits[8]
    ) % 11 == 0


def order_numbers(rng: random.Random, n: int) -> list[str]:
    return [str(rng.randint(100_000_000, 999_999_999)) for _ in range(n)]


def iban(rng: random.Random) -> str:
    bank = rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO"])
    account = f"{rng.randint(0, 10**10 - 1):010d}"
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    check = 98 - int(numeric) % 97
    return f"NL{check:02d}{bank}{account}"


def birth_date(rng: random.Random) -> str:
    return f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(1935, 2010)}"


def iso_birth_date(rng: random.Random) -> str:
    return f"{rng.randint(1935, 2010)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"


@pytest.fixture(scope="module")
def analyzer():
    return build_analyzer()


def _table(kind: str, n: int = 60) -> list[str]:
    rng = random.Random(f"{kind}-2024")
    fake = Faker("nl_NL")
    fake.seed_instance(hash(kind) % 10_000)
    makers = {
        "bsn": lambda: bsn(rng),
        "bsn_few_invalid": lambda: (
            bsn(rng) if rng.random() > 0.1 else str(rng.randint(10**8, 10**9 - 1))
        ),
        "bsn_8_digits": lambda: bsn(rng).lstrip("0") if rng.random() > 0.5 else "0" + bsn(rng)[1:],
        "dates": lambda: birth_date(rng),
        "iso_dates": lambda: iso_birth_date(rng),
        "first_names": fake.first_name,
        "last_names": fake.last_name,
        "initials": lambda: (
            ".".join(rng.choice("ABCDEFGHJKLMNPRSTW") for _ in range(rng.randint(1, 3))) + "."
        ),
        "tussenvoegsels": lambda: rng.choice(
            ["van", "de", "van der", "van den", "ter", "", "", "", ""]
        ),
        "streets": fake.street_name,
        "house_numbers": lambda: str(rng.randint(1, 250)) + rng.choice(["", "", "a", "-2", " B"]),
        "postcodes": fake.postcode,
        "phones": lambda: rng.choice(["06-", "+31 6 ", "06"]) + f"{rng.randint(10**7, 10**8 - 1)}",
        "emails": fake.email,
        "ibans": lambda: iban(rng),
        "plates": lambda: rng.choice(["{}{}-{}{}-{}{}", "{}{}-{}{}{}-{}", "{}-{}{}{}-{}{}"]).format(
            *[rng.choice("BDFGHJKLNPRSTVXZ") if i % 2 else str(rng.randint(0, 9)) for i in range(6)]
        ),
        "diagnoses": lambda: rng.choice(
            [
                "Diabetes mellitus type 2",
                "COPD",
                "Depressie",
                "Dementie",
                "Autisme",
                "ADHD",
                "Beroerte (CVA)",
            ]
        ),
        "indications": lambda: rng.choice(
            [
                "Huishoudelijke hulp",
                "Begeleiding individueel",
                "Dagbesteding",
                "Beschermd wonen",
                "Rolstoel",
            ]
        ),
        "denominations": lambda: rng.choice(
            ["Rooms-Katholiek", "Protestantse Kerk in Nederland", "Islam", "Gereformeerd", "Geen"]
        ),
        "nationalities": lambda: rng.choice(
            ["Nederlandse", "Marokkaanse", "Turkse", "Surinaamse", "Poolse", "Syrische"]
        ),
        # decoys
        "order_numbers": lambda: order_numbers(rng, 1)[0],
        "product_codes": lambda: (
            f"PRD-{rng.randint(1000, 9999)}-{rng.choice('ABCDEFGH')}{rng.randint(10, 99)}"
        ),
        "uuids": lambda: str(uuid.UUID(int=rng.getrandbits(128))),
        "hashes": lambda: hashlib.sha1(str(rng.random()).encode()).hexdigest(),
        "amounts": lambda: f"{rng.randint(1, 99_999)},{rng.randint(0, 99):02d}",
        "booking_dates": lambda: (
            f"{rng.randint(1, 28):02d}-{rng.randint(1, 12):02d}-{rng.randint(2015, 2024)}"
        ),
        "municipalities": lambda: rng.choice(
            ["Utrecht", "Amersfoort", "Zwolle", "Den Haag", "Tilburg", "Bergen", "Ede", "Lochem"]
        ),
        "statuses": lambda: rng.choice(["open", "afgehandeld", "in behandeling", "vervallen"]),
        "policy_text": lambda: rng.choice(
            [
                "Aanvraag ontvangen en doorgestuurd naar team Vergunningen.",
                "Factuur betaald via automatische incasso.",
                "Levering gepland in week 12, magazijn Noord.",
                "Contract verlengd met twaalf maanden.",
            ]
        ),
        "codes": lambda: "".join(
            rng.choice(string.ascii_uppercase + string.digits) for _ in range(8)
        ),
    }
    return [makers[kind]() for _ in range(n)]


# (column name, values kind): none of these may become a finding
DECOY_TABLE = [
    ("ordernr", "order_numbers"),
    ("order_nummer", "order_numbers"),
    ("nummer", "order_numbers"),  # neutral name: 9% pass the 11-proef, far below half
    ("productcode", "product_codes"),
    ("artikelCode", "codes"),
    ("uuid", "uuids"),
    ("id", "uuids"),
    ("hash", "hashes"),
    ("checksum_sha1", "hashes"),
    ("bedrag", "amounts"),
    ("totaalBedrag", "amounts"),
    ("boekdatum", "booking_dates"),
    ("factuur_datum", "booking_dates"),
    ("datum", "booking_dates"),
    ("gemeente", "municipalities"),
    ("woonplaats", "municipalities"),
    ("wpl", "municipalities"),
    ("status", "statuses"),
    ("omschrijving", "policy_text"),
    ("opmerking", "policy_text"),
]

# (column name, values kind, expected entity)
POSITIVE_TABLE = [
    ("bsn", "bsn", "NL_BSN"),
    ("sofinr", "bsn", "NL_BSN"),
    ("burgerservicenr", "bsn_few_invalid", "NL_BSN"),
    ("klantBSN", "bsn_8_digits", "NL_BSN"),
    ("kenmerk", "bsn", "NL_BSN"),  # neutral name, all values pass the 11-proef
    ("geb_dat", "dates", "DATE_OF_BIRTH"),
    ("gebdatum", "iso_dates", "DATE_OF_BIRTH"),
    ("GeboorteDatum", "dates", "DATE_OF_BIRTH"),
    ("vrlttrs", "initials", "PERSON"),
    ("tsnvgsl", "tussenvoegsels", "PERSON"),
    ("achternm", "last_names", "PERSON"),
    ("voornaam", "first_names", "PERSON"),
    ("strt", "streets", "ADDRESS"),
    ("hnr", "house_numbers", "ADDRESS"),
    ("pc", "postcodes", "NL_POSTCODE"),
    ("tel", "phones", "PHONE_NUMBER"),
    ("emailAdres", "emails", "EMAIL_ADDRESS"),
    ("veld_7", "emails", "EMAIL_ADDRESS"),  # neutral name, validated values
    ("iban", "ibans", "IBAN_CODE"),
    ("rek_nr", "ibans", "IBAN_CODE"),
    ("kntkn", "plates", "NL_LICENSE_PLATE"),
    ("diagnose", "diagnoses", "SPECIAL_HEALTH"),
    ("indicatie", "indications", "SPECIAL_HEALTH"),
    ("kerkgen", "denominations", "SPECIAL_RELIGION"),
    ("nationaliteit", "nationalities", "SPECIAL_ETHNICITY"),
]


@pytest.mark.parametrize("column, kind", DECOY_TABLE)
def test_decoy_columns_are_not_findings(analyzer, column, kind):
    values = _table(kind)
    assert scan_values(analyzer, values, context=[column, "orders"]) == []


@pytest.mark.parametrize("column, kind, entity", POSITIVE_TABLE)
def test_positive_columns_are_classified(analyzer, column, kind, entity):
    values = _table(kind)
    findings = {
        f.entity_type: f for f in scan_values(analyzer, values, context=[column, "clienten"])
    }
    assert entity in findings
    assert findings[entity].sampled == len(values)
    assert "NL_BSN" not in findings or entity == "NL_BSN"
    top = max(findings.values(), key=lambda f: f.confidence)
    assert top.entity_type == entity


def test_order_numbers_do_hold_11_proef_valid_ones():
    values = order_numbers(random.Random("ordernr-check"), 1000)
    valid = sum(passes_11_proef(v) for v in values)
    assert 60 <= valid <= 130  # about 1 in 11, so the decoy test means something


def test_old_bank_account_numbers_in_rek_nr_are_not_bsns(analyzer):
    rng = random.Random(5)
    accounts = [bsn(rng) for _ in range(40)]  # old 9-digit account numbers used the 11-proef too
    findings = {f.entity_type for f in scan_values(analyzer, accounts, context=["rek_nr"])}
    assert "NL_BSN" not in findings
    assert "IBAN_CODE" in findings


def test_a_strong_name_needs_values_of_the_right_shape(analyzer):
    assert scan_values(analyzer, _table("statuses"), context=["bsn"]) == []
    assert scan_values(analyzer, _table("amounts"), context=["geb_dat"]) == []
    assert scan_values(analyzer, ["J", "N", "0", "1"] * 10, context=["indicatie"]) == []


def test_a_mostly_empty_tussenvoegsel_column_is_still_a_name_part(analyzer):
    values = ["", "", "", "van", "", "de", "", "", "van der", ""] * 5
    findings = {f.entity_type: f for f in scan_values(analyzer, values, context=["tsnvgsl"])}
    assert findings["PERSON"].hits == 15
    assert findings["PERSON"].sampled == 50


def test_fingerprints_link_one_bsn_written_two_ways(analyzer):
    key = b"k" * 32
    rng = random.Random(9)
    plain = [bsn(rng) for _ in range(20)]
    dotted = [f"{v[:3]}.{v[3:6]}.{v[6:]}" for v in plain]
    a = {f.entity_type: f for f in scan_values(analyzer, plain, context=["bsn"], hmac_key=key)}
    b = {f.entity_type: f for f in scan_values(analyzer, dotted, context=["sofinr"], hmac_key=key)}
    assert a["NL_BSN"].fingerprints == b["NL_BSN"].fingerprints
    assert len(a["NL_BSN"].fingerprints) == len(set(plain))
    text = "".join(a["NL_BSN"].fingerprints)
    assert not any(v in text for v in plain)
    without = scan_values(analyzer, plain, context=["bsn"])
    assert all(f.fingerprints == () for f in without)


# -- names alone -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, tokens",
    [
        ("klantBSN_2", ["klant", "bsn", "2"]),
        ("geb_dat", ["geb", "dat"]),
        ("GeboorteDatum", ["geboorte", "datum"]),
        ("IBANNummer", ["iban", "nummer"]),
        ("adresregel1", ["adresregel", "1"]),
        ("public.clienten.rek-nr", ["public", "clienten", "rek", "nr"]),
    ],
)
def test_tokenise(name, tokens):
    assert tokenise(name) == tokens


@pytest.mark.parametrize(
    "name, entity",
    [
        ("bsn", "NL_BSN"),
        ("sofinr", "NL_BSN"),
        ("burgerservicenr", "NL_BSN"),
        ("client_bsn", "NL_BSN"),
        ("BSNNummer", "NL_BSN"),
        ("geb_dat", "DATE_OF_BIRTH"),
        ("gebdatum", "DATE_OF_BIRTH"),
        ("dateOfBirth", "DATE_OF_BIRTH"),
        ("vrlttrs", "PERSON"),
        ("tsnvgsl", "PERSON"),
        ("achternm", "PERSON"),
        ("strt", "ADDRESS"),
        ("hnr", "ADDRESS"),
        ("pc", "NL_POSTCODE"),
        ("tel", "PHONE_NUMBER"),
        ("iban", "IBAN_CODE"),
        ("rek_nr", "IBAN_CODE"),
        ("kntkn", "NL_LICENSE_PLATE"),
        ("diagnose", "SPECIAL_HEALTH"),
        ("indicatie", "SPECIAL_HEALTH"),
        ("kerkgen", "SPECIAL_RELIGION"),
        ("nationaliteit", "SPECIAL_ETHNICITY"),
        ("wpl", "NONE"),
        ("woonplaats", "NONE"),
        ("boekdatum", "NONE"),
        ("ordernr", "NONE"),
        ("product_naam", "NONE"),  # the longer run wins over "naam"
        ("straatnaam", "ADDRESS"),
        ("omschrijving", "NONE"),
        ("kolom7", None),
        ("nummer", None),
    ],
)
def test_classify_name(name, entity):
    assert classify_name(name).entity == entity


def test_bare_naam_is_only_a_hint():
    naam = classify_name("naam")
    assert naam.entity == "PERSON" and not naam.is_strong and naam.says("PERSON")


@pytest.mark.parametrize(
    "entity, hits, non_blank, strength, name, reported",
    [
        ("NL_BSN", 30, 100, 0.5, NEUTRAL, False),  # ~1 in 11 random numbers: far below half
        ("NL_BSN", 60, 100, 0.5, NEUTRAL, True),  # most values pass: a BSN column after all
        ("NL_BSN", 2, 3, 0.5, NEUTRAL, False),  # too few hits for a structured column
        ("NL_BSN", 30, 100, 0.5, NameClass("NL_BSN", 1.0), True),  # strong name
        ("NL_BSN", 20, 100, 0.5, NameClass("NL_BSN", 1.0), False),
        ("NL_BSN", 100, 100, 0.5, NameClass("NONE", 1.0), False),  # decoy name
        ("NL_BSN", 100, 100, 0.5, NameClass("IBAN_CODE", 1.0), False),  # rek_nr
        ("EMAIL_ADDRESS", 90, 100, 1.0, NameClass("NONE", 1.0), True),  # overwhelming
        ("PERSON", 40, 100, 0.6, NameClass("PERSON", 0.6), True),  # weak name, its entity
        ("PERSON", 1, 1000, 0.4, NEUTRAL, False),  # one stray weak match
        ("SPECIAL_HEALTH", 2, 1000, 0.6, NEUTRAL, True),  # free text, confident matches
        ("IBAN_CODE", 1, 1000, 1.0, NEUTRAL, True),  # one validated identifier
        ("NL_BSN", 0, 10, 0.0, NameClass("NL_BSN", 1.0), False),
    ],
)
def test_column_rules(entity, hits, non_blank, strength, name, reported):
    assert column_is_reported(entity, hits, non_blank, strength, name) is reported


def test_rules_file_errors_name_the_entry(tmp_path: Path):
    bad = tmp_path / "columns.yaml"
    bad.write_text("entities:\n  - entity: NL_BSN\n    names: ['bsn(']\n", encoding="utf-8")
    with pytest.raises(ColumnRulesError, match="entities entry 1"):
        load_rules(bad)
    bad.write_text(
        "entities:\n  - entity: NL_BSN\n    names: [bsn]\n    prio: 1\n", encoding="utf-8"
    )
    with pytest.raises(ColumnRulesError, match="unknown key"):
        load_rules(bad)
