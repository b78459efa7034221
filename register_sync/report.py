"""The FG report: findings and discrepancies as JSON, CSV, XLSX and one self-contained HTML page.

JSON shapes are the contract of DESIGN.md "Outputs":

    findings.json       {"run": {...}, "findings": [{source, location, location_type, entity_type,
                         category, special, hits, sampled, confidence, evidence}]}
    discrepancies.json  {"run": {...}, "discrepancies": [{kind, severity, source, location,
                         register_entry, categories, count, oldest, details}]}

Dates are ISO strings; `evidence` is a list of masked examples. The HTML (Dutch, inline CSS, no
external assets) is rendered by Jinja2 with autoescape, so every value is HTML-escaped. CSV files
use ';' (what Dutch Excel expects) and are written as UTF-8 with BOM; text cells that Excel
would take for a formula are prefixed with an apostrophe. Files are written atomically.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2

from register_sync.categories import CategoryCatalog
from register_sync.compare import KIND_ORDER, SEVERITY_ORDER
from register_sync.models import (
    Discrepancy,
    DiscrepancyKind,
    ItemHistory,
    RegisterProblem,
    Severity,
)
from scanners.findings import Finding

KIND_LABELS: Mapping[DiscrepancyKind, str] = {
    DiscrepancyKind.UNDOCUMENTED_PROCESSING: "Verwerking niet in register",
    DiscrepancyKind.UNDOCUMENTED_CATEGORY: "Categorie niet in register",
    DiscrepancyKind.SPECIAL_CATEGORY_WITHOUT_BASIS: "Bijzonder gegeven zonder uitzonderingsgrond",
    DiscrepancyKind.BSN_WITHOUT_LEGAL_BASIS: "BSN zonder wettelijke grondslag",
    DiscrepancyKind.DPIA_MISSING: "DPIA ontbreekt",
    DiscrepancyKind.RETENTION_EXCEEDED: "Bewaartermijn overschreden",
    DiscrepancyKind.RETENTION_UNKNOWN: "Bewaartermijn onbekend",
    DiscrepancyKind.REGISTERED_NOT_FOUND: "Geregistreerd, niet gevonden",
    DiscrepancyKind.SCAN_INCOMPLETE: "Scan onvolledig",
}

# Excel sheet names: at most 31 characters.
KIND_SHEETS: Mapping[DiscrepancyKind, str] = {
    DiscrepancyKind.UNDOCUMENTED_PROCESSING: "Verwerking niet in register",
    DiscrepancyKind.UNDOCUMENTED_CATEGORY: "Categorie niet in register",
    DiscrepancyKind.SPECIAL_CATEGORY_WITHOUT_BASIS: "Bijzonder zonder grond",
    DiscrepancyKind.BSN_WITHOUT_LEGAL_BASIS: "BSN zonder wettelijke grondslag",
    DiscrepancyKind.DPIA_MISSING: "DPIA ontbreekt",
    DiscrepancyKind.RETENTION_EXCEEDED: "Bewaartermijn overschreden",
    DiscrepancyKind.RETENTION_UNKNOWN: "Bewaartermijn onbekend",
    DiscrepancyKind.REGISTERED_NOT_FOUND: "Geregistreerd, niet gevonden",
    DiscrepancyKind.SCAN_INCOMPLETE: "Scan onvolledig",
}

STATUS_LABELS: Mapping[str, str] = {"nieuw": "Nieuw", "open": "Nog open", "opgelost": "Opgelost"}

SEVERITY_LABELS: Mapping[Severity, str] = {
    Severity.HOOG: "Hoog",
    Severity.MIDDEL: "Middel",
    Severity.LAAG: "Laag",
}

FORMATS: tuple[str, ...] = ("json", "csv", "html", "xlsx")

_COMPLETE_STATUSES = frozenset({"ok", "volledig", "complete", "completed", "success", "gescand"})
_STATUS_LABELS: Mapping[str, str] = {
    "ok": "volledig",
    "complete": "volledig",
    "completed": "volledig",
    "success": "volledig",
    "partial": "gedeeltelijk",
    "failed": "mislukt",
    "error": "mislukt",
    "skipped": "overgeslagen",
    "not_scanned": "niet gescand",
    "running": "bezig",
}

_MONTHS = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip


@dataclass(frozen=True)
class ReportRun:
    """The run a report belongs to."""

    id: str
    organisation: str
    started: datetime
    finished: datetime | None
    kind: str  # e.g. "nightly", "adhoc"
    status: str  # e.g. "success", "partial", "failed"

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "organisation": self.organisation,
            "started": self.started.isoformat(),
            "finished": self.finished.isoformat() if self.finished else None,
            "kind": self.kind,
            "status": self.status,
        }


@dataclass(frozen=True)
class CoverageRow:
    """How much of one source this run scanned."""

    source: str
    system: str
    status: str
    tables_scanned: int
    tables_total: int
    files_scanned: int
    files_total: int
    note: str | None = None

    @property
    def complete(self) -> bool:
        return (
            self.status.casefold() in _COMPLETE_STATUSES
            and self.tables_scanned >= self.tables_total
            and self.files_scanned >= self.files_total
        )


# ---------------------------------------------------------------------------------------------
# JSON documents


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None


def finding_dict(finding: Finding, catalog: CategoryCatalog) -> dict[str, Any]:
    category = catalog.category_of(finding.entity_type)
    return {
        "source": finding.source,
        "location": finding.location,
        "location_type": finding.location_type,
        "entity_type": finding.entity_type,
        "category": category,
        "special": catalog.info(category).special if category else False,
        "hits": finding.hits,
        "sampled": finding.sampled,
        "confidence": finding.confidence,
        "evidence": list(finding.evidence),
    }


def discrepancy_dict(discrepancy: Discrepancy) -> dict[str, Any]:
    return {
        "kind": discrepancy.kind.value,
        "severity": discrepancy.severity.value,
        "source": discrepancy.source,
        "location": discrepancy.location,
        "register_entry": discrepancy.register_entry,
        "categories": list(discrepancy.categories),
        "count": discrepancy.count,
        "oldest": _iso(discrepancy.oldest),
        "details": discrepancy.details,
    }


def _finding_order(f: Finding) -> tuple[str, str, str]:
    return (f.source, f.location, f.entity_type)


def findings_document(
    run: ReportRun, findings: Sequence[Finding], catalog: CategoryCatalog
) -> dict[str, Any]:
    """`{"run": {...}, "findings": [...]}`, findings ordered by source, location, entity."""
    ordered = sorted(findings, key=_finding_order)
    return {"run": run.as_dict(), "findings": [finding_dict(f, catalog) for f in ordered]}


def _discrepancy_order(d: Discrepancy) -> tuple[int, int, str, str, str]:
    return (
        SEVERITY_ORDER.index(d.severity),
        KIND_ORDER.index(d.kind),
        d.source,
        d.location or "",
        d.register_entry or "",
    )


def discrepancies_document(run: ReportRun, discrepancies: Sequence[Discrepancy]) -> dict[str, Any]:
    """`{"run": {...}, "discrepancies": [...]}`, most severe first."""
    ordered = sorted(discrepancies, key=_discrepancy_order)
    return {"run": run.as_dict(), "discrepancies": [discrepancy_dict(d) for d in ordered]}


# ---------------------------------------------------------------------------------------------
# HTML


@lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("register_sync", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def dutch_date(value: date) -> str:
    """`12 maart 2025`."""
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"


def _dutch_datetime(value: datetime) -> str:
    return f"{dutch_date(value)} {value:%H:%M}"


def _category_labels(keys: Sequence[str], catalog: CategoryCatalog | None) -> str:
    if catalog is None:
        return ", ".join(keys)
    return ", ".join(catalog.info(k).label for k in keys)


def _set_apart(d: Discrepancy, history: Mapping[str, ItemHistory]) -> bool:
    item = history.get(d.key)
    return bool(item and item.decision is not None and item.decision.sets_apart)


def _html_row(
    d: Discrepancy, catalog: CategoryCatalog, history: Mapping[str, ItemHistory]
) -> dict[str, Any]:
    item = history.get(d.key)
    return {
        "key": d.key,
        "code": d.kind.value,
        "kind": KIND_LABELS[d.kind],
        "severity": SEVERITY_LABELS[d.severity],
        "severity_key": d.severity.value,
        "severity_rank": SEVERITY_ORDER.index(d.severity),
        "source": d.source,
        "location": d.location or "",
        "register_entry": d.register_entry or "",
        "categories": _category_labels(d.categories, catalog),
        "count": "" if d.count is None else d.count,
        "oldest": _iso(d.oldest) or "",
        "details": d.details,
        "status": STATUS_LABELS.get(item.status, item.status) if item else "",
        "status_key": item.status if item else "",
        "first_seen": _iso(item.first_seen.date()) if item else "",
        "decision": _decision_text(item) if item and item.decision else "",
    }


def _decision_text(item: ItemHistory) -> str:
    assert item.decision is not None
    parts = [item.decision.value]
    if item.decided_by:
        parts.append(f"door {item.decided_by}")
    if item.decided_at:
        parts.append(f"op {dutch_date(item.decided_at.date())}")
    text = " ".join(parts)
    if item.until:
        text += f", tot {dutch_date(item.until)}"
    if item.reason:
        text += f": {item.reason}"
    return text


def to_html(
    run: ReportRun,
    discrepancies: Sequence[Discrepancy],
    coverage: Sequence[CoverageRow],
    problems: Sequence[RegisterProblem],
    catalog: CategoryCatalog,
    *,
    history: Mapping[str, ItemHistory] | None = None,
    resolved: Sequence[Discrepancy] = (),
) -> str:
    """The FG report: one self-contained Dutch HTML page, every value escaped.

    history: per item key (`Discrepancy.key`), its history and the FG's latest decision; with
    it the report leads with what changed since the previous run, shows each item's status,
    and shows accepted and false-positive items apart. resolved: items of the previous run
    that are no longer observed. Without them the report is as before (no history section).
    """
    known = dict(history or {})
    ordered = sorted(discrepancies, key=_discrepancy_order)
    apart = [d for d in ordered if _set_apart(d, known)]
    current = [d for d in ordered if not _set_apart(d, known)]
    severities = Counter(d.severity for d in current)
    kinds = Counter(d.kind for d in current)
    sources = sorted({d.source for d in current})
    per_source = [
        {
            "source": source,
            "counts": [
                sum(1 for d in current if d.source == source and d.severity == sev)
                for sev in SEVERITY_ORDER
            ],
            "total": sum(1 for d in current if d.source == source),
        }
        for source in sources
    ]
    rows = [_html_row(d, catalog, known) for d in current]
    new_rows = [r for r in rows if r["status_key"] == "nieuw"]
    coverage_rows = [
        {
            "source": c.source,
            "system": c.system,
            "status": _STATUS_LABELS.get(c.status.casefold(), c.status),
            "tables": f"{c.tables_scanned} van {c.tables_total}" if c.tables_total else "–",
            "files": f"{c.files_scanned} van {c.files_total}" if c.files_total else "–",
            "note": c.note or "",
            "incomplete": not c.complete,
        }
        for c in sorted(coverage, key=lambda c: (c.complete, c.source))
    ]
    title = f"Afwijkingenrapport AVG — {run.organisation} — {dutch_date(run.started.date())}"
    template = _environment().get_template("report.html.j2")
    return template.render(
        title=title,
        run=run,
        started=_dutch_datetime(run.started),
        finished=_dutch_datetime(run.finished) if run.finished else None,
        total=len(current),
        all_total=len(ordered),
        by_severity=[
            {"key": s.value, "label": SEVERITY_LABELS[s], "count": severities.get(s, 0)}
            for s in SEVERITY_ORDER
        ],
        by_kind=[
            {"code": k.value, "label": KIND_LABELS[k], "count": kinds[k]}
            for k in KIND_ORDER
            if kinds.get(k)
        ],
        per_source=per_source,
        severity_labels=[SEVERITY_LABELS[s] for s in SEVERITY_ORDER],
        kind_options=[KIND_LABELS[k] for k in KIND_ORDER if kinds.get(k)],
        source_options=sources,
        rows=rows,
        with_history=history is not None,
        changes={
            "new": new_rows,
            "resolved": [
                _html_row(d, catalog, known) for d in sorted(resolved, key=_discrepancy_order)
            ],
            "open": sum(1 for r in rows if r["status_key"] == "open"),
        },
        apart=[_html_row(d, catalog, known) for d in apart],
        coverage=coverage_rows,
        problems=sorted(problems, key=lambda p: (p.row, p.column or "")),
    )


# ---------------------------------------------------------------------------------------------
# CSV and XLSX

DISCREPANCY_COLUMNS: tuple[str, ...] = (
    "soort",
    "code",
    "ernst",
    "bron",
    "locatie",
    "registerregel",
    "categorieën",
    "aantal",
    "oudste datum",
    "toelichting",
    "sleutel",
)

HISTORY_COLUMNS: tuple[str, ...] = ("status", "eerst gezien", "laatst gezien", "besluit")

FINDING_COLUMNS: tuple[str, ...] = (
    "source",
    "location",
    "location_type",
    "entity_type",
    "category",
    "special",
    "hits",
    "sampled",
    "confidence",
    "evidence",
)


def _safe_cell(value: Any) -> Any:
    """Text that a spreadsheet would evaluate as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _discrepancy_row(d: Discrepancy, catalog: CategoryCatalog | None) -> list[Any]:
    return [
        KIND_LABELS[d.kind],
        d.kind.value,
        d.severity.value,
        d.source,
        d.location or "",
        d.register_entry or "",
        _category_labels(d.categories, catalog),
        "" if d.count is None else d.count,
        _iso(d.oldest) or "",
        d.details,
        d.key,
    ]


