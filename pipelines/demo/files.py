"""The demo municipality's file share and the helpers that make office files reproducible.

Office formats embed the time they were written: reportlab's PDF info and ID (fixed with
`invariant=1`), the OOXML core properties and every zip entry's date (fixed by
`normalise_ooxml`). File modification times are set with `os.utime` to fixed dates, so a
retention check sees the same ages on every run.
"""

from __future__ import annotations

import io
import os
import random
import re
import textwrap
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import openpyxl
from openpyxl.styles import Font
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from pipelines.demo.people import Person

__all__ = ["ShareFile", "normalise_ooxml", "set_mtime", "write_share"]

_MONTHS = (
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
)
_CORE_DATES = re.compile(r"(<dcterms:(created|modified)\b[^>]*>)[^<]*(</dcterms:\2>)")


@dataclass(frozen=True)
class ShareFile:
    path: str  # relative to the share root, POSIX separators
    modified: datetime
    personal: bool  # holds personal data
    special: bool  # holds art. 9 data


def _dutch(d: date) -> str:
    return f"{d.day} {_MONTHS[d.month - 1]} {d.year}"


def _dmy(d: date) -> str:
    return d.strftime("%d-%m-%Y")


def set_mtime(path: Path, when: datetime) -> None:
    stamp = when.timestamp()
    os.utime(path, (stamp, stamp))


def normalise_ooxml(path: Path, when: datetime) -> None:
    """Rewrite an .xlsx/.docx so its bytes depend on its content only: every zip entry dated
    `when`, and the created/modified core properties set to `when`."""
    with zipfile.ZipFile(path) as src:
        members = [(info.filename, src.read(info.filename)) for info in src.infolist()]
    iso = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members:
            if name == "docProps/core.xml":
                text = _CORE_DATES.sub(lambda m: f"{m.group(1)}{iso}{m.group(3)}", data.decode())
                data = text.encode()
            info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            dst.writestr(info, data)
    path.write_bytes(buffer.getvalue())


# -- the individual files -------------------------------------------------------------------------

GEMEENTE_KOP = "Gemeente Voorbeeld\nAfdeling Zorg en Welzijn\nPostbus 100\n7400 AA  Voorbeeld\n"


def _letter(p: Person, sent: date) -> str:
    return (
        f"{GEMEENTE_KOP}\n"
        f"{p.aanhef.capitalize()} {p.voornaam[0]}. {p.aanhef_achternaam}\n"
        f"{p.adres}\n"
        f"{p.postcode}  {p.woonplaats}\n\n"
        f"Voorbeeld, {_dutch(sent)}\n"
        "Onderwerp: uw aanvraag huishoudelijke hulp (Wmo)\n"
        "Ons kenmerk: WMO-2011-0412\n"
        f"Uw BSN: {p.bsn}\n\n"
        f"Geachte {'heer' if p.geslacht == 'M' else 'mevrouw'} {p.aanhef_achternaam},\n\n"
        "Op 2 februari 2011 ontvingen wij uw aanvraag voor huishoudelijke hulp op grond van de\n"
        "Wet maatschappelijke ondersteuning. Op 21 februari 2011 heeft onze consulent met u\n"
        "gesproken. U vertelde dat u sinds uw hartinfarct snel vermoeid bent en door artrose in\n"
        "beide knieën niet meer kunt stofzuigen of boodschappen tillen.\n\n"
        "Het medisch advies van de GGD bevestigt dat u het zware huishoudelijke werk niet zelf\n"
        "kunt doen. Wij kennen u daarom huishoudelijke hulp toe voor 3 uur per week, met ingang\n"
        "van 1 april 2011. De eigen bijdrage wordt berekend door het CAK en geïncasseerd van\n"
        f"rekening {p.iban[:4]} {p.iban[4:8]} {p.iban[8:12]} {p.iban[12:16]} {p.iban[16:]}.\n\n"
        "Het verslag van het gesprek sturen wij, zoals afgesproken, naar uw e-mailadres\n"
        f"{p.email}. Heeft u vragen? Bel dan met uw consulent.\n\n"
        "Met vriendelijke groet,\n\n"
        "namens het college van burgemeester en wethouders,\n"
        "de teamleider Wmo\n"
    )


