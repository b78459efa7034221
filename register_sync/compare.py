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
| BSN_WITHOUT_LEGAL_BASIS | BSN found, no entry's basis is a legal duty/public task naming a law |
| DPIA_MISSING | art. 9/10 data (or BSN in ≥ `BSN_SCALE_ROWS` rows), no entry has a DPIA done |
| RETENTION_EXCEEDED | rows/files older than the longest period of the entries (`RetentionFacts`) |
| RETENTION_UNKNOWN | entries exist, none has a computable period and none is permanent |
| REGISTERED_NOT_FOUND | only with `scanned_sources`: one per entry whose systems were all scanned |
|                      | completely, when nothing of it or some listed category was found there |
| SCAN_INCOMPLETE | one per `ScanGap` |

Several entries for one container: the rule most favourable to the municipality decides, and
`details` names the entry (and its register row) that decided: the union of their categories;
any entry with an art. 9/10 exception; any entry with a legal duty naming a law; the best DPIA
status (uitgevoerd > niet nodig > gepland > onbekend); a permanent entry, else the longest
period. `register_entry` lists all entries that applied (it is part of the item's identity).

Severity rules (fixed). "High-risk" categories are art. 9/10 categories, the BSN and
'financiële situatie' (gevoelig in municipal policy), see `CategoryInfo.high_risk`.

| kind | hoog | middel | laag |
|---|---|---|---|
| UNDOCUMENTED_PROCESSING | high-risk data found | otherwise | – |
| UNDOCUMENTED_CATEGORY | a missing category is high-risk | otherwise | – |
| SPECIAL_CATEGORY_WITHOUT_BASIS | always | – | – |
| BSN_WITHOUT_LEGAL_BASIS | always | – | – |
| DPIA_MISSING | DPIA status onbekend (incl. "nee") | DPIA gepland, or "niet nodig" | – |
| RETENTION_EXCEEDED | high-risk data in the container | otherwise | measured on a proxy date* |
| RETENTION_UNKNOWN | – | high-risk data in the container | otherwise |
| REGISTERED_NOT_FOUND | – | nothing of the entry found | some listed categories not found |
| SCAN_INCOMPLETE | – | always | – |

*A period that runs from an event ("10 jaar na beëindiging") measured on a creation date or a
file date (`RetentionFacts.date_source`, else guessed from the column name) is one step lower
(hoog → middel, middel → laag) and says "ondergrens": the data is kept at least since the oldest
date, and the count is at most the number overdue.

`details` is Dutch and holds only category labels, column names, entry names, counts and dates —
never a value from a source.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase

from register_sync.basis import names_legal_duty as basis_names_legal_duty
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
# What an entry says (parsed on import, see `register_sync.basis`)


def states_special_basis(entry: RegisterEntry) -> bool:
    """The entry names an art. 9/10 exception (its own column, or in the basis text)."""
    return entry.special_basis_present


def names_legal_duty(entry: RegisterEntry) -> bool:
    """The basis is a legal duty / public task with a law named (`basis.names_legal_duty`)."""
    return basis_names_legal_duty(entry.basis)


def dpia_done(entry: RegisterEntry) -> bool:
    """The DPIA cell says one was carried out ("ja", "uitgevoerd", a year)."""
    return entry.dpia_status == "uitgevoerd"


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
        column = finding.column or ""
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


def entries_for(
    source: str,
    location: str | None,
    bindings: dict[str, SourceBinding],
    register: Sequence[RegisterEntry],
) -> _Match:
    """The register entries that govern a location: by `activities` glob, else by system."""
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
    scanned_sources: Collection[str] | None = None,
) -> list[Discrepancy]:
    """Findings held against the register: the discrepancies, most severe first.

    today: optional; when given, a retention period that is not a counted ladder step and whose
    next longer step counts no rows still yields RETENTION_EXCEEDED when the oldest date lies
    before the period's cutoff (count unknown, so None).
    scanned_sources: the sources scanned completely for this comparison. Only with it is
    REGISTERED_NOT_FOUND raised, and only for entries whose systems are all declared by these
    sources (a source with a `ScanGap` does not count as completely scanned).
    """
    by_source = {b.source: b for b in bindings}
    facts_by_location: dict[tuple[str, str], RetentionFacts] = {}
    for item in retention:
        facts_by_location[(item.source, item.location)] = item
        facts_by_location.setdefault((item.source, item.location.casefold()), item)

    out: list[Discrepancy] = []
    containers = _containers(findings, catalog)
    matches: list[tuple[_Container, _Match]] = []
    for container in containers:
        match = entries_for(container.source, container.location, by_source, register)
        matches.append((container, match))
        facts = facts_by_location.get((container.source, container.location)) or (
            facts_by_location.get((container.source, container.location.casefold()))
        )
        out.extend(_for_container(container, match, catalog, facts, today))

    for gap in gaps:
        match = entries_for(gap.source, gap.location, by_source, register)
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

    if scanned_sources is not None:
        complete = set(scanned_sources) - {g.source for g in gaps}
        out.extend(_registered_not_found(register, bindings, complete, matches, catalog))
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
    which = _which(entries, match)
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
                f"{_labels(sorted(covered, key=_order(catalog)), catalog) or 'geen categorieën'}"
                f" ({which}; alle categorieën van deze verwerkingen samen tellen).",
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
                f"({_with_columns(special, container, catalog)}), maar {_none_of(entries)} "
                "noemt een uitzonderingsgrond (art. 9 lid 2 / art. 10 AVG, art. 22–33 UAVG). "
                f"{_basis_texts(entries)}",
            )
        )

    if "bsn" in found and not any(names_legal_duty(e) for e in entries):
        out.append(
            make(
                DiscrepancyKind.BSN_WITHOUT_LEGAL_BASIS,
                Severity.HOOG,
                ["bsn"],
                f"Burgerservicenummer gevonden ({_with_columns(['bsn'], container, catalog)}), "
                f"maar de grondslag van {_none_of(entries)} is een wettelijke verplichting of "
                "publieke taak met een wet genoemd (art. 46 UAVG: alleen ter uitvoering van een "
                f"wet). {_basis_texts(entries)}",
            )
        )

    out.extend(_dpia(container, entries, catalog, facts, special, make))
    out.extend(_retention(container, entries, match, catalog, facts, today, make, high))
    return out


