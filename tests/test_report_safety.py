"""Names that are attacks: the report renders them inert (issue #8, point 6).

A table, a column, a file and a register entry are named with HTML/script payloads and
spreadsheet formulas. After a real scan, comparison and export, headless Chromium opens the
FG report and no payload runs; no XLSX cell is a formula and no CSV field starts like one.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from presidio_analyzer import AnalyzerEngine

from pipelines.config import load_config
from pipelines.runner import compare_latest, export, latest_report_dir, scan_sources
from pipelines.store import FindingsStore
from scanners import build_analyzer
from tests.test_report_chromium import _chromium, _dump

pytestmark = pytest.mark.integration

# Each payload, if it ever ran, would mark the page's <body>: the marker is what we look for.
MARK = "document.body.setAttribute('data-pwned','1')"
SCRIPT = f"<script>{MARK}</script>"
IMG = f'<img src=x onerror="{MARK}">'
SVG = f"<svg onload={MARK}>"  # no '/': also a valid file name
HYPERLINK = '=HYPERLINK("http://x","klik")'
FILE_HYPERLINK = '=HYPERLINK("mailto:x","klik")'  # a file name holds no '/'
FORMULAS = (HYPERLINK, FILE_HYPERLINK, "+cmd|' /C calc'!A0", "@SUM(1+1)", "-2+3")

EMAILS = [f"inwoner{i}@example.nl" for i in range(20)]


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


def _hostile_estate(root: Path) -> Path:
    root.mkdir()
    with sqlite3.connect(root / "zaken.sqlite") as conn:
        for table, column in (
            (HYPERLINK, f"e-mail {SCRIPT}"),
            (f"klanten {IMG}", "+cmd|' /C calc'!A0"),
            ("@SUM(1+1)", "-2+3"),
        ):
            conn.execute(f'CREATE TABLE "{table.replace(chr(34), 2 * chr(34))}" ("{column}" TEXT)')
            conn.executemany(
                f'INSERT INTO "{table.replace(chr(34), 2 * chr(34))}" VALUES (?)',
                [(e,) for e in EMAILS],
            )
    share = root / "share"
    share.mkdir()
    for name in (f"{FILE_HYPERLINK}.txt", f"{SVG}.txt", "@SUM(1+1).txt"):
        (share / name).write_text(
            "Beste inwoner, mail ons via inwoner3@example.nl of bel 06-12345678.\n",
            encoding="utf-8",
        )
    (root / "register.csv").write_text(
        "Naam verwerking;Doel;Grondslag;Categorieën persoonsgegevens;Bewaartermijn;Systemen\n"
        f"{SCRIPT};Zaken;Publieke taak;NAW;7 jaar;Zaaksysteem\n"
        f'"{HYPERLINK.replace(chr(34), 2 * chr(34))}";Post;Publieke taak;NAW;1 jaar;Postschijf\n'
        f"{IMG};Archief;Publieke taak;NAW;1 jaar;Archiefsysteem\n",
        encoding="utf-8",
    )
    config = root / "avgscan.yaml"
    config.write_text(
        "organisation: Gemeente <b>Voorbeeld</b>\n"
        "store: sqlite:///store.db\n"
        "register: {path: register.csv}\n"
        "reports: rapporten\n"
        "sources:\n"
        "  - {name: zaken, type: database, url: 'sqlite:///zaken.sqlite', system: Zaaksysteem}\n"
        "  - {name: post, type: files, path: share, system: Postschijf}\n"
        "  - {name: archief, type: files, path: weg, system: Archiefsysteem, retries: 0}\n",
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory, analyzer: AnalyzerEngine) -> Path:
    config = load_config(_hostile_estate(tmp_path_factory.mktemp("hostile") / "gemeente"))
    with FindingsStore(config.store) as store:
        run = store.start_run("nightly", config.organisation)
        scan_sources(config, analyzer, store, run.id, [s.name for s in config.sources])
        compare_latest(config, store, run.id)
        export(config, store, latest_report_dir(config), run_id=run.id)
    return latest_report_dir(config)


def test_the_payloads_reach_the_report(report: Path) -> None:
    """Otherwise the other tests prove nothing."""
    fields = "\n".join(_csv_fields(report / "discrepancies.csv"))
    for payload in (SCRIPT, IMG, SVG, *FORMULAS):
        assert payload in fields, payload


def test_no_payload_runs_in_chromium(report: Path, tmp_path: Path) -> None:
    chromium = _chromium()
    html = (report / "rapport.html").read_text("utf-8")
    assert html.count("<script>") == 1  # the report's own sorting/filtering script
    assert "<img" not in html and "<svg" not in html and "<b>" not in html
    dom = _dump(chromium, (report / "rapport.html").as_uri(), tmp_path / "profile")
    assert 'id="zichtbaar"' in dom and " zichtbaar<" in dom, "the page's own script ran"
    assert 'data-pwned="1"' not in dom
    # the payloads are shown as text, which the FG can read
    assert "&lt;script&gt;document.body.setAttribute" in dom
    assert "=HYPERLINK(" in dom


def test_no_xlsx_cell_is_a_formula(report: Path) -> None:
    workbook = openpyxl.load_workbook(report / "discrepancies.xlsx")
    cells = [cell for sheet in workbook for row in sheet.iter_rows() for cell in row]
    assert any(isinstance(c.value, str) and "HYPERLINK" in c.value for c in cells)
    formulas = [c.coordinate for c in cells if c.data_type == "f"]
    assert formulas == []
    starts = [c.value for c in cells if isinstance(c.value, str) and c.value[:1] in "=+-@"]
    assert starts == []


def _csv_fields(path: Path) -> list[str]:
    text = path.read_text("utf-8-sig")
    return [f for row in csv.reader(io.StringIO(text), delimiter=";") for f in row]


def test_no_csv_field_starts_a_formula(report: Path) -> None:
    for name in ("discrepancies.csv", "findings.csv"):
        risky = [f for f in _csv_fields(report / name) if re.match(r"[=+\-@\t\r]", f)]
        assert risky == [], name