def _export_csv(rows: Sequence[tuple[int, Person, str, str]]) -> str:
    lines = ["clientnummer;bsn;naam;geboortedatum;email;iban;indicatie;einddatum"]
    for nummer, p, indicatie, einde in rows:
        lines.append(
            f"{nummer};{p.bsn};{p.naam};{_dmy(p.geboortedatum)};{p.email};{p.iban};"
            f"{indicatie};{einde}"
        )
    return "\r\n".join(lines) + "\r\n"


_OPENINGSTIJDEN = """Openingstijden gemeentehuis Voorbeeld

Publiekshal (paspoorten, rijbewijzen, uittreksels)
  maandag t/m vrijdag     08.30 - 12.30 uur
  donderdagavond          17.30 - 20.00 uur (alleen op afspraak)

Zorgloket Wmo en jeugd
  maandag, woensdag       09.00 - 12.00 uur
  vrijdag                 gesloten

Afval en grondstoffen: de milieustraat aan de Industrieweg is op zaterdag open van
09.00 tot 15.00 uur. Grofvuil wordt op afspraak opgehaald.

Tijdens feestdagen gelden aangepaste tijden; die staan op de website van de gemeente.
"""


def _write_docx(path: Path, p: Person, mantelzorger: Person, when: datetime) -> None:
    document = docx.Document()
    props = document.core_properties
    props.author = "Consulent Wmo"
    props.last_modified_by = "Consulent Wmo"
    props.title = "Verslag keukentafelgesprek"
    props.created = when.replace(tzinfo=None)
    props.modified = when.replace(tzinfo=None)
    props.last_printed = when.replace(tzinfo=None)
    props.revision = 1
    document.add_heading("Verslag keukentafelgesprek Wmo", level=1)
    document.add_paragraph("Kenmerk: WMO-2026-0187    Datum gesprek: 12 oktober 2026")
    table = document.add_table(rows=0, cols=2)
    for label, value in (
        ("Naam cliënt", f"{p.aanhef.capitalize()} {p.naam}"),
        ("Adres", f"{p.adres}, {p.postcode} {p.woonplaats}"),
        ("Geboortedatum", _dmy(p.geboortedatum)),
        ("BSN", p.bsn),
        ("Telefoon", p.telefoon),
        ("Mantelzorger", f"{mantelzorger.naam} (dochter), {mantelzorger.telefoon}"),
    ):
        cells = table.add_row().cells
        cells[0].text = label
        cells[1].text = value
    document.add_heading("Hulpvraag", level=2)
    document.add_paragraph(
        f"{p.aanhef.capitalize()} {p.aanhef_achternaam} woont zelfstandig en wil dat blijven doen. "
        "Sinds een CVA in 2024 heeft zij een verlamming van de rechterarm en loopt zij met een "
        "rollator. Zij heeft daarnaast diabetes type 2 en beginnende geheugenproblemen; de "
        "huisarts heeft haar verwezen naar de geheugenpoli voor onderzoek naar dementie."
    )
    document.add_heading("Gezondheid en medicatie", level=2)
    document.add_paragraph(
        "Gebruikt metformine en bloedverdunners. Valt sinds de zomer vaker; de fysiotherapeut "
        "adviseert een douchestoel en wandbeugels. Mevrouw voelt zich somber sinds haar partner "
        "is overleden en slaapt slecht."
    )
    document.add_heading("Afspraken", level=2)
    for item in (
        "Indicatie huishoudelijke hulp, 3 uur per week.",
        "Begeleiding individueel, 2 dagdelen per week, voor structuur en administratie.",
        "Woningaanpassing: douchestoel en wandbeugels via de hulpmiddelenleverancier.",
        "Mantelzorgondersteuning: dochter wordt aangemeld bij het steunpunt mantelzorg.",
    ):
        document.add_paragraph(item, style="List Bullet")
    document.save(str(path))
    normalise_ooxml(path, when)


