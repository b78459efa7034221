"""The demo municipality's Register van Verwerkingen (IBD/VNG column layout) as .xlsx.

A title row sits above the header row, as in published registers; multi-valued cells use
newlines or ";". Systems are named exactly as the `system` of the sources in avgscan.yaml, except
that no entry names "Parkeerbeheer" (planted: undocumented processing).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment, Font

from pipelines.demo.files import normalise_ooxml, set_mtime

__all__ = ["REGISTER_ENTRIES", "REGISTER_HEADERS", "REGISTER_TITLE", "write_register"]

REGISTER_TITLE = (
    "Register van verwerkingsactiviteiten Gemeente Voorbeeld (art. 30 AVG)"
    " — versie 1 september 2026"
)

REGISTER_HEADERS = (
    "Naam verwerking",
    "Doel",
    "Grondslag",
    "Categorieën betrokkenen",
    "Categorieën persoonsgegevens",
    "Ontvangers",
    "Bewaartermijn",
    "Systemen/Applicaties",
    "Verwerker",
    "DPIA",
)

# One tuple per entry, in REGISTER_HEADERS order.
REGISTER_ENTRIES: tuple[tuple[str, ...], ...] = (
    (
        "Wmo-maatwerkvoorzieningen",
        "Onderzoek naar en toekenning van maatwerkvoorzieningen en jeugdhulp; "
        "uitvoering en verantwoording.",
        "Wettelijke verplichting: Wet maatschappelijke ondersteuning 2015 en Jeugdwet "
        "(art. 6 lid 1 sub c AVG)\n"
        "Gezondheidsgegevens: art. 9 lid 2 sub h AVG jo. art. 30 lid 3 UAVG",
        "Aanvragers en cliënten Wmo\nJeugdigen en hun ouders\nMantelzorgers",
        "NAW\nContactgegevens\nBSN\nGeboortedatum\nFinanciële gegevens\nGezondheidsgegevens",
        "Zorgaanbieders; CAK; Sociale Verzekeringsbank",
        "7 jaar na beëindiging",
        "Suite4Sociaal Domein",
        "Leverancier Suite4 (verwerkersovereenkomst 2019)",
        "Ja, uitgevoerd 2019",
    ),
    (
        "Basisregistratie Personen",
        "Bijhouden van de basisregistratie personen en verstrekken van gegevens daaruit.",
        "Wettelijke verplichting: Wet basisregistratie personen",
        "Ingezetenen; niet-ingezetenen",
        "NAW; BSN; Identificatiegegevens (A-nummer); Geboortedatum",
        "Afnemers BRP; binnengemeentelijke afnemers",
        "bewaren",
        "BRP-Burgerzaken",
        "Rijksdienst voor Identiteitsgegevens (landelijke voorzieningen)",
        "Ja, uitgevoerd 2018",
    ),
    (
        "Personeelsadministratie",
        "Personeelsbeheer, salarisadministratie en formatie.",
        "Uitvoering arbeidsovereenkomst (art. 6 lid 1 sub b AVG); wettelijke verplichting: "
        "Wet op de loonbelasting 1964 (BSN)",
        "Medewerkers; oud-medewerkers",
        "NAW; Contactgegevens; BSN; Financiële gegevens",
        "Belastingdienst; ABP; Arbodienst",
        "7 jaar na uitdiensttreding",
        "HR-Personeel",
        "",
        "Nee",
    ),
    (
        "Schuldhulpverlening",
        "Integrale schuldhulpverlening aan inwoners.",
        "Wettelijke verplichting: Wet gemeentelijke schuldhulpverlening",
        "Inwoners met (dreigende) schulden; partners",
        "NAW; Contactgegevens; BSN; Financiële gegevens; Financiële situatie",
        "Schuldeisers; beschermingsbewindvoerders; Kredietbank",
        "",
        "Schuldhulpregistratie",
        "",
        "Ja, uitgevoerd 2021",
    ),
    (
        "Bezwaarschriften",
        "Behandelen van bezwaarschriften en bijbehorende dossiers en correspondentie op de "
        "netwerkschijf.",
        "Wettelijke verplichting: Algemene wet bestuursrecht, hoofdstuk 6 en 7\n"
        "Gezondheidsgegevens: art. 9 lid 2 sub f AVG",
        "Bezwaarmakers; gemachtigden; mantelzorgers",
        "NAW\nContactgegevens\nBSN\nGeboortedatum\nFinanciële gegevens\nGezondheidsgegevens",
        "Commissie bezwaarschriften; rechtbank",
        "2 jaar",
        "Netwerkschijf Gemeentehuis",
        "",
        "Ja, uitgevoerd 2021",
    ),
)


def write_register(path: Path, when: datetime) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Verwerkingsregister"
    sheet.append([REGISTER_TITLE])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(list(REGISTER_HEADERS))
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for entry in REGISTER_ENTRIES:
        sheet.append([value or None for value in entry])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            cell.alignment = wrap
    widths = (28, 40, 44, 30, 30, 30, 24, 26, 30, 18)
    for index, width in enumerate(widths):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    sheet.freeze_panes = "B3"
    workbook.properties.creator = "Privacy officer Gemeente Voorbeeld"
    workbook.properties.title = "Verwerkingsregister"
    workbook.properties.created = when.replace(tzinfo=None)
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    normalise_ooxml(path, when)
    set_mtime(path, when)