def _history_cells(d: Discrepancy, history: Mapping[str, ItemHistory]) -> list[Any]:
    item = history.get(d.key)
    if item is None:
        return ["", "", "", ""]
    return [
        STATUS_LABELS.get(item.status, item.status),
        _iso(item.first_seen.date()),
        _iso(item.last_seen.date()),
        _decision_text(item) if item.decision else "",
    ]


def _csv(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_safe_cell(v) for v in row])
    return buffer.getvalue()


def to_csv(discrepancies: Sequence[Discrepancy], *, catalog: CategoryCatalog | None = None) -> str:
    """Discrepancies as ';'-separated CSV with Dutch headers (categories as labels if `catalog`)."""
    ordered = sorted(discrepancies, key=_discrepancy_order)
    return _csv(DISCREPANCY_COLUMNS, [_discrepancy_row(d, catalog) for d in ordered])


def findings_csv(findings: Sequence[Finding], catalog: CategoryCatalog) -> str:
    """Findings as ';'-separated CSV, columns as in findings.json (evidence joined by ' | ')."""
    rows = []
    for finding in sorted(findings, key=_finding_order):
        item = finding_dict(finding, catalog)
        item["evidence"] = " | ".join(item["evidence"])
        item["special"] = "ja" if item["special"] else "nee"
        rows.append([item[c] if item[c] is not None else "" for c in FINDING_COLUMNS])
    return _csv(FINDING_COLUMNS, rows)


