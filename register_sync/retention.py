"""Retention periods (bewaartermijnen): parsing register text, and counting old rows.

`parse_retention` understands the text registers really hold: "7 jaar", "4 weken",
"18 maanden", "tien dagen", "anderhalf jaar", "10 jaar na beëindiging", "P10Y",
"bewaren"/"blijvend"/"permanent", several periods in one cell (the longest applies, the note
says so), a Selectielijst 2020 result number ("8.1.1", when a Selectielijst is given), and
placeholders or nothing (→ unknown, with a note).

Scanners cannot know every register's periods in advance, so they count rows older than each
step of `RETENTION_LADDER` (see `RetentionFacts.older_than`). `rows_older_than` answers for
any period: exactly when the period is a ladder step, else as a lower bound from the next
longer step.
"""

from __future__ import annotations

import calendar
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from register_sync.models import Retention, RetentionFacts

# ---------------------------------------------------------------------------------------------
# ISO-8601 durations

_ISO = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$")


@dataclass(frozen=True, order=True)
class _Duration:
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0

    @property
    def approx_days(self) -> float:
        return self.years * 365.25 + self.months * 30.4375 + self.weeks * 7 + self.days

    def iso(self) -> str:
        """Normalised: whole years instead of months (P12M → P1Y, P24M → P2Y)."""
        years, months = self.years, self.months
        if months and (years * 12 + months) % 12 == 0:
            years, months = years + months // 12, 0
        elif years and months:
            months, years = years * 12 + months, 0  # P1Y6M → P18M
        days, weeks = self.days, self.weeks
        if days and not weeks and days % 7 == 0:
            weeks, days = days // 7, 0
        units = ((years, "Y"), (months, "M"), (weeks, "W"), (days, "D"))
        parts = [f"{n}{unit}" for n, unit in units if n]
        return "P" + "".join(parts) if parts else "P0D"

    def before(self, today: date) -> date:
        """`today` minus this duration: months/years by the calendar (31 March − 1M = 28/29 Feb)."""
        months = today.year * 12 + (today.month - 1) - (self.years * 12 + self.months)
        year, month = divmod(months, 12)
        month += 1
        day = min(today.day, calendar.monthrange(year, month)[1])
        return date(year, month, day) - timedelta(weeks=self.weeks, days=self.days)


def _duration(period: str) -> _Duration:
    match = _ISO.match(period.strip().upper())
    if match is None or not any(match.groups()):
        raise ValueError(f"geen ISO-8601-periode: {period!r}")
    y, m, w, d = (int(g) if g else 0 for g in match.groups())
    return _Duration(y, m, w, d)


def normalise_period(period: str) -> str:
    """The canonical form of an ISO-8601 period: P12M → P1Y, P14D → P2W, P1Y6M → P18M."""
    return _duration(period).iso()


def period_days(period: str) -> float:
    """The approximate length in days, for ordering periods."""
    return _duration(period).approx_days


def cutoff_date(period: str, today: date) -> date:
    """`today` minus `period` in calendar arithmetic; rows dated before it are too old."""
    return _duration(period).before(today)


def _ladder() -> tuple[str, ...]:
    steps = ["P1W", "P2W", "P3W", "P4W", "P6W"]
    steps += [f"P{m}M" for m in (1, 2, 3, 4, 6, 9, 18, 30)]
    years = [*range(1, 11), 12, 15, 20, 25, 30, 40, 50, 75, 100, 110, 115, 120]
    steps += [f"P{y}Y" for y in years]
    unique = {normalise_period(s) for s in steps}
    return tuple(sorted(unique, key=period_days))


RETENTION_LADDER: tuple[str, ...] = _ladder()
"""ISO periods, shortest first, at which scanners pre-count old rows (no duplicates)."""


def ladder_cutoffs(today: date) -> dict[str, date]:
    """Each ladder step with its cutoff date (rows dated before it are older than the step)."""
    return {step: cutoff_date(step, today) for step in RETENTION_LADDER}


