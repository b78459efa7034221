"""The category catalog: entity mapping, DESIGN.md table, register-label synonyms, extension."""

from __future__ import annotations

from pathlib import Path

import pytest

from register_sync.categories import CatalogError, CategoryInfo, load_catalog, normalise_label

DESIGN_TABLE = {
    "naw": ("NAW-gegevens", False, ["PERSON", "ADDRESS", "NL_POSTCODE"]),
    "contact": ("Contactgegevens", False, ["EMAIL_ADDRESS", "PHONE_NUMBER"]),
    "bsn": ("Burgerservicenummer", False, ["NL_BSN"]),
    "identificatie": ("Identificatiegegevens", False,
                      ["NL_A_NUMBER", "NL_ID_DOCUMENT", "NL_DRIVER_LICENSE"]),
    "geboortedatum": ("Geboortedatum", False, ["DATE_OF_BIRTH"]),
    "financieel": ("Financiële gegevens", False, ["IBAN_CODE", "CREDIT_CARD"]),
    "financiele_situatie": ("Financiële situatie", False, ["FINANCIAL_SITUATION"]),
    "voertuig": ("Voertuiggegevens", False, ["NL_LICENSE_PLATE"]),
    "online": ("Online identificatoren", False, ["IP_ADDRESS"]),
    "gezondheid": ("Gezondheidsgegevens", True, ["SPECIAL_HEALTH"]),
    "ras_etniciteit": ("Ras of etnische afkomst", True, ["SPECIAL_ETHNICITY"]),
    "politiek": ("Politieke opvattingen", True, ["SPECIAL_POLITICAL"]),
    "religie": ("Religie of levensovertuiging", True, ["SPECIAL_RELIGION"]),
    "vakbond": ("Vakbondslidmaatschap", True, ["SPECIAL_TRADE_UNION"]),
    "seksueel": ("Seksueel gedrag of gerichtheid", True, ["SPECIAL_SEXUAL_ORIENTATION"]),
    "genetisch": ("Genetische gegevens", True, ["SPECIAL_GENETIC"]),
    "biometrisch": ("Biometrische gegevens", True, ["SPECIAL_BIOMETRIC"]),
    "strafrechtelijk": ("Strafrechtelijke gegevens", True, ["CRIMINAL_DATA"]),
}  # fmt: skip


def test_table_matches_design() -> None:
    catalog = load_catalog()
    assert catalog.categories == tuple(DESIGN_TABLE)
    for key, (label, special, entities) in DESIGN_TABLE.items():
        info = catalog.info(key)
        assert info == CategoryInfo(key=key, label=label, kind=info.kind, special=special)
        for entity in entities:
            assert catalog.category_of(entity) == key
    assert catalog.info("bsn").kind == "nationaal_id"
    assert catalog.info("strafrechtelijk").kind == "strafrechtelijk"
    assert catalog.category_of("UNKNOWN_ENTITY") is None


@pytest.mark.parametrize(
    ("label", "key"),
    [
        ("NAW", "naw"),
        ("Naam, adres, woonplaats", "naw"),
        ("naam adres woonplaats", "naw"),
        ("Adresgegevens", "naw"),
        ("adres gegevens", "naw"),
        ("Naam", "naw"),
        ("Namen", "naw"),
        ("Adres", "naw"),
        ("Adressen", "naw"),
        ("E-mailadres", "contact"),
        ("e-mailadressen", "contact"),
        ("Emailadres", "contact"),
        ("Telefoonnummer", "contact"),
        ("TELEFOONNUMMERS", "contact"),
        ("BSN", "bsn"),
        ("Burgerservicenummer", "bsn"),
        ("BSN (verplicht)", "bsn"),
        ("Gezondheid", "gezondheid"),
        ("Medische gegevens", "gezondheid"),
        ("Bijzondere persoonsgegevens: gezondheid", "gezondheid"),
        ("Bankrekeningnummer", "financieel"),
        ("IBAN", "financieel"),
        ("Geboortedatum", "geboortedatum"),
        ("Religie", "religie"),
        ("Strafrechtelijke gegevens", "strafrechtelijk"),
        ("Financiële situatie", "financiele_situatie"),
        ("Financiele situatie", "financiele_situatie"),
        ("Kenteken", "voertuig"),
        ("Kentekens", "voertuig"),
        ("IP-adres", "online"),
        ("Eventueel: geboortedatum", "geboortedatum"),
        ("Gezondheidsgegevens", "gezondheid"),
    ],
)
def test_synonyms(label: str, key: str) -> None:
    assert load_catalog().key_for_label(label) == key


def test_unknown_and_other_labels() -> None:
    catalog = load_catalog()
    assert catalog.key_for_label("Lievelingskleur") is None
    assert not catalog.recognises("Lievelingskleur")
    assert catalog.key_for_label("Nationaliteit") is None
    assert catalog.recognises("Nationaliteit")  # personal data no scanner looks for


def test_normalise_label_ignores_case_accents_plurals() -> None:
    assert normalise_label("Categorieën") == normalise_label("CATEGORIEEN")
    assert normalise_label("adressen") == normalise_label("Adres")
    assert normalise_label("E-mail adres") == normalise_label("emailadres")


def test_no_synonym_maps_to_two_categories() -> None:
    import yaml

    from register_sync.categories import default_catalog_text

    raw = yaml.safe_load(default_catalog_text())
    seen: dict[str, str] = {}
    for key, spec in raw["categories"].items():
        for synonym in [*spec["synonyms"], spec["label"]]:
            normal = normalise_label(synonym)
            assert seen.setdefault(normal, key) == key, (synonym, key, seen[normal])


def test_extra_file_extends_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "extra.yaml"
    extra.write_text(
        "categories:\n"
        "  naw:\n"
        "    label: Naam en adres\n"
        "    synonyms: [Klantgegevens]\n"
        "  gezondheid:\n"
        "    synonyms: [Zorgdossier]\n"
        "  woning:\n"
        "    label: Woninggegevens\n"
        "    kind: gewoon\n"
        "    entities: [NL_KADASTER]\n"
        "    synonyms: [Kadastrale gegevens]\n",
        encoding="utf-8",
    )
    catalog = load_catalog(extra)
    assert catalog.info("naw").label == "Naam en adres"
    assert catalog.key_for_label("Klantgegevens") == "naw"
    assert catalog.key_for_label("NAW") == "naw"  # built-in synonyms stay
    assert catalog.key_for_label("Zorgdossier") == "gezondheid"
    assert catalog.categories[-1] == "woning"
    assert catalog.category_of("NL_KADASTER") == "woning"
    assert catalog.key_for_label("Kadastrale gegevens") == "woning"


def test_extra_file_errors(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("categories:\n  nieuw:\n    synonyms: [x]\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="nieuw"):
        load_catalog(bad)
    bad.write_text("categorieen: {}\n", encoding="utf-8")
    with pytest.raises(CatalogError):
        load_catalog(bad)
    with pytest.raises(CatalogError):
        load_catalog(tmp_path / "missing.yaml")