def to_xlsx(
    path: Path,
    discrepancies: Sequence[Discrepancy],
    *,
    catalog: CategoryCatalog | None = None,
    coverage: Sequence[CoverageRow] = (),
    problems: Sequence[RegisterProblem] = (),
    history: Mapping[str, ItemHistory] | None = None,
) -> None:
    """Discrepancies as an Excel workbook: sheet "Afwijkingen" (all), one sheet per kind
    (`KIND_SHEETS`, also when empty), then "Dekking" and "Registerkwaliteit" when given; every
    sheet with autofilter and a frozen header row. With `history`, status columns are added."""
    import openpyxl
    from openpyxl.styles import Alignment, Font

    workbook = openpyxl.Workbook()
    ordered = sorted(discrepancies, key=_discrepancy_order)
    header = DISCREPANCY_COLUMNS + (HISTORY_COLUMNS if history is not None else ())

    def rows_of(items: Sequence[Discrepancy]) -> list[list[Any]]:
        return [
            _discrepancy_row(d, catalog)
            + (_history_cells(d, history) if history is not None else [])
            for d in items
        ]

    sheets = [("Afwijkingen", ordered)]
    sheets += [(KIND_SHEETS[k], [d for d in ordered if d.kind == k]) for k in KIND_ORDER]
    for index, (title, items) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet(title)
        sheet.title = title
        _fill(sheet, header, rows_of(items), Font)
        widths = (30, 28, 8, 18, 34, 30, 30, 8, 12, 90, 18, 10, 12, 12, 40)
        for column, width in enumerate(widths[: len(header)], start=1):
            sheet.column_dimensions[openpyxl.utils.get_column_letter(column)].width = width
        for row in sheet.iter_rows(min_row=2):
            row[DISCREPANCY_COLUMNS.index("toelichting")].alignment = Alignment(
                wrap_text=True, vertical="top"
            )
    if coverage:
        _fill(
            workbook.create_sheet("Dekking"),
            ("bron", "systeem", "status", "tabellen gescand", "tabellen totaal",
             "bestanden gescand", "bestanden totaal", "opmerking"),
            [
                [c.source, c.system, c.status, c.tables_scanned, c.tables_total,
                 c.files_scanned, c.files_total, c.note or ""]
                for c in coverage
            ],
            Font,
        )  # fmt: skip
    if problems:
        _fill(
            workbook.create_sheet("Registerkwaliteit"),
            ("rij", "kolom", "controle", "probleem"),
            [[p.row, p.column or "", p.check or "", p.message] for p in problems],
            Font,
        )
    workbook.save(path)


