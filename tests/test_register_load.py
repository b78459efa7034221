"""Register import from xlsx, csv and json: header detection, multi-valued cells, bad rows."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from register_sync.categories import load_catalog
from register_sync.load import RegisterError, header_field, load_register, split_category_cell

HEADERS = [
    "Naam verwerking", "Doel(en) van de verwerking", "Rechtsgrond", "Categorieën betrokkenen",
    "Categorieën persoonsgegevens", "Ontvangers", "Bewaartermijn", "Systemen/Applicaties",
    "Verwerker", "DPIA uitgevoerd",
]  # fmt: skip


def _xlsx(path: Path, rows: list[list[object]], *, first_sheet_junk: bool = True) -> Path:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    if first_sheet_junk:
        sheet.title = "Toelichting"
        sheet.append(["Dit is het verwerkingsregister van Gemeente Voorbeeld."])
        sheet = workbook.create_sheet("Register")
    sheet.append(["Register van verwerkingen — Gemeente Voorbeeld"])
    sheet.append([])
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


def test_xlsx_header_in_later_row_multivalued_cells_and_broken_rows(tmp_path: Path) -> None:
    path = _xlsx(
        tmp_path / "register.xlsx",
        [
            [
                "Wmo-maatwerkvoorzieningen",
                "Ondersteuning",
                "Art. 6 lid 1 sub e AVG; Wmo 2015",
                "• Aanvragers\n• Mantelzorgers",
                "• Naam\n• BSN\n• Gezondheid\n\nContactgegevens",
                "Zorgaanbieders",
                "15 jaar na beëindiging",
                "Suite4Sociaal Domein\nNetwerkschijf Wmo",
                "Centric",
                "Ja",
            ],
            [None, None, None, None, None, None, None, None, None, None],  # empty: ignored
            [None, "Doel zonder naam", None, None, "BSN", None, "7 jaar", "X", None, None],
            [
                "Parkeervergunningen",
                "Vergunning",
                "Art. 6 lid 1 sub e",
                "Bewoners",
                "Naam, adres, woonplaats; Kenteken, Lievelingskleur",
                None,
                "[bewaartermijn]",
                "Parkeersysteem; Zaaksysteem",
                None,
                "Nee",
            ],
            [
                "Bezwaar en beroep",
                "Bezwaren behandelen",
                "Awb",
                "1. bezwaarmakers",
                "Aanvragers:\n- NAW\n- E-mailadres\nEventueel: geboortedatum",
                None,
                "10 jaar",
                "Netwerkschijf Wmo",
                None,
                None,
            ],
        ],
    )
    result = load_register(path)
    names = [e.name for e in result.entries]
    assert names == ["Wmo-maatwerkvoorzieningen", "Parkeervergunningen", "Bezwaar en beroep"]

    wmo = result.entries[0]
    assert wmo.row == 4
    assert wmo.categories == {"naw", "bsn", "gezondheid", "contact"}
    assert wmo.category_labels == ("Naam", "BSN", "Gezondheid", "Contactgegevens")
    assert wmo.data_subjects == ("Aanvragers", "Mantelzorgers")
    assert wmo.systems == ("Suite4Sociaal Domein", "Netwerkschijf Wmo")
    assert wmo.retention.period == "P15Y"
    assert wmo.retention.anchor == "beëindiging"
    assert wmo.legal_basis == "Art. 6 lid 1 sub e AVG; Wmo 2015"
    assert wmo.dpia == "Ja"
    assert wmo.processor == "Centric"
    assert wmo.recipients == ("Zorgaanbieders",)

    parking = result.entries[1]
    assert parking.categories == {"naw", "voertuig"}
    assert "Naam, adres, woonplaats" in parking.category_labels
    assert parking.systems == ("Parkeersysteem", "Zaaksysteem")
    assert parking.retention.kind == "unknown"

    bezwaar = result.entries[2]
    assert bezwaar.categories == {"naw", "contact", "geboortedatum"}
    assert bezwaar.data_subjects == ("bezwaarmakers",)

    problems = {(p.row, p.column): p.message for p in result.problems}
    assert "zonder naam" in problems[(6, "Naam verwerking")]
    assert "Lievelingskleur" in problems[(7, "Categorieën persoonsgegevens")]
    assert "sjabloontekst" in problems[(7, "Bewaartermijn")]
    assert not any(p.row == 5 for p in result.problems)


def test_xlsx_without_header_is_a_clear_error(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b", "c"])
    workbook.save(tmp_path / "leeg.xlsx")
    with pytest.raises(RegisterError, match="kopregel"):
        load_register(tmp_path / "leeg.xlsx")


def test_csv_cp1252_semicolon(tmp_path: Path) -> None:
    text = (
        "Verwerking;Doel;Grondslag;Categorieën persoonsgegevens;Bewaartermijn;Applicatie;DPIA\r\n"
        "Schuldhulpverlening;Hulp bij schulden;Wet gemeentelijke schuldhulpverlening;"
        '"Naam, adres, woonplaats\nFinanciële situatie\nBSN";vijf jaar;Allegro;ja\r\n'
        "Rioolheffing;Belasting;Gemeentewet;Adresgegevens, Bankrekeningnummer;7 jaar;"
        "Belasting;nee\r\n"
    )
    path = tmp_path / "register.csv"
    path.write_bytes(text.encode("cp1252"))
    result = load_register(path)
    assert [e.name for e in result.entries] == ["Schuldhulpverlening", "Rioolheffing"]
    assert result.entries[0].categories == {"naw", "financiele_situatie", "bsn"}
    assert result.entries[0].retention.period == "P5Y"
    assert result.entries[0].row == 2
    assert result.entries[1].categories == {"naw", "financieel"}
    assert result.problems == ()


def test_csv_utf8_bom_comma(tmp_path: Path) -> None:
    text = (
        "Naam verwerking,Doel,Categorieën persoonsgegevens,Bewaartermijn,Systemen\n"
        'Burgerzaken,BRP,"BSN; Naam",110 jaar,Suite4 Burgerzaken\n'
    )
    path = tmp_path / "register.csv"
    path.write_bytes(text.encode("utf-8-sig"))
    entry = load_register(path).entries[0]
    assert entry.categories == {"bsn", "naw"}
    assert entry.retention.period == "P110Y"


def test_csv_mojibake_header(tmp_path: Path) -> None:
    header = "Naam verwerking;CategorieÃ«n persoonsgegevens;Bewaartermijn;Systemen\n"
    path = tmp_path / "register.csv"
    path.write_text(header + "Test;BSN;7 jaar;X\n", encoding="utf-8")
    entry = load_register(path).entries[0]
    assert entry.categories == {"bsn"}


def test_json_register(tmp_path: Path) -> None:
    path = tmp_path / "register.json"
    path.write_text(
        '[{"Naam verwerking": "A", "Categorieën persoonsgegevens": ["BSN", "Naam"],'
        ' "Bewaartermijn": "P7Y", "Systemen": "Sys"}]',
        encoding="utf-8",
    )
    entry = load_register(path).entries[0]
    assert entry.categories == {"bsn", "naw"}
    assert entry.systems == ("Sys",)


def test_unsupported_extension(tmp_path: Path) -> None:
    path = tmp_path / "register.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(RegisterError, match="niet ondersteund"):
        load_register(path)


def test_duplicate_names_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "Naam verwerking;Categorieën persoonsgegevens;Bewaartermijn\nA;BSN;1 jaar\nA;Naam;2 jaar\n",
        encoding="utf-8",
    )
    result = load_register(path)
    assert len(result.entries) == 2
    assert any("ook op rij 2" in p.message for p in result.problems)


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Naam verwerkingsactiviteit", "name"),
        ("VERWERKING", "name"),
        ("Doel", "purpose"),
        ("Rechtsgrond", "legal_basis"),
        ("Grondslag", "legal_basis"),
        ("Categorieen betrokkenen", "data_subjects"),
        ("Persoonsgegevens", "categories"),
        ("Systemen/Applicaties", "systems"),
        ("Applicatie", "systems"),
        ("DPIA uitgevoerd?", "dpia"),
        ("Bewaartermijn (Selectielijst 2020)", "retention"),
        ("Verwerker", "processor"),
        ("Ontvangers", "recipients"),
        ("Opmerkingen", None),
    ],
)
def test_header_synonyms(header: str, field: str | None) -> None:
    assert header_field(header) == field


def test_split_keeps_known_whole_cell_and_parentheses() -> None:
    catalog = load_catalog()
    labels = split_category_cell("Naam, adres, woonplaats", catalog)
    assert [label.text for label in labels] == ["Naam, adres, woonplaats"]
    labels = split_category_cell("Contactgegevens (telefoon, e-mail), BSN", catalog)
    assert [label.key for label in labels] == ["contact", "bsn"]
    labels = split_category_cell("Naam en BSN (", catalog)
    assert [label.key for label in labels] == ["naw", "bsn"]


# ---------------------------------------------------------------------------------------------
# Layouts that must import without configuration

SELECTIELIJST = (
    Path(__file__).resolve().parents[1].parent
    / "shared/reference/selectielijst-2020/resultaten.json"
)


def test_json_vng_verwerkingsactiviteiten_shape(tmp_path: Path) -> None:
    import json

    page = {
        "count": 2,
        "results": [
            {
                "url": "https://example.invalid/api/v1/verwerkingsactiviteiten/1",
                "naam": "Wmo-maatwerkvoorzieningen",
                "doel": "Ondersteuning bieden",
                "grondslag": "Wettelijke verplichting: Wmo 2015",
                "bewaartermijn": "5 jaar na afwijzing, 10 jaar na toekenning",
                "betrokkenen": ["Aanvragers", "Mantelzorgers"],
                "verwerktePersoonsgegevens": [{"naam": "NAW-gegevens"}, {"naam": "BSN"},
                                              {"naam": "Gezondheidsgegevens"}],
                "applicaties": ["Suite4Sociaal Domein"],
                "dpia": True,
            },
            {
                "url": "https://example.invalid/api/v1/verwerkingsactiviteiten/2",
                "naam": "Rioolheffing", "doel": "Heffen", "grondslag": "Gemeentewet",
                "bewaartermijn": "P7Y", "verwerktePersoonsgegevens": "NAW; IBAN",
                "applicaties": "Belastingsysteem",
            },
        ],
    }  # fmt: skip
    path = tmp_path / "verwerkingsactiviteiten.json"
    path.write_text(json.dumps(page), encoding="utf-8")
    result = load_register(path)
    wmo, riool = result.entries
    assert wmo.name == "Wmo-maatwerkvoorzieningen"
    assert wmo.categories == {"naw", "bsn", "gezondheid"}
    assert wmo.data_subjects == ("Aanvragers", "Mantelzorgers")
    assert wmo.systems == ("Suite4Sociaal Domein",)
    assert wmo.retention.period == "P10Y"
    assert wmo.basis is not None and wmo.basis.grounds == ("c",)
    assert wmo.dpia_status == "uitgevoerd"
    assert riool.categories == {"naw", "financieel"}
    assert riool.systems == ("Belastingsysteem",)
    assert riool.basis is not None and riool.basis.laws == ("Gemeentewet",)


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def test_ibd_vng_model_layout(tmp_path: Path) -> None:
    header = [
        "Nr", "Naam verwerking", "Verwerkingsverantwoordelijke", "Doel(en) van de verwerking",
        "Grondslag", "Categorieën betrokkenen", "Categorieën persoonsgegevens",
        "Bijzondere persoonsgegevens", "Ontvangers", "Doorgifte aan derde landen",
        "Bewaartermijn", "Beveiligingsmaatregelen", "Systemen/Applicaties", "Verwerker", "DPIA",
    ]  # fmt: skip
    path = _sheet(tmp_path / "ibd.xlsx", [
        ["Register van verwerkingsactiviteiten (IBD-model)"], [], header,
        [1, "Leerlingenvervoer", "College van B&W", "Vervoer naar school",
         "Art. 6 lid 1 sub e AVG; Wet op het primair onderwijs", "Leerlingen\nOuders",
         "• Naam\n• Adres\n• Telefoonnummer", "Gezondheid", "Vervoerder", "Nee",
         "2 jaar na beëindiging", "Versleuteling", "Zaaksysteem; Leerlingenvervoer-app",
         "Vervoersbedrijf", "Uitgevoerd 2023"],
    ])  # fmt: skip
    (only,) = load_register(path).entries
    assert only.row == 4
    assert only.categories == {"naw", "contact", "gezondheid"}
    assert only.systems == ("Zaaksysteem", "Leerlingenvervoer-app")
    assert only.retention.anchor == "beëindiging"
    assert only.dpia_status == "uitgevoerd" and only.processor == "Vervoersbedrijf"


def test_amersfoort_model_layout(tmp_path: Path) -> None:
    header = [
        "Verwerking", "Afdeling", "Doel van de verwerking", "Categorieën van betrokkenen",
        "Categorieën van persoonsgegevens", "Categorieën van ontvangers", "Bewaartermijn",
        "Rechtsgrond", "Uitzonderingsgrond bijzondere persoonsgegevens", "Applicatie(s)",
        "DPIA uitgevoerd?",
    ]  # fmt: skip
    path = _sheet(
        tmp_path / "amersfoort.xlsx",
        [
            header,
            [
                "Schuldhulpverlening",
                "Sociaal Domein",
                "Schulden oplossen",
                "Inwoners met schulden",
                "Aanvragers:\nNAW\nBSN\n\nPartners:\nNaam, geboortedatum\nEventueel: gezondhied",
                "Schuldeisers",
                "Selectielijst 2020 resultaat 1.1",
                "Wet gemeentelijke schuldhulpverlening",
                "art. 9 lid 2 sub g AVG",
                "Allegro",
                "Gepland",
            ],
            [
                "Parkeervergunningen",
                "Publiekszaken",
                "Vergunning verlenen",
                "Aanvragers",
                "NAW, kenteken",
                "",
                "7 jr",
                "Taak van algemeen belang",
                "",
                "Parkeerbeheer",
                "Niet nodig",
            ],
        ],
    )
    result = load_register(path, selectielijst=SELECTIELIJST)
    schuld, parkeren = result.entries
    assert schuld.categories == {"naw", "bsn", "geboortedatum", "gezondheid"}  # typo understood
    assert schuld.retention.period == "P10Y"  # Selectielijst 1.1 through the path given
    assert "Selectielijst 2020 resultaat 1.1" in (schuld.retention.note or "")
    assert schuld.special_basis_present and schuld.dpia_status == "gepland"
    assert parkeren.categories == {"naw", "voertuig"} and parkeren.retention.period == "P7Y"
    assert parkeren.basis is not None and parkeren.basis.grounds == ("e",)
    assert parkeren.dpia_status == "niet nodig"


def test_a_malformed_row_names_row_and_column_and_the_rest_imports(tmp_path: Path) -> None:
    path = tmp_path / "register.csv"
    path.write_text(
        "Naam verwerking,Categorieën persoonsgegevens,Bewaartermijn,Systemen\n"
        "Wmo,NAW,7 jaar,Suite\n"
        "Jeugd,Lievelingskleur,[bewaartermijn],Suite\n"
        ",NAW,1 jaar,Suite\n"
        "Bezwaar,NAW,2 jaar,Zaaksysteem\n",
        encoding="cp1252",
    )
    result = load_register(path)
    assert [e.name for e in result.entries] == ["Wmo", "Jeugd", "Bezwaar"]
    found = {(p.row, p.column) for p in result.problems}
    assert (3, "Categorieën persoonsgegevens") in found
    assert (3, "Bewaartermijn") in found
    assert (4, "Naam verwerking") in found
