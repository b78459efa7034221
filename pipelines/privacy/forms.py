"""The spellings a supplied identifier may have in a column or a text.

A database column stores a BSN as `012345672`, `12345672` (an integer column drops the leading
zero), `012.345.672` or `012 345 672`; an IBAN with or without spaces, in either case; a phone
number as `06-12345678`, `+31 6 1234 5678` or `0031612345678`. `locate` compares a column with
every form at once (`col IN (...)`), so an index on the column is still used, and phone numbers
after stripping the separators in SQL, because they come in too many spellings to list.
"""

from __future__ import annotations

import re
from datetime import date

from pipelines.privacy.identifiers import SubjectIdentifiers, name_forms

PHONE_SEPARATORS = (" ", "-", "(", ")", ".", "/")


def bsn_forms(digits: str) -> tuple[str, ...]:
    """9 digits, 8 without a leading zero, dotted and spaced groupings."""
    forms = [
        digits,
        f"{digits[:3]}.{digits[3:6]}.{digits[6:]}",
        f"{digits[:4]}.{digits[4:6]}.{digits[6:]}",
        f"{digits[:3]} {digits[3:6]} {digits[6:]}",
        f"{digits[:4]} {digits[4:6]} {digits[6:]}",
        f"{digits[:3]}-{digits[3:6]}-{digits[6:]}",
    ]
    if digits.startswith("0"):
        forms.append(digits[1:])
    return tuple(dict.fromkeys(forms))


def iban_forms(compact: str) -> tuple[str, ...]:
    grouped = " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return tuple(dict.fromkeys([compact, compact.lower(), grouped, grouped.lower()]))


def phone_compact_forms(e164: str) -> tuple[str, ...]:
    """The number without separators, as a column may hold it: 0612345678, +31612345678, …"""
    forms = [e164, f"+{e164}", f"00{e164}"]
    if e164.startswith("31"):
        national = "0" + e164[2:]
        forms += [national, f"+310{e164[2:]}", f"00310{e164[2:]}"]
    return tuple(dict.fromkeys(forms))


def phone_written_forms(e164: str) -> tuple[str, ...]:
    """Common written Dutch forms, for free text and for checks that nothing leaked."""
    forms = list(phone_compact_forms(e164))
    if e164.startswith("316") and len(e164) == 11:
        rest = e164[3:]
        forms += [
            f"06-{rest}",
            f"06 {rest}",
            f"06 {rest[:2]} {rest[2:4]} {rest[4:6]} {rest[6:]}",
            f"+31 6 {rest}",
            f"+31 6 {rest[:4]} {rest[4:]}",
            f"0031 6 {rest[:4]} {rest[4:]}",
        ]
    elif e164.startswith("31"):
        national = "0" + e164[2:]
        for split in (3, 4):
            area, rest = national[:split], national[split:]
            forms += [f"{area}-{rest}", f"{area} {rest}", f"({area}) {rest}"]
    return tuple(dict.fromkeys(forms))


def date_text_forms(day: date) -> tuple[str, ...]:
    """A date as text columns hold it: ISO, Dutch day-first with -, / or ., compact."""
    d, m, y = day.day, day.month, day.year
    return tuple(
        dict.fromkeys(
            [
                day.isoformat(),
                f"{d:02d}-{m:02d}-{y}",
                f"{d}-{m}-{y}",
                f"{d:02d}/{m:02d}/{y}",
                f"{d}/{m}/{y}",
                f"{d:02d}.{m:02d}.{y}",
                f"{y}{m:02d}{d:02d}",
                f"{d:02d}{m:02d}{y}",
            ]
        )
    )


def person_name_parts(name: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """Lower-case (whole-name, first-name, surname) forms a name column may hold: one column
    with the whole name, or split columns (voornaam / achternaam, with or without the
    tussenvoegsel in its own column)."""
    words = name.lower().split()
    whole = tuple(dict.fromkeys([" ".join(words), *(f.lower() for f in name_forms(name))]))
    first = (words[0],)
    surname = tuple(dict.fromkeys([" ".join(words[1:]), words[-1]]))
    return whole, first, surname


def all_forms(ids: SubjectIdentifiers) -> set[str]:
    """Every spelling avgscan derives from the supplied identifiers."""
    forms: set[str] = set()
    for bsn in ids.bsns:
        forms.update(bsn_forms(bsn))
    forms.update(ids.emails)
    for iban in ids.ibans:
        forms.update(iban_forms(iban))
    for phone in ids.phones:
        forms.update(phone_written_forms(phone))
    if ids.name is not None:
        forms.update(name_forms(ids.name))
    if ids.birth_date is not None:
        forms.update(date_text_forms(ids.birth_date))
    return forms


def redact(text: str, forms: set[str]) -> str:
    """`text` with every supplied form replaced (case-insensitively): for file paths that
    carry a name ("Brief P. de Vries.docx"), which the report may not repeat."""
    for form in sorted(forms, key=len, reverse=True):
        if len(form) >= 3:
            text = re.sub(re.escape(form), "[opgegeven gegeven]", text, flags=re.IGNORECASE)
    return text