def _fill(sheet: Any, header: Sequence[str], rows: Sequence[Sequence[Any]], font: Any) -> None:
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = font(bold=True)
    for row in rows:
        sheet.append([_safe_cell(v) for v in row])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


# ---------------------------------------------------------------------------------------------
# Writing


def _atomic(target: Path, write: Callable[[Path], None]) -> Path:
    handle, temp_name = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        temp.chmod(0o644)  # mkstemp creates 0600; a report is an ordinary file
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return target


def _text_writer(text: str, encoding: str = "utf-8") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with open(path, "w", encoding=encoding, newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())

    return write


def _json_text(document: Mapping[str, Any]) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_report(
    out_dir: Path,
    *,
    formats: Sequence[str],
    run: ReportRun,
    findings: Sequence[Finding],
    discrepancies: Sequence[Discrepancy],
    coverage: Sequence[CoverageRow],
    problems: Sequence[RegisterProblem],
    catalog: CategoryCatalog,
    history: Mapping[str, ItemHistory] | None = None,
    resolved: Sequence[Discrepancy] = (),
) -> list[Path]:
    """Write the report in `formats` (subset of json, csv, html, xlsx) to `out_dir`.

    history, resolved: see `to_html`; the XLSX then carries status columns. JSON and CSV keep
    their shape (CSV has the item key in column "sleutel").

    json → findings.json + discrepancies.json; csv → discrepancies.csv + findings.csv;
    html → rapport.html; xlsx → discrepancies.xlsx. Each file is written to a temporary file
    and renamed, so a reader never sees half a report. Returns the paths written.
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise ValueError(
            f"onbekend rapportformaat: {', '.join(unknown)} (kies uit {', '.join(FORMATS)})"
        )
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    wanted = set(formats)
    if "json" in wanted:
        findings_text = _json_text(findings_document(run, findings, catalog))
        written.append(_atomic(out / "findings.json", _text_writer(findings_text)))
        discrepancies_text = _json_text(discrepancies_document(run, discrepancies))
        written.append(_atomic(out / "discrepancies.json", _text_writer(discrepancies_text)))
    if "csv" in wanted:
        text = to_csv(discrepancies, catalog=catalog)
        written.append(_atomic(out / "discrepancies.csv", _text_writer(text, "utf-8-sig")))
        text = findings_csv(findings, catalog)
        written.append(_atomic(out / "findings.csv", _text_writer(text, "utf-8-sig")))
    if "html" in wanted:
        html = to_html(
            run, discrepancies, coverage, problems, catalog, history=history, resolved=resolved
        )
        written.append(_atomic(out / "rapport.html", _text_writer(html)))
    if "xlsx" in wanted:

        def write_xlsx(path: Path) -> None:
            to_xlsx(
                path,
                discrepancies,
                catalog=catalog,
                coverage=coverage,
                problems=problems,
                history=history,
            )

        written.append(_atomic(out / "discrepancies.xlsx", write_xlsx))
    return written
