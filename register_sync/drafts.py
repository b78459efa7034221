"""Draft register rows for what the scans found and the register does not document.

For every UNDOCUMENTED_PROCESSING and UNDOCUMENTED_CATEGORY discrepancy, one proposed row per
source and location: the system, the location, the categories found (Dutch labels, with the
number of hits in a column of their own so that the category cell re-imports cleanly), the
likely data subjects (from the table, column, folder and file names), and, where a keyword fits
and a Selectielijst 2020 (`resultaten.json`) is at hand, a suggested result number with its
retention. What avgscan cannot know (purpose, legal basis, recipients, processor, DPIA) says
"aan te vullen". The XLSX uses the register's own Dutch column headers (`load.FIELD_LABELS`),
so the FG can complete the rows and paste them into the register, and `load_register` reads
the draft back.

Pure apart from `write_drafts_xlsx`: no clock, no environment, no database.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from register_sync.categories import CategoryCatalog
from register_sync.load import FIELD_LABELS
from register_sync.models import Discrepancy, DiscrepancyKind, Retention
from register_sync.retention import describe_period
from scanners.findings import Finding

TO_COMPLETE = "aan te vullen"
DRAFT_KINDS = (DiscrepancyKind.UNDOCUMENTED_PROCESSING, DiscrepancyKind.UNDOCUMENTED_CATEGORY)

# Name fragments (of tables, columns, folders, files) → likely data subjects; first match wins
# per fragment, all matches are listed.
SUBJECT_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"cli[eë]nt", "cliënten"),
    (r"medewerker|personeel|verzuim|salaris|werknemer", "medewerkers"),
    (r"sollicit", "sollicitanten"),
    (r"inwoner|burger|bevolking|ingezetene", "inwoners"),
    (r"jeugd|kind|leerling|minderjarig", "jeugdigen en hun ouders"),
    (r"ouder|voogd", "ouders of verzorgers"),
    (r"mantelzorg", "mantelzorgers"),
    (r"vergunning|parkeer", "vergunninghouders en aanvragers"),
    (r"schuld|debiteur|beslag", "schuldenaren"),
    (r"bezwaar|beroep|klacht", "bezwaarmakers en klagers"),
    (r"uitkering|bijstand|participatie", "uitkeringsgerechtigden"),
    (r"leverancier|crediteur", "contactpersonen van leveranciers"),
)

# Name fragments → Selectielijst 2020 result number (VNG), a suggestion the FG checks.
SELECTIELIJST_KEYWORDS: tuple[tuple[str, str], ...] = (
    (r"wmo|maatwerk", "8.1.1"),  # Verstrekt – Wmo-voorziening
    (r"jeugd", "8.1.2"),  # Verstrekt – individuele jeugdhulpvoorziening
    (r"schuld", "8.1.9"),  # Verstrekt – schuldhulpverlening
    (r"uitkering|bijstand|participatie", "8.1"),  # Verstrekt – uitkering, inkomensvoorziening
    (r"sollicit", "17.2"),  # Niet aangesteld
    (r"medewerker|personeel|verzuim", "17.1"),  # Aangesteld – personeelslid
    (r"bezwaar|beroep|klacht", "13.1"),  # Afgehandeld – bezwaarschrift, beroep, klacht
    (r"parkeer|vergunning", "11.1.2"),  # Verleend – toestemming voor een afgebakende periode
    (r"belasting|woz", "10.1"),  # Opgelegd – heffen van belastingen
    (r"factu|crediteur|debiteur", "18.1"),  # Betaald – facturen
)

EXTRA_HEADERS = ("Locatie", "Aantallen gevonden", "Selectielijst-resultaat (voorstel)", "Herkomst")
HEADERS = (
    FIELD_LABELS["name"],
    FIELD_LABELS["purpose"],
    FIELD_LABELS["legal_basis"],
    FIELD_LABELS["data_subjects"],
    FIELD_LABELS["categories"],
    FIELD_LABELS["recipients"],
    FIELD_LABELS["retention"],
    FIELD_LABELS["systems"],
    FIELD_LABELS["processor"],
    FIELD_LABELS["dpia"],
    *EXTRA_HEADERS,
)


@dataclass(frozen=True)
class DraftRow:
    name: str
    system: str
    location: str
    categories: tuple[str, ...]  # Dutch labels
    counts: tuple[str, ...]  # "Burgerservicenummer: 280 treffers"
    data_subjects: tuple[str, ...]
    retention: str
    selectielijst: str
    origin: str  # which discrepancy made the row
    special: bool  # art. 9/10 data: the DPIA cell asks for one

    def cells(self) -> tuple[str, ...]:
        return (
            self.name,
            TO_COMPLETE,
            TO_COMPLETE,
            ", ".join(self.data_subjects) or TO_COMPLETE,
            ", ".join(self.categories),
            TO_COMPLETE,
            self.retention,
            self.system,
            TO_COMPLETE,
            "aan te vullen (bijzondere gegevens: DPIA nodig)" if self.special else TO_COMPLETE,
            self.location,
            "; ".join(self.counts),
            self.selectielijst,
            self.origin,
        )


def _subjects(text: str) -> tuple[str, ...]:
    found = [label for pattern, label in SUBJECT_KEYWORDS if re.search(pattern, text, re.I)]
    return tuple(dict.fromkeys(found))


def _suggestion(text: str, selectielijst: Mapping[str, Retention] | None) -> tuple[str, str]:
    """(retention cell, Selectielijst cell) for the first keyword that fits a known result."""
    if not selectielijst:
        return TO_COMPLETE, TO_COMPLETE
    for pattern, number in SELECTIELIJST_KEYWORDS:
        result = selectielijst.get(number)
        if result is None or not re.search(pattern, text, re.I):
            continue
        note = result.note or result.text
        if result.kind == "permanent":
            return f"blijvend bewaren (Selectielijst 2020 resultaat {number})", note
        if result.kind == "period" and result.period:
            return f"{describe_period(result.period)} (Selectielijst 2020 resultaat {number})", note
    return TO_COMPLETE, TO_COMPLETE


def draft_rows(
    discrepancies: Sequence[Discrepancy],
    findings: Sequence[Finding],
    *,
    systems: Mapping[str, str],
    catalog: CategoryCatalog,
    selectielijst: Mapping[str, Retention] | None = None,
) -> list[DraftRow]:
    """One draft row per source and location of an undocumented processing or category.

    systems: source name → the system as the register's systems column should name it.
    """
    hits: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    for f in findings:
        category = catalog.category_of(f.entity_type)
        if category is None or f.hits <= 0:
            continue
        hits[(f.source, f.container)][category] += f.hits
        names[(f.source, f.container)].add(f.location)
    rows: dict[tuple[str, str], DraftRow] = {}
    for d in discrepancies:
        if d.kind not in DRAFT_KINDS or d.location is None:
            continue
        key = (d.source, d.location)
        system = systems.get(d.source, d.source)
        counted = hits.get(key, {})
        order = {k: i for i, k in enumerate(catalog.categories)}
        categories = sorted(d.categories, key=lambda k: (order.get(k, len(order)), k))
        text = " ".join([d.location, *sorted(names.get(key, ())), system])
        retention, selectielijst_cell = _suggestion(text, selectielijst)
        if d.kind == DiscrepancyKind.UNDOCUMENTED_PROCESSING:
            name = f"[concept] {system}: {d.location}"
            origin = "niet-geregistreerde verwerking (avgscan)"
        else:
            name = f"[concept] aanvulling op {d.register_entry or system}: {d.location}"
            origin = "niet-geregistreerde categorie (avgscan); voeg toe aan de bestaande verwerking"
        rows[key] = DraftRow(
            name=name,
            system=system,
            location=d.location,
            categories=tuple(catalog.label(k) for k in categories),
            counts=tuple(f"{catalog.label(k)}: {counted.get(k, 0)} treffers" for k in categories),
            data_subjects=_subjects(text),
            retention=retention,
            selectielijst=selectielijst_cell,
            origin=origin,
            special=any(catalog.info(k).special for k in categories),
        )
    return [rows[k] for k in sorted(rows)]


def write_drafts_xlsx(rows: Sequence[DraftRow], path: Path) -> Path:
    """The rows under the register's headers, one sheet "Concept-verwerkingen"."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Concept-verwerkingen"
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(list(row.cells()))
    for column in sheet.columns:
        letter = column[0].column_letter
        sheet.column_dimensions[letter].width = 32
        for cell in column:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