def rows_older_than(facts: RetentionFacts, period: str) -> tuple[int, bool]:
    """Rows of `facts` older than `period`, and whether that count is exact.

    Exact when the period is one of the counted steps; otherwise the count for the next longer
    counted step, a lower bound (exact=False). With no longer step counted: (0, False), unless
    the oldest date shows there is nothing that old.
    """
    wanted = normalise_period(period)
    counted = {normalise_period(k): v for k, v in facts.older_than.items()}
    if wanted in counted:
        return counted[wanted], True
    if facts.total == 0:
        return 0, True
    length = period_days(wanted)
    longer = sorted((k for k in counted if period_days(k) > length), key=period_days)
    if longer:
        return counted[longer[0]], False
    return 0, False


# ---------------------------------------------------------------------------------------------
# Parsing register text

_NUMBER_WORDS: Mapping[str, float] = {
    "een": 1, "eén": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
    "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "dertien": 13,
    "veertien": 14, "vijftien": 15, "zestien": 16, "zeventien": 17, "achttien": 18,
    "negentien": 19, "twintig": 20, "vijfentwintig": 25, "dertig": 30, "veertig": 40,
    "vijftig": 50, "zestig": 60, "zeventig": 70, "vijfenzeventig": 75, "tachtig": 80,
    "negentig": 90, "honderd": 100, "honderdtien": 110, "honderdvijftien": 115,
    "honderdtwintig": 120, "half": 0.5, "halve": 0.5, "anderhalf": 1.5, "anderhalve": 1.5,
}  # fmt: skip

_UNITS: Mapping[str, str] = {
    "jaar": "Y", "jaren": "Y", "jr": "Y", "jaar.": "Y",
    "maand": "M", "maanden": "M", "mnd": "M", "mnden": "M",
    "week": "W", "weken": "W", "wk": "W", "wkn": "W",
    "dag": "D", "dagen": "D",
}  # fmt: skip

_UNIT_DAYS: Mapping[str, float] = {"Y": 365.25, "M": 30.4375, "W": 7, "D": 1}

_NUMBER = (
    r"(?:\d+(?:[.,]\d)?(?!\d)|"
    + "|".join(sorted((re.escape(w) for w in _NUMBER_WORDS), key=len, reverse=True))
    + ")"
)
_PERIOD = re.compile(
    rf"(?<![\w.])(?:een\s+)?\(?(?P<num>{_NUMBER})\)?\s*(?:\(\s*\d+\s*\)\s*)?"
    r"(?P<unit>jaren|jaar|jr|maanden|maand|mnden|mnd|weken|week|wkn|wk|dagen|dag)\b\.?"
    r"(?P<rest>[^,;\n]*)",
    re.IGNORECASE,
)
_ISO_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])P(?:\d+[YMWD])+(?![A-Za-z0-9])", re.IGNORECASE)
_AGE = re.compile(
    r"\b(tot|totdat|tot\s+dat|tot\s+de\s+leeftijd\s+van|tot\s+het\s+\d+e?)\b[^,;\n]*?"
    r"\b\d+\s*(jaar|jarige)\b[^,;\n]*?\b(wordt|oud|is|leeftijd|bereikt)\b"
    r"|\bleeftijd\s+van\s+\d+\s*jaar\b|\b\d+(e|ste)\s+levensjaar\b",
    re.IGNORECASE,
)
_PERMANENT = re.compile(
    r"\b(blijvend|permanent|onbeperkt|voor\s+altijd|eeuwig|archiefwaardig)\b", re.IGNORECASE
)
_KEEP_ONLY = re.compile(
    r"^\s*(b|bewaren|blijvend\s+bewaren|te\s+bewaren|overbrengen|overbrengen\s+naar\s+"
    r"(het\s+)?archief)\s*\.?\s*$",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"^\s*[\[<{].*[\]>}]\s*$|^\s*\.{2,}\s*$|^\s*x+\s*$", re.IGNORECASE)