def _which(entries: Sequence[RegisterEntry], match: _Match) -> str:
    """How the entries were chosen, for the FG to follow the verdict."""
    names = _entry_names(entries)
    if match.activity is not None:
        return f"verwerking '{names}', gekoppeld via de activiteiten in de configuratie"
    if len(entries) == 1:
        return f"verwerking '{names}', die het systeem van deze bron noemt"
    return f"verwerkingen '{names}', die elk het systeem van deze bron noemen"


def _none_of(entries: Sequence[RegisterEntry]) -> str:
    if len(entries) == 1:
        return f"verwerking '{entries[0].name}' (rij {entries[0].row})"
    return f"geen van de verwerkingen {_quoted(entries)}"


def _quoted(entries: Sequence[RegisterEntry]) -> str:
    return ", ".join(f"'{e.name}' (rij {e.row})" for e in entries)


def _basis_texts(entries: Sequence[RegisterEntry]) -> str:
    parts = []
    for entry in entries:
        basis = entry.basis.describe() if entry.basis else "geen grondslag herkend"
        parts.append(f"'{entry.name}': {basis}")
    return "Grondslag volgens het register: " + "; ".join(parts) + "."


def _dpia(
    container: _Container,
    entries: Sequence[RegisterEntry],
    catalog: CategoryCatalog,
    facts: RetentionFacts | None,
    special: Sequence[str],
    make: Callable[..., Discrepancy],
) -> list[Discrepancy]:
    at_scale = "bsn" in container.categories and facts is not None
    at_scale = at_scale and facts is not None and facts.total >= BSN_SCALE_ROWS
    dpia_categories = [*special, *(["bsn"] if at_scale else [])]
    if not dpia_categories or any(dpia_done(e) for e in entries):
        return []
    reason = "bijzondere of strafrechtelijke persoonsgegevens" if special else ""
    if at_scale and facts is not None:
        scale = f"een burgerservicenummer op grote schaal ({facts.total} rijen)"
        reason = f"{reason} en {scale}" if reason else scale
    # Most favourable status among the entries decides: gepland/niet nodig beat onbekend.
    best = min(entries, key=lambda e: _DPIA_RANK[e.dpia_status])
    status = best.dpia_status
    severity = Severity.HOOG if status == "onbekend" else Severity.MIDDEL
    if status == "gepland":
        state = f"een DPIA is gepland maar nog niet uitgevoerd (verwerking '{best.name}')"
    elif status == "niet nodig":
        state = (
            f"het register noemt een DPIA niet nodig (verwerking '{best.name}'); ga na of dat "
            "klopt nu deze gegevens hier staan"
        )
    else:
        state = "het register vermeldt geen uitgevoerde DPIA voor de verwerking"
    return [
        make(
            DiscrepancyKind.DPIA_MISSING,
            severity,
            dpia_categories,
            f"Hier staan {reason} ({_labels(dpia_categories, catalog)}), maar {state}. "
            f"DPIA-status per verwerking: "
            + "; ".join(f"'{e.name}': {e.dpia_status}" for e in entries)
            + ".",
        )
    ]