def _write_xlsx(
    path: Path, people: Sequence[Person], wijken: Sequence[str], when: datetime
) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Mantelzorgers"
    sheet.append(["Naam", "Telefoon", "E-mail", "Wijk"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for p, wijk in zip(people, wijken, strict=True):
        sheet.append([p.naam, p.telefoon, p.email, wijk])
    for column, width in zip("ABCD", (28, 18, 34, 16), strict=True):
        sheet.column_dimensions[column].width = width
    workbook.properties.creator = "Steunpunt Mantelzorg"
    workbook.properties.lastModifiedBy = "Steunpunt Mantelzorg"
    workbook.properties.created = when.replace(tzinfo=None)
    workbook.save(path)
    normalise_ooxml(path, when)


def _write_pdf(path: Path, title: str, lines: Sequence[str]) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setTitle(title)
    pdf.setAuthor("Gemeente Voorbeeld")
    pdf.setCreator("Gemeente Voorbeeld zaaksysteem")
    _, height = A4
    y = height - 72
    pdf.setFont("Helvetica-Bold", 14)
    pdf.drawString(72, y, title)
    y -= 28
    pdf.setFont("Helvetica", 10)
    for line in lines:
        for part in textwrap.wrap(line, 95) or [""]:
            if y < 72:
                pdf.showPage()
                pdf.setFont("Helvetica", 10)
                y = height - 72
            pdf.drawString(72, y, part)
            y -= 14
    pdf.showPage()
    pdf.save()


def _beschikking(
    p: Person, kenmerk: str, datum: date, voorziening: str, diagnose: str
) -> list[str]:
    wet = "Wet maatschappelijke ondersteuning" + (" 2015" if datum.year >= 2015 else "")
    return [
        "Gemeente Voorbeeld, Postbus 100, 7400 AA Voorbeeld",
        "",
        f"{p.aanhef.capitalize()} {p.naam}",
        f"{p.adres}",
        f"{p.postcode} {p.woonplaats}",
        "",
        f"Datum: {_dutch(datum)}",
        f"Kenmerk: {kenmerk}",
        f"Burgerservicenummer: {p.bsn}",
        f"Geboortedatum: {_dmy(p.geboortedatum)}",
        "",
        f"Onderwerp: beslissing op uw bezwaar over {voorziening}",
        "",
        f"Geachte {'heer' if p.geslacht == 'M' else 'mevrouw'} {p.aanhef_achternaam},",
        "",
        "U heeft bezwaar gemaakt tegen ons besluit op uw aanvraag voor een maatwerkvoorziening "
        f"op grond van de {wet}. De commissie bezwaarschriften "
        "heeft u gehoord en ons geadviseerd.",
        "",
        f"Medische grondslag: uit het advies van de GGD-arts blijkt dat u {diagnose}. Daardoor "
        "bent u in uw zelfredzaamheid en mobiliteit beperkt.",
        "",
        f"Beslissing: wij verklaren uw bezwaar gegrond en kennen u alsnog {voorziening} toe.",
        "",
        "Tegen deze beslissing kunt u binnen zes weken beroep instellen bij de rechtbank.",
        "",
        "Hoogachtend,",
        "burgemeester en wethouders van Voorbeeld",
    ]


# -- the share ------------------------------------------------------------------------------------

# Fixed modification times: three files with personal data are far older than the share's
# "2 jaar", the others were written in 2026.
OLD_LETTER = datetime(2011, 3, 14, 10, 12, tzinfo=UTC)
OLD_EXPORT = datetime(2010, 9, 1, 8, 45, tzinfo=UTC)
OLD_PDF = datetime(2009, 6, 17, 15, 30, tzinfo=UTC)
OLD_NO_PII = datetime(2010, 1, 4, 9, 0, tzinfo=UTC)
RECENT_DOCX = datetime(2026, 10, 12, 14, 5, tzinfo=UTC)
RECENT_XLSX = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
RECENT_PDF = datetime(2026, 6, 8, 11, 20, tzinfo=UTC)
RECENT_CORRUPT = datetime(2026, 2, 16, 7, 55, tzinfo=UTC)

LETTER = "Wmo/Correspondentie/2011/brief_WMO-2011-0412.txt"
EXPORT = "Wmo/Exports/clienten_export_2010.csv"
DOCX = "Wmo/Keukentafelgesprekken/2026/verslag_keukentafelgesprek_WMO-2026-0187.docx"
XLSX = "Algemeen/telefoonlijst_mantelzorgers.xlsx"
OLD_BESCHIKKING = "Bezwaar/2009/beslissing_op_bezwaar_BZW-2009-031.pdf"
NEW_BESCHIKKING = "Bezwaar/2026/beslissing_op_bezwaar_BZW-2026-014.pdf"
NO_PII = "Algemeen/openingstijden_gemeentehuis.txt"
CORRUPT = "Archief/scans/scan_0001.pdf"


def write_share(
    root: Path,
    rng: random.Random,
    *,
    letter_to: Person,
    export_rows: Sequence[tuple[int, Person, str, str]],
    interviewed: Person,
    mantelzorger: Person,
    phone_list: Sequence[Person],
    old_appellant: Person,
    new_appellant: Person,
) -> list[ShareFile]:
    """Write the share under `root` and return what each file is."""

    def target(rel: str) -> Path:
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    written: list[ShareFile] = []

    def done(rel: str, when: datetime, *, personal: bool, special: bool) -> None:
        set_mtime(root / rel, when)
        written.append(ShareFile(rel, when, personal, special))

    target(LETTER).write_text(_letter(letter_to, OLD_LETTER.date()), encoding="utf-8")
    done(LETTER, OLD_LETTER, personal=True, special=True)

    target(EXPORT).write_text(_export_csv(export_rows), encoding="utf-8", newline="")
    done(EXPORT, OLD_EXPORT, personal=True, special=False)

    _write_docx(target(DOCX), interviewed, mantelzorger, RECENT_DOCX)
    done(DOCX, RECENT_DOCX, personal=True, special=True)

    wijken = [rng.choice(("Centrum", "Oosterhoek", "De Veen", "Molenwijk")) for _ in phone_list]
    _write_xlsx(target(XLSX), phone_list, wijken, RECENT_XLSX)
    done(XLSX, RECENT_XLSX, personal=True, special=False)

    _write_pdf(
        target(OLD_BESCHIKKING),
        "Beslissing op bezwaar Wmo",
        _beschikking(
            old_appellant,
            "BZW-2009-031",
            OLD_PDF.date(),
            "een scootmobiel",
            "lijdt aan COPD en ernstige artrose in beide heupen",
        ),
    )
    done(OLD_BESCHIKKING, OLD_PDF, personal=True, special=True)

    _write_pdf(
        target(NEW_BESCHIKKING),
        "Beslissing op bezwaar Wmo",
        _beschikking(
            new_appellant,
            "BZW-2026-014",
            RECENT_PDF.date(),
            "begeleiding individueel",
            "een autismespectrumstoornis en een depressie heeft",
        ),
    )
    done(NEW_BESCHIKKING, RECENT_PDF, personal=True, special=True)

    target(NO_PII).write_text(_OPENINGSTIJDEN, encoding="utf-8")
    done(NO_PII, OLD_NO_PII, personal=False, special=False)

    target(CORRUPT).write_bytes(b"%PDF-1.4\n" + rng.randbytes(4096))
    done(CORRUPT, RECENT_CORRUPT, personal=False, special=False)
    return written