_UNDECIDED = re.compile(
    r"^\s*(n\.?\s*t\.?\s*b\.?|n\.?\s*v\.?\s*t\.?|nader\s+te\s+bepalen|onbekend|nog\s+bepalen|"
    r"nog\s+niet\s+bepaald|\?+|-+|tbd|todo)\s*\.?\s*$",
    re.IGNORECASE,
)
_SELECTIELIJST = re.compile(
    r"(?:selectielijst[^0-9\n]*?)?(?:resultaat\s*(?:nr\.?|nummer)?\s*:?\s*)?"
    r"(?<![\d.])(?P<num>\d{1,2}\.\d{1,2}(?:\.\d{1,2})?)(?![\d.]|\s*(jaar|jr|maand|week|dag))",
    re.IGNORECASE,
)
_ARTICLE = re.compile(r"^(de|het|een|afloop\s+van(\s+de|\s+het)?)\s+", re.IGNORECASE)


def _number(text: str) -> float:
    word = text.lower()
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    return float(word.replace(",", "."))


# Longer than this is no retention period but a typo or a placeholder ("99999 jaar"); its
# cutoff date would not even be a date.
_MAX_DAYS = 1000 * 365.25


def _to_duration(number: float, unit: str) -> _Duration | None:
    if number <= 0 or number * _UNIT_DAYS[unit] > _MAX_DAYS:  # also inf: int(inf) overflows
        return None
    if number != int(number):
        if unit == "Y" and (number * 12) == int(number * 12):
            return _Duration(months=int(number * 12))
        if unit == "M":
            return _Duration(days=round(number * 30))
        if unit == "W":
            return _Duration(days=round(number * 7))
        return None
    n = int(number)
    return {
        "Y": _Duration(years=n),
        "M": _Duration(months=n),
        "W": _Duration(weeks=n),
        "D": _Duration(days=n),
    }[unit]


def _anchor(rest: str) -> str | None:
    match = re.match(
        r"\s*(?:na|vanaf|vanaf\s+de\s+datum\s+van|na\s+datum\s+van)\s+(.+)", rest, re.IGNORECASE
    )
    if match is None:
        return None
    anchor = _ARTICLE.sub("", match.group(1).strip().rstrip(".)"))
    return anchor or None


def _human(duration: _Duration) -> str:
    names = {
        "Y": ("jaar", "jaar"),
        "M": ("maand", "maanden"),
        "W": ("week", "weken"),
        "D": ("dag", "dagen"),
    }
    match = _ISO.match(duration.iso())
    assert match is not None
    parts = []
    for value, unit in zip(match.groups(), "YMWD", strict=True):
        if value:
            one, many = names[unit]
            parts.append(f"{value} {one if value == '1' else many}")
    return " en ".join(parts)


def describe_period(period: str) -> str:
    """A Dutch rendering of an ISO period: P10Y → "10 jaar", P18M → "18 maanden"."""
    return _human(_duration(period))


@dataclass(frozen=True)
class _Found:
    duration: _Duration
    anchor: str | None
    text: str


def _find_periods(text: str) -> list[_Found]:
    found: list[_Found] = []
    spans: list[tuple[int, int]] = [m.span() for m in _AGE.finditer(text)]
    for match in _PERIOD.finditer(text):
        if any(a <= match.start() < b for a, b in spans):
            continue
        duration = _to_duration(_number(match.group("num")), _UNITS[match.group("unit").lower()])
        if duration is None:
            continue
        phrase = (match.group(0)).strip().rstrip(".,")
        found.append(_Found(duration, _anchor(match.group("rest")), phrase))
    for match in _ISO_IN_TEXT.finditer(text):
        try:
            duration = _duration(match.group(0))
        except ValueError:
            continue
        if duration.approx_days > _MAX_DAYS:
            continue
        found.append(_Found(duration, None, match.group(0)))
    return found