_DPIA_RANK: dict[str, int] = {"uitgevoerd": 0, "niet nodig": 1, "gepland": 2, "onbekend": 3}


def _order(catalog: CategoryCatalog) -> Callable[[str], tuple[int, str]]:
    order = {key: i for i, key in enumerate(catalog.categories)}
    return lambda c: (order.get(c, len(order)), c)


# Column names that hold a creation or mutation date rather than the event a period runs from.
_CREATED_COLUMN = re.compile(
    r"aanma|aangemaakt|creat|invoer|ingevoerd|registrat|mutat|wijzig|modif|updat|insert|datum_in"
    r"|begin|start|aanvra|ontvang",
    re.IGNORECASE,
)


def date_source(facts: RetentionFacts) -> str:
    """How the date was chosen: the connector's word, else guessed from the column name."""
    if facts.date_source is not None:
        return facts.date_source
    if facts.date_column == "modified":
        return "file"
    return "created" if _CREATED_COLUMN.search(facts.date_column) else "event"


def _retention(
    container: _Container,
    entries: Sequence[RegisterEntry],
    match: _Match,
    catalog: CategoryCatalog,
    facts: RetentionFacts | None,
    today: date | None,
    make: Callable[..., Discrepancy],
    high: bool,
) -> list[Discrepancy]:
    found = container.categories
    if any(e.retention.kind == "permanent" for e in entries):
        return []  # most favourable: a permanent entry means nothing here is ever too old
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

    # Most favourable: the longest period of the entries that apply.
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
    anchor = governing.retention.anchor
    source_of_date = date_source(facts)
    # A period from an event measured on another date: the oldest date is only a lower bound
    # of how long the data has been kept, and the count an upper bound of what is overdue.
    proxy = anchor is not None and source_of_date in ("created", "file")
    things = "bestand" if is_file else ("rij" if count == 1 else "rijen")
    if count_known is None:
        amount = "Een onbekend aantal rijen (ten minste één)"
    elif is_file:
        amount = "Het bestand is"
    elif proxy:
        amount = f"Ten hoogste {count} {things} {'zijn' if count != 1 else 'is'}"
    elif exact:
        amount = f"{count} {things} zijn" if count != 1 else f"1 {things} is"
    else:
        amount = f"Ten minste {count} {things} zijn" if count != 1 else f"Ten minste 1 {things} is"
    measured = (
        "de wijzigingsdatum van het bestand"
        if facts.date_column == "modified" and is_file
        else f"kolom '{facts.date_column}'"
    )
    rule = f"'{governing.retention.text.strip()}'"
    text = (
        f"{amount} ouder dan de bewaartermijn van {describe_period(period)} "
        f"(verwerking '{governing.name}', rij {governing.row}: {rule}). Gemeten op {measured}"
        f"{_how_chosen(source_of_date)}"
    )
    text += f"; de oudste datum is {facts.oldest.isoformat()}." if facts.oldest else "."
    if proxy:
        text += (
            f" Ondergrens: de termijn loopt vanaf '{anchor}', maar die datum staat niet in de "
            "bron; gemeten is op een eerdere datum. De gegevens worden dus ten minste sinds de "
            "oudste datum bewaard; of de termijn per betrokkene echt verstreken is, vraagt de "
            f"datum van '{anchor}'. Stel die kolom in (retention_date_columns)."
        )
    elif not exact and count_known is not None and not is_file:
        text += (
            " Het aantal is een ondergrens (ten minste): geteld is tot de eerstvolgende "
            "langere termijn van de telling."
        )
    elif exact and not is_file:
        text += " Het aantal is exact geteld."
    if anchor and not proxy:
        text += f" De termijn loopt vanaf '{anchor}'; de gemeten datum geeft dat moment weer."
    if governing.retention.note:
        text += f" {governing.retention.note}"
    if len(with_period) > 1:
        others = [e for e in with_period if e is not governing]
        text += (
            " Meerdere verwerkingen gelden hier; de voor de gemeente gunstigste regel (de "
            f"langste termijn) is gebruikt, niet die van {_quoted(others)}."
        )
    severity = _severity(high)
    if proxy:
        severity = Severity.MIDDEL if severity == Severity.HOOG else Severity.LAAG
    return [
        make(
            DiscrepancyKind.RETENTION_EXCEEDED,
            severity,
            found,
            text,
            count=count_known,
            oldest=facts.oldest,
        )
    ]


