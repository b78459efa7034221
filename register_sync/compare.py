"""Holding findings against the register: the discrepancies the FG reads.

`compare` is pure (no I/O, no clock unless `today` is given) and deterministic. Findings are
grouped per container (`Finding.container`: the table of a column finding, or the file). A
container's register entries are:

1. when a glob of the source's `activities` matches the container (case-insensitively): the
   entries with that name (the override; `system` is then not used for that container);
2. otherwise the entries whose `systems` name the source's `system` (compared without case,
   accents or spaces).

Discrepancies per container with personal data (findings of a known category, hits > 0):

| kind | raised when |
|---|---|
| UNDOCUMENTED_PROCESSING | no register entries for the container (one per container) |
| UNDOCUMENTED_CATEGORY | entries exist, found categories are in none of them (one, listing them) |
| SPECIAL_CATEGORY_WITHOUT_BASIS | art. 9/10 data found, no entry states an art. 9/10 exception |
| BSN_WITHOUT_LEGAL_BASIS | BSN found, no entry's basis names a law (a legal duty/public task) |
| DPIA_MISSING | art. 9/10 data (or BSN in ≥ `BSN_SCALE_ROWS` rows), no entry has a DPIA done |
| RETENTION_EXCEEDED | rows/files older than the longest period of the entries (`RetentionFacts`) |
| RETENTION_UNKNOWN | entries exist, none has a computable period and none is permanent |
| SCAN_INCOMPLETE | one per `ScanGap` |

Severity rules (fixed). "High-risk" categories are art. 9/10 categories, the BSN and
'financiële situatie' (gevoelig in municipal policy), see `CategoryInfo.high_risk`.

| kind | hoog | middel | laag |
|---|---|---|---|
| UNDOCUMENTED_PROCESSING | high-risk data found | otherwise | – |
| UNDOCUMENTED_CATEGORY | a missing category is high-risk | otherwise | – |
| SPECIAL_CATEGORY_WITHOUT_BASIS | always | – | – |
| BSN_WITHOUT_LEGAL_BASIS | always | – | – |
| DPIA_MISSING | always | – | – |
| RETENTION_EXCEEDED | high-risk data in the container | otherwise | – |
| RETENTION_UNKNOWN | – | high-risk data in the container | otherwise |
| SCAN_INCOMPLETE | – | always | – |

`details` is Dutch and holds only category labels, column names, entry names, counts and dates —
never a value from a source.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase

from register_sync.categories import CategoryCatalog
from register_sync.models import (
    Discrepancy,
    DiscrepancyKind,
    RegisterEntry,
    RetentionFacts,
    ScanGap,
    Severity,
    SourceBinding,
)
from register_sync.retention import cutoff_date, describe_period, period_days, rows_older_than
from scanners.findings import Finding

BSN_SCALE_ROWS = 10_000
"""A BSN in a table with at least this many rows counts as processing 'at scale' (DPIA)."""

KIND_ORDER: tuple[DiscrepancyKind, ...] = tuple(DiscrepancyKind)
SEVERITY_ORDER: tuple[Severity, ...] = (Severity.HOOG, Severity.MIDDEL, Severity.LAAG)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def normalise_system(name: str) -> str:
    """Systems compare without case, accents or whitespace ("Suite4 Sociaal Domein")."""
    return re.sub(r"\s+", "", _fold(name))


def _name_key(name: str) -> str:
    return re.sub(r"\s+", " ", _fold(name)).strip()


# ---------------------------------------------------------------------------------------------
# What an entry's free text says

_NONE_TEXT = re.compile(
    r"^\s*(nee|no|niet|geen|n\.?\s*v\.?\s*t\.?|nvt|onbekend|nog\s+niet|n\.?\s*t\.?\s*b\.?|-|\?)"
    r"(\b|\s|$|[.,;:])",
    re.IGNORECASE,
)
_SPECIAL_BASIS_IN_BASIS = re.compile(
    r"\bart(?:ikel|\.)?\s*(?:9|10)\b|\buavg\b|\buitzondering", re.IGNORECASE
)
_LAW = re.compile(
    r"wet\b|wetboek|\bbesluit\b|\bverordening\b|\bregeling\b|\b(awb|brp|wmo|bw|wabo)\b",
    re.IGNORECASE,
)
_NOT_A_LAW = re.compile(r"algemene\s+verordening\s+gegevensbescherming|\bavg\b", re.IGNORECASE)
_CONSENT_OR_CONTRACT = re.compile(
    r"toestemming|overeenkomst|\bsub\s*[ab]\b|\bonder\s*[ab]\b", re.IGNORECASE
)
_DUTY = re.compile(
    r"wettelijke?\s+(verplichting|taak|plicht)|publiek\w*\s+taak|algemeen\s+belang|openbaar\s+gezag"
    r"|\b(sub|onder)\s*[ce]\b|\blid\s*1\s*[ce]\b",
    re.IGNORECASE,
)
_DPIA_NOT_DONE = re.compile(
    r"^\s*(nee|no|niet|geen|n\.?\s*v\.?\s*t|nvt|nog|gepland|in\s+(uitvoering|voorbereiding)|"
    r"onbekend|te\s+doen|todo|\?|-)",
    re.IGNORECASE,
)
_DPIA_DONE = re.compile(
    r"\b(ja|yes|uitgevoerd|gedaan|afgerond|aanwezig|vastgesteld|gereed)\b|\b(19|20)\d{2}\b",
    re.IGNORECASE,
)


def states_special_basis(entry: RegisterEntry) -> bool:
    """The entry names an art. 9/10 exception (its own column, or in the basis text)."""
    if entry.special_basis and not _NONE_TEXT.match(entry.special_basis):
        return True
    return bool(entry.legal_basis and _SPECIAL_BASIS_IN_BASIS.search(entry.legal_basis))


def names_legal_duty(entry: RegisterEntry) -> bool:
    """The basis names a law and is a legal duty/public task, not consent or contract alone."""
    basis = entry.legal_basis or ""
    if not basis.strip() or _NONE_TEXT.match(basis):
        return False
    if not _LAW.search(_NOT_A_LAW.sub(" ", basis)):
        return False
    return bool(_DUTY.search(basis)) or not _CONSENT_OR_CONTRACT.search(basis)


def dpia_done(entry: RegisterEntry) -> bool:
    """The DPIA cell says one was carried out ("ja", "uitgevoerd", a year)."""
    text = entry.dpia or ""
    if not text.strip() or _DPIA_NOT_DONE.match(text):
        return False
    return bool(_DPIA_DONE.search(text))


# ---------------------------------------------------------------------------------------------
# Grouping


@dataclass(frozen=True)
class _Container:
    source: str
    location: str
    location_type: str
    categories: tuple[str, ...]  # catalog order
    columns_by_category: dict[str, tuple[str, ...]]  # category → column names (columns only)


def _containers(findings: Iterable[Finding], catalog: CategoryCatalog) -> list[_Container]:
    grouped: dict[tuple[str, str], dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    types: dict[tuple[str, str], str] = {}
    for finding in findings:
        category = catalog.category_of(finding.entity_type)
        if category is None or finding.hits <= 0:
            continue
        key = (finding.source, finding.container)
        types[key] = finding.location_type
        column = finding.location.rsplit(".", 1)[-1] if finding.location_type == "column" else ""
        grouped[key][category].add(column)
    order = {key: i for i, key in enumerate(catalog.categories)}
    result = []
    for (source, location), by_category in sorted(grouped.items()):
        categories = tuple(sorted(by_category, key=lambda c: (order.get(c, len(order)), c)))
        columns = {c: tuple(sorted(x for x in by_category[c] if x)) for c in categories}
        result.append(_Container(source, location, types[(source, location)], categories, columns))
    return result


@dataclass(frozen=True)
class _Match:
    entries: tuple[RegisterEntry, ...]
    activity: str | None  # the activities override that applied, if any


def _entries_for(
    source: str,
    location: str | None,
    bindings: dict[str, SourceBinding],
    register: Sequence[RegisterEntry],
) -> _Match:
    binding = bindings.get(source)
    if binding is None:
        return _Match((), None)
    if location is not None:
        for pattern, name in binding.activities.items():
            if fnmatchcase(location.casefold(), pattern.casefold()):
                wanted = _name_key(name)
                return _Match(tuple(e for e in register if _name_key(e.name) == wanted), name)
    system = normalise_system(binding.system)
    return _Match(
        tuple(e for e in register if any(normalise_system(s) == system for s in e.systems)),
        None,
    )


# ---------------------------------------------------------------------------------------------
# Text helpers


def _labels(keys: Iterable[str], catalog: CategoryCatalog) -> str:
    return ", ".join(catalog.info(k).label for k in keys)


def _with_columns(keys: Iterable[str], container: _Container, catalog: CategoryCatalog) -> str:
    parts = []
    for key in keys:
        columns = container.columns_by_category.get(key, ())
        label = catalog.info(key).label
        parts.append(f"{label} (kolom {', '.join(columns)})" if columns else label)
    return "; ".join(parts)


def _where(container: _Container) -> str:
    return "In het bestand" if container.location_type == "file" else "In de tabel"


def _entry_names(entries: Sequence[RegisterEntry]) -> str:
    return "; ".join(dict.fromkeys(e.name for e in entries))


def _high_risk(keys: Iterable[str], catalog: CategoryCatalog) -> bool:
    return any(catalog.info(k).high_risk for k in keys)


def _severity(high: bool, *, otherwise: Severity = Severity.MIDDEL) -> Severity:
    return Severity.HOOG if high else otherwise


# ---------------------------------------------------------------------------------------------
# The comparison


def compare(
    findings: Sequence[Finding],
    register: Sequence[RegisterEntry],
    *,
    bindings: Sequence[SourceBinding],
    catalog: CategoryCatalog,
    retention: Sequence[RetentionFacts] = (),
    gaps: Sequence[ScanGap] = (),
    today: date | None = None,
) -> list[Discrepancy]:
    """Findings held against the register: the discrepancies, most severe first.

    today: optional; when given, a retention period that is not a counted ladder step and whose
    next longer step counts no rows still yields RETENTION_EXCEEDED when the oldest date lies
    before the period's cutoff (count unknown, so None).
    """
    by_source = {b.source: b for b in bindings}
    facts_by_location: dict[tuple[str, str], RetentionFacts] = {}
    for item in retention:
        facts_by_location[(item.source, item.location)] = item
        facts_by_location.setdefault((item.source, item.location.casefold()), item)

    out: list[Discrepancy] = []
    for container in _containers(findings, catalog):
        match = _entries_for(container.source, container.location, by_source, register)
        facts = facts_by_location.get((container.source, container.location)) or (
            facts_by_location.get((container.source, container.location.casefold()))
        )
        out.extend(_for_container(container, match, catalog, facts, today))

    for gap in gaps:
        match = _entries_for(gap.source, gap.location, by_source, register)
        where = f"'{gap.location}'" if gap.location else "de hele bron"
        out.append(
            Discrepancy(
                kind=DiscrepancyKind.SCAN_INCOMPLETE,
                severity=Severity.MIDDEL,
                source=gap.source,
                location=gap.location,
                register_entry=_entry_names(match.entries) or None,
                categories=(),
                count=None,
                oldest=None,
                details=f"Niet (volledig) gescand: {where}. Reden: {gap.reason.rstrip('.')}. "
                "Wat hier staat, ontbreekt in de vergelijking met het register.",
            )
        )
    return sorted(out, key=_sort_key)


def _sort_key(d: Discrepancy) -> tuple[int, int, str, str, str]:
    return (
        SEVERITY_ORDER.index(d.severity),
        KIND_ORDER.index(d.kind),
        d.source,
        d.location or "",
        d.register_entry or "",
    )


def _for_container(
    container: _Container,
    match: _Match,
    catalog: CategoryCatalog,
    facts: RetentionFacts | None,
    today: date | None,
) -> list[Discrepancy]:
    found = container.categories
    high = _high_risk(found, catalog)
    entries = match.entries

    def make(
        kind: DiscrepancyKind,
        severity: Severity,
        categories: Sequence[str],
        details: str,
        *,
        count: int | None = None,
        oldest: date | None = None,
    ) -> Discrepancy:
        return Discrepancy(
            kind=kind,
            severity=severity,
            source=container.source,
            location=container.location,
            register_entry=_entry_names(entries) or None,
            categories=tuple(categories),
            count=count,
            oldest=oldest,
            details=details,
        )

    if not entries:
        if match.activity is not None:
            why = (
                f"De configuratie koppelt deze locatie aan verwerking '{match.activity}', "
                "maar die verwerking staat niet in het register."
            )
        else:
            why = "Geen verwerking in het register noemt het systeem van deze bron."
        return [
            make(
                DiscrepancyKind.UNDOCUMENTED_PROCESSING,
                _severity(high),
                found,
                f"{_where(container)} zijn persoonsgegevens gevonden: "
                f"{_with_columns(found, container, catalog)}. {why}",
            )
        ]

    out: list[Discrepancy] = []
    covered: set[str] = set().union(*(e.categories for e in entries))
    missing = [c for c in found if c not in covered]
    if missing:
        out.append(
            make(
                DiscrepancyKind.UNDOCUMENTED_CATEGORY,
                _severity(_high_risk(missing, catalog)),
                missing,
                f"{_where(container)} zijn gegevens gevonden die de verwerking niet noemt: "
                f"{_with_columns(missing, container, catalog)}. Het register noemt hier: "
                f"{_labels(sorted(covered, key=_order(catalog)), catalog) or 'geen categorieën'}.",
            )
        )

    special = [c for c in found if catalog.info(c).special]
    if special and not any(states_special_basis(e) for e in entries):
        out.append(
            make(
                DiscrepancyKind.SPECIAL_CATEGORY_WITHOUT_BASIS,
                Severity.HOOG,
                special,
                f"Bijzondere of strafrechtelijke persoonsgegevens gevonden "
                f"({_with_columns(special, container, catalog)}), maar de verwerking noemt geen "
                "uitzonderingsgrond (art. 9 lid 2 / art. 10 AVG, art. 22–33 UAVG).",
            )
        )

    if "bsn" in found and not any(names_legal_duty(e) for e in entries):
        out.append(
            make(
                DiscrepancyKind.BSN_WITHOUT_LEGAL_BASIS,
                Severity.HOOG,
                ["bsn"],
                f"Burgerservicenummer gevonden ({_with_columns(['bsn'], container, catalog)}), "
                "maar de grondslag van de verwerking noemt geen wet die het gebruik voorschrijft "
                "(art. 46 UAVG: alleen ter uitvoering van een wet).",
            )
        )

    at_scale = "bsn" in found and facts is not None and facts.total >= BSN_SCALE_ROWS
    dpia_categories = special + (["bsn"] if at_scale else [])
    if dpia_categories and not any(dpia_done(e) for e in entries):
        reason = "bijzondere of strafrechtelijke persoonsgegevens" if special else ""
        if at_scale and facts is not None:
            scale = f"een burgerservicenummer op grote schaal ({facts.total} rijen)"
            reason = f"{reason} en {scale}" if reason else scale
        out.append(
            make(
                DiscrepancyKind.DPIA_MISSING,
                Severity.HOOG,
                dpia_categories,
                f"Hier staan {reason} ({_labels(dpia_categories, catalog)}), maar het register "
                "vermeldt geen uitgevoerde DPIA voor de verwerking.",
            )
        )

    out.extend(_retention(container, entries, catalog, facts, today, make, high))
    return out


def _order(catalog: CategoryCatalog) -> Callable[[str], tuple[int, str]]:
    order = {key: i for i, key in enumerate(catalog.categories)}
    return lambda c: (order.get(c, len(order)), c)


def _retention(
    container: _Container,
    entries: Sequence[RegisterEntry],
    catalog: CategoryCatalog,
    facts: RetentionFacts | None,
    today: date | None,
    make: Callable[..., Discrepancy],
    high: bool,
) -> list[Discrepancy]:
    found = container.categories
    if any(e.retention.kind == "permanent" for e in entries):
        return []
    with_period = [e for e in entries if e.retention.kind == "period" and e.retention.period]
    if not with_period:
        notes = "; ".join(f"'{e.name}': {e.retention.note or 'geen termijn'}" for e in entries)
        return [
            make(
                DiscrepancyKind.RETENTION_UNKNOWN,
                _severity(False, otherwise=Severity.MIDDEL if high else Severity.LAAG),
                found,
                f"Het register geeft geen berekenbare bewaartermijn voor deze persoonsgegevens "
                f"({_labels(found, catalog)}). {notes}",
            )
        ]
    if facts is None or facts.total == 0:
        return []

    governing = max(with_period, key=lambda e: period_days(e.retention.period or "P0D"))
    period = governing.retention.period or "P0D"
    count, exact = rows_older_than(facts, period)
    count_known: int | None = count
    if (
        count == 0
        and not exact
        and today is not None
        and facts.oldest is not None
        and facts.oldest < cutoff_date(period, today)
    ):
        count_known = None
    if count_known == 0:
        return []

    is_file = container.location_type == "file"
    things = "bestand" if is_file else ("rij" if count == 1 else "rijen")
    if count_known is None:
        amount = "Een onbekend aantal rijen (ten minste één)"
    elif is_file:
        amount = "Het bestand is"
    elif exact:
        amount = f"{count} {things} zijn" if count != 1 else f"1 {things} is"
    else:
        amount = f"Ten minste {count} {things} zijn" if count != 1 else f"Ten minste 1 {things} is"
    measured = (
        "de wijzigingsdatum van het bestand"
        if facts.date_column == "modified" and is_file
        else f"kolom '{facts.date_column}'"
    )
    text = (
        f"{amount} ouder dan de bewaartermijn van {describe_period(period)} "
        f"(verwerking '{governing.name}'). Gemeten op {measured}"
    )
    text += f"; de oudste datum is {facts.oldest.isoformat()}." if facts.oldest else "."
    if not exact and count_known is not None and not is_file:
        text += (
            " Het aantal is een ondergrens (ten minste): geteld is tot de eerstvolgende "
            "langere termijn van de telling."
        )
    elif exact and not is_file:
        text += " Het aantal is exact geteld."

    if governing.retention.anchor:
        text += (
            f" De termijn loopt vanaf '{governing.retention.anchor}'; ga na of de gemeten "
            "datum dat moment weergeeft."
        )
    if len(with_period) > 1:
        text += " De langste termijn van de verwerkingen op deze locatie is gebruikt."
    return [
        make(
            DiscrepancyKind.RETENTION_EXCEEDED,
            _severity(high),
            found,
            text,
            count=count_known,
            oldest=facts.oldest,
        )
    ]