def load_selectielijst(path: Path) -> dict[str, Retention]:
    """Selectielijst 2020 results (VNG `resultaten.json`) by number ("8.1.1") as retentions."""
    raw = json.loads(Path(path).read_text("utf-8"))
    result: dict[str, Retention] = {}
    for item in raw:
        number = str(item.get("volledigNummer") or "").strip()
        if not number:
            continue
        name = item.get("naam") or ""
        text = f"Selectielijst 2020 resultaat {number}"
        if item.get("waardering") == "blijvend_bewaren":
            result[number] = Retention("permanent", text, note=f"{text} ({name}): blijvend bewaren")
            continue
        period = item.get("bewaartermijn")
        if period:
            try:
                iso = normalise_period(period)
            except ValueError:
                iso = None
            if iso is not None:
                note = f"{text} ({name}): {describe_period(iso)}"
                result[number] = Retention("period", text, period=iso, note=note)
                continue
        result[number] = Retention("unknown", text, note=f"{text} ({name}) noemt geen termijn")
    return result


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def parse_retention(
    text: str | None, *, selectielijst: Mapping[str, Retention] | None = None
) -> Retention:
    """Parse a register's retention cell into a `Retention` (never raises).

    Several periods in one cell: the longest applies, and `note` lists them (in Dutch). An
    explicit "blijvend"/"permanent" outweighs any period. An age-bound period ("tot de
    betrokkene 23 jaar wordt") cannot be computed from a record date and is left out (noted).
    """
    original = "" if text is None else _nfc(str(text))
    cell = original.strip()
    if not cell:
        return Retention("unknown", original, note="Geen bewaartermijn ingevuld.")
    if _PLACEHOLDER.match(cell):
        return Retention(
            "unknown", original, note=f"Bewaartermijn niet ingevuld (sjabloontekst '{cell}')."
        )
    if _UNDECIDED.match(cell):
        return Retention("unknown", original, note=f"Bewaartermijn nog niet bepaald ('{cell}').")
    if _KEEP_ONLY.match(cell):
        return Retention("permanent", original, note="Blijvend te bewaren.")

    periods = _find_periods(cell)
    ages = [m.group(0) for m in _AGE.finditer(cell)]
    permanent = _PERMANENT.search(cell) is not None

    if not periods:
        sl = _SELECTIELIJST.search(cell)
        if sl is not None:
            number = sl.group("num")
            if selectielijst is not None and number in selectielijst:
                hit = selectielijst[number]
                return Retention(hit.kind, original, hit.period, hit.anchor, hit.note)
            note = f"Selectielijst-resultaat {number}: " + (
                "onbekend nummer in de Selectielijst."
                if selectielijst is not None
                else "koppel de Selectielijst 2020 om de termijn te bepalen."
            )
            return Retention("unknown", original, note=note)
        if permanent:
            return Retention("permanent", original, note="Blijvend te bewaren.")
        if ages:
            return Retention(
                "unknown",
                original,
                note="Termijn hangt af van de leeftijd van de betrokkene "
                "en is niet uit een datum in de bron te berekenen.",
            )
        return Retention(
            "unknown", original, note="Geen bewaartermijn herkend in de tekst van het register."
        )

    notes: list[str] = []
    if ages:
        notes.append("Een leeftijdsgebonden termijn is niet meegeteld.")
    if permanent:
        listed = "; ".join(p.text for p in periods)
        notes.insert(
            0, f"Meerdere termijnen in één cel ({listed}; blijvend); blijvend bewaren gaat voor."
        )
        return Retention("permanent", original, note=" ".join(notes))

    longest = max(periods, key=lambda p: (p.duration.approx_days, p.anchor is not None))
    distinct = {p.duration.iso() for p in periods}
    if len(periods) > 1 and (len(distinct) > 1 or len({p.anchor for p in periods}) > 1):
        listed = "; ".join(p.text for p in periods)
        notes.insert(
            0,
            f"Meerdere termijnen in één cel ({listed}); de langste "
            f"({_human(longest.duration)}) is gebruikt.",
        )
    return Retention(
        "period",
        original,
        period=longest.duration.iso(),
        anchor=longest.anchor,
        note=" ".join(notes) or None,
    )