def _how_chosen(source_of_date: str) -> str:
    return {
        "configured": " (ingesteld in de configuratie)",
        "event": " (herkend als datum van de gebeurtenis)",
        "created": " (een aanmaak- of wijzigingsdatum)",
        "file": "",
    }.get(source_of_date, "")


# ---------------------------------------------------------------------------------------------
# Registered, not found


def _registered_not_found(
    register: Sequence[RegisterEntry],
    bindings: Sequence[SourceBinding],
    complete: set[str],
    matches: Sequence[tuple[_Container, _Match]],
    catalog: CategoryCatalog,
) -> list[Discrepancy]:
    """Entries (or listed categories) that no complete scan of the entry's systems found.

    Granularity: one item per entry. Nothing of the entry found in any location of its
    sources → the whole entry (middel); some found → the detectable categories it lists
    that were found nowhere in those locations (laag). A category counts as detectable when
    a scanner entity maps to it.
    """
    declared: dict[str, list[str]] = defaultdict(list)  # system → complete sources declaring it
    for binding in bindings:
        if binding.source in complete:
            declared[normalise_system(binding.system)].append(binding.source)
    found_for: dict[int, set[str]] = defaultdict(set)  # id(entry) → categories found
    for container, match in matches:
        for entry in match.entries:
            found_for[id(entry)].update(container.categories)

    out: list[Discrepancy] = []
    for entry in register:
        systems = [normalise_system(s) for s in entry.systems]
        if not systems or any(s not in declared for s in systems):
            continue
        sources = sorted({src for s in systems for src in declared[s]})
        detectable = [
            c for c in sorted(entry.categories, key=_order(catalog)) if catalog.entities_of(c)
        ]
        found = found_for.get(id(entry), set())
        where = ", ".join(sources)
        if not found:
            out.append(
                Discrepancy(
                    kind=DiscrepancyKind.REGISTERED_NOT_FOUND,
                    severity=Severity.MIDDEL,
                    source=where,
                    location=None,
                    register_entry=entry.name,
                    categories=tuple(detectable),
                    count=None,
                    oldest=None,
                    details=f"Verwerking '{entry.name}' (rij {entry.row}) noemt "
                    f"{', '.join(entry.systems)}, maar de volledige scan van {where} vond daar "
                    "geen persoonsgegevens van deze verwerking. Het register is mogelijk "
                    "verouderd, of de gegevens staan op een plek die niet gescand is.",
                )
            )
            continue
        missing = [c for c in detectable if c not in found]
        if missing:
            out.append(
                Discrepancy(
                    kind=DiscrepancyKind.REGISTERED_NOT_FOUND,
                    severity=Severity.LAAG,
                    source=where,
                    location=None,
                    register_entry=entry.name,
                    categories=tuple(missing),
                    count=None,
                    oldest=None,
                    details=f"Verwerking '{entry.name}' (rij {entry.row}) noemt "
                    f"{_labels(missing, catalog)}, maar de volledige scan van {where} vond die "
                    "nergens bij deze verwerking. Staat dit nog in het register terecht, of "
                    "ontbreekt een deel van de bron in de scan?",
                )
            )
    return out
