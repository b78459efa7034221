"""Synthetic Dutch identifiers for the demo municipality: valid in form, owned by no one.

Every generator takes a `random.Random`, so a seed fixes its output. The checks next to them
(`is_valid_bsn`, `is_valid_a_nummer`, `is_valid_iban`) are the ones the tests use on the
generated data; the scanners keep their own.
"""

from __future__ import annotations

import itertools
import random
import string
from datetime import date, timedelta

__all__ = [
    "a_nummer",
    "bsn",
    "iban",
    "is_valid_a_nummer",
    "is_valid_bsn",
    "is_valid_iban",
    "kenteken",
    "phone",
    "postcode",
    "random_date",
]

# -- BSN ------------------------------------------------------------------------------------------

_BSN_WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2, -1)


def is_valid_bsn(value: str) -> bool:
    """The 11-proef: Σ digit·weight with weights 9…2 and −1 for the last digit ≡ 0 (mod 11)."""
    digits = value.strip()
    if len(digits) == 8:
        digits = "0" + digits
    if len(digits) != 9 or not digits.isdigit() or int(digits) == 0:
        return False
    return sum(int(d) * w for d, w in zip(digits, _BSN_WEIGHTS, strict=True)) % 11 == 0


def bsn(rng: random.Random) -> str:
    """A 9-digit burgerservicenummer that passes the 11-proef (first digit 1–6, as issued)."""
    while True:
        head = [rng.randint(1, 6)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(d * w for d, w in zip(head, _BSN_WEIGHTS[:8], strict=True)) % 11
        if check == 10:  # the last digit would have to be 10: draw again
            continue
        return "".join(map(str, head)) + str(check)


# -- A-nummer -------------------------------------------------------------------------------------


def is_valid_a_nummer(value: str) -> bool:
    """BRP administratienummer: 10 digits, first ≠ 0, no two equal neighbours, digit sum
    mod 11 ∈ {0, 5} and the powers-of-two weighted sum ≡ 0 (mod 11).

    The weighted sum is checked in both reading directions, so a recognizer that numbers the
    digits from either end accepts the demo's numbers.
    """
    if len(value) != 10 or not value.isdigit() or value[0] == "0":
        return False
    digits = [int(c) for c in value]
    if any(a == b for a, b in itertools.pairwise(digits)):
        return False
    if sum(digits) % 11 not in (0, 5):
        return False
    left = sum(d << i for i, d in enumerate(digits))
    right = sum(d << i for i, d in enumerate(reversed(digits)))
    return left % 11 == 0 and right % 11 == 0


def a_nummer(rng: random.Random) -> str:
    """A valid A-nummer: 7 random leading digits, then the last three solved for the checks."""
    while True:
        head = [rng.randint(1, 9)]
        while len(head) < 7:
            d = rng.randint(0, 9)
            if d != head[-1]:
                head.append(d)
        total = sum(head)
        left = sum(d << i for i, d in enumerate(head))  # weights 1, 2, 4, … from the left
        right = sum(d << (9 - i) for i, d in enumerate(head))  # 512, 256, … from the left
        start = rng.randrange(100)
        for k in range(100):
            x, y = divmod((start + k) % 100, 10)
            z = -(right + 4 * x + 2 * y) % 11  # makes the right-hand weighted sum ≡ 0
            if z > 9 or x == head[-1] or y == x or z == y:
                continue
            if (left + 128 * x + 256 * y + 512 * z) % 11 or (total + x + y + z) % 11 not in (0, 5):
                continue
            candidate = "".join(map(str, head)) + f"{x}{y}{z}"
            if is_valid_a_nummer(candidate):
                return candidate


# -- IBAN -----------------------------------------------------------------------------------------

_BANKS = ("ABNA", "INGB", "RABO", "SNSB", "TRIO", "ASNB", "KNAB", "BUNQ", "RBRB")


def _iban_numeric(text: str) -> int:
    return int("".join(str(int(c, 36)) for c in text))


def is_valid_iban(value: str) -> bool:
    compact = value.replace(" ", "").upper()
    if len(compact) < 15 or not compact[:2].isalpha() or not compact[2:4].isdigit():
        return False
    return _iban_numeric(compact[4:] + compact[:4]) % 97 == 1


def iban(rng: random.Random, *, grouped: bool = False) -> str:
    """A Dutch IBAN (NLkk BANK 0123 4567 89) with correct mod-97 check digits."""
    bban = rng.choice(_BANKS) + "".join(rng.choice(string.digits) for _ in range(10))
    check = 98 - _iban_numeric(bban + "NL00") % 97
    compact = f"NL{check:02d}{bban}"
    if grouped:
        return " ".join(compact[i : i + 4] for i in range(0, len(compact), 4))
    return compact


# -- Phone numbers --------------------------------------------------------------------------------

_AREA_CODES_2 = ("010", "020", "030", "040", "050", "070")
_AREA_CODES_3 = ("0570", "0571", "0573", "0575", "0544", "0548", "0341", "0344")


def phone(rng: random.Random, *, mobile: bool | None = None) -> str:
    """A Dutch phone number in one of the forms people actually type."""
    if mobile is None:
        mobile = rng.random() < 0.6
    if mobile:
        rest = "".join(rng.choice(string.digits) for _ in range(8))
        form = rng.randrange(6)
        if form == 0:
            return f"06-{rest}"
        if form == 1:
            return f"06 {rest[:2]} {rest[2:4]} {rest[4:6]} {rest[6:]}"
        if form == 2:
            return f"06{rest}"
        if form == 3:
            return f"+31 6 {rest}"
        if form == 4:
            return f"+316{rest}"
        return f"0031 6 {rest[:4]} {rest[4:]}"
    if rng.random() < 0.5:
        area = rng.choice(_AREA_CODES_2)
        rest = str(rng.randint(2, 9)) + "".join(rng.choice(string.digits) for _ in range(6))
        form = rng.randrange(3)
        if form == 0:
            return f"{area}-{rest}"
        if form == 1:
            return f"{area} {rest[:3]} {rest[3:]}"
        return f"+31 {area[1:]} {rest[:3]} {rest[3:]}"
    area = rng.choice(_AREA_CODES_3)
    rest = str(rng.randint(2, 9)) + "".join(rng.choice(string.digits) for _ in range(5))
    form = rng.randrange(3)
    if form == 0:
        return f"{area}-{rest}"
    if form == 1:
        return f"({area}) {rest}"
    return f"{area} {rest[:2]} {rest[2:4]} {rest[4:]}"


# -- Postcode, kenteken, dates --------------------------------------------------------------------

_POSTCODE_LETTERS = "ABCDEGHJKLMNPRSTVWXZ"


def postcode(rng: random.Random, *, low: int = 7411, high: int = 7439) -> str:
    """A postcode `9999 XX` in the fictional municipality's range, never SA, SD or SS."""
    while True:
        letters = rng.choice(_POSTCODE_LETTERS) + rng.choice(_POSTCODE_LETTERS)
        if letters not in ("SA", "SD", "SS"):
            return f"{rng.randint(low, high)} {letters}"


_PLATE_LETTERS = "BDFGHJKLNPRSTVXZ"  # RDW: no vowels, no C, M, Q, W, Y in current series
_PLATE_BANNED = frozenset(
    {"GVD", "KKK", "KVT", "LPF", "NSB", "PKK", "PSV", "PVV", "SGP", "SS", "SD", "TBS", "VVD"}
)
# Sidecodes 4–11 as patterns: L = letter, 9 = digit.
_SIDECODES = (
    "LL-99-LL",  # 4
    "LL-LL-99",  # 5
    "99-LL-LL",  # 6
    "99-LLL-9",  # 7
    "9-LLL-99",  # 8
    "LL-999-L",  # 9
    "L-999-LL",  # 10
    "LLL-99-L",  # 11
)


def kenteken(rng: random.Random) -> str:
    """A Dutch licence plate in one of the RDW sidecodes 4–11, banned letter groups excluded."""
    while True:
        pattern = rng.choice(_SIDECODES)
        groups = []
        for group in pattern.split("-"):
            groups.append(
                "".join(
                    rng.choice(_PLATE_LETTERS) if c == "L" else rng.choice(string.digits)
                    for c in group
                )
            )
        if not any(g in _PLATE_BANNED for g in groups):
            return "-".join(groups)


def random_date(rng: random.Random, start: date, end: date) -> date:
    """A date in [start, end], both inclusive."""
    return start + timedelta(days=rng.randint(0, (end - start).days))
