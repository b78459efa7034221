"""Masked evidence: enough to tell an FG what was found, never enough to identify anyone.

`mask(entity_type, value)` returns a string that never equals the raw value and never holds a
complete identifier. Rules per entity:

- NL_BSN: digits only; the first `len - 5` digits, at most 4, the rest `*` (always 5 or more
  hidden): `1234*****`.
- IBAN_CODE: country code and the last 4 characters, the rest `*`, in groups of 4:
  `NL** **** **** **43 00`.
- CREDIT_CARD, NL_A_NUMBER, NL_ID_DOCUMENT, NL_DRIVER_LICENSE, NL_LICENSE_PLATE: the first
  character if 8 or more, the rest `*`: `1*********`.
- EMAIL_ADDRESS: first character of the local part, `***`, the domain: `j***@example.nl`.
- PHONE_NUMBER: digits only; the first 2 (area or mobile prefix), the last 2 if 8 or more
  digits, the rest `*`: `06******78`.
- NL_POSTCODE: the 4 digits (PC4, an area of a few thousand addresses), letters `**`: `1234 **`.
- PERSON: per word: names their first letter + `***`, tussenvoegsels first letter + `*`,
  initials kept: `J*** d* V***`, `J.P. d* V***`.
- DATE_OF_BIRTH: separators kept, every digit and month name `*`: `**-**-****`.
- ADDRESS: per word: words their first letter + `***`, house numbers and additions `**`:
  `K*** **`, `L*** v* M*** **`.
- IP_ADDRESS: the first IPv4 octet or IPv6 group (the network, not the subscriber), the
  rest `***`: `84.***.***.***`, `2001:***`.
- SPECIAL_*, CRIMINAL_DATA, FINANCIAL_SITUATION: the lexicon term itself, lower case, at most
  40 characters (a word from our list, not the person): `diabetes`.

Anything else is fully masked as `*` per character (at most 12). Whitespace is collapsed.
"""

from __future__ import annotations

import re

LEXICON_ENTITIES = frozenset(
    {
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
    }
)
_TUSSENVOEGSELS = frozenset(
    {"van", "de", "der", "den", "het", "ter", "ten", "te", "'t", "in", "op", "uit", "aan", "bij"}
    | {"vd", "v.d.", "le", "la", "du", "da", "di", "del", "dos", "el", "al"}
)
_MAX_LEXICON_CHARS = 40


def _stars(n: int) -> str:
    return "*" * max(n, 1)


def _bsn(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    keep = max(0, min(4, len(digits) - 5))
    return digits[:keep] + _stars(len(digits) - keep)


def _iban(value: str) -> str:
    compact = re.sub(r"\s", "", value).upper()
    if len(compact) < 10:
        return _stars(len(compact))
    masked = compact[:2] + "*" * (len(compact) - 6) + compact[-4:]
    return " ".join(masked[i : i + 4] for i in range(0, len(masked), 4))


def _identifier(value: str) -> str:
    compact = re.sub(r"\s", "", value)
    keep = 1 if len(compact) >= 8 else 0
    return compact[:keep] + _stars(len(compact) - keep)


def _email(value: str) -> str:
    local, _, domain = value.strip().rpartition("@")
    if not local or not domain:
        return _stars(min(len(value), 12))
    return f"{local[0]}***@{domain.lower()}"


def _phone(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 8:
        return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]
    return digits[:2] + _stars(len(digits) - 2)


def _postcode(value: str) -> str:
    digits = re.sub(r"\D", "", value)[:4]
    return f"{digits} **" if len(digits) == 4 else "**** **"


def _person(value: str) -> str:
    masked: list[str] = []
    for word in value.replace(",", " , ").split():
        if word == ",":
            masked.append(",")
        elif word.lower() in _TUSSENVOEGSELS:
            masked.append(word[0] + "*")
        elif word.endswith("."):  # initials: J. or J.P.
            masked.append("".join(ch if ch == "." else ch[0] for ch in word))
        else:
            masked.append(word[0] + "***")
    return " ".join(masked).replace(" , ", ", ")


def _date(value: str) -> str:
    return re.sub(r"[^\W_]+", lambda m: "*" * len(m.group()), value.strip())


def _address(value: str) -> str:
    masked: list[str] = []
    for word in value.replace(",", " ").split():
        if any(ch.isdigit() for ch in word):
            masked.append("**")
        elif word.lower() in _TUSSENVOEGSELS:
            masked.append(word[0] + "*")
        else:
            masked.append(word[0] + "***")
    return " ".join(masked)


def _ip(value: str) -> str:
    if ":" in value:
        return value.split(":", 1)[0] + ":***"
    return value.split(".", 1)[0] + ".***.***.***"


def _lexicon(value: str) -> str:
    return " ".join(value.lower().split())[:_MAX_LEXICON_CHARS]


_RULES = {
    "NL_BSN": _bsn,
    "IBAN_CODE": _iban,
    "CREDIT_CARD": _identifier,
    "NL_A_NUMBER": _identifier,
    "NL_ID_DOCUMENT": _identifier,
    "NL_DRIVER_LICENSE": _identifier,
    "NL_LICENSE_PLATE": _identifier,
    "EMAIL_ADDRESS": _email,
    "PHONE_NUMBER": _phone,
    "NL_POSTCODE": _postcode,
    "PERSON": _person,
    "DATE_OF_BIRTH": _date,
    "ADDRESS": _address,
    "IP_ADDRESS": _ip,
}


def mask(entity_type: str, value: str) -> str:
    """The masked form of `value`, found as `entity_type` (rules in the module docstring).

    Never returns `value` itself for anything but a lexicon term; an empty value gives `*`.
    """
    value = " ".join(value.split())
    if not value:
        return "*"
    if entity_type in LEXICON_ENTITIES:
        return _lexicon(value)
    rule = _RULES.get(entity_type)
    masked = rule(value) if rule else _stars(min(len(value), 12))
    if masked == value:  # a degenerate input (e.g. one character): never echo it
        return _stars(len(value))
    return masked
