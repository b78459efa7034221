"""The FG report: JSON shapes (DESIGN.md "Outputs"), HTML escaping and sections, CSV, XLSX."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from pathlib import Path

import openpyxl

from register_sync.categories import load_catalog
from register_sync.models import Discrepancy, DiscrepancyKind, RegisterProblem, Severity
from register_sync.report import (
    KIND_SHEETS,
    CoverageRow,
    ReportRun,
    discrepancies_document,
    findings_document,
    to_csv,
    to_html,
    to_xlsx,
    write_report,
)
from scanners.findings import Finding

CATALOG = load_catalog()
RUN = ReportRun(
    id="run-1", organisation="Gemeente <Voorbeeld>", started=datetime(2025, 3, 12, 2, 0),
    finished=datetime(2025, 3, 12, 2, 30), kind="nightly", status="success",
)  # fmt: skip
FINDINGS = [
    Finding("sociaal", "public.clients.bsn", "column", "NL_BSN", 9, 10, 0.95, ("1234*****",)),
    Finding("share", "Wmo/brief.docx", "file", "SPECIAL_HEALTH", 2, 1, 0.7),
]
SCRIPT = "<script>alert(1)</script>"
DISCREPANCIES = [
    Discrepancy(
        DiscrepancyKind.RETENTION_UNKNOWN, Severity.LAAG, "sociaal", "public.clients",
        "Wmo", ("naw",), None, None, "Geen termijn.",
    ),
    Discrepancy(
        DiscrepancyKind.RETENTION_EXCEEDED, Severity.HOOG, "sociaal", f"public.{SCRIPT}",
        f"Wmo {SCRIPT}", ("bsn", "gezondheid"), 120, date(2009, 4, 1), "=1+1 ouder dan 7 jaar",
    ),
    Discrepancy(
        DiscrepancyKind.SCAN_INCOMPLETE, Severity.MIDDEL, "share", None, None, (), None, None,
        "Niet bereikbaar.",
    ),
]  # fmt: skip
COVERAGE = [
    CoverageRow("sociaal", "Suite4Sociaal Domein", "success", 12, 12, 0, 0),
    CoverageRow("share", "Netwerkschijf Wmo", "failed", 0, 0, 0, 300, "SMB-fout"),
]
PROBLEMS = [
    RegisterProblem(7, "Categorieën persoonsgegevens", f"Categorie '{SCRIPT}' niet herkend")
]


def test_findings_document_shape() -> None:
    document = findings_document(RUN, FINDINGS, CATALOG)
    assert set(document) == {"run", "findings"}
    assert document["run"] == {
        "id": "run-1", "organisation": "Gemeente <Voorbeeld>", "started": "2025-03-12T02:00:00",
        "finished": "2025-03-12T02:30:00", "kind": "nightly", "status": "success",
    }  # fmt: skip
    first = document["findings"][0]
    assert first == {
        "source": "share", "location": "Wmo/brief.docx", "location_type": "file",
        "entity_type": "SPECIAL_HEALTH", "category": "gezondheid", "special": True, "hits": 2,
        "sampled": 1, "confidence": 0.7, "evidence": [],
    }  # fmt: skip
    assert document["findings"][1]["evidence"] == ["1234*****"]
    assert document["findings"][1]["special"] is False
    json.dumps(document)


def test_discrepancies_document_shape() -> None:
    document = discrepancies_document(RUN, DISCREPANCIES)
    assert set(document) == {"run", "discrepancies"}
    items = document["discrepancies"]
    assert [i["severity"] for i in items] == ["hoog", "middel", "laag"]
    assert items[0] == {
        "kind": "RETENTION_EXCEEDED", "severity": "hoog", "source": "sociaal",
        "location": f"public.{SCRIPT}", "register_entry": f"Wmo {SCRIPT}",
        "categories": ["bsn", "gezondheid"], "count": 120, "oldest": "2009-04-01",
        "details": "=1+1 ouder dan 7 jaar",
    }  # fmt: skip
    assert items[1]["location"] is None
    json.dumps(document)


def test_html_escapes_and_has_dutch_sections() -> None:
    html = to_html(RUN, DISCREPANCIES, COVERAGE, PROBLEMS, CATALOG)
    assert SCRIPT not in html  # the page's own inline script is fine; injected text is escaped
    assert "&lt;script&gt;alert(1)" in html
    assert "Gemeente &lt;Voorbeeld&gt;" in html
    for title in ("Samenvatting", "Afwijkingen", "Dekking van de scan",
                  "Kwaliteit van het register", "Bewaartermijn overschreden",
                  "Bewaartermijn onbekend", "Scan onvolledig", "Toelichting", "Registerregel",
                  "Oudste datum", "12 maart 2025"):  # fmt: skip
        assert title in html, title
    assert "Burgerservicenummer, Gezondheidsgegevens" in html  # Dutch labels, not keys
    assert 'class="onvolledig"' in html  # the failed source stands out
    assert "http" not in html.replace('lang="nl"', "")  # no external assets
    assert html.index("Bewaartermijn overschreden") < html.index("Bewaartermijn onbekend")


def test_html_without_anything() -> None:
    html = to_html(RUN, [], [], [], CATALOG)
    assert "Geen afwijkingen" in html
    assert "Geen problemen" in html


def test_csv() -> None:
    text = to_csv(DISCREPANCIES, catalog=CATALOG)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:3] == ["soort", "code", "ernst"]
    assert rows[1][1] == "RETENTION_EXCEEDED"
    assert rows[1][-2] == "'=1+1 ouder dan 7 jaar"  # no formula injection
    assert rows[1][-1] == DISCREPANCIES[1].key
    assert len(rows) == 4


def test_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    to_xlsx(path, DISCREPANCIES, catalog=CATALOG, coverage=COVERAGE, problems=PROBLEMS)
    workbook = openpyxl.load_workbook(path)
    assert workbook.sheetnames == [
        "Afwijkingen", *KIND_SHEETS.values(), "Dekking", "Registerkwaliteit",
    ]  # fmt: skip
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    overdue = workbook["Bewaartermijn overschreden"]
    assert overdue.max_row == 2 and overdue.cell(2, 2).value == "RETENTION_EXCEEDED"
    assert overdue.auto_filter.ref == "A1:K2"
    assert workbook["DPIA ontbreekt"].max_row == 1  # a sheet per kind, also when empty
    sheet = workbook["Afwijkingen"]
    assert sheet.cell(2, 2).value == "RETENTION_EXCEEDED"
    assert sheet.cell(2, 8).value == 120
    assert sheet.max_row == 4


def test_write_report_all_formats(tmp_path: Path) -> None:
    out = tmp_path / "rapport"
    paths = write_report(
        out, formats=["json", "csv", "html", "xlsx"], run=RUN, findings=FINDINGS,
        discrepancies=DISCREPANCIES, coverage=COVERAGE, problems=PROBLEMS, catalog=CATALOG,
    )  # fmt: skip
    names = sorted(p.name for p in paths)
    assert names == sorted([
        "findings.json", "discrepancies.json", "discrepancies.csv", "findings.csv",
        "rapport.html", "discrepancies.xlsx",
    ])  # fmt: skip
    assert sorted(p.name for p in out.iterdir()) == names  # no temporary files left
    loaded = json.loads((out / "discrepancies.json").read_text("utf-8"))
    assert loaded == discrepancies_document(RUN, DISCREPANCIES)


def test_write_report_rejects_unknown_format(tmp_path: Path) -> None:
    import pytest

    with pytest.raises(ValueError, match="pdf"):
        write_report(
            tmp_path, formats=["pdf"], run=RUN, findings=[], discrepancies=[], coverage=[],
            problems=[], catalog=CATALOG,
        )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# History, FG decisions, summaries

from register_sync.models import DecisionKind, ItemHistory  # noqa: E402


def _history() -> dict[str, ItemHistory]:
    seen = datetime(2025, 3, 1, 2, 0)
    now = datetime(2025, 3, 12, 2, 0)
    exceeded, unknown, gap = DISCREPANCIES[1], DISCREPANCIES[0], DISCREPANCIES[2]
    return {
        exceeded.key: ItemHistory(now, now, "nieuw"),
        unknown.key: ItemHistory(
            seen, now, "open", DecisionKind.GEACCEPTEERD_RISICO, "J. de Vries (FG)",
            datetime(2025, 3, 5, 9, 0), "Termijn volgt uit de nieuwe Selectielijst",
            date(2025, 12, 31),
        ),
        gap.key: ItemHistory(seen, now, "open", DecisionKind.WORDT_OPGELOST, "ICT"),
    }  # fmt: skip


RESOLVED = Discrepancy(
    DiscrepancyKind.UNDOCUMENTED_CATEGORY, Severity.MIDDEL, "sociaal", "public.oud", "Wmo",
    ("contact",), None, None, "Opgelost.",
)  # fmt: skip


def test_html_leads_with_changes_and_sets_accepted_apart() -> None:
    history = _history()
    history[RESOLVED.key] = ItemHistory(datetime(2025, 1, 1), datetime(2025, 3, 1), "opgelost")
    html = to_html(
        RUN, DISCREPANCIES, COVERAGE, PROBLEMS, CATALOG, history=history, resolved=[RESOLVED]
    )
    assert html.index("Wat is er veranderd sinds de vorige run") < html.index("Samenvatting")
    assert '<strong id="aantal-nieuw">1</strong>' in html
    assert '<strong id="aantal-opgelost">1</strong>' in html
    assert '<strong id="aantal-open">1</strong>' in html  # the accepted one is apart
    apart = html[html.index('id="apart"') :]
    assert "geaccepteerd risico door J. de Vries (FG)" in apart
    assert "tot 31 december 2025" in apart and "nieuwe Selectielijst" in apart
    assert f'id="item-{DISCREPANCIES[0].key}"' in apart
    main = html[html.index('id="afwijkingen-tabel"') : html.index('id="apart"')]
    assert f'id="item-{DISCREPANCIES[0].key}"' not in main
    assert "wordt opgelost door ICT" in main  # still open, with its decision
    assert '<td class="num" data-ernst="laag">0</td>' in html  # the accepted laag not counted
    assert 'id="totaal-apart">1<' in html


def test_html_without_history_has_no_change_section_and_per_source_summary() -> None:
    html = to_html(RUN, DISCREPANCIES, COVERAGE, PROBLEMS, CATALOG)
    assert "Wat is er veranderd" not in html and 'id="apart"' not in html
    per_source = html[html.index('id="per-bron"') : html.index('id="afwijkingen"')]
    assert '<tr data-bron="sociaal"><td>sociaal</td><td class="num">1</td>' in per_source
    assert "hidden" in html[html.index('id="filters"') - 40 : html.index('id="filters"') + 40]


def test_xlsx_with_history_has_status_columns(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    to_xlsx(path, DISCREPANCIES, catalog=CATALOG, history=_history())
    sheet = openpyxl.load_workbook(path)["Afwijkingen"]
    header = [c.value for c in sheet[1]]
    assert header[-4:] == ["status", "eerst gezien", "laatst gezien", "besluit"]
    assert sheet.cell(2, header.index("status") + 1).value == "Nieuw"
