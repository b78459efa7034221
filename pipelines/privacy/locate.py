"""Locate one data subject: every system, table and file that holds data about a person.

Databases are searched live, read-only, with parameterised queries built from SQLAlchemy
constructs (identifiers quoted by the dialect), only on the columns whose latest findings say
they hold the kind of identifier supplied, and with the value in every form such a column may
store it (`pipelines.privacy.forms`). One `count(*)` per table and kind of identifier, plus one
for the records that match any of them. Free-text columns are searched only when asked, on the
first `free_text_rows` rows of a table (`LIKE` on a bounded sub-select).

Files are not read again: the keyed hashes (HMAC) of the supplied identifiers are looked up in
the fingerprints that the scans stored (`avgscan_fingerprints`), so only files scanned since
`AVGSCAN_HMAC_KEY` was set, with the same key, are covered. A name is matched in a file only
together with the date of birth; a name alone is reported as "mogelijk" (a namesake is possible).

Nothing supplied is logged, stored or returned: results hold locations, category labels, counts,
register entries and the kinds of identifier that matched ("het opgegeven BSN").
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

import sqlalchemy as sa
from sqlalchemy.exc import SQLAlchemyError

from connectors.base import ColumnRef, ConnectorError, TableRef
from connectors.sql import SqlDataStore
from pipelines.config import AvgscanConfig, DatabaseSource, FilesSource
from pipelines.privacy.context import (
    RegisterRef,
    bindings,
    categories_of,
    register_refs,
)
from pipelines.privacy.forms import (
    PHONE_SEPARATORS,
    bsn_forms,
    date_text_forms,
    iban_forms,
    person_name_parts,
    phone_compact_forms,
    phone_written_forms,
    redact,
)
from pipelines.privacy.identifiers import KIND_LABEL, SubjectIdentifiers, name_forms
from pipelines.store import FindingsStore
from pipelines.store import fingerprints as fingerprint_table
from register_sync import CategoryCatalog, RegisterEntry
from scanners.findings import Finding

log = logging.getLogger(__name__)

DEFAULT_FREE_TEXT_ROWS = 1000
Certainty = Literal["zeker", "waarschijnlijk", "mogelijk"]

_NUMERIC_TYPE = re.compile(r"INT|NUMERIC|DECIMAL|NUMBER", re.IGNORECASE)
_DATETIME_TYPE = re.compile(r"TIMESTAMP|DATETIME", re.IGNORECASE)
_DATE_TYPE = re.compile(r"^DATE\b", re.IGNORECASE)
_BIRTH_COLUMN = re.compile(
    r"geboortedat|geb_?datum|gebdat|date_?of_?birth|birth_?date|^dob$", re.IGNORECASE
)

# Which finding entity a kind of identifier is searched in.
_KIND_ENTITY = {
    "bsn": "NL_BSN",
    "email": "EMAIL_ADDRESS",
    "iban": "IBAN_CODE",
    "telefoon": "PHONE_NUMBER",
}
_ENTITY_KIND = {v: k for k, v in _KIND_ENTITY.items()}


@dataclass(frozen=True)
class LocatedItem:
    """One table or file that holds data about the person."""

    source: str
    system: str
    location: str  # schema.table / table, or the file path (supplied values redacted)
    location_type: Literal["tabel", "bestand"]
    categories: tuple[str, ...]  # Dutch labels of what the location holds
    special: tuple[str, ...]  # the art. 9/10 ones among them
    matched_on: tuple[str, ...]  # "het opgegeven BSN", ...
    records: int | None  # matching rows (tables); None for files
    method: str  # how it was found, in Dutch
    certainty: Certainty
    register_entries: tuple[RegisterRef, ...]


@dataclass(frozen=True)
class SourceSearched:
    source: str
    system: str
    type: str  # database, files
    status: str  # doorzocht, gedeeltelijk, niet doorzocht
    last_scan: datetime | None
    note: str = ""


@dataclass(frozen=True)
class LocateResult:
    organisation: str
    searched_at: datetime
    supplied: tuple[str, ...]  # what was supplied, as labels ("het opgegeven BSN")
    items: tuple[LocatedItem, ...]
    sources: tuple[SourceSearched, ...]
    free_text: bool
    free_text_rows: int

    @property
    def found(self) -> bool:
        return bool(self.items)


@dataclass
class _Query:
    """What is searched in one table: per kind of identifier, the conditions on its columns."""

    table: TableRef
    sql: Any  # the `sa.table` the conditions are built on
    by_kind: dict[str, list[Any]] = field(default_factory=dict)  # kind -> SQL conditions
    columns: dict[str, set[str]] = field(default_factory=dict)  # kind -> column names


def locate_person(
    config: AvgscanConfig,
    store: FindingsStore,
    identifiers: SubjectIdentifiers,
    *,
    key: bytes | None,
    entries: Sequence[RegisterEntry],
    catalog: CategoryCatalog,
    sources: Sequence[str] = (),
    free_text: bool = False,
    free_text_rows: int = DEFAULT_FREE_TEXT_ROWS,
) -> LocateResult:
    """Search the configured sources (or the named ones) for the person; see the module doc."""
    if identifiers.is_empty():
        raise ValueError("no identifiers supplied")
    chosen = [config.source(n) for n in sources] if sources else list(config.sources)
    basis = store.comparison_input([s.name for s in chosen])
    by_source = bindings(config)
    secrets = identifiers.clear_forms()
    items: list[LocatedItem] = []
    searched: list[SourceSearched] = []
    for source in chosen:
        scan = basis.scans.get(source.name)
        findings = [f for f in basis.findings if f.source == source.name]
        if scan is None:
            searched.append(
                SourceSearched(
                    source.name,
                    source.system,
                    source.type,
                    "niet doorzocht",
                    None,
                    "bron is nog nooit gescand: onbekend welke kolommen of bestanden "
                    "persoonsgegevens bevatten",
                )
            )
            continue
        if isinstance(source, DatabaseSource):
            found, status, note = _search_database(
                source, findings, identifiers, free_text=free_text, free_text_rows=free_text_rows
            )
        else:
            found, status, note = _search_files(source, store, scan.id, findings, identifiers, key)
        searched.append(
            SourceSearched(source.name, source.system, source.type, status, scan.finished, note)
        )
        for item in found:
            container, location_type, kinds, records, method, certainty = item
            in_container = [f for f in findings if f.container == container]
            summary = categories_of(in_container, catalog)
            items.append(
                LocatedItem(
                    source=source.name,
                    system=source.system,
                    location=redact(container, secrets),
                    location_type=location_type,
                    categories=summary.labels,
                    special=summary.special,
                    matched_on=tuple(KIND_LABEL[k] for k in kinds),
                    records=records,
                    method=method,
                    certainty=certainty,
                    register_entries=register_refs(source.name, container, by_source, entries),
                )
            )
    log.info(
        "locate: %d sources searched, %d locations found", len(searched), len(items)
    )  # counts only
    return LocateResult(
        organisation=config.organisation,
        searched_at=datetime.now(UTC),
        supplied=tuple(
            KIND_LABEL[k] for k in identifiers.kinds if k not in ("naam", "geboortedatum")
        )
        + ((KIND_LABEL["naam_geboortedatum"],) if identifiers.name is not None else ()),
        items=tuple(items),
        sources=tuple(searched),
        free_text=free_text,
        free_text_rows=free_text_rows,
    )


# -- databases ---------------------------------------------------------------------------------

_Found = tuple[str, Literal["tabel", "bestand"], tuple[str, ...], int | None, str, Certainty]


def _search_database(
    source: DatabaseSource,
    findings: Sequence[Finding],
    ids: SubjectIdentifiers,
    *,
    free_text: bool,
    free_text_rows: int,
) -> tuple[list[_Found], str, str]:
    columns: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for f in findings:
        if f.location_type == "column" and f.hits > 0:
            columns[f.container][f.entity_type].add(f.column or "")
    found: list[_Found] = []
    failed: list[str] = []
    try:
        db = SqlDataStore(
            source.url,
            include=source.include,
            exclude=source.exclude,
            statement_timeout_s=source.statement_timeout_s,
        )
    except ConnectorError as exc:
        return [], "niet doorzocht", str(exc)
    with db:
        try:
            tables = {t.qualified: t for t in db.list_tables()}
        except ConnectorError as exc:
            return [], "niet doorzocht", str(exc)
        dialect = db.engine.dialect.name
        for container in sorted(columns):
            table = tables.get(container)
            if table is None:
                failed.append(f"tabel {container} bestaat niet meer")
                continue
            query = _conditions(table, columns[container], ids, dialect)
            try:
                with db.engine.connect() as conn:  # the store's read-only sessions
                    result = _count(conn, query)
                    if result is None and free_text:
                        result = _count_free_text(conn, query, ids, free_text_rows)
            except SQLAlchemyError as exc:
                failed.append(f"zoeken in {container} mislukt ({type(exc).__name__})")
                continue
            if result is not None:
                found.append((container, "tabel", *result))
    status = "gedeeltelijk" if failed else "doorzocht"
    return found, status, "; ".join(failed)


def _typed(column: ColumnRef) -> str:
    if _DATETIME_TYPE.search(column.type_name):
        return "datetime"
    if _DATE_TYPE.search(column.type_name):
        return "date"
    if _NUMERIC_TYPE.search(column.type_name):
        return "number"
    return "text"


def _conditions(
    table: TableRef, by_entity: dict[str, set[str]], ids: SubjectIdentifiers, dialect: str
) -> _Query:
    refs = {c.name: c for c in table.columns}
    sql = sa.table(table.name, *(sa.column(c.name) for c in table.columns), schema=table.schema)
    query = _Query(table, sql)

    def col(name: str) -> Any:
        return sql.c[name]

    def add(kind: str, name: str, condition: Any) -> None:
        query.by_kind.setdefault(kind, []).append(condition)
        query.columns.setdefault(kind, set()).add(name)

    for name in sorted(by_entity.get("NL_BSN", ())):
        if name not in refs:
            continue
        if _typed(refs[name]) == "number" and dialect != "sqlite":
            add("bsn", name, col(name).in_([int(b) for b in ids.bsns]))
        elif ids.bsns:
            add("bsn", name, col(name).in_([f for b in ids.bsns for f in bsn_forms(b)]))
    for name in sorted(by_entity.get("EMAIL_ADDRESS", ())):
        if name in refs and ids.emails:
            add("email", name, sa.func.lower(sa.func.trim(col(name))).in_(list(ids.emails)))
    for name in sorted(by_entity.get("IBAN_CODE", ())):
        if name in refs and ids.ibans:
            add("iban", name, col(name).in_([f for i in ids.ibans for f in iban_forms(i)]))
    for name in sorted(by_entity.get("PHONE_NUMBER", ())):
        if name in refs and ids.phones:
            stripped: Any = col(name)
            for separator in PHONE_SEPARATORS:
                stripped = sa.func.replace(stripped, separator, "")
            forms = [f for p in ids.phones for f in phone_compact_forms(p)]
            add("telefoon", name, stripped.in_(forms))
    if ids.name is not None and ids.birth_date is not None:
        persons = [n for n in sorted(by_entity.get("PERSON", ())) if n in refs]
        # Date columns are not sampled (text only), so a birth date column is known by name.
        births = sorted(
            {n for n in by_entity.get("DATE_OF_BIRTH", ()) if n in refs}
            | {c.name for c in table.columns if _BIRTH_COLUMN.search(c.name)}
        )
        if persons and births:
            whole, first, surname = person_name_parts(ids.name)

            def lowered(n: str) -> Any:
                return sa.func.lower(sa.func.trim(col(n)))

            on_name = sa.or_(
                *(lowered(n).in_(whole) for n in persons),
                sa.and_(
                    sa.or_(*(lowered(n).in_(first) for n in persons)),
                    sa.or_(*(lowered(n).in_(surname) for n in persons)),
                ),
            )
            on_birth = sa.or_(
                *(_date_condition(col(n), refs[n], ids.birth_date, dialect) for n in births)
            )
            for n in (*persons, *births):
                query.columns.setdefault("naam_geboortedatum", set()).add(n)
            query.by_kind["naam_geboortedatum"] = [sa.and_(on_name, on_birth)]
    return query


def _date_condition(column: Any, ref: ColumnRef, day: date, dialect: str) -> Any:
    kind = _typed(ref)
    if dialect == "sqlite" or kind == "text":  # SQLite stores dates as text, in any format
        return column.in_(list(date_text_forms(day)))
    if kind == "datetime":
        start = datetime(day.year, day.month, day.day)
        end = start + timedelta(days=1)
        return sa.and_(
            column >= sa.bindparam(None, start, type_=sa.DateTime()),
            column < sa.bindparam(None, end, type_=sa.DateTime()),
        )
    return column == sa.bindparam(None, day, type_=sa.Date())


def _count(
    conn: sa.Connection, query: _Query
) -> tuple[tuple[str, ...], int, str, Certainty] | None:
    if not query.by_kind:
        return None
    source = query.sql
    matched = []
    for kind, conditions in query.by_kind.items():
        rows = conn.execute(
            sa.select(sa.func.count()).select_from(source).where(sa.or_(*conditions))
        ).scalar_one()
        if rows:
            matched.append(kind)
    if not matched:
        return None
    every = [c for k in matched for c in query.by_kind[k]]
    records = conn.execute(
        sa.select(sa.func.count()).select_from(source).where(sa.or_(*every))
    ).scalar_one()
    used = sorted({c for k in matched for c in query.columns[k]})
    method = f"exacte vergelijking in kolom {', '.join(used)}"
    certainty: Certainty = "waarschijnlijk" if matched == ["naam_geboortedatum"] else "zeker"
    return tuple(matched), int(records), method, certainty


def _free_text_forms(ids: SubjectIdentifiers) -> dict[str, list[str]]:
    forms: dict[str, list[str]] = {}
    if ids.bsns:
        forms["bsn"] = [f for b in ids.bsns for f in bsn_forms(b) if len(f) >= 9]
    if ids.emails:
        forms["email"] = list(ids.emails)
    if ids.ibans:
        forms["iban"] = [f.lower() for i in ids.ibans for f in iban_forms(i)]
    if ids.phones:
        forms["telefoon"] = [f for p in ids.phones for f in phone_written_forms(p) if len(f) >= 9]
    if ids.name is not None:
        forms["naam"] = [n.lower() for n in name_forms(ids.name)]
    return forms


def _count_free_text(
    conn: sa.Connection, query: _Query, ids: SubjectIdentifiers, rows: int
) -> tuple[tuple[str, ...], int, str, Certainty] | None:
    searched = {c for names in query.columns.values() for c in names}
    text_columns = [c.name for c in query.table.columns_of("text") if c.name not in searched]
    if not text_columns:
        return None
    sample = sa.select(*(query.sql.c[n] for n in text_columns)).limit(rows).subquery()
    matched = []
    every = []
    for kind, forms in _free_text_forms(ids).items():
        conditions = [
            sa.func.lower(sample.c[n]).contains(form.lower(), autoescape=True)
            for n in text_columns
            for form in forms
        ]
        hit = conn.execute(
            sa.select(sa.func.count()).select_from(sample).where(sa.or_(*conditions))
        ).scalar_one()
        if hit:
            matched.append(kind)
            every.extend(conditions)
    if not matched:
        return None
    records = conn.execute(
        sa.select(sa.func.count()).select_from(sample).where(sa.or_(*every))
    ).scalar_one()
    method = (
        f"vrije tekst in kolom {', '.join(text_columns)} (eerste {rows} rijen; "
        "tekstovereenkomst, controleer het record)"
    )
    return tuple(matched), int(records), method, "waarschijnlijk"


# -- files ---------------------------------------------------------------------------------------


def _search_files(
    source: FilesSource,
    store: FindingsStore,
    scan_id: int,
    findings: Sequence[Finding],
    ids: SubjectIdentifiers,
    key: bytes | None,
) -> tuple[list[_Found], str, str]:
    if key is None:
        return [], "niet doorzocht", "AVGSCAN_HMAC_KEY is niet ingesteld: geen vingerafdrukken"
    wanted = ids.fingerprints(key)
    entity_of = {fp: entity for entity, fps in wanted.items() for fp in fps}
    if not entity_of:
        return [], "doorzocht", ""
    query = sa.select(fingerprint_table.c.location, fingerprint_table.c.fingerprint).where(
        fingerprint_table.c.scan_id == scan_id,
        fingerprint_table.c.fingerprint.in_(sorted(entity_of)),
    )
    held: dict[str, set[str]] = defaultdict(set)
    with store.engine.connect() as conn:
        for location, fp in conn.execute(query):
            held[location].add(entity_of[fp])
    note = (
        "alleen bestanden die gescand zijn nadat AVGSCAN_HMAC_KEY was ingesteld (met dezelfde "
        "sleutel) zijn doorzocht; een naam telt alleen samen met de geboortedatum"
    )
    found: list[_Found] = []
    for location in sorted(held):
        entities = held[location]
        kinds = [_ENTITY_KIND[e] for e in sorted(entities) if e in _ENTITY_KIND]
        certainty: Certainty = "zeker" if kinds else "waarschijnlijk"
        if "PERSON" in entities and "DATE_OF_BIRTH" in entities:
            kinds.append("naam_geboortedatum")
        elif "PERSON" in entities:
            kinds.append("naam")
            certainty = "zeker" if certainty == "zeker" else "mogelijk"  # a namesake?
        if not kinds:
            continue  # a date of birth alone identifies nobody
        method = "bestand, via de vingerafdruk (HMAC) uit de scan"
        found.append((location, "bestand", tuple(kinds), None, method, certainty))
    return found, "doorzocht", note
