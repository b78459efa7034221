"""The FG report in a real browser: Debian's headless Chromium renders it offline, the numbers
shown equal discrepancies.json, the table sorts and filters, and a screenshot is kept.

Locally a missing chromium skips; under CI=true it fails (CI installs the apt package
`chromium`). The screenshot lands in tests/artifacts/ (gitignored) and its path is printed.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections import Counter
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path

import pytest

from register_sync.categories import load_catalog
from register_sync.models import Discrepancy, DiscrepancyKind, RegisterProblem, Severity
from register_sync.report import CoverageRow, ReportRun, write_report

ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--virtual-time-budget=3000",
)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        message = "chromium is not installed (Debian package 'chromium')"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return found


def _discrepancies() -> list[Discrepancy]:
    k, s = DiscrepancyKind, Severity
    items = [
        Discrepancy(
            k.RETENTION_EXCEEDED,
            s.HOOG,
            "sociaal",
            "public.clients",
            "Wmo",
            ("bsn",),
            120,
            date(2009, 4, 1),
            "120 rijen ouder dan 7 jaar.",
        ),
        Discrepancy(
            k.BSN_WITHOUT_LEGAL_BASIS,
            s.HOOG,
            "hr",
            "hr.medewerkers",
            "Personeel",
            ("bsn",),
            None,
            None,
            "Geen wet genoemd.",
        ),
        Discrepancy(
            k.UNDOCUMENTED_CATEGORY,
            s.MIDDEL,
            "sociaal",
            "public.contact",
            "Wmo",
            ("contact",),
            None,
            None,
            "Contactgegevens niet in het register.",
        ),
        Discrepancy(
            k.RETENTION_UNKNOWN,
            s.LAAG,
            "share",
            "Wmo/brief.docx",
            "Wmo",
            ("naw",),
            None,
            None,
            "Geen termijn.",
        ),
        Discrepancy(
            k.SCAN_INCOMPLETE, s.MIDDEL, "share", None, None, (), None, None, "Niet bereikbaar."
        ),
    ]
    return items


class _Cells(HTMLParser):
    """Text of elements with an id or a data-ernst attribute, and visible rows of a table."""

    def __init__(self) -> None:
        super().__init__()
        self.by_severity: dict[str, int] = {}
        self.rows: list[dict[str, str | None]] = []
        self._stack: list[tuple[str, dict[str, str | None]]] = []
        self._text: list[str] = []
        self._in_items = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "table" and attributes.get("id") == "afwijkingen-tabel":
            self._in_items = True
        if self._in_items and tag == "tr" and "item" in (attributes.get("class") or ""):
            self.rows.append(attributes)
        self._stack.append((tag, attributes))
        self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._in_items = False
        while self._stack:
            name, attributes = self._stack.pop()
            if name == tag:
                if tag == "td" and attributes.get("data-ernst"):
                    self.by_severity[str(attributes["data-ernst"])] = int("".join(self._text))
                break

    def handle_data(self, data: str) -> None:
        self._text.append(data.strip())


def _dump(chromium: str, url: str, profile: Path) -> str:
    done = subprocess.run(
        [chromium, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", url],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return done.stdout


def test_report_renders_offline_in_chromium(tmp_path: Path) -> None:
    chromium = _chromium()
    run = ReportRun(
        "run-7", "Gemeente Voorbeeld", datetime(2025, 3, 12, 2), None, "nightly", "success"
    )
    out = tmp_path / "rapport"
    write_report(
        out,
        formats=["json", "html"],
        run=run,
        findings=[],
        discrepancies=_discrepancies(),
        coverage=[CoverageRow("sociaal", "Suite4Sociaal Domein", "success", 3, 3, 0, 0)],
        problems=[RegisterProblem(4, "Doel", "Verwerking 'X' heeft geen doel.", "doel")],
        catalog=load_catalog(),
    )
    document = json.loads((out / "discrepancies.json").read_text("utf-8"))
    expected = Counter(item["severity"] for item in document["discrepancies"])
    html = (out / "rapport.html").read_text("utf-8")
    assert not re.search(r"""(src|href)=["']?https?:""", html)  # nothing to fetch

    dom = _dump(chromium, (out / "rapport.html").as_uri(), tmp_path / "profile")
    cells = _Cells()
    cells.feed(dom)
    assert cells.by_severity == {s: expected.get(s, 0) for s in ("hoog", "middel", "laag")}
    assert len(cells.rows) == len(document["discrepancies"])
    assert all(row.get("hidden") is None for row in cells.rows)
    shown = re.search(r'id="zichtbaar"[^>]*>(\d+) van (\d+) zichtbaar<', dom)
    assert shown is not None, "the filter script did not run"
    assert shown.groups() == (str(len(cells.rows)), str(len(cells.rows)))
    assert f'id="totaal">{len(document["discrepancies"])}<' in dom

    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / "rapport.png"
    subprocess.run(
        [
            chromium,
            *FLAGS,
            f"--user-data-dir={tmp_path / 'profile'}",
            "--window-size=1400,1800",
            f"--screenshot={screenshot}",
            (out / "rapport.html").as_uri(),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot of the FG report: {screenshot}")


def test_filter_and_sort_script_in_chromium(tmp_path: Path) -> None:
    """The inline script filters by severity: the shown count matches the JSON's 'hoog'."""
    chromium = _chromium()
    run = ReportRun("run-8", "Gemeente Voorbeeld", datetime(2025, 3, 12, 2), None, "adhoc", "ok")
    out = tmp_path / "rapport"
    write_report(
        out,
        formats=["json", "html"],
        run=run,
        findings=[],
        discrepancies=_discrepancies(),
        coverage=[],
        problems=[],
        catalog=load_catalog(),
    )
    page = out / "rapport.html"
    html = page.read_text("utf-8")
    # Drive the controls the way a user would, from a small script appended for this test.
    driver = """<script>
      var s = document.getElementById("filter-ernst"); s.value = "Hoog";
      s.dispatchEvent(new Event("change"));
      document.querySelector("#afwijkingen-tabel thead th:nth-child(3) button").click();
    </script></body>"""
    page.write_text(html.replace("</body>", driver), "utf-8")
    dom = _dump(chromium, page.as_uri(), tmp_path / "profile")
    document = json.loads((out / "discrepancies.json").read_text("utf-8"))
    high = sum(1 for item in document["discrepancies"] if item["severity"] == "hoog")
    shown = re.search(r'id="zichtbaar"[^>]*>(\d+) van (\d+) zichtbaar<', dom)
    assert shown is not None
    assert shown.groups() == (str(high), str(len(document["discrepancies"])))
    body = dom[dom.index('id="afwijkingen-tabel"') :]
    sources = re.findall(
        r'<tr class="item"[^>]*>\s*<td>[^<]*</td>\s*<td[^>]*>.*?</td>\s*<td>([^<]*)</td>',
        body,
        flags=re.S,
    )
    assert sources == sorted(sources)  # sorted by "Bron" ascending after the click
    assert 'aria-sort="ascending"' in body
