"""Size a data breach from the findings store: who and what is probably affected, and advice.

Works from the latest scan of each source only; nothing is read from the sources again.

- **Scope**: sources, location globs (a schema, table or folder: `public.*`, `wmo_clienten`,
  `Wmo/`, `Wmo/*`) and files; a location is in scope when its source is and, if locations or
  files are given, it matches one of them.
- **Data subjects**: the keyed hashes (fingerprints) of the values found are counted: distinct
  BSNs, distinct e-mail addresses, and per table or file with both names and dates of birth the
  smaller of the two counts (a name with its date of birth). One person may appear with a BSN
  and an e-mail address, so the estimate is a range: at least the largest of the three, at
  most their sum. A table is fingerprinted on its sample only (`sample_rows`): where a table
  has more rows than were sampled, the count is a lower bound, and the report says so.
- **Minors**: a hash does not tell an age. Table, column, folder and file names (jeugd, kind,
  leerling, ouder, …) and youth-care terms found by the health lexicon (jeugdhulp, jeugdzorg,
  …) are taken as an *indication* that minors' data is involved.
- **Advice** (AVG art. 33/34, AP guidance): notify the AP within 72 hours of discovery unless
  the breach is unlikely to result in a risk to the rights and freedoms of the people; inform
  the people themselves when the risk is high. Special categories, criminal data, the BSN,
  financial situation and minors' data make the risk high; ordinary data at scale makes a risk
  likely. This is advice for the FG, not a decision, and the report says so.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from fnmatch import fnmatchcase

import sqlalchemy as sa

from pipelines.config import AvgscanConfig
from pipelines.privacy.context import categories_of
from pipelines.store import FindingsStore
from pipelines.store import fingerprints as fingerprint_table
from register_sync import CategoryCatalog
from scanners.findings import Finding

NOTIFICATION_HOURS = 72
SCALE_SUBJECTS = 100
"""From this many affected people, ordinary data alone makes a risk likely (advice only)."""

_MINOR_NAMES = re.compile(
    r"jeugd|kind|minderjarig|leerling|school|jongere|baby|zuigeling|ouder|voogd|leerplicht",
    re.IGNORECASE,
)
_YOUTH_TERMS = re.compile(r"jeugd|kinder|leerplicht|consultatiebureau", re.IGNORECASE)


@dataclass(frozen=True)
class IncidentScope:
    sources: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()  # globs, schema / table / folder names
    files: tuple[str, ...] = ()  # paths relative to the share root

    def describe(self) -> str:
        parts = [f"bronnen: {', '.join(self.sources) or 'alle'}"]
        if self.locations:
            parts.append(f"locaties: {', '.join(self.locations)}")
        if self.files:
            parts.append(f"{len(self.files)} bestand(en)")
        return "; ".join(parts)

    def contains(self, source: str, container: str) -> bool:
        if self.sources and source not in self.sources:
            return False
        if not self.locations and not self.files:
            return True
        if container in self.files:
            return True
        folded = container.casefold()
        for pattern in self.locations:
            wanted = pattern.casefold().rstrip("/")
            if fnmatchcase(folded, wanted) or folded == wanted:
                return True
            if folded.startswith(wanted + "/") or folded.startswith(wanted + "."):
                return True  # a folder, or a schema
        return False


@dataclass(frozen=True)
class AffectedLocation:
    source: str
    system: str
    location: str
    location_type: str  # tabel, bestand
    categories: tuple[str, ...]
    special: tuple[str, ...]
    rows: int | None  # rows in the table, when a scan measured them
    sampled: int | None  # rows sampled for the findings (tables)


@dataclass(frozen=True)
class SubjectEstimate:
    bsn: int
    email: int
    name_with_birth_date: int
    low: int
    high: int
    lower_bound_only: bool  # some tables hold more rows than were sampled


@dataclass(frozen=True)
class Advice:
    verdict: (
        str  # "waarschijnlijk verplicht", "mogelijk verplicht", "waarschijnlijk niet verplicht"
    )
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class IncidentAssessment:
    organisation: str
    assessed_at: datetime
    discovered_at: datetime
    deadline: datetime
    scope: str
    locations: tuple[AffectedLocation, ...]
    subjects: SubjectEstimate
    categories: tuple[str, ...]
    special: tuple[str, ...]
    bsn: bool
    financial_situation: bool
    minors: tuple[str, ...]  # reasons for the indication; empty when there is none
    notify_ap: Advice
    notify_subjects: Advice


def assess_incident(
    config: AvgscanConfig,
    store: FindingsStore,
    scope: IncidentScope,
    *,
    discovered_at: datetime,
    catalog: CategoryCatalog,
) -> IncidentAssessment:
    """Everything the report on an incident says; see the module docstring."""
    if discovered_at.tzinfo is None:
        raise ValueError("discovered_at needs a time zone")
    for name in scope.sources:
        config.source(name)  # an unknown source is a ConfigError naming it
    names = list(scope.sources) or [s.name for s in config.sources]
    basis = store.comparison_input(names)
    in_scope = [
        f
        for f in basis.findings
        if f.hits > 0
        and catalog.category_of(f.entity_type) is not None
        and scope.contains(f.source, f.container)
    ]
    by_container: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in in_scope:
        by_container[(f.source, f.container)].append(f)
    rows = {(r.source, r.location): r.total for r in basis.retention}
    locations = []
    for (source, container), found in sorted(by_container.items()):
        summary = categories_of(found, catalog)
        is_table = found[0].location_type == "column"
        locations.append(
            AffectedLocation(
                source=source,
                system=config.source(source).system,
                location=container,
                location_type="tabel" if is_table else "bestand",
                categories=summary.labels,
                special=summary.special,
                rows=rows.get((source, container)) if is_table else None,
                sampled=max(f.sampled for f in found) if is_table else None,
            )
        )
    subjects = _estimate(store, [s.id for s in basis.scans.values()], in_scope, locations)
    overall = categories_of(in_scope, catalog)
    bsn = "bsn" in overall.keys
    financial = "financiele_situatie" in overall.keys
    minors = _minors(in_scope)
    ap, people = _advice(overall.special, bsn, financial, minors, subjects, bool(in_scope))
    return IncidentAssessment(
        organisation=config.organisation,
        assessed_at=datetime.now(UTC),
        discovered_at=discovered_at,
        deadline=discovered_at + timedelta(hours=NOTIFICATION_HOURS),
        scope=scope.describe(),
        locations=tuple(locations),
        subjects=subjects,
        categories=overall.labels,
        special=overall.special,
        bsn=bsn,
        financial_situation=financial,
        minors=minors,
        notify_ap=ap,
        notify_subjects=people,
    )


def _estimate(
    store: FindingsStore,
    scan_ids: Sequence[int],
    in_scope: Sequence[Finding],
    locations: Sequence[AffectedLocation],
) -> SubjectEstimate:
    wanted = {(f.source, f.location) for f in in_scope}
    container_of = {(f.source, f.location): f.container for f in in_scope}
    query = sa.select(
        fingerprint_table.c.source,
        fingerprint_table.c.location,
        fingerprint_table.c.entity_type,
        fingerprint_table.c.fingerprint,
    ).where(
        fingerprint_table.c.scan_id.in_(list(scan_ids)),
        fingerprint_table.c.entity_type.in_(["NL_BSN", "EMAIL_ADDRESS", "PERSON", "DATE_OF_BIRTH"]),
    )
    bsns: set[str] = set()
    emails: set[str] = set()
    names: dict[tuple[str, str], set[str]] = defaultdict(set)
    births: dict[tuple[str, str], set[str]] = defaultdict(set)
    with store.engine.connect() as conn:
        for source, location, entity, value in conn.execute(query):
            if (source, location) not in wanted:
                continue
            container = (source, container_of[(source, location)])
            if entity == "NL_BSN":
                bsns.add(value)
            elif entity == "EMAIL_ADDRESS":
                emails.add(value)
            elif entity == "PERSON":
                names[container].add(value)
            else:
                births[container].add(value)
    paired = sum(min(len(names[c]), len(births[c])) for c in names if c in births)
    counts = (len(bsns), len(emails), paired)
    limited = any(
        loc.rows is not None and loc.sampled is not None and loc.rows > loc.sampled
        for loc in locations
    ) or any(loc.location_type == "tabel" and loc.rows is None for loc in locations)
    return SubjectEstimate(
        bsn=counts[0],
        email=counts[1],
        name_with_birth_date=paired,
        low=max(counts),
        high=sum(counts),
        lower_bound_only=limited,
    )


def _minors(in_scope: Sequence[Finding]) -> tuple[str, ...]:
    reasons: list[str] = []
    named = sorted({f.container for f in in_scope if _MINOR_NAMES.search(f.location)})
    if named:
        reasons.append(
            "namen van tabellen, kolommen of mappen wijzen op kinderen of jongeren: "
            + ", ".join(named)
        )
    youth = sorted(
        {
            f.container
            for f in in_scope
            if f.entity_type == "SPECIAL_HEALTH" and any(_YOUTH_TERMS.search(e) for e in f.evidence)
        }
    )
    if youth:
        reasons.append("termen uit de Jeugdwet-zorg (zoals jeugdhulp) in: " + ", ".join(youth))
    return tuple(reasons)


def _advice(
    special: Sequence[str],
    bsn: bool,
    financial: bool,
    minors: Sequence[str],
    subjects: SubjectEstimate,
    any_data: bool,
) -> tuple[Advice, Advice]:
    if not any_data:
        reason = "in de scope zijn bij de laatste scan geen persoonsgegevens gevonden"
        return (
            Advice("waarschijnlijk niet verplicht", (reason,)),
            Advice("waarschijnlijk niet verplicht", (reason,)),
        )
    high: list[str] = []
    if special:
        high.append(f"bijzondere of strafrechtelijke persoonsgegevens: {', '.join(special)}")
    if bsn:
        high.append("het BSN (nationaal identificatienummer, art. 46 UAVG): risico op fraude")
    if financial:
        high.append("gegevens over de financiële situatie (schulden, uitkering, beslag)")
    if minors:
        high.append("aanwijzingen dat gegevens van minderjarigen zijn betrokken")
    scale = subjects.low >= SCALE_SUBJECTS
    if high:
        reasons = (*high, "dit maakt een hoog risico voor de rechten en vrijheden waarschijnlijk")
        return (
            Advice("waarschijnlijk verplicht", (*reasons, "melden aan de AP: art. 33 AVG")),
            Advice("waarschijnlijk verplicht", (*reasons, "informeren betrokkenen: art. 34 AVG")),
        )
    if scale:
        why = (
            f"naar schatting ten minste {subjects.low} betrokkenen: gewone persoonsgegevens op "
            "deze schaal maken een risico (phishing, identiteitsfraude) waarschijnlijk"
        )
        return (
            Advice("waarschijnlijk verplicht", (why, "melden aan de AP: art. 33 AVG")),
            Advice(
                "mogelijk verplicht",
                (why, "alleen bij een hoog risico (art. 34 AVG): beoordeel wat er kan gebeuren"),
            ),
        )
    why = "alleen gewone persoonsgegevens van een beperkt aantal betrokkenen"
    return (
        Advice("mogelijk verplicht", (why, "melden tenzij het risico onwaarschijnlijk is")),
        Advice("waarschijnlijk niet verplicht", (why, "geen aanwijzing voor een hoog risico")),
    )
