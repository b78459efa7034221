# ruff: noqa: E501  (tables of synthetic values read best one per line)
"""A seeded evaluation corpus of synthetic municipal documents and tables, with labels.

Everything is generated: names by Faker `nl_NL` and our own lists (common-word surnames,
names of migrant background), identifiers by our own generators with the real checksums
(11-proef, mod-97, A-nummer). No real person is in it.

- `Document`: a letter, case note (Wmo, jeugd, schuldhulp), e-mail, spreadsheet export or
  policy text, with labelled spans (`entity`, `start`, `end`; `text[start:end]` is the value)
  and the special categories (SPECIAL_*, CRIMINAL_DATA, FINANCIAL_SITUATION) it holds *about a
  person*. Policy texts that merely mention a category, "de kerk aan de Markt", order numbers
  that pass the 11-proef, invalid BSNs, booking dates and "de bakker op de hoek" are near-misses
  and carry no label.
- `Column`: a sampled column with its name, table and label (an entity type or `NONE`).

Labelling conventions (see docs/accuracy.md): PERSON covers the name without title
("mevrouw **De Vries**"), ADDRESS is street + house number, NL_POSTCODE the postcode alone,
DATE_OF_BIRTH only birth dates; a BSN is labelled only when it passes the 11-proef.

    python benchmarks/corpus.py --seed 7   # prints a summary and one sample document
"""

from __future__ import annotations

import argparse
import random
import string
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise
from string import Formatter

from faker import Faker

DEFAULT_SEED = 20_240_601
SPECIAL_ENTITIES = (
    "SPECIAL_HEALTH",
    "SPECIAL_ETHNICITY",
    "SPECIAL_POLITICAL",
    "SPECIAL_RELIGION",
    "SPECIAL_TRADE_UNION",
    "SPECIAL_SEXUAL_ORIENTATION",
    "SPECIAL_GENETIC",
    "SPECIAL_BIOMETRIC",
    "CRIMINAL_DATA",
    "FINANCIAL_SITUATION",
)
IDENTIFIERS = (
    "NL_BSN",
    "NL_A_NUMBER",
    "NL_ID_DOCUMENT",
    "NL_LICENSE_PLATE",
    "IBAN_CODE",
    "EMAIL_ADDRESS",
    "PHONE_NUMBER",
    "NL_POSTCODE",
)
SPAN_ENTITIES = (*IDENTIFIERS, "PERSON", "ADDRESS", "DATE_OF_BIRTH")
NONE = "NONE"


@dataclass(frozen=True)
class Span:
    entity: str
    start: int
    end: int


@dataclass(frozen=True)
class Document:
    doc_id: str
    kind: str  # letter, note, email, spreadsheet, policy
    text: str
    spans: tuple[Span, ...]
    special: frozenset[str]

    @property
    def free_text(self) -> bool:
        return self.kind != "spreadsheet"


@dataclass(frozen=True)
class Column:
    table: str
    name: str
    values: tuple[str, ...]
    label: str  # entity type or NONE
    note: str = ""  # what kind of values, for reports


@dataclass(frozen=True)
class Corpus:
    seed: int
    documents: tuple[Document, ...]
    columns: tuple[Column, ...]


# -- identifiers with their real checksums ---------------------------------------------------


def bsn_checksum_ok(digits: str) -> bool:
    digits = digits.zfill(9)
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    total = sum(w * int(d) for w, d in zip(range(9, 1, -1), digits[:8], strict=True))
    return (total - int(digits[8])) % 11 == 0


def make_bsn(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randint(10_000_000, 999_999_999):09d}"
        if bsn_checksum_ok(digits):
            return digits


def make_invalid_bsn(rng: random.Random) -> str:
    while True:
        digits = f"{rng.randint(100_000_000, 999_999_999)}"
        if not bsn_checksum_ok(digits):
            return digits


def a_number_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit() or digits[0] == "0":
        return False
    if any(a == b for a, b in pairwise(digits)):
        return False
    ds = [int(d) for d in digits]
    # Weights 1, 2, 4 … 512 from the left (the BRP's test persons pass this, not the reverse).
    weighted = sum(d * 2**i for i, d in enumerate(ds))
    return sum(ds) % 11 in (0, 5) and weighted % 11 == 0


def make_a_number(rng: random.Random) -> str:
    while True:
        digits = str(rng.randint(1_000_000_000, 9_999_999_999))
        if a_number_ok(digits):
            return digits


