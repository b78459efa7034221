"""The fictional inhabitants and staff of Gemeente Voorbeeld.

Names come from a seeded Faker("nl_NL"); every identifier from `pipelines.demo.identifiers`.
Nobody here exists: the names are random combinations and the numbers are drawn, not looked up.
"""

from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass
from datetime import date

from faker import Faker

from pipelines.demo import identifiers as ids

__all__ = ["WOONPLAATSEN", "Person", "make_people"]

WOONPLAATSEN = (
    "Voorbeeld",
    "Voorbeeld",
    "Voorbeeld",
    "Nieuw-Voorbeeld",
    "Voorbeeldveen",
    "Oosterhoek",
)
_EMAIL_DOMAINS = ("example.nl", "example.com", "example.org", "mail.example.nl")
_TUSSENVOEGSELS = ("van", "de", "van de", "van der", "van den", "ter", "in 't", "den")


@dataclass(frozen=True)
class Person:
    voornaam: str
    tussenvoegsel: str  # "" when there is none
    geslachtsnaam: str  # the surname without tussenvoegsel
    geslacht: str  # "M" or "V"
    geboortedatum: date
    bsn: str
    straat: str
    huisnummer: str
    postcode: str
    woonplaats: str
    telefoon: str
    email: str
    iban: str

    @property
    def achternaam(self) -> str:
        """Surname as written after a first name: "van der Ploeg"."""
        return f"{self.tussenvoegsel} {self.geslachtsnaam}".strip()

    @property
    def naam(self) -> str:
        return f"{self.voornaam} {self.achternaam}"

    @property
    def aanhef_achternaam(self) -> str:
        """Surname as written after "de heer"/"mevrouw": the tussenvoegsel capitalised."""
        return self.achternaam[:1].upper() + self.achternaam[1:]

    @property
    def adres(self) -> str:
        return f"{self.straat} {self.huisnummer}"

    @property
    def aanhef(self) -> str:
        return "de heer" if self.geslacht == "M" else "mevrouw"


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and (c.isalnum() or c in ".-")).lower()


def _split_surname(full: str) -> tuple[str, str]:
    for prefix in sorted(_TUSSENVOEGSELS, key=len, reverse=True):
        if full.startswith(prefix + " "):
            return prefix, full[len(prefix) + 1 :]
    return "", full


def make_people(
    fake: Faker,
    rng: random.Random,
    count: int,
    *,
    born_from: date,
    born_to: date,
    used_bsns: set[str],
    used_emails: set[str],
) -> list[Person]:
    """`count` distinct persons; BSNs and e-mail addresses unique across calls via the sets."""
    people: list[Person] = []
    streets = [fake.street_name() for _ in range(40)]
    while len(people) < count:
        geslacht = "M" if rng.random() < 0.5 else "V"
        voornaam = fake.first_name_male() if geslacht == "M" else fake.first_name_female()
        tussenvoegsel, geslachtsnaam = _split_surname(fake.last_name())
        if not tussenvoegsel and rng.random() < 0.15:
            tussenvoegsel = rng.choice(_TUSSENVOEGSELS)
        number = ids.bsn(rng)
        if number in used_bsns:
            continue
        local = f"{_ascii(voornaam)[:1]}.{_ascii(tussenvoegsel + geslachtsnaam)}"
        email = f"{local}{rng.randint(1, 99)}@{rng.choice(_EMAIL_DOMAINS)}"
        if email in used_emails:
            continue
        used_bsns.add(number)
        used_emails.add(email)
        huisnummer = str(rng.randint(1, 180))
        if rng.random() < 0.12:
            huisnummer += rng.choice(("a", "b", "-1", "-2", " bis"))
        people.append(
            Person(
                voornaam=voornaam,
                tussenvoegsel=tussenvoegsel,
                geslachtsnaam=geslachtsnaam,
                geslacht=geslacht,
                geboortedatum=ids.random_date(rng, born_from, born_to),
                bsn=number,
                straat=rng.choice(streets),
                huisnummer=huisnummer,
                postcode=ids.postcode(rng),
                woonplaats=rng.choice(WOONPLAATSEN),
                telefoon=ids.phone(rng),
                email=email,
                iban=ids.iban(rng),
            )
        )
    return people
