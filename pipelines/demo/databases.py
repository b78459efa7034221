"""The demo municipality's SQLite databases.

Each writer creates one database file from scratch and returns what it planted (counts of rows
past their retention date), so the manifest can describe the planted cases precisely. Dates are
ISO strings in DATE-declared columns; all dates are absolute (2005–2026), never "today".
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from faker import Faker

from pipelines.demo import identifiers as ids
from pipelines.demo.people import Person

__all__ = [
    "Table",
    "write_burgerzaken",
    "write_parkeervergunningen",
    "write_personeel",
    "write_schuldhulp",
    "write_sociaal_domein",
]

Value = str | int | float | None


@dataclass(frozen=True)
class Table:
    name: str
    ddl: str  # the column list of CREATE TABLE
    columns: tuple[str, ...]
    rows: Sequence[tuple[Value, ...]]


def _write(path: Path, tables: Sequence[Table]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, path.with_name(path.name + "-journal")):
        stale.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    try:
        with conn:
            for table in tables:
                conn.execute(f'CREATE TABLE "{table.name}" ({table.ddl})')  # fixed demo names
                marks = ", ".join("?" for _ in table.columns)
                cols = ", ".join(f'"{c}"' for c in table.columns)
                conn.executemany(
                    f'INSERT INTO "{table.name}" ({cols}) VALUES ({marks})', table.rows
                )
    finally:
        conn.close()


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d is not None else None


def _before(cutoff: date, d: date | None) -> bool:
    return d is not None and d < cutoff


# -- sociaal_domein -------------------------------------------------------------------------------

INDICATIES = (
    "huishoudelijke hulp",
    "begeleiding individueel",
    "begeleiding groep",
    "dagbesteding",
    "kortdurend verblijf",
    "rolstoel",
    "scootmobiel",
    "woningaanpassing: traplift",
    "woningaanpassing: douchestoel en wandbeugels",
    "vervoersvoorziening (regiotaxi)",
    "beschermd wonen",
    "respijtzorg",
)

DIAGNOSES = (
    "Diabetes type 2 met neuropathie in beide voeten; kan niet lang staan.",
    "Depressieve klachten sinds overlijden partner, in behandeling bij de GGZ.",
    "Beginnende dementie (ziekte van Alzheimer); dochter is mantelzorger.",
    "Status na CVA in {year}, halfzijdige verlamming links, rolstoelafhankelijk.",
    "Autisme spectrum stoornis; heeft vaste structuur in de dag nodig.",
    "COPD GOLD III, zuurstofafhankelijk, snel benauwd bij inspanning.",
    "Reumatoïde artritis met beperkte handfunctie; kan huishouden niet zelf doen.",
    "Ziekte van Parkinson, valgevaar; fysiotherapie twee keer per week.",
    "Multiple sclerose, wisselende vermoeidheid en loopproblemen.",
    "Hartfalen (NYHA III), gebruikt diuretica; beperkte belastbaarheid.",
    "Licht verstandelijke beperking; hulp nodig bij post en geldzaken.",
    "Slechtziend door maculadegeneratie, kan niet meer zelf fietsen of autorijden.",
    "Heupfractuur na val in {year}, revalidatie afgerond; loopt met rollator.",
    "Psychotische stoornis, stabiel op medicatie; ambulante begeleiding door FACT-team.",
    "Niet-aangeboren hersenletsel na ongeval in {year}; geheugen- en concentratieproblemen.",
)

JEUGD_HULPVORMEN = (
    "ambulante jeugdhulp",
    "jeugd-GGZ",
    "pleegzorg",
    "dagbehandeling",
    "gezinshuis",
    "ouderbegeleiding",
)

JEUGD_AANLEIDINGEN = (
    "ADHD; concentratieproblemen en conflicten op school.",
    "Autisme, prikkelgevoelig; thuiszitter sinds de zomer.",
    "Angststoornis met paniekaanvallen, behandeling bij jeugd-GGZ.",
    "Depressieve klachten en zelfbeschadiging; verwezen door huisarts.",
    "Hechtingsproblematiek na uithuisplaatsing.",
    "Gedragsproblemen; ouders overbelast, moeder heeft zelf psychische klachten.",
    "Eetstoornis (anorexia nervosa), klinische opname in overweging.",
    "Dyslexie en faalangst; verwijzing via de huisarts.",
)


def _diagnose(rng: random.Random) -> str:
    picks = rng.sample(DIAGNOSES, 2 if rng.random() < 0.25 else 1)
    return " ".join(p.format(year=rng.randint(2003, 2024)) for p in picks)


def write_sociaal_domein(
    path: Path,
    rng: random.Random,
    clients: Sequence[Person],
    children: Sequence[Person],
    parents: Sequence[Person],
    *,
    retention_cutoff: date,
) -> dict[str, int]:
    """wmo_clienten (many ended 2005–2012) and jeugdhulp_dossiers (all recent)."""
    wmo_rows: list[tuple[Value, ...]] = []
    for i, p in enumerate(clients, start=1):
        kind = rng.random()
        if kind < 0.4:  # ended long ago: past "7 jaar na beëindiging"
            start = ids.random_date(rng, date(2005, 1, 1), date(2010, 12, 31))
            end: date | None = ids.random_date(rng, start + timedelta(days=60), date(2012, 12, 31))
        elif kind < 0.6:
            start = ids.random_date(rng, date(2012, 1, 1), date(2022, 12, 31))
            end = ids.random_date(rng, start + timedelta(days=60), date(2026, 6, 30))
        else:  # still running
            start = ids.random_date(rng, date(2015, 1, 1), date(2026, 9, 30))
            end = None
        if i == 1:  # the addressee of the 2011 letter on the share: helped since April 2011
            start, end = date(2011, 4, 1), None
        wmo_rows.append(
            (
                i,
                p.bsn,
                p.voornaam,
                p.achternaam,
                p.straat,
                p.huisnummer,
                p.postcode,
                p.woonplaats,
                p.telefoon,
                p.email,
                p.iban,
                _iso(p.geboortedatum),
                rng.choice(INDICATIES),
                _diagnose(rng),
                _iso(start),
                _iso(end),
            )
        )
    jeugd_rows: list[tuple[Value, ...]] = []
    for i, (child, parent) in enumerate(zip(children, parents, strict=True), start=1):
        start = ids.random_date(rng, date(2021, 1, 1), date(2026, 9, 30))
        end = None
        if rng.random() < 0.4:
            end = ids.random_date(rng, start + timedelta(days=30), date(2026, 10, 31))
        jeugd_rows.append(
            (
                i,
                child.bsn,
                child.voornaam,
                child.achternaam,
                _iso(child.geboortedatum),
                parent.naam,
                parent.telefoon,
                parent.email,
                rng.choice(JEUGD_HULPVORMEN),
                rng.choice(JEUGD_AANLEIDINGEN),
                _iso(start),
                _iso(end),
            )
        )
    _write(
        path,
        [
            Table(
                "wmo_clienten",
                "id INTEGER PRIMARY KEY, bsn TEXT NOT NULL, voornaam TEXT, achternaam TEXT, "
                "straat TEXT, huisnummer TEXT, postcode TEXT, woonplaats TEXT, telefoon TEXT, "
                "email TEXT, iban TEXT, geboortedatum DATE, indicatie TEXT, diagnose TEXT, "
                "startdatum DATE NOT NULL, einddatum DATE",
                (
                    "id",
                    "bsn",
                    "voornaam",
                    "achternaam",
                    "straat",
                    "huisnummer",
                    "postcode",
                    "woonplaats",
                    "telefoon",
                    "email",
                    "iban",
                    "geboortedatum",
                    "indicatie",
                    "diagnose",
                    "startdatum",
                    "einddatum",
                ),
                wmo_rows,
            ),
            Table(
                "jeugdhulp_dossiers",
                "id INTEGER PRIMARY KEY, bsn_jeugdige TEXT NOT NULL, voornaam TEXT, "
                "achternaam TEXT, geboortedatum DATE, naam_ouder TEXT, telefoon_ouder TEXT, "
                "email_ouder TEXT, hulpvorm TEXT, aanleiding TEXT, startdatum DATE NOT NULL, "
                "einddatum DATE",
                (
                    "id",
                    "bsn_jeugdige",
                    "voornaam",
                    "achternaam",
                    "geboortedatum",
                    "naam_ouder",
                    "telefoon_ouder",
                    "email_ouder",
                    "hulpvorm",
                    "aanleiding",
                    "startdatum",
                    "einddatum",
                ),
                jeugd_rows,
            ),
        ],
    )
    return {
        "wmo_clienten": len(wmo_rows),
        "wmo_clienten_expired": sum(
            _before(retention_cutoff, date.fromisoformat(str(r[15]))) for r in wmo_rows if r[15]
        ),
        "jeugdhulp_dossiers": len(jeugd_rows),
    }


# -- burgerzaken ----------------------------------------------------------------------------------

PRODUCTEN = (
    ("LEG-1.1", "Paspoort, 18 jaar en ouder", 84.95, 0.0, "2026-01-01"),
    ("LEG-1.2", "Paspoort, jonger dan 18 jaar", 63.20, 0.0, "2026-01-01"),
    ("LEG-1.3", "Identiteitskaart, 18 jaar en ouder", 77.85, 0.0, "2026-01-01"),
    ("LEG-1.4", "Identiteitskaart, jonger dan 18 jaar", 43.05, 0.0, "2026-01-01"),
    ("LEG-1.5", "Spoedtoeslag reisdocument", 58.20, 0.0, "2026-01-01"),
    ("LEG-2.1", "Rijbewijs", 52.90, 0.0, "2026-01-01"),
    ("LEG-2.2", "Spoedlevering rijbewijs", 40.05, 0.0, "2026-01-01"),
    ("LEG-3.1", "Uittreksel basisregistratie personen", 17.40, 0.0, "2026-01-01"),
    ("LEG-3.2", "Verklaring omtrent het gedrag (aanvraag)", 41.35, 0.0, "2026-01-01"),
    ("LEG-4.1", "Huwelijk of partnerschap op maandag 9.00 uur", 0.0, 0.0, "2026-01-01"),
    ("LEG-4.2", "Huwelijk of partnerschap op werkdag", 412.50, 0.0, "2026-01-01"),
    ("LEG-4.3", "Huwelijk of partnerschap op zaterdag", 675.00, 0.0, "2026-01-01"),
    ("LEG-4.4", "Trouwboekje", 32.50, 0.0, "2026-01-01"),
    ("LEG-5.1", "Naturalisatieceremonie, herdenkingspenning", 0.0, 0.0, "2026-01-01"),
    ("LEG-6.1", "Ontheffing geluid evenement", 78.00, 0.0, "2026-01-01"),
    ("LEG-6.2", "Standplaatsvergunning markt per jaar", 145.00, 0.0, "2026-01-01"),
    ("PRD-7.1", "Grofvuil ophalen, per afspraak", 27.50, 21.0, "2026-01-01"),
    ("PRD-7.2", "Extra rolcontainer restafval", 65.00, 21.0, "2026-01-01"),
    ("PRD-7.3", "Gemeentegids, gedrukt exemplaar", 4.95, 9.0, "2025-01-01"),
    ("PRD-7.4", "Fietskaart gemeente", 2.50, 9.0, "2025-01-01"),
)


def write_burgerzaken(
    path: Path, rng: random.Random, fake: Faker, residents: Sequence[Person]
) -> dict[str, int]:
    """inwoners, verhuizingen and the personal-data-free `producten` (leges tariffs)."""
    inwoners: list[tuple[Value, ...]] = []
    verhuizingen: list[tuple[Value, ...]] = []
    for i, p in enumerate(residents, start=1):
        ingeschreven = max(
            p.geboortedatum, ids.random_date(rng, date(1990, 1, 1), date(2026, 9, 30))
        )
        inwoners.append(
            (
                i,
                p.bsn,
                ids.a_nummer(rng),
                p.voornaam,
                p.tussenvoegsel or None,
                p.geslachtsnaam,
                p.geslacht,
                _iso(p.geboortedatum),
                fake.city(),
                p.straat,
                p.huisnummer,
                p.postcode,
                p.woonplaats,
                _iso(ingeschreven),
            )
        )
        if rng.random() < 0.45:
            verhuisd = ids.random_date(rng, date(2005, 1, 1), date(2026, 10, 31))
            verhuizingen.append(
                (
                    len(verhuizingen) + 1,
                    p.bsn,
                    _iso(verhuisd),
                    f"{fake.street_name()} {rng.randint(1, 200)}",
                    ids.postcode(rng, low=1011, high=9999),
                    fake.city(),
                    p.adres,
                    p.postcode,
                    p.woonplaats,
                )
            )
    _write(
        path,
        [
            Table(
                "inwoners",
                "id INTEGER PRIMARY KEY, bsn TEXT NOT NULL UNIQUE, a_nummer TEXT, voornamen TEXT, "
                "voorvoegsel TEXT, geslachtsnaam TEXT, geslacht TEXT, geboortedatum DATE, "
                "geboorteplaats TEXT, straat TEXT, huisnummer TEXT, postcode TEXT, "
                "woonplaats TEXT, datum_inschrijving DATE",
                (
                    "id",
                    "bsn",
                    "a_nummer",
                    "voornamen",
                    "voorvoegsel",
                    "geslachtsnaam",
                    "geslacht",
                    "geboortedatum",
                    "geboorteplaats",
                    "straat",
                    "huisnummer",
                    "postcode",
                    "woonplaats",
                    "datum_inschrijving",
                ),
                inwoners,
            ),
            Table(
                "verhuizingen",
                "id INTEGER PRIMARY KEY, bsn TEXT NOT NULL, verhuisdatum DATE, van_adres TEXT, "
                "van_postcode TEXT, van_woonplaats TEXT, naar_adres TEXT, naar_postcode TEXT, "
                "naar_woonplaats TEXT",
                (
                    "id",
                    "bsn",
                    "verhuisdatum",
                    "van_adres",
                    "van_postcode",
                    "van_woonplaats",
                    "naar_adres",
                    "naar_postcode",
                    "naar_woonplaats",
                ),
                verhuizingen,
            ),
            Table(
                "producten",
                "code TEXT PRIMARY KEY, omschrijving TEXT NOT NULL, tarief REAL NOT NULL, "
                "btw_percentage REAL NOT NULL, geldig_vanaf DATE NOT NULL",
                ("code", "omschrijving", "tarief", "btw_percentage", "geldig_vanaf"),
                PRODUCTEN,
            ),
        ],
    )
    return {"inwoners": len(inwoners), "verhuizingen": len(verhuizingen)}


# -- personeel ------------------------------------------------------------------------------------

FUNCTIES = (
    ("Consulent Wmo", "Sociaal Domein"),
    ("Klantmanager Participatie", "Sociaal Domein"),
    ("Jeugdconsulent", "Sociaal Domein"),
    ("Beleidsadviseur Sociaal Domein", "Sociaal Domein"),
    ("Medewerker Burgerzaken", "Publiekszaken"),
    ("Medewerker KCC", "Publiekszaken"),
    ("Beleidsmedewerker Ruimtelijke Ordening", "Ruimte"),
    ("Vergunningverlener", "Ruimte"),
    ("Handhaver openbare ruimte", "Veiligheid"),
    ("Buitendienstmedewerker", "Beheer Openbare Ruimte"),
    ("Adviseur P&O", "Bedrijfsvoering"),
    ("Informatiebeheerder", "Bedrijfsvoering"),
    ("Jurist", "Bestuurszaken"),
    ("Teamleider", "Sociaal Domein"),
    ("Financieel adviseur", "Bedrijfsvoering"),
)

VERZUIM = (
    ("griep", "Ziekgemeld met griep en koorts, verwacht binnen een week terug."),
    ("rugklachten", "Acute rugklachten na tillen; fysiotherapie gestart."),
    ("hernia", "Hernia L4-L5, bedrust en fysiotherapie; bedrijfsarts ingeschakeld."),
    (
        "burn-out",
        "Burn-outklachten; begeleiding door bedrijfsarts en psycholoog, plan van aanpak opgesteld.",
    ),
    (
        "depressie",
        "Depressieve klachten, onder behandeling van huisarts en praktijkondersteuner GGZ.",
    ),
    (
        "overspannenheid",
        "Overspannen door werkdruk en mantelzorg thuis; gesprek met leidinggevende gepland.",
    ),
    ("operatie", "Knieoperatie (meniscus), herstel na revalidatie."),
    ("migraine", "Terugkerende migraineaanvallen, medicatie aangepast door neuroloog."),
    ("longontsteking", "Longontsteking, antibiotica; daarna opbouw in uren."),
    ("zwangerschap", "Zwangerschapsgerelateerde klachten, bekkeninstabiliteit."),
    ("COVID-19", "Positief getest op COVID-19, klachten van vermoeidheid en benauwdheid."),
    ("gebroken pols", "Pols gebroken bij val van de fiets; gips voor zes weken."),
)


def write_personeel(
    path: Path,
    rng: random.Random,
    staff: Sequence[Person],
    emails: Sequence[str],
    *,
    retention_cutoff: date,
) -> dict[str, int]:
    """medewerkers (a third left 2006–2012) and verzuim with health terms in free text."""
    medewerkers: list[tuple[Value, ...]] = []
    verzuim: list[tuple[Value, ...]] = []
    for i, (p, email) in enumerate(zip(staff, emails, strict=True)):
        personeelsnummer = f"P{10201 + i * 7}"
        adult = date(p.geboortedatum.year + 20, p.geboortedatum.month, 1)
        uit_dienst: date | None = None
        if p.geboortedatum.year <= 1980 and rng.random() < 0.65:  # left 2006–2012
            in_dienst = ids.random_date(rng, max(date(1995, 1, 1), adult), date(2005, 12, 31))
            uit_dienst = ids.random_date(rng, date(2006, 1, 1), date(2012, 12, 31))
        else:
            in_dienst = ids.random_date(rng, max(date(1995, 1, 1), adult), date(2024, 12, 31))
            if rng.random() < 0.15:
                left_from = max(in_dienst + timedelta(days=200), date(2014, 1, 1))
                uit_dienst = ids.random_date(rng, left_from, date(2026, 9, 30))
        functie, afdeling = rng.choice(FUNCTIES)
        medewerkers.append(
            (
                personeelsnummer,
                p.naam,
                p.adres,
                p.postcode,
                p.woonplaats,
                p.telefoon,
                email,
                p.iban,
                p.bsn,
                functie,
                afdeling,
                _iso(in_dienst),
                _iso(uit_dienst),
            )
        )
        last = uit_dienst or date(2026, 10, 31)
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            ziek = ids.random_date(rng, max(in_dienst, date(2005, 1, 1)), last)
            hersteld: date | None = ziek + timedelta(days=rng.randint(2, 120))
            if hersteld is not None and hersteld > last:
                hersteld = None if uit_dienst is None else last
            reden, toelichting = rng.choice(VERZUIM)
            if reden == "zwangerschap" and p.geslacht == "M":
                reden, toelichting = VERZUIM[0]
            verzuim.append(
                (len(verzuim) + 1, personeelsnummer, _iso(ziek), _iso(hersteld), reden, toelichting)
            )
    _write(
        path,
        [
            Table(
                "medewerkers",
                "personeelsnummer TEXT PRIMARY KEY, naam TEXT NOT NULL, adres TEXT, postcode TEXT, "
                "woonplaats TEXT, telefoon TEXT, email TEXT, iban TEXT, bsn TEXT, functie TEXT, "
                "afdeling TEXT, in_dienst DATE NOT NULL, uit_dienst DATE",
                (
                    "personeelsnummer",
                    "naam",
                    "adres",
                    "postcode",
                    "woonplaats",
                    "telefoon",
                    "email",
                    "iban",
                    "bsn",
                    "functie",
                    "afdeling",
                    "in_dienst",
                    "uit_dienst",
                ),
                medewerkers,
            ),
            Table(
                "verzuim",
                "id INTEGER PRIMARY KEY, medewerker_id TEXT NOT NULL "
                "REFERENCES medewerkers(personeelsnummer), ziekmelding_datum DATE NOT NULL, "
                "hersteldatum DATE, reden TEXT, toelichting TEXT",
                (
                    "id",
                    "medewerker_id",
                    "ziekmelding_datum",
                    "hersteldatum",
                    "reden",
                    "toelichting",
                ),
                verzuim,
            ),
        ],
    )
    return {
        "medewerkers": len(medewerkers),
        "medewerkers_expired": sum(
            _before(retention_cutoff, date.fromisoformat(str(r[12]))) for r in medewerkers if r[12]
        ),
        "verzuim": len(verzuim),
        "verzuim_expired": sum(
            _before(retention_cutoff, date.fromisoformat(str(r[3]))) for r in verzuim if r[3]
        ),
    }


# -- parkeervergunningen --------------------------------------------------------------------------

ZONES = (
    ("A", "Centrum Voorbeeld", 3.20, "09:00-21:00"),
    ("B", "Stationsgebied", 2.60, "09:00-18:00"),
    ("C", "Schil rond centrum", 1.80, "09:00-18:00"),
    ("D", "Recreatiegebied Oosterhoek (zomer)", 1.50, "10:00-18:00"),
)


def write_parkeervergunningen(
    path: Path, rng: random.Random, holders: Sequence[Person]
) -> dict[str, int]:
    """vergunningen (system Parkeerbeheer: in no register entry) and the data-free `zones`."""
    rows: list[tuple[Value, ...]] = []
    for i, p in enumerate(holders, start=1):
        ingang = ids.random_date(rng, date(2016, 1, 1), date(2026, 9, 30))
        soort = rng.choice(
            (
                "bewonersvergunning",
                "bewonersvergunning",
                "bezoekersvergunning",
                "bedrijfsvergunning",
                "deelautovergunning",
            )
        )
        rows.append(
            (
                i,
                f"PV-{ingang.year}-{i:04d}",
                p.naam,
                p.adres,
                p.postcode,
                p.woonplaats,
                ids.kenteken(rng),
                p.email,
                p.telefoon,
                soort,
                rng.choice(ZONES)[0],
                _iso(ingang),
                _iso(min(date(ingang.year + 1, ingang.month, 1), date(2026, 12, 31))),
            )
        )
    _write(
        path,
        [
            Table(
                "vergunningen",
                "id INTEGER PRIMARY KEY, vergunningnummer TEXT NOT NULL, naam TEXT, adres TEXT, "
                "postcode TEXT, woonplaats TEXT, kenteken TEXT, email TEXT, telefoon TEXT, "
                "soort TEXT, zone TEXT, ingangsdatum DATE, einddatum DATE",
                (
                    "id",
                    "vergunningnummer",
                    "naam",
                    "adres",
                    "postcode",
                    "woonplaats",
                    "kenteken",
                    "email",
                    "telefoon",
                    "soort",
                    "zone",
                    "ingangsdatum",
                    "einddatum",
                ),
                rows,
            ),
            Table(
                "zones",
                "code TEXT PRIMARY KEY, omschrijving TEXT NOT NULL, tarief_per_uur REAL, "
                "betaaltijden TEXT",
                ("code", "omschrijving", "tarief_per_uur", "betaaltijden"),
                ZONES,
            ),
        ],
    )
    return {"vergunningen": len(rows)}


# -- schuldhulp -----------------------------------------------------------------------------------

SCHULD_SITUATIES = (
    "Huurachterstand en energieschuld; beslag op bankrekening door deurwaarder.",
    "Problematische schulden na echtscheiding; bijstandsuitkering, beschermingsbewind aangevraagd.",
    "Betalingsachterstand bij energieleverancier en telecomaanbieder; loonbeslag.",
    "WSNP-verzoek voorbereid; {n} schuldeisers, waaronder Belastingdienst en DUO.",
    "Terugvordering toeslagen; inkomen uit WW, vaste lasten hoger dan inkomen.",
    "Zelfstandig ondernemer met bedrijfsschulden, Bbz-aanvraag lopend.",
    "Creditcardschulden en achterstanden bij meerdere webwinkels; inkomen uit loondienst.",
    "Budgetbeheer na huisuitzettingsdreiging; woningcorporatie heeft vonnis.",
)
SCHULD_STATUS = (
    "aanmelding",
    "stabilisatie",
    "schuldregeling",
    "nazorg",
    "afgerond",
    "uitgevallen",
)


def write_schuldhulp(path: Path, rng: random.Random, clients: Sequence[Person]) -> dict[str, int]:
    """trajecten: its register entry (Schuldhulpverlening) has no bewaartermijn."""
    rows: list[tuple[Value, ...]] = []
    for i, p in enumerate(clients, start=1):
        status = rng.choice(SCHULD_STATUS)
        closed = status in ("afgerond", "uitgevallen")
        aangemeld = ids.random_date(
            rng, date(2014, 1, 1), date(2026, 6, 30) if closed else date(2026, 9, 30)
        )
        afgesloten = None
        if closed:
            afgesloten = ids.random_date(rng, aangemeld + timedelta(days=90), date(2026, 10, 31))
        schuldeisers = rng.randint(1, 24)
        rows.append(
            (
                i,
                p.bsn,
                p.naam,
                p.adres,
                p.postcode,
                p.woonplaats,
                p.telefoon,
                p.email,
                p.iban,
                round(rng.uniform(800, 68000), 2),
                schuldeisers,
                rng.choice(SCHULD_SITUATIES).format(n=schuldeisers),
                status,
                _iso(aangemeld),
                _iso(afgesloten),
            )
        )
    _write(
        path,
        [
            Table(
                "trajecten",
                "id INTEGER PRIMARY KEY, bsn TEXT NOT NULL, naam TEXT, adres TEXT, postcode TEXT, "
                "woonplaats TEXT, telefoon TEXT, email TEXT, iban TEXT, totale_schuld REAL, "
                "aantal_schuldeisers INTEGER, situatie TEXT, status TEXT, aanmelddatum DATE, "
                "afsluitdatum DATE",
                (
                    "id",
                    "bsn",
                    "naam",
                    "adres",
                    "postcode",
                    "woonplaats",
                    "telefoon",
                    "email",
                    "iban",
                    "totale_schuld",
                    "aantal_schuldeisers",
                    "situatie",
                    "status",
                    "aanmelddatum",
                    "afsluitdatum",
                ),
                rows,
            )
        ],
    )
    return {"trajecten": len(rows)}