def iban_ok(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def make_iban(rng: random.Random, *, spaced: bool | None = None) -> str:
    bank = rng.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ"])
    account = f"{rng.randint(0, 10**10 - 1):010d}"
    numeric = "".join(str(int(c, 36)) for c in bank + account + "NL00")
    compact = f"NL{98 - int(numeric) % 97:02d}{bank}{account}"
    if spaced if spaced is not None else rng.random() < 0.5:
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact


_PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"
_BANNED_PLATE = ("SS", "SD", "SA", "KKK", "NSB", "PVV", "VVD", "GVD", "TBS", "LPF", "PKK")


def make_license_plate(rng: random.Random) -> str:
    """Sidecodes 4-11 with RDW letters (no vowels, no C/Q), banned combinations avoided."""
    layouts = ["XX-99-XX", "XX-XX-99", "99-XXX-9", "9-XXX-99", "XX-999-X", "X-999-XX", "XXX-99-X"]
    while True:
        plate = "".join(
            rng.choice(_PLATE_LETTERS) if c == "X" else str(rng.randint(0, 9)) if c == "9" else c
            for c in rng.choice(layouts)
        )
        if not any(b in plate.replace("-", "") for b in _BANNED_PLATE):
            return plate


def make_id_document(rng: random.Random) -> str:
    letters = string.ascii_uppercase.replace("O", "")
    middle = "".join(rng.choice(letters + string.digits) for _ in range(6))
    return rng.choice(letters) + rng.choice(letters) + middle + str(rng.randint(0, 9))


def format_bsn(rng: random.Random, digits: str) -> str:
    style = rng.random()
    if style < 0.6:
        return digits
    if style < 0.85:
        return f"{digits[:3]}.{digits[3:6]}.{digits[6:]}"
    return f"{digits[:4]} {digits[4:6]} {digits[6:]}"


def make_phone(rng: random.Random) -> str:
    mobile = f"{rng.randint(10_000_000, 99_999_999)}"
    area, local = rng.choice([("010", 7), ("020", 7), ("030", 7), ("050", 7), ("0570", 6)])
    number = f"{rng.randint(10 ** (local - 1), 10**local - 1)}"
    return rng.choice(
        [
            f"06-{mobile}",
            f"06 {mobile[:2]} {mobile[2:4]} {mobile[4:6]} {mobile[6:]}",
            f"06{mobile}",
            f"+31 6 {mobile}",
            f"+31 (0)6 {mobile[:4]} {mobile[4:]}",
            f"0031 6 {mobile}",
            f"{area}-{number}",
            f"{area} {number[:3]} {number[3:]}",
        ]
    )


def make_postcode(rng: random.Random) -> str:
    """`1234 AB` or `1234AB`; never the letter pairs SA, SD or SS, which PostNL does not issue."""
    while True:
        letters = rng.choice(string.ascii_uppercase) + rng.choice(string.ascii_uppercase)
        if letters not in ("SA", "SD", "SS"):
            return f"{rng.randint(1000, 9999)}{rng.choice([' ', ' ', ''])}{letters}"


MONTHS = "januari februari maart april mei juni juli augustus september oktober november december"


def make_birth_date(rng: random.Random) -> str:
    year, month, day = rng.randint(1932, 2012), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice(
        [
            f"{day:02d}-{month:02d}-{year}",
            f"{day}-{month}-{year}",
            f"{day} {MONTHS.split()[month - 1]} {year}",
            f"{year}-{month:02d}-{day:02d}",
            f"{day:02d}/{month:02d}/{year}",
        ]
    )


def make_recent_date(rng: random.Random) -> str:
    year, month, day = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
    return rng.choice(
        [f"{day:02d}-{month:02d}-{year}", f"{day} {MONTHS.split()[month - 1]} {year}"]
    )


# -- people ----------------------------------------------------------------------------------

COMMON_WORD_SURNAMES = [
    "Bakker", "Visser", "Smit", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Dekker",
    "Koster", "Brouwer", "de Wit", "Schouten", "Kok", "Post", "Molenaar", "Kuiper", "Timmerman",
    "Schipper", "Boer", "Koning", "de Haan", "Veenstra", "Kramer", "van Dam",
]  # fmt: skip
MIGRANT_FIRST = ["Fatima", "Mohamed", "Yusuf", "Aylin", "Ahmet", "Samira", "Emre", "Nadia", "Rachid",
                 "Zeynep", "Omar", "Layla", "Kwame", "Priya", "Anil", "Mei", "Daniel", "Olena"]  # fmt: skip
MIGRANT_LAST = ["Yilmaz", "El Amrani", "Öztürk", "Bouzid", "Kaya", "Benali", "Demir", "Haddou",
                "Ramdin", "Mensah", "Nguyen", "Kowalski", "Tahiri", "Şahin", "Boateng"]  # fmt: skip


@dataclass
class Person:
    first: str
    last: str  # with tussenvoegsel, lower case: "van der Berg"
    female: bool
    bsn: str
    birth: str
    street: str
    postcode: str
    city: str
    email: str
    phone: str
    iban: str

    @property
    def full(self) -> str:
        return f"{self.first} {self.last}"

    @property
    def initials(self) -> str:
        return self.first[0] + "."

    @property
    def formal_last(self) -> str:
        """As written after "mevrouw": the tussenvoegsel capitalised ("mevrouw Van der Berg")."""
        return self.last[0].upper() + self.last[1:]


def _mail_local(first: str, last: str, rng: random.Random) -> str:
    plain = "".join(ch for ch in last.lower().replace(" ", "") if ch.isascii() and ch.isalnum())
    first_plain = "".join(ch for ch in first.lower() if ch.isascii() and ch.isalpha()) or "x"
    return rng.choice(
        [f"{first_plain}.{plain}", f"{first_plain[0]}{plain}", f"{plain}{rng.randint(1, 99)}"]
    )


def make_person(fake: Faker, rng: random.Random) -> Person:
    roll = rng.random()
    if roll < 0.2:
        first, last = rng.choice(MIGRANT_FIRST), rng.choice(MIGRANT_LAST)
    elif roll < 0.45:
        first, last = fake.first_name(), rng.choice(COMMON_WORD_SURNAMES)
    else:
        first, last = fake.first_name(), fake.last_name()
    domain = rng.choice(
        ["example.nl", "voorbeeld.nl", "mail.example.com", "hotmail.com", "ziggo.nl"]
    )
    return Person(
        first=first,
        last=last,
        female=rng.random() < 0.5,
        bsn=make_bsn(rng),
        birth=make_birth_date(rng),
        street=f"{fake.street_name()} {rng.randint(1, 240)}{rng.choice(['', '', '', 'a', 'B', '-2'])}",
        postcode=make_postcode(rng),
        city=fake.city(),
        email=f"{_mail_local(first, last, rng)}@{domain}",
        phone=make_phone(rng),
        iban=make_iban(rng),
    )


# -- text rendering with spans ---------------------------------------------------------------

Field = tuple[str | None, str]  # (entity or None, text)


def render(template: str, fields: dict[str, Field]) -> tuple[str, list[Span]]:
    """Fill `{name}` fields; a field with an entity becomes a labelled span of exactly its text."""
    parts: list[str] = []
    spans: list[Span] = []
    position = 0
    for literal, name, _spec, _conv in Formatter().parse(template):
        parts.append(literal)
        position += len(literal)
        if name is None:
            continue
        entity, text = fields[name]
        if entity is not None:
            spans.append(Span(entity, position, position + len(text)))
        parts.append(text)
        position += len(text)
    return "".join(parts), spans


@dataclass
class _Doc:
    kind: str
    pieces: list[tuple[str, list[Span]]] = field(default_factory=list)
    special: set[str] = field(default_factory=set)

    def add(self, template: str, **fields: Field) -> None:
        self.pieces.append(render(template, fields))

    def build(self, doc_id: str) -> Document:
        text, spans, offset = "", [], 0
        for piece, piece_spans in self.pieces:
            spans.extend(Span(s.entity, s.start + offset, s.end + offset) for s in piece_spans)
            text += piece
            offset += len(piece)
        return Document(doc_id, self.kind, text, tuple(spans), frozenset(self.special))


# Sentences that put a special category on the person of the document: (category, template).
# `{p}` is the person's name (a PERSON span) or a pronoun-like reference.
SPECIAL_SENTENCES: dict[str, list[str]] = {
    "SPECIAL_HEALTH": [
        "{p} heeft diabetes en spuit sinds vorig jaar insuline.",
        "{p} is bekend met een depressie en staat onder behandeling bij de GGZ.",
        "Sinds de beroerte heeft {p} een rolstoel nodig; de aanvraag voor een traplift loopt.",
        "Voor {p} is een indicatie voor dagbesteding en begeleiding individueel afgegeven.",
        "{p} gebruikt medicatie tegen epilepsie en mag daardoor geen auto rijden.",
        "Bij {p} is vorig jaar de ziekte van Parkinson vastgesteld.",
        "{p} is na een burn-out volledig arbeidsongeschikt verklaard door de bedrijfsarts.",
    ],
    "FINANCIAL_SITUATION": [
        "{p} heeft een schuldenlast van ongeveer € {amount} bij {n} schuldeisers.",
        "Op het loon van {p} ligt beslag van de Belastingdienst.",
        "{p} ontvangt sinds {year} een bijstandsuitkering (Participatiewet).",
        "{p} staat onder beschermingsbewind; de bewindvoerder beheert de rekeningen.",
        "Voor {p} is de schuldsanering (Wsnp) uitgesproken.",
    ],
    "CRIMINAL_DATA": [
        "{p} is in {year} veroordeeld voor diefstal en heeft een taakstraf uitgevoerd.",
        "Volgens de reclassering heeft {p} een enkelband tot de zitting.",
        "{p} zat tot maart in detentie in de PI Zwolle.",
        "Tegen {p} is proces-verbaal opgemaakt wegens huiselijk geweld.",
    ],
    "SPECIAL_RELIGION": [
        "{p} gaat elke vrijdag naar de moskee en wil geen afspraken tijdens het gebed.",
        "{p} is actief lid van de Protestantse Kerk en zingt in het kerkkoor.",
        "Vanwege haar geloof draagt {p} een hoofddoek; zij is moslima.",
        "{p} is rooms-katholiek en vraagt om een pastoor bij het levenseinde.",
    ],
    "SPECIAL_ETHNICITY": [
        "{p} is van Marokkaanse afkomst en spreekt thuis Tarifit.",
        "Het gezin van {p} heeft een Turkse achtergrond.",
        "{p} is van Koerdische afkomst en vluchtte in 2015 uit Syrië.",
    ],
    "SPECIAL_POLITICAL": [
        "{p} is lid van de PVV en deelt dat op zijn Facebookpagina.",
        "{p} gaf aan politiek actief te zijn voor de SP in de wijkafdeling.",
    ],
    "SPECIAL_TRADE_UNION": [
        "{p} is lid van de FNV en wordt bijgestaan door de vakbondsjurist.",
        "{p} heeft via zijn vakbond (CNV) bezwaar gemaakt.",
    ],
    "SPECIAL_SEXUAL_ORIENTATION": [
        "{p} is homoseksueel en woont samen met zijn partner.",
        "{p} vertelde dat zij lesbisch is en daarom thuis problemen heeft.",
        "{p} is biseksueel en wil dat niet met de ouders bespreken.",
    ],
    "SPECIAL_GENETIC": [
        "Uit DNA-onderzoek blijkt dat {p} de biologische vader is.",
        "{p} heeft de uitslag van het genetisch onderzoek (dragerschap) gedeeld.",
    ],
    "SPECIAL_BIOMETRIC": [
        "Van {p} zijn bij de aanvraag vingerafdrukken afgenomen.",
        "De toegang van {p} tot het gebouw loopt via gezichtsherkenning.",
    ],
}

# Near-misses: category words, church buildings, parties, order numbers without a person.
POLICY_SENTENCES = [
    "Dit beleid beschrijft hoe de gemeente omgaat met gezondheidsgegevens en andere bijzondere "
    "persoonsgegevens.",
    "De kerk aan de Markt is tot de zomer gesloten wegens verbouwing.",
    "In de gemeenteraad stemden de VVD en de SP tegen het voorstel over de Wmo-tarieven.",
    "Werkgevers en vakbonden sloten een nieuwe cao voor gemeenteambtenaren.",
    "De bakker op de hoek van de Kerkstraat sponsort het buurtfeest.",
    "Schuldhulpverlening is een wettelijke taak van de gemeente (Wgs).",
    "Het college besluit over de subsidie aan de moskeevereniging en de parochie.",
    "Medewerkers volgen een training over het herkennen van huiselijk geweld.",
    "De Jeugdwet verplicht de gemeente tot het inkopen van jeugdhulp.",
    "Een visser uit Urk gaf een lezing over de toekomst van de haven.",
    "Het koor van de Grote Kerk geeft op 24 december een concert.",
    "Diabetes en depressie komen in de regio vaker voor dan landelijk, aldus de GGD-monitor.",
]


def _person_ref(p: Person, rng: random.Random) -> tuple[str, Field]:
    """A template fragment for a reference to the person, and its field."""
    title = rng.choice(["mevrouw", "mw.", "mevr."] if p.female else ["de heer", "dhr.", "meneer"])
    style = rng.random()
    if style < 0.35:
        return title + " {p_name}", ("PERSON", p.formal_last)
    if style < 0.7:
        return "{p_name}", ("PERSON", p.full)
    if style < 0.85:
        return "{p_name}", ("PERSON", f"{p.initials} {p.formal_last}")
    return "{p_name}", ("PERSON", p.first)


def _special_sentence(doc: _Doc, p: Person, rng: random.Random, category: str) -> None:
    template = rng.choice(SPECIAL_SENTENCES[category])
    ref, name_field = _person_ref(p, rng)
    if template.startswith("{p}"):
        ref = ref[0].upper() + ref[1:]
    doc.add(
        template.replace("{p}", ref) + " ",
        p_name=name_field,
        amount=(None, f"{rng.randint(2, 60)}.{rng.randint(0, 999):03d}"),
        n=(None, str(rng.randint(2, 14))),
        year=(None, str(rng.randint(2012, 2024))),
    )
    doc.special.add(category)


def _categories(rng: random.Random, weights: dict[str, float]) -> list[str]:
    return [c for c, w in weights.items() if rng.random() < w]


# -- document kinds --------------------------------------------------------------------------


def _letter(fake: Faker, rng: random.Random, staff: Person) -> _Doc:
    p = make_person(fake, rng)
    doc = _Doc("letter")
    salutation = "Geachte mevrouw" if p.female else "Geachte heer"
    doc.add(
        "Gemeente Voorbeeld\nAfdeling Sociaal Domein\n\n{name}\n{street}\n{pc} {city}\n\n",
        name=("PERSON", f"{p.initials} {p.formal_last}"),
        street=("ADDRESS", p.street),
        pc=("NL_POSTCODE", p.postcode),
        city=(None, p.city.upper() if rng.random() < 0.5 else p.city),
    )
    subject = rng.choice(
        ["Beschikking Wmo", "Besluit op uw aanvraag", "Bezwaar", "Schuldhulpverlening"]
    )
    # A letter to a person about their Wmo care or debt counselling says so by its subject.
    doc.special |= {"Beschikking Wmo": {"SPECIAL_HEALTH"},
                    "Schuldhulpverlening": {"FINANCIAL_SITUATION"}}.get(subject, set())  # fmt: skip
    doc.add(
        "Datum: {date}\nOns kenmerk: {kenmerk}\nBetreft: {subject}\n\n{sal} {last},\n\n",
        date=(None, make_recent_date(rng)),
        kenmerk=(None, f"Z/{rng.randint(19, 25)}/{rng.randint(10000, 99999)}"),
        subject=(None, subject),
        sal=(None, salutation),
        last=("PERSON", p.formal_last),
    )
    doc.add(
        "Op {date} hebben wij uw aanvraag ontvangen. In deze brief leest u ons besluit.\n",
        date=(None, make_recent_date(rng)),
    )
    doc.add(
        rng.choice(
            [
                "Uw gegevens: burgerservicenummer {bsn}, geboren op {dob}.\n",
                "BSN: {bsn}\nGeboortedatum: {dob}\n",
                "Wij hebben uw aanvraag geregistreerd onder uw BSN {bsn} (geboortedatum {dob}).\n",
            ]
        ),
        bsn=("NL_BSN", format_bsn(rng, p.bsn)),
        dob=("DATE_OF_BIRTH", p.birth),
    )
    weights = {"SPECIAL_HEALTH": 0.5, "FINANCIAL_SITUATION": 0.3, "CRIMINAL_DATA": 0.05}
    for category in _categories(rng, weights):
        _special_sentence(doc, p, rng, category)
    if rng.random() < 0.5:
        doc.add(
            "\nDe vergoeding maken wij over op rekeningnummer {iban}.\n",
            iban=("IBAN_CODE", p.iban),
        )
    if rng.random() < 0.3:
        doc.add("Uw dossier heeft zaaknummer {nr}.\n", nr=(None, make_bsn(rng)))  # near-miss
    doc.add(
        "\nHeeft u vragen? Bel uw consulent {staff} op {tel} of mail naar {mail}.\n\n"
        "Met vriendelijke groet,\n\n{staff2}\nConsulent Wmo\n",
        staff=("PERSON", staff.full),
        tel=("PHONE_NUMBER", staff.phone),
        mail=("EMAIL_ADDRESS", staff.email),
        staff2=("PERSON", f"{staff.initials} {staff.formal_last}"),
    )
    return doc


def _note(fake: Faker, rng: random.Random, staff: Person) -> _Doc:
    p = make_person(fake, rng)
    domain = rng.choice(["Wmo", "jeugd", "schuldhulp"])
    doc = _Doc("note")
    doc.add(
        "Journaal {domain} - {date} - {staff}\n",
        domain=(None, domain),
        date=(None, make_recent_date(rng)),
        staff=("PERSON", staff.first),
    )
    ref, name_field = _person_ref(p, rng)
    doc.add(
        rng.choice(
            [
                "Huisbezoek bij " + ref + " (bsn {bsn}, geb. {dob}). ",
                "Tel. contact met " + ref + ", bsn {bsn}, geboren {dob}. ",
                "Gesprek met " + ref + " op kantoor. BSN {bsn}. Geb.datum {dob}. ",
            ]
        ),
        p_name=name_field,
        bsn=("NL_BSN", format_bsn(rng, p.bsn)),
        dob=("DATE_OF_BIRTH", p.birth),
    )
    if rng.random() < 0.6:
        doc.add("Tel: {tel}. ", tel=("PHONE_NUMBER", p.phone))
    if domain == "jeugd":
        child = make_person(fake, rng)
        doc.add(
            "Zoon {child} ({age} jr) zit op de basisschool in de wijk. ",
            child=("PERSON", child.first),
            age=(None, str(rng.randint(6, 17))),
        )
    weights = {
        "Wmo": {"SPECIAL_HEALTH": 0.8, "SPECIAL_RELIGION": 0.15, "SPECIAL_ETHNICITY": 0.1},
        "jeugd": {"SPECIAL_HEALTH": 0.4, "CRIMINAL_DATA": 0.4, "SPECIAL_SEXUAL_ORIENTATION": 0.15,
                  "SPECIAL_GENETIC": 0.1},
        "schuldhulp": {"FINANCIAL_SITUATION": 0.9, "SPECIAL_TRADE_UNION": 0.1,
                       "SPECIAL_POLITICAL": 0.1, "SPECIAL_BIOMETRIC": 0.05},
    }[domain]  # fmt: skip
    rare = ("SPECIAL_POLITICAL", "SPECIAL_TRADE_UNION", "SPECIAL_SEXUAL_ORIENTATION",
            "SPECIAL_GENETIC", "SPECIAL_BIOMETRIC", "SPECIAL_ETHNICITY")  # fmt: skip
    weights = {c: weights.get(c, 0.0) + (0.04 if c in rare else 0.0) for c in {*weights, *rare}}
    for category in _categories(rng, dict(sorted(weights.items()))):
        _special_sentence(doc, p, rng, category)
    doc.add(
        rng.choice(
            [
                "Afspraak: vervolggesprek over {n} weken. ",
                "Actie: dossier bijwerken, terugbellen binnen {n} dagen. ",
                "Besproken dat de aanvraag over {n} weken wordt beoordeeld. ",
            ]
        ),
        n=(None, str(rng.randint(2, 6))),
    )
    if rng.random() < 0.3:
        doc.add("Ordernummer hulpmiddel: {nr}. ", nr=(None, make_invalid_bsn(rng)))
    return doc


def _email(fake: Faker, rng: random.Random, staff: Person) -> _Doc:
    p = make_person(fake, rng)
    doc = _Doc("email")
    doc.add(
        "Van: {pmail}\nAan: {smail}\nOnderwerp: {subject}\n\nBeste {sfirst},\n\n",
        pmail=("EMAIL_ADDRESS", p.email),
        smail=("EMAIL_ADDRESS", staff.email),
        subject=(None, rng.choice(["Vraag over mijn aanvraag", "Re: afspraak", "Bezwaar"])),
        sfirst=("PERSON", staff.first),
    )
    doc.add(
        rng.choice(
            [
                "Ik wil graag weten hoe het staat met mijn aanvraag. Mijn BSN is {bsn}.\n",
                "Hierbij stuur ik de gevraagde gegevens. Burgerservicenummer: {bsn}.\n",
                "Kunt u mij terugbellen? Mijn bsn {bsn} staat op de brief.\n",
            ]
        ),
        bsn=("NL_BSN", format_bsn(rng, p.bsn)),
    )
    weights = {"SPECIAL_HEALTH": 0.35, "FINANCIAL_SITUATION": 0.35, "SPECIAL_RELIGION": 0.1}
    for category in _categories(rng, weights):
        template = rng.choice(
            {
                "SPECIAL_HEALTH": [
                    "Door mijn reuma kan ik niet naar het loket komen. ",
                    "Ik heb COPD en ben snel buiten adem. ",
                ],
                "FINANCIAL_SITUATION": [
                    "Ik heb schulden en kan de huur niet betalen. ",
                    "Er ligt beslag op mijn uitkering. ",
                ],
                "SPECIAL_RELIGION": [
                    "Vanwege de ramadan wil ik liever na 19 uur bellen. ",
                    "Als christen ga ik op zondag naar de kerk. ",
                ],
            }[category]
        )
        doc.add(template)
        doc.special.add(category)
    doc.add(
        "U kunt mij bereiken op {tel}. Mijn rekeningnummer is {iban}.\n\n"
        "Met vriendelijke groet,\n{name}\n{street}\n{pc} {city}\n",
        tel=("PHONE_NUMBER", p.phone),
        iban=("IBAN_CODE", p.iban),
        name=("PERSON", p.full),
        street=("ADDRESS", p.street),
        pc=("NL_POSTCODE", p.postcode),
        city=(None, p.city),
    )
    if rng.random() < 0.25:
        doc.add(
            "\nPS: mijn kenteken is {plate}, voor de parkeervergunning. Paspoort {doc}.\n",
            plate=("NL_LICENSE_PLATE", make_license_plate(rng)),
            doc=("NL_ID_DOCUMENT", make_id_document(rng)),
        )
    if rng.random() < 0.15:
        doc.add("A-nummer (BRP): {anr}\n", anr=("NL_A_NUMBER", make_a_number(rng)))
    return doc


def _spreadsheet(fake: Faker, rng: random.Random, _staff: Person) -> _Doc:
    doc = _Doc("spreadsheet")
    doc.add("Naam;BSN;Geboortedatum;Telefoon;E-mail;Postcode;Ordernr;Bedrag\n")
    for _ in range(rng.randint(4, 9)):
        p = make_person(fake, rng)
        doc.add(
            "{name};{bsn};{dob};{tel};{mail};{pc};{order};{amount}\n",
            name=("PERSON", p.full),
            bsn=("NL_BSN", p.bsn),
            dob=("DATE_OF_BIRTH", p.birth),
            tel=("PHONE_NUMBER", p.phone),
            mail=("EMAIL_ADDRESS", p.email),
            pc=("NL_POSTCODE", p.postcode),
            order=(None, str(rng.randint(100_000_000, 999_999_999))),
            amount=(None, f"{rng.randint(10, 9999)},{rng.randint(0, 99):02d}"),
        )
    return doc


def _policy(fake: Faker, rng: random.Random, _staff: Person) -> _Doc:
    doc = _Doc("policy")
    doc.add(
        "Gemeente Voorbeeld - {title}\n\n",
        title=(
            None,
            rng.choice(
                ["Beleidsregels Wmo 2025", "Nieuwsbrief", "Raadsinformatiebrief", "Jaarverslag"]
            ),
        ),
    )
    for sentence in rng.sample(POLICY_SENTENCES, k=rng.randint(3, 6)):
        doc.add(sentence.replace("{", "{{").replace("}", "}}") + " ")
    doc.add(
        "\nBestelling {order} (productcode PRD-{code}) is op {date} geleverd. "
        "Factuurdatum {date2}, totaal € {amount}.\n",
        order=(None, make_bsn(rng) if rng.random() < 0.5 else make_invalid_bsn(rng)),
        code=(None, f"{rng.randint(1000, 9999)}-{rng.choice('ABCDEFGH')}{rng.randint(10, 99)}"),
        date=(None, make_recent_date(rng)),
        date2=(None, make_recent_date(rng)),
        amount=(None, f"{rng.randint(100, 99999)},{rng.randint(0, 99):02d}"),
    )
    return doc


DOCUMENT_KINDS: dict[str, tuple[Callable[[Faker, random.Random, Person], _Doc], float]] = {
    "letter": (_letter, 0.3),
    "note": (_note, 0.3),
    "email": (_email, 0.2),
    "spreadsheet": (_spreadsheet, 0.08),
    "policy": (_policy, 0.12),
}


# -- columns ---------------------------------------------------------------------------------

ColumnMaker = Callable[[Faker, random.Random], str]


def _blank_or(maker: ColumnMaker, blank: float) -> ColumnMaker:
    return lambda fake, rng: "" if rng.random() < blank else maker(fake, rng)


def _mostly_valid_bsn(fake: Faker, rng: random.Random) -> str:
    return make_bsn(rng) if rng.random() > 0.05 else make_invalid_bsn(rng)


VALUE_MAKERS: dict[str, ColumnMaker] = {
    "bsn": lambda fake, rng: make_bsn(rng),
    "bsn_dotted": lambda fake, rng: format_bsn(rng, make_bsn(rng)),
    "bsn_mostly_valid": _mostly_valid_bsn,
    "bsn_8": lambda fake, rng: make_bsn(rng).lstrip("0") if rng.random() < 0.3 else make_bsn(rng),
    "birth_date": lambda fake, rng: make_birth_date(rng),
    "birth_iso": lambda fake, rng: f"{rng.randint(1932, 2012)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    "first_name": lambda fake, rng: fake.first_name(),
    "last_name": lambda fake, rng: rng.choice(COMMON_WORD_SURNAMES + [fake.last_name()] * 3),
    "full_name": lambda fake, rng: make_person(fake, rng).full,
    "initials": lambda fake, rng: "".join(rng.choice("ABCDEFGHJKLMNPRSTW") + "." for _ in range(rng.randint(1, 3))),
    "tussenvoegsel": _blank_or(lambda fake, rng: rng.choice(["van", "de", "van der", "van den", "ter", "in 't"]), 0.6),
    "street": lambda fake, rng: fake.street_name(),
    "house_number": lambda fake, rng: f"{rng.randint(1, 240)}{rng.choice(['', '', 'a', 'B', '-2', ' hs'])}",
    "postcode": lambda fake, rng: make_postcode(rng),
    "phone": lambda fake, rng: make_phone(rng),
    "email": lambda fake, rng: make_person(fake, rng).email,
    "iban": lambda fake, rng: make_iban(rng, spaced=False),
    "plate": lambda fake, rng: make_license_plate(rng),
    "a_number": lambda fake, rng: make_a_number(rng),
    "id_document": lambda fake, rng: make_id_document(rng),
    "diagnosis": lambda fake, rng: rng.choice(["Diabetes mellitus type 2", "COPD", "Depressie", "Dementie", "Autisme", "ADHD", "CVA", "Angststoornis", "Reuma"]),
    "indication": lambda fake, rng: rng.choice(["Huishoudelijke hulp", "Begeleiding individueel", "Dagbesteding", "Beschermd wonen", "Rolstoel", "Woningaanpassing", "Vervoer (Regiotaxi)"]),
    "denomination": lambda fake, rng: rng.choice(["Rooms-Katholiek", "Protestantse Kerk in Nederland", "Islamitisch", "Gereformeerd", "Hindoe", "Geen"]),
    "nationality": lambda fake, rng: rng.choice(["Nederlandse", "Marokkaanse", "Turkse", "Surinaamse", "Poolse", "Syrische", "Eritrese"]),
    "debt": lambda fake, rng: rng.choice(["Belastingdienst", "Zorgverzekeraar", "Woningcorporatie", "DUO", "Energieleverancier"]),
    # decoys
    "order_number": lambda fake, rng: str(rng.randint(100_000_000, 999_999_999)),
    "product_code": lambda fake, rng: f"PRD-{rng.randint(1000, 9999)}-{rng.choice('ABCDEFGH')}{rng.randint(10, 99)}",
    "sku": lambda fake, rng: f"SKU{rng.randint(10**7, 10**8 - 1)}",
    "uuid": lambda fake, rng: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
    "sha1": lambda fake, rng: "".join(rng.choice("0123456789abcdef") for _ in range(40)),
    "amount": lambda fake, rng: f"{rng.randint(1, 99_999)},{rng.randint(0, 99):02d}",
    "amount_dot": lambda fake, rng: f"{rng.randint(1, 99_999)}.{rng.randint(0, 99):02d}",
    "booking_date": lambda fake, rng: make_recent_date(rng),
    "booking_iso": lambda fake, rng: f"{rng.randint(2015, 2025)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
    "city": lambda fake, rng: fake.city(),
    "municipality": lambda fake, rng: rng.choice(["Utrecht", "Amersfoort", "Zwolle", "Den Haag", "Tilburg", "Bergen", "Ede", "Lochem", "Hengelo"]),
    "status": lambda fake, rng: rng.choice(["open", "afgehandeld", "in behandeling", "vervallen"]),
    "free_text": lambda fake, rng: rng.choice([*POLICY_SENTENCES[1:6], "Levering gepland in week 12.", "Factuur betaald via incasso.", "Contract verlengd."]),
    "int_id": lambda fake, rng: str(rng.randint(1, 50_000)),
    "yes_no": lambda fake, rng: rng.choice(["J", "N"]),
}  # fmt: skip

# (table, column name, value kind, label)
COLUMN_SPECS: list[tuple[str, str, str, str]] = [
    ("clienten", "client_id", "int_id", NONE),
    ("clienten", "bsn", "bsn", "NL_BSN"),
    ("clienten", "vrlttrs", "initials", "PERSON"),
    ("clienten", "tsnvgsl", "tussenvoegsel", "PERSON"),
    ("clienten", "achternm", "last_name", "PERSON"),
    ("clienten", "geb_dat", "birth_date", "DATE_OF_BIRTH"),
    ("clienten", "strt", "street", "ADDRESS"),
    ("clienten", "hnr", "house_number", "ADDRESS"),
    ("clienten", "pc", "postcode", "NL_POSTCODE"),
    ("clienten", "wpl", "city", NONE),  # a place alone: documented decision
    ("clienten", "tel", "phone", "PHONE_NUMBER"),
    ("clienten", "email", "email", "EMAIL_ADDRESS"),
    ("clienten", "kerkgen", "denomination", "SPECIAL_RELIGION"),
    ("clienten", "nationaliteit", "nationality", "SPECIAL_ETHNICITY"),
    ("wmo_indicaties", "sofinr", "bsn_mostly_valid", "NL_BSN"),
    ("wmo_indicaties", "indicatie", "indication", "SPECIAL_HEALTH"),
    ("wmo_indicaties", "diagnose", "diagnosis", "SPECIAL_HEALTH"),
    ("wmo_indicaties", "startdatum", "booking_date", NONE),
    ("wmo_indicaties", "status", "status", NONE),
    ("wmo_indicaties", "gemeente", "municipality", NONE),
    ("debiteuren", "burgerservicenr", "bsn_8", "NL_BSN"),
    ("debiteuren", "naam", "full_name", "PERSON"),
    ("debiteuren", "rek_nr", "iban", "IBAN_CODE"),
    ("debiteuren", "bedrag", "amount", NONE),
    ("debiteuren", "boekdatum", "booking_date", NONE),
    ("debiteuren", "factuurnr", "order_number", NONE),
    ("debiteuren", "schuldeiser", "debt", "FINANCIAL_SITUATION"),
    ("orders", "ordernr", "order_number", NONE),
    ("orders", "productcode", "product_code", NONE),
    ("orders", "sku", "sku", NONE),
    ("orders", "order_uuid", "uuid", NONE),
    ("orders", "totaal", "amount_dot", NONE),
    ("orders", "omschrijving", "free_text", NONE),
    ("orders", "geleverd", "yes_no", NONE),
    ("bestanden", "sha1", "sha1", NONE),
    ("bestanden", "id", "uuid", NONE),
    ("bestanden", "aangemaakt", "booking_iso", NONE),
    ("parkeervergunningen", "kntkn", "plate", "NL_LICENSE_PLATE"),
    ("parkeervergunningen", "iban", "iban", "IBAN_CODE"),
    ("parkeervergunningen", "woonplaats", "municipality", NONE),
    ("parkeervergunningen", "emailAdres", "email", "EMAIL_ADDRESS"),
    ("medewerkers", "voornaam", "first_name", "PERSON"),
    ("medewerkers", "Achternaam", "last_name", "PERSON"),
    ("medewerkers", "GeboorteDatum", "birth_iso", "DATE_OF_BIRTH"),
    ("medewerkers", "telefoonNummer", "phone", "PHONE_NUMBER"),
    ("medewerkers", "personeelsnr", "int_id", NONE),
    ("brp_koppeling", "a_nummer", "a_number", "NL_A_NUMBER"),
    ("brp_koppeling", "klantBSN", "bsn_dotted", "NL_BSN"),
    ("brp_koppeling", "paspoortnr", "id_document", "NL_ID_DOCUMENT"),
    ("brp_koppeling", "gebdatum", "birth_iso", "DATE_OF_BIRTH"),
    ("import_2019", "kolom3", "bsn", "NL_BSN"),  # neutral name, every value passes
    ("import_2019", "kolom4", "email", "EMAIL_ADDRESS"),
    ("import_2019", "kolom5", "order_number", NONE),  # neutral name, ~9% pass the 11-proef
    ("import_2019", "kolom6", "amount", NONE),
]


def _columns(fake: Faker, rng: random.Random, rows: int) -> tuple[Column, ...]:
    return tuple(
        Column(table, name, tuple(VALUE_MAKERS[kind](fake, rng) for _ in range(rows)), label, kind)
        for table, name, kind, label in COLUMN_SPECS
    )


def generate(seed: int = DEFAULT_SEED, n_documents: int = 250, rows: int = 60) -> Corpus:
    """The corpus for `seed`: the same seed gives the same corpus, byte for byte."""
    rng = random.Random(seed)
    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    staff = [make_person(fake, rng) for _ in range(6)]
    kinds = list(DOCUMENT_KINDS)
    weights = [DOCUMENT_KINDS[k][1] for k in kinds]
    documents = []
    for number in range(n_documents):
        kind = rng.choices(kinds, weights)[0]
        doc = DOCUMENT_KINDS[kind][0](fake, rng, rng.choice(staff))
        documents.append(doc.build(f"{kind}-{number:04d}"))
    return Corpus(seed, tuple(documents), _columns(fake, rng, rows))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    corpus = generate(args.seed)
    spans = [s for d in corpus.documents for s in d.spans]
    print(f"{len(corpus.documents)} documents, {len(spans)} labelled spans, "
          f"{len(corpus.columns)} columns")  # fmt: skip
    print(corpus.documents[0].text)


if __name__ == "__main__":
    main()
