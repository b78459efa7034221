"""The identifiers of one data subject, as a privacy officer supplies them for `locate`.

They are read from a file the officer keeps (one `soort: waarde` per line) or typed in at a
prompt, never from the command line (shell history, process lists) and never from Dagster run
config (stored in clear in the run storage). `SubjectIdentifiers` never shows its values: its
`repr` names only which kinds were given, so a traceback or a log line cannot leak them.

File format (UTF-8; `#` starts a comment; a kind may be repeated)::

    bsn: 123456782
    e-mail: iemand@example.nl
    iban: NL91 ABNA 0417 1643 00
    telefoon: 06-12345678
    naam: Pieter de Vries
    geboortedatum: 23-05-1941
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from scanners.fingerprint import fingerprint, normalise

KIND_ENTITY: Mapping[str, str] = {
    "bsn": "NL_BSN",
    "email": "EMAIL_ADDRESS",
    "iban": "IBAN_CODE",
    "telefoon": "PHONE_NUMBER",
    "naam": "PERSON",
    "geboortedatum": "DATE_OF_BIRTH",
}

# How the report refers to what was supplied: never by its value.
KIND_LABEL: Mapping[str, str] = {
    "bsn": "het opgegeven BSN",
    "email": "het opgegeven e-mailadres",
    "iban": "het opgegeven IBAN",
    "telefoon": "het opgegeven telefoonnummer",
    "naam": "de opgegeven naam",
    "geboortedatum": "de opgegeven geboortedatum",
    "naam_geboortedatum": "de opgegeven naam met geboortedatum",
}

_KIND_SYNONYMS: Mapping[str, str] = {
    "bsn": "bsn", "burgerservicenummer": "bsn", "sofinummer": "bsn",
    "email": "email", "e-mail": "email", "e-mailadres": "email", "emailadres": "email",
    "mail": "email",
    "iban": "iban", "rekeningnummer": "iban", "bankrekening": "iban",
    "telefoon": "telefoon", "telefoonnummer": "telefoon", "tel": "telefoon", "mobiel": "telefoon",
    "phone": "telefoon",
    "naam": "naam", "name": "naam", "volledige naam": "naam",
    "geboortedatum": "geboortedatum", "geb.datum": "geboortedatum", "geboren": "geboortedatum",
    "date_of_birth": "geboortedatum",
}  # fmt: skip

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_IBAN = re.compile(r"^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$")


class IdentifierError(ValueError):
    """The identifiers cannot be used; the message names the line and kind, never the value."""


def _bsn_valid(digits: str) -> bool:
    if len(digits) != 9 or not digits.isdigit():
        return False
    return sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True)) % 11 == 0


def _iban_valid(compact: str) -> bool:
    if not _IBAN.match(compact):
        return False
    numeric = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(numeric) % 97 == 1


def parse_birth_date(text: str) -> date:
    """A date as officers type it: 23-05-1941, 23/5/1941, 1941-05-23, 23 mei 1941."""
    iso = normalise("DATE_OF_BIRTH", text)
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", iso)
    if not match:
        raise ValueError("not a date")
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))


@dataclass(frozen=True, repr=False)
class SubjectIdentifiers:
    """What an officer supplied about one data subject. Values are normalised; never shown."""

    bsns: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    ibans: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()  # E.164 digits without "+": 31612345678
    name: str | None = None
    birth_date: date | None = None
    _kinds: tuple[str, ...] = field(default=(), compare=False)

    def __repr__(self) -> str:
        return f"SubjectIdentifiers(<{', '.join(self.kinds) or 'leeg'}>)"

    __str__ = __repr__

    @property
    def kinds(self) -> tuple[str, ...]:
        """The kinds supplied, in a fixed order ("bsn", "email", ...)."""
        present = {
            "bsn": bool(self.bsns),
            "email": bool(self.emails),
            "iban": bool(self.ibans),
            "telefoon": bool(self.phones),
            "naam": self.name is not None,
            "geboortedatum": self.birth_date is not None,
        }
        return tuple(k for k, v in present.items() if v)

    def is_empty(self) -> bool:
        return not self.kinds

    def values(self) -> Iterator[tuple[str, str]]:
        """(entity type, value) pairs, for fingerprints and searches."""
        for value in self.bsns:
            yield "NL_BSN", value
        for value in self.emails:
            yield "EMAIL_ADDRESS", value
        for value in self.ibans:
            yield "IBAN_CODE", value
        for value in self.phones:
            yield "PHONE_NUMBER", value
        if self.name is not None:
            for form in name_forms(self.name):
                yield "PERSON", form
        if self.birth_date is not None:
            yield "DATE_OF_BIRTH", self.birth_date.isoformat()

    def fingerprints(self, key: bytes) -> dict[str, set[str]]:
        """Entity type → keyed hashes of the supplied values (as the scanners compute them)."""
        result: dict[str, set[str]] = {}
        for entity_type, value in self.values():
            result.setdefault(entity_type, set()).add(fingerprint(key, entity_type, value))
        return result

    def clear_forms(self) -> set[str]:
        """Every spelling of the supplied values that avgscan searches for: what may never be
        written anywhere (tests look for these; reports redact them from paths)."""
        from pipelines.privacy.forms import all_forms  # forms imports this module

        return all_forms(self)


def name_forms(name: str) -> tuple[str, ...]:
    """The name as written in full and with an initial: "Pieter de Vries", "P. de Vries"."""
    words = name.split()
    forms = [" ".join(words)]
    if len(words) >= 2:
        forms.append(f"{words[0][0]}. {' '.join(words[1:])}")
    return tuple(dict.fromkeys(forms))


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().strip()


def _add(collected: dict[str, list[str]], kind: str, value: str, where: str) -> None:
    value = value.strip()
    if not value:
        raise IdentifierError(f"{where}: geen waarde bij '{kind}'")
    if kind == "bsn":
        digits = re.sub(r"\D", "", value)
        if len(digits) == 8:
            digits = "0" + digits
        if not _bsn_valid(digits):
            raise IdentifierError(f"{where}: het opgegeven BSN voldoet niet aan de elfproef")
        value = digits
    elif kind == "email":
        value = value.lower()
        if not _EMAIL.match(value):
            raise IdentifierError(f"{where}: het opgegeven e-mailadres is geen e-mailadres")
    elif kind == "iban":
        value = re.sub(r"[^0-9A-Za-z]", "", value).upper()
        if not _iban_valid(value):
            raise IdentifierError(f"{where}: het opgegeven IBAN klopt niet (controlegetal)")
    elif kind == "telefoon":
        value = normalise("PHONE_NUMBER", value)
        if not 9 <= len(value) <= 15:
            raise IdentifierError(f"{where}: het opgegeven telefoonnummer is te kort of te lang")
    elif kind == "naam":
        value = " ".join(value.split())
        if len(value.split()) < 2:
            raise IdentifierError(f"{where}: geef de naam met voor- en achternaam")
    elif kind == "geboortedatum":
        try:
            value = parse_birth_date(value).isoformat()
        except ValueError:
            raise IdentifierError(
                f"{where}: de opgegeven geboortedatum is geen datum (dd-mm-jjjj)"
            ) from None
    collected.setdefault(kind, []).append(value)


def _build(collected: dict[str, list[str]]) -> SubjectIdentifiers:
    for single in ("naam", "geboortedatum"):
        if len(collected.get(single, [])) > 1:
            raise IdentifierError(f"'{single}' is meer dan eens opgegeven; zoek per persoon")
    if ("naam" in collected) != ("geboortedatum" in collected):
        raise IdentifierError(
            "geef naam en geboortedatum samen: een naam alleen wijst niet één persoon aan"
        )
    found = SubjectIdentifiers(
        bsns=tuple(dict.fromkeys(collected.get("bsn", []))),
        emails=tuple(dict.fromkeys(collected.get("email", []))),
        ibans=tuple(dict.fromkeys(collected.get("iban", []))),
        phones=tuple(dict.fromkeys(collected.get("telefoon", []))),
        name=collected["naam"][0] if "naam" in collected else None,
        birth_date=date.fromisoformat(collected["geboortedatum"][0])
        if "geboortedatum" in collected
        else None,
    )
    if found.is_empty():
        raise IdentifierError("geen identificerende gegevens opgegeven")
    return found


def parse_identifiers(text: str, origin: str = "invoer") -> SubjectIdentifiers:
    """Read `soort: waarde` lines (see the module docstring)."""
    collected: dict[str, list[str]] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if not stripped:
            continue
        where = f"{origin} regel {number}"
        if ":" not in stripped:
            raise IdentifierError(f"{where}: verwacht 'soort: waarde' (bijv. 'bsn: ...')")
        label, value = stripped.split(":", 1)
        kind = _KIND_SYNONYMS.get(_fold(label))
        if kind is None:
            known = ", ".join(sorted(set(_KIND_SYNONYMS.values())))
            raise IdentifierError(f"{where}: onbekende soort '{label.strip()}' (bekend: {known})")
        _add(collected, kind, value, where)
    return _build(collected)


def read_identifiers(path: Path) -> SubjectIdentifiers:
    """The identifiers from a file the officer keeps (see the module docstring)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise IdentifierError(f"{path}: niet te lezen ({exc.strerror})") from None
    return parse_identifiers(text, origin=Path(path).name)


def prompt_identifiers(ask: Callable[[str], str]) -> SubjectIdentifiers:
    """Ask for each kind in turn (empty answer: skip). `ask` should not echo (getpass)."""
    collected: dict[str, list[str]] = {}
    questions = (
        ("bsn", "BSN"),
        ("email", "E-mailadres"),
        ("iban", "IBAN"),
        ("telefoon", "Telefoonnummer"),
        ("naam", "Naam (voor- en achternaam)"),
        ("geboortedatum", "Geboortedatum (dd-mm-jjjj)"),
    )
    for kind, question in questions:
        answer = ask(f"{question} (leeg = overslaan): ").strip()
        if answer:
            _add(collected, kind, answer, "invoer")
    return _build(collected)
