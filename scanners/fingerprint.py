"""Keyed fingerprints: link the same value across systems without storing it.

`fingerprint(key, entity_type, value)` is the hex HMAC-SHA256, under the caller's key, of
`"<entity_type>:<normalised value>"`. Without the key a fingerprint cannot be reversed by
hashing candidate BSNs (there are only a billion), and with the same key the same BSN gives
the same fingerprint in every system, however it was written there.

Normalisation per entity (`normalise`):

- NL_BSN: digits only, zero-padded to 9 (`012.345.672` and `12345672` are one BSN).
- NL_A_NUMBER, NL_DRIVER_LICENSE, CREDIT_CARD: digits only.
- IBAN_CODE, NL_ID_DOCUMENT, NL_LICENSE_PLATE, NL_POSTCODE: upper case, letters and digits
  only (`nl91 abna …`, `12-ABC-3`).
- EMAIL_ADDRESS: stripped, lower case.
- PHONE_NUMBER: E.164 digits without `+`: `06-12345678`, `+31 (0)6 1234 5678` and
  `0031612345678` all give `31612345678`; a national number (one leading 0) is read as Dutch.
- DATE_OF_BIRTH: ISO `yyyy-mm-dd` when the date can be read (`12-03-1984`, `12 maart 1984`).
- PERSON, ADDRESS and anything else: case-folded, whitespace collapsed.

The key is the caller's business (the pipelines read `AVGSCAN_HMAC_KEY`); this module never
reads the environment.
"""

from __future__ import annotations

import hashlib
import hmac
import re

_MONTHS = {
    "jan": 1, "feb": 2, "mrt": 3, "maa": 3, "mar": 3, "apr": 4, "mei": 5, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_DIGITS_ONLY = frozenset({"NL_A_NUMBER", "NL_DRIVER_LICENSE", "CREDIT_CARD"})
_ALNUM_UPPER = frozenset({"IBAN_CODE", "NL_ID_DOCUMENT", "NL_LICENSE_PLATE", "NL_POSTCODE"})
MIN_KEY_BYTES = 16


def _digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _phone(value: str) -> str:
    compact = re.sub(r"\(0\)", "", value.strip())
    digits = _digits(compact)
    if compact.startswith("+"):
        return digits
    if digits.startswith("00"):
        return digits[2:]
    if digits.startswith("0"):
        return "31" + digits[1:]
    return digits


def _date(value: str) -> str:
    parts = [p for p in re.split(r"[\s\-/.]+", value.strip().lower()) if p]
    if len(parts) == 3:
        if len(parts[0]) == 4 and parts[0].isdigit():
            year, month, day = parts
        else:
            day, month, year = parts
            if not month.isdigit():
                month = str(_MONTHS.get(month[:3], 0))
        if year.isdigit() and month.isdigit() and day.isdigit() and int(month) > 0:
            return f"{int(year):04d}-{int(month):02d}-{int(day):02d}"
    return " ".join(value.casefold().split())


def normalise(entity_type: str, value: str) -> str:
    """The canonical form of `value` as `entity_type` (rules in the module docstring)."""
    if entity_type == "NL_BSN":
        return _digits(value).zfill(9)
    if entity_type in _DIGITS_ONLY:
        return _digits(value)
    if entity_type in _ALNUM_UPPER:
        return re.sub(r"[^0-9A-Za-z]", "", value).upper()
    if entity_type == "EMAIL_ADDRESS":
        return value.strip().lower()
    if entity_type == "PHONE_NUMBER":
        return _phone(value)
    if entity_type == "DATE_OF_BIRTH":
        return _date(value)
    return " ".join(value.casefold().split())


def check_key(key: bytes) -> bytes:
    """`key` if it is usable; a short or non-bytes key is a `ValueError` that never shows it."""
    if not isinstance(key, bytes | bytearray) or len(key) < MIN_KEY_BYTES:
        raise ValueError(f"the fingerprint key must be at least {MIN_KEY_BYTES} bytes")
    return bytes(key)


def fingerprint(key: bytes, entity_type: str, value: str) -> str:
    """Hex HMAC-SHA256 of `"<entity_type>:<normalised value>"` under `key`."""
    message = f"{entity_type}:{normalise(entity_type, value)}".encode()
    return hmac.new(check_key(key), message, hashlib.sha256).hexdigest()
