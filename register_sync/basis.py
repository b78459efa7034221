"""What a register's basis and DPIA cells say: AVG art. 6 grounds, named laws, art. 9/10, DPIA.

Registers write the legal basis in Dutch prose ("wettelijke verplichting, art. 2.3.2 Wmo
2015", "Art. 6 lid 1 sub e AVG; Participatiewet", "toestemming betrokkene"). `parse_legal_basis`
reads the art. 6 lid 1 grounds (a–f) from explicit letters and from the usual wording, and keeps
the laws named (any part of the cell naming a wet, besluit, verordening or regeling other than
the AVG itself).
"""

from __future__ import annotations

import re
from typing import cast, get_args

from register_sync.models import Art6Ground, DpiaStatus, LegalBasis

# Explicit letters: "sub e", "onder a en b", "lid 1 e", "6.1.e", "6(1)(e)", "6 lid 1e".
_ONE = r"\(?[a-f]\)?"
_SEVERAL = rf"{_ONE}(?:\s*(?:,|en|of|/|&)\s*{_ONE})*(?![\w-])"
_LETTER = re.compile(
    rf"\b(?:sub|onder|letter)\s*({_SEVERAL})"
    rf"|\blid\s*1\s*(?:sub\s*|onder\s*)?({_SEVERAL})"
    rf"|\b6\s*[.(]?\s*1\s*\)?\s*[.(]?\s*({_SEVERAL})",
    re.IGNORECASE,
)
# The usual wording of each ground, tried when no letter is written.
_WORDING: tuple[tuple[Art6Ground, re.Pattern[str]], ...] = (
    ("a", re.compile(r"toestemming", re.IGNORECASE)),
    ("b", re.compile(r"overeenkomst|contract", re.IGNORECASE)),
    ("c", re.compile(r"wettelijke?\s+(verplichting|plicht)|wettelijk\s+verplicht", re.IGNORECASE)),
    ("d", re.compile(r"vita(al|le)\s+belang", re.IGNORECASE)),
    (
        "e",
        re.compile(
            r"(publiek\w*|wettelijke?|overheids)\s*taak|algemeen\s+belang|openbaar\s+gezag",
            re.IGNORECASE,
        ),
    ),
    ("f", re.compile(r"gerechtvaardigd\w*\s+belang", re.IGNORECASE)),
)
_LAW = re.compile(
    r"wet\b|wetboek|\bbesluit\b|\bverordening\b|\bregeling\b|\b(awb|brp|wmo|bw|wabo|wpg)\b",
    re.IGNORECASE,
)
_AVG_ITSELF = re.compile(
    r"algemene\s+verordening\s+gegevensbescherming|\bavg\b|\buavg\b|uitvoeringswet\s+avg",
    re.IGNORECASE,
)
_NONE_TEXT = re.compile(
    r"^\s*(nee|no|niet|geen|n\.?\s*v\.?\s*t\.?|nvt|onbekend|nog\s+niet|n\.?\s*t\.?\s*b\.?|-|\?)"
    r"(\b|\s|$|[.,;:])",
    re.IGNORECASE,
)
_SPECIAL_BASIS_IN_BASIS = re.compile(
    r"\bart(?:ikel|\.)?\s*(?:9|10)\b|\buavg\b|\buitzondering", re.IGNORECASE
)

_DPIA_PLANNED = re.compile(
    r"\b(gepland|in\s+(uitvoering|voorbereiding)|loopt|nog\s+uit\s+te\s+voeren|wordt\s+"
    r"uitgevoerd|volgt|te\s+doen|todo|q[1-4])\b",
    re.IGNORECASE,
)
_DPIA_NOT_NEEDED = re.compile(
    r"^\s*(niet\s+(nodig|vereist|verplicht)|geen\s+dpia\s+(nodig|vereist)|n\.?\s*v\.?\s*t\.?|nvt"
    r"|niet\s+van\s+toepassing)\b",
    re.IGNORECASE,
)
_DPIA_UNKNOWN = re.compile(r"^\s*(nee|no|niet|geen|onbekend|\?|-)", re.IGNORECASE)
_DPIA_DONE = re.compile(
    r"\b(ja|yes|uitgevoerd|gedaan|afgerond|aanwezig|vastgesteld|gereed)\b|\b(19|20)\d{2}\b",
    re.IGNORECASE,
)


def _is_none(text: str | None) -> bool:
    return text is None or not text.strip() or _NONE_TEXT.match(text) is not None


def _laws(text: str) -> tuple[str, ...]:
    laws: list[str] = []
    for part in re.split(r"[;\n]|,(?!\d)", text):
        part = re.sub(r"\s+", " ", part).strip(" .:()")
        without_avg = _AVG_ITSELF.sub(" ", part)
        if part and _LAW.search(without_avg):
            laws.append(part)
    return tuple(dict.fromkeys(laws))


def parse_legal_basis(text: str | None) -> LegalBasis | None:
    """The art. 6 lid 1 grounds and the laws a basis cell names, or None if it names neither.

    Explicit letters ("sub e") win over wording; wording is read only when no letter is written.
    "wettelijke taak" is read as a public task (e), "wettelijke verplichting" as c.
    """
    if _is_none(text):
        return None
    assert text is not None
    letters: list[Art6Ground] = []
    for match in _LETTER.finditer(text):
        written = next(g for g in match.groups() if g).lower()
        for letter in re.findall(r"(?<![a-z])[a-f](?![a-z])", written):
            if letter in get_args(Art6Ground):
                letters.append(cast(Art6Ground, letter))
    if not letters:
        letters = [ground for ground, pattern in _WORDING if pattern.search(text)]
    grounds = tuple(sorted(set(letters)))
    laws = _laws(text)
    if not grounds and not laws:
        return None
    return LegalBasis(grounds=grounds, laws=laws)


def names_legal_duty(basis: LegalBasis | None) -> bool:
    """A legal duty or public task with a law named (art. 46 UAVG: BSN only to carry out a law).

    A law named without any art. 6 ground ("Participatiewet") counts: the law is the basis.
    """
    if basis is None or not basis.laws:
        return False
    return not basis.grounds or basis.legal_duty_with_law


def states_special_basis(special_basis: str | None, legal_basis: str | None) -> bool:
    """An art. 9/10 exception is stated (its own column, or in the basis text)."""
    if not _is_none(special_basis):
        return True
    return bool(legal_basis and _SPECIAL_BASIS_IN_BASIS.search(legal_basis))


def dpia_status(text: str | None) -> DpiaStatus:
    """The DPIA cell as uitgevoerd / gepland / niet nodig / onbekend.

    "nee"/"geen" say no DPIA was done without saying none is needed: onbekend (a DPIA may
    still be required).
    """
    if text is None or not text.strip():
        return "onbekend"
    if _DPIA_NOT_NEEDED.match(text):
        return "niet nodig"
    if _DPIA_PLANNED.search(text):
        return "gepland"
    if _DPIA_UNKNOWN.match(text):
        return "onbekend"
    if _DPIA_DONE.search(text):
        return "uitgevoerd"
    return "onbekend"
