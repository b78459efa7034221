"""Bad input (issue #8, point 2): each gets a clear error naming the item, nothing else is lost.

Files are tested end to end, through `pipelines.scanning.scan_source` on a small `avgscan.yaml`
and a folder: the assertion is the one the FG sees, a gap (`SCAN_INCOMPLETE`) whose location is
the bad file and whose reason says why, while the good files next to it are scanned. Every bad
file carries a planted (synthetic) BSN that must appear in no gap, log line or exception.

Bad input → where it is tested:

- corrupt, truncated and encrypted PDF/DOCX/XLSX: here (`test_bad_file_is_a_gap_naming_it`);
  per extractor in `test_connectors_extract.py::test_encrypted_ooxml_and_corrupt_containers`,
  `test_connectors_files.py::test_unreadable_files_raise_clear_extraction_errors` and
  `::test_encrypted_pdf`.
- zip bomb, nested and high-ratio: here; the limits in `test_connectors_extract.py`
  (`test_high_ratio_member_is_refused_unexpanded`, `test_nested_bomb_is_refused_by_depth`,
  `test_total_size_and_member_count_limits`,
  `test_office_file_that_is_a_bomb_is_refused_before_the_library_reads_it`).
- a file larger than the configured limit: here (`max_file_mb`);
  `test_connectors_files.py::test_oversize_file_is_refused`,
  `test_connectors_smb.py::test_oversize_file_is_listed_but_not_read`.
- invalid UTF-8 and mixed encodings: here (`test_text_with_bad_bytes_is_scanned`,
  `test_decode_keeps_every_character_it_can`).
- a CSV with a 100 MB line: here (`test_csv_with_a_100_mb_line_*`).
- symlink loops and symlinks leaving the share: here (as gaps); the walk itself in
  `test_connectors_files.py::test_symlinks_outside_root_are_not_followed_and_loops_end`, over
  SMB in `test_connectors_smb.py::test_links_never_reach_outside_the_share_and_loops_end`.
- table and column names with quotes, semicolons and SQL: here on SQLite, PostgreSQL and
  MariaDB; `test_connectors_sql.py::test_sample_quotes_awkward_identifiers`.
- a register with broken rows, merged cells and formulas: here (xlsx); csv rows in
  `test_register_load.py::test_a_malformed_row_names_row_and_column_and_the_rest_imports`.
- `avgscan.yaml` with wrong types: here; other keys in
  `test_pipelines_config.py::test_invalid_config_is_a_clear_error_naming_the_key`.
- arbitrary bytes and text (point 3, fuzzing): `benchmarks/fuzz.py`, `test_fuzz_smoke.py`,
  `test_fuzz_regressions.py`.
"""

from __future__ import annotations

import functools
import io
import logging
import os
import subprocess
import sys
import textwrap
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest
import sqlalchemy as sa
from presidio_analyzer import AnalyzerEngine

import pipelines.scanning
from connectors.extract import ExtractionLimits, extract_text, sniff_mime
from connectors.extractors.sniff import decode
from pipelines.config import ConfigError, load_config
from pipelines.results import SourceScanResult
from pipelines.scanning import scan_source
from register_sync.load import load_register
from scanners import build_analyzer
from tests.conftest import MARIADB_ADMIN_URL, _fresh_database
from tests.test_connectors_extract import build_cfb, make_docx, make_pdf, make_xlsx, make_zip
from tests.test_connectors_files import make_encrypted_pdf

BSN = "111222333"  # passes the 11-proef; belongs to no one
NAME = "Pieter van Dalen"  # invented
ENCRYPTED_OOXML = {"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": BSN.encode() * 600}


def _broken_zip_part(part: str) -> bytes:
    """An Office container whose main part is not XML (and quotes the BSN)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, f"<w:document><w:t>{BSN}</w:document".encode())
    return buffer.getvalue()


def _nested_bomb() -> bytes:
    data = f"BSN {BSN}".encode()
    for level in range(5):
        data = make_zip({f"laag{level}.zip" if level else "kern.txt": data})
    return data


# path → (content, what the gap's reason must say)
BAD_FILES: dict[str, tuple[bytes, str]] = {
    "pdf/kapot.pdf": (b"%PDF-1.7\n1 0 obj << /Type /Catalog >> " + BSN.encode(), "corrupt PDF"),
    "pdf/afgebroken.pdf": (make_pdf()[:-200], "corrupt PDF"),
    "pdf/zonder-eof.pdf": (make_pdf()[:-3], "truncated PDF (no %%EOF marker)"),  # readable
    "pdf/versleuteld.pdf": (make_encrypted_pdf(), "encrypted PDF (password required)"),
    "docx/kapot.docx": (_broken_zip_part("word/document.xml"), "corrupt or truncated Word"),
    "docx/afgebroken.docx": (make_docx()[:5000], "corrupt or truncated Word document"),
    "docx/versleuteld.docx": (build_cfb(ENCRYPTED_OOXML), "encrypted Office document"),
    "xlsx/kapot.xlsx": (_broken_zip_part("xl/workbook.xml"), "corrupt or truncated Excel"),
    "xlsx/afgebroken.xlsx": (make_xlsx()[:-100], "corrupt or truncated Excel workbook"),
    "xlsx/versleuteld.xlsx": (build_cfb(ENCRYPTED_OOXML), "encrypted Office document"),
    "bom/hoge-ratio.zip": (make_zip({"nullen.txt": bytes(50 * 1024 * 1024)}), "zip bomb"),
    "bom/genest.zip": (_nested_bomb(), "nested deeper than 3 levels"),
    "groot/te-groot.txt": (f"BSN {BSN}\n".encode() * 150_000, "exceeds the limit"),
}
# Text with bad bytes: scanned, the BSN found, no gap.
MIXED_TEXT = (
    f"Gesprek met mevrouw Müller over haar uitkering, BSN {BSN}.\n".encode()
    + "Café De Gouden Leeuw, € 12,50 – kenmerk 2024/17.\n".encode("cp1252")
)
BAD_BYTES_TEXT = f"Notitie {NAME}\nBSN {BSN}\n".encode() + b"\x81 kapot \xc3\x28 teken\n" * 2
GOOD_FILES = {
    "goed/notitie.txt": f"Gesprek met {NAME} over zijn uitkering, BSN {BSN}.\n".encode(),
    "goed/clienten.csv": f"naam;bsn;plaats\n{NAME};{BSN};Utrecht\n".encode(),
    "tekst/gemengd.txt": MIXED_TEXT,
    "tekst/ongeldig-utf8.txt": BAD_BYTES_TEXT,
}


def _config(folder: Path, share: Path, *, max_file_mb: int = 1) -> Path:
    config = folder / "avgscan.yaml"
    config.write_text(
        textwrap.dedent(f"""\
            organisation: Gemeente Voorbeeld
            register:
              path: register.xlsx
            sources:
              - name: share
                type: files
                path: {share}
                system: Netwerkschijf
                max_file_mb: {max_file_mb}
                retries: 0
            """),
        encoding="utf-8",
    )
    return config


@pytest.fixture(scope="module")
def analyzer() -> AnalyzerEngine:
    return build_analyzer()


@pytest.fixture(scope="module")
def scanned(
    tmp_path_factory: pytest.TempPathFactory, analyzer: AnalyzerEngine
) -> Iterator[tuple[SourceScanResult, list[str]]]:
    """One scan of a share holding every bad file next to good ones; with its log lines."""
    folder = tmp_path_factory.mktemp("bad-input")
    share = folder / "share"
    for rel, data in {**{k: v for k, (v, _) in BAD_FILES.items()}, **GOOD_FILES}.items():
        (share / rel).parent.mkdir(parents=True, exist_ok=True)
        (share / rel).write_bytes(data)
    outside = folder / "buiten"
    outside.mkdir()
    (outside / "geheim.txt").write_text(f"BSN {BSN}")
    links = share / "links"
    links.mkdir()
    (links / "naar-buiten").symlink_to(outside, target_is_directory=True)
    (links / "lus-a").symlink_to(links / "lus-b")
    (links / "lus-b").symlink_to(links / "lus-a")
    (links / "terug").symlink_to(share, target_is_directory=True)  # inside: nothing lost
    records: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record.getMessage())

    handler = Collect(level=logging.DEBUG)
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        source = load_config(_config(folder, share)).source("share")
        result = scan_source(source, analyzer)
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    yield result, records


def _gaps(result: SourceScanResult) -> dict[str | None, str]:
    """Reasons by location; a part of a file ("x.pdf » (end of file)") counts for the file."""
    return {(gap.location or "").split(" » ")[0] or None: gap.reason for gap in result.gaps}


@pytest.mark.parametrize(("path", "reason"), [(p, r) for p, (_, r) in BAD_FILES.items()])
def test_bad_file_is_a_gap_naming_it(
    scanned: tuple[SourceScanResult, list[str]], path: str, reason: str
) -> None:
    result, _ = scanned
    gaps = _gaps(result)
    assert path in gaps, f"no gap for {path}: {gaps}"
    assert reason in gaps[path]
    assert BSN not in gaps[path]


def test_the_good_files_next_to_bad_ones_are_scanned(
    scanned: tuple[SourceScanResult, list[str]],
) -> None:
    result, _ = scanned
    assert result.status == "partial" and not result.failed
    with_bsn = {f.location for f in result.findings if f.entity_type == "NL_BSN"}
    assert set(GOOD_FILES) <= with_bsn
    assert "pdf/zonder-eof.pdf" in with_bsn  # what survived the cut is scanned, and a gap
    assert result.items_scanned == len(GOOD_FILES) + 1
    assert result.items_total == len(GOOD_FILES) + len(BAD_FILES)


def test_text_with_bad_bytes_is_scanned(scanned: tuple[SourceScanResult, list[str]]) -> None:
    result, _ = scanned
    gaps = _gaps(result)
    assert "tekst/gemengd.txt" not in gaps and "tekst/ongeldig-utf8.txt" not in gaps
    text = extract_text(MIXED_TEXT).text
    assert "Müller" in text and "Café" in text and "€ 12,50 –" in text  # both encodings kept


def test_links_leaving_the_share_or_looping_are_gaps_and_never_followed(
    scanned: tuple[SourceScanResult, list[str]],
) -> None:
    result, _ = scanned
    gaps = _gaps(result)
    assert gaps["links/naar-buiten"] == "link leaves the share; not followed"
    assert gaps["links/lus-a"] == gaps["links/lus-b"] == "broken link or link loop; not followed"
    assert "links/terug" not in gaps  # a link back inside: its files are scanned once anyway
    locations = [f.location for f in result.findings]
    assert not [loc for loc in locations if loc.startswith("links/")]


def test_no_planted_value_in_a_gap_or_log_line(
    scanned: tuple[SourceScanResult, list[str]],
) -> None:
    result, records = scanned
    assert records, "the scan logs nothing: the check below would prove nothing"
    assert not [r for r in records if BSN in r]
    assert not [g for g in result.gaps if BSN in g.reason or BSN in (g.location or "")]


# -- encodings -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("Müller".encode(), "Müller"),
        ("Müller".encode("cp1252"), "Müller"),
        ("Müller ".encode() + "Café".encode("cp1252"), "Müller Café"),
        (b"abc \x81 defghijklmnopqrstuvwxyz", "abc \ufffd defghijklmnopqrstuvwxyz"),  # replaced
        ("\ufeffNaam".encode(), "Naam"),
        (b"\x81\x8d\x8f\x90", None),  # nothing but undecodable bytes: binary
        (b"tekst\x00\x01\x02", None),
        (b"\xff\xfeN\x00\x00\xd8", None),  # UTF-16 with a lone surrogate
    ],
)
def test_decode_keeps_every_character_it_can(data: bytes, expected: str | None) -> None:
    assert decode(data) == expected


# -- a CSV with a 100 MB line --------------------------------------------------------------------

_HUNDRED_MB = 100 * 1024 * 1024


def _write_long_line_csv(path: Path) -> None:
    """A CSV whose second row holds a 100 MB field (an embedded blob), written in pieces."""
    with path.open("wb") as out:
        out.write(f"naam;bsn;bijlage\n{NAME};{BSN};".encode())
        block = b"QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo" * 1024
        for _ in range(_HUNDRED_MB // len(block)):
            out.write(block)
        out.write(b"\nEva Bakker;123456782;geen\n")


# Peak RSS from /proc (VmHWM), not getrusage: ru_maxrss survives exec, so a child of a big
# pytest process would report the parent's peak.
_MEASURE = """
import sys
from pathlib import Path
from datetime import UTC, datetime
from connectors import FileRef, LocalFileStore

def peak_kib():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1])

path = Path(sys.argv[1])
before = peak_kib()
store = LocalFileStore(path.parent, max_bytes=200 * 1024 * 1024)
ref = FileRef(path.name, path.stat().st_size, datetime.now(UTC))
text = store.read_text(ref)
after = peak_kib()
cut = [p.error for p in text.unscanned_parts]
print(text.mime, len(text.text), "{bsn}" in text.text[:1000], (after - before) // 1024, cut)
"""


@pytest.fixture
def long_line_csv(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "share" / "export.csv"
    path.parent.mkdir()
    _write_long_line_csv(path)
    try:
        yield path
    finally:
        path.unlink(missing_ok=True)  # 100 MB: do not wait for pytest's tmp cleanup


def test_csv_with_a_100_mb_line_is_cut_not_a_memory_blowup(long_line_csv: Path) -> None:
    """In a fresh process, so its peak RSS is this file's alone."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE.replace("{bsn}", BSN), str(long_line_csv)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    mime, length, found, peak_mib, cut = done.stdout.split(" ", 4)
    assert mime == "text/csv"
    assert int(length) == ExtractionLimits().max_text_chars
    assert found == "True"  # the first row is read
    assert "text cut off after 20000000 characters" in cut
    # The file is 100 MiB: bytes and text once each, plus the 20M-character cut, and no more.
    print(f"peak RSS growth reading a 100 MiB one-line CSV: {peak_mib} MiB")
    assert int(peak_mib) < 350
    assert BSN not in done.stderr


def test_csv_with_a_100_mb_line_through_the_scan(
    long_line_csv: Path, analyzer: AnalyzerEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    """End to end: scanned up to the text limit (smaller here, to keep the test fast), and
    the cut is a gap naming the file."""
    limits = ExtractionLimits(max_text_chars=100_000)
    monkeypatch.setattr(
        pipelines.scanning, "extract_text", functools.partial(extract_text, limits=limits)
    )
    config = _config(long_line_csv.parent.parent, long_line_csv.parent, max_file_mb=200)
    result = scan_source(load_config(config).source("share"), analyzer)
    assert result.items_scanned == 1
    assert {f.entity_type for f in result.findings} >= {"NL_BSN"}
    (gap,) = result.gaps
    assert gap.location is not None and gap.location.startswith("export.csv")
    assert "text cut off after 100000 characters" in gap.reason
    assert BSN not in gap.reason


def test_sniffing_a_long_line_looks_at_the_head_only() -> None:
    data = b"a;b\n" + b"x" * (5 * 1024 * 1024) + b"\n1;2\n"
    assert sniff_mime(data) == "text/plain"  # one line in the head: not a table, not lost
    assert len(extract_text(data).text) == len(data)


# -- awkward table and column names ---------------------------------------------------------------

AWKWARD = ['"; DROP TABLE bewaard; --', "o'neil", 'a"b', "x`y; SELECT 1 --"]
BSNS = ["111222333", "123456782", "100000009", "999999990"]  # 11-proef valid, synthetic


def _create_awkward(url: str) -> None:
    engine = sa.create_engine(url)
    metadata = sa.MetaData()
    tables = [sa.Table("bewaard", metadata, sa.Column("id", sa.Integer, primary_key=True))]
    for name in AWKWARD:
        tables.append(
            sa.Table(
                name,
                metadata,
                sa.Column("id", sa.Integer, primary_key=True),
                sa.Column("bsn", sa.String(20)),
                *(sa.Column(column, sa.String(60)) for column in AWKWARD),
            )
        )
    metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(tables[0].insert(), [{"id": i} for i in range(1, 4)])
        for table in tables[1:]:
            rows = [{"id": i, "bsn": bsn, **dict.fromkeys(AWKWARD, NAME)}
                    for i, bsn in enumerate(BSNS, 1)]  # fmt: skip
            conn.execute(table.insert(), rows)
    engine.dispose()


def _table_names(url: str) -> set[str]:
    engine = sa.create_engine(url)
    try:
        names = set(sa.inspect(engine).get_table_names())
        with engine.connect() as conn:
            kept = conn.execute(sa.select(sa.func.count()).select_from(sa.table("bewaard")))
            assert kept.scalar_one() == 3
    finally:
        engine.dispose()
    return names


@pytest.fixture
def fresh_mariadb_url() -> Iterator[str]:
    yield from _fresh_database(MARIADB_ADMIN_URL, f"avgscan_test_{uuid.uuid4().hex[:8]}")


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgresql", marks=pytest.mark.integration),
        pytest.param("mariadb", marks=pytest.mark.integration),
    ]
)
def awkward_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'vreemd.sqlite'}"
    elif request.param == "postgresql":
        url = request.getfixturevalue("fresh_postgres_url")
    else:
        url = request.getfixturevalue("fresh_mariadb_url")
    _create_awkward(url)
    return url


def test_awkward_identifiers_are_scanned_without_harm(
    awkward_url: str, tmp_path: Path, analyzer: AnalyzerEngine
) -> None:
    config = tmp_path / "avgscan.yaml"
    config.write_text(
        "organisation: Gemeente Voorbeeld\nregister:\n  path: register.xlsx\nsources:\n"
        f"  - name: vreemd\n    type: database\n    url: '{awkward_url}'\n"
        "    system: Vreemde namen\n    retries: 0\n",
        encoding="utf-8",
    )
    result = scan_source(load_config(config).source("vreemd"), analyzer)
    assert not result.gaps, result.gaps
    assert result.items_scanned == result.items_total == len(AWKWARD) + 1
    found = {f.location.rsplit(".", 1)[0].split(".", 1)[-1] for f in result.findings
             if f.entity_type == "NL_BSN" and f.location.endswith(".bsn")}  # fmt: skip
    assert {n.split(".")[-1] for n in found} >= {"o'neil", 'a"b'}
    assert {"bewaard", *AWKWARD} <= _table_names(awkward_url)  # nothing dropped


# -- the register --------------------------------------------------------------------------------

HEADERS = ["Naam verwerking", "Doel", "Categorieën persoonsgegevens", "Bewaartermijn", "Systemen"]


def test_register_with_merged_cells_formulas_and_broken_rows(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Register van verwerkingen"])
    sheet.merge_cells("A1:E1")  # a title across the table
    sheet.append(HEADERS)
    sheet.append(["Wmo", "Ondersteuning", "NAW", "7 jaar", "Suite4Sociaal Domein"])  # row 3
    sheet.append([None, None, "BSN", None, "Netwerkschijf Wmo"])  # row 4: continues Wmo
    sheet.merge_cells("A3:A4")
    sheet.merge_cells("B3:B4")
    sheet.merge_cells("D3:D4")
    sheet.append(['=A3&" (kopie)"', "Formule", "NAW", "1 jaar", "Zaaksysteem"])  # row 5
    sheet.append(["Parkeren", "Vergunning", "NAW; Kenteken", "=1/0", "Parkeersysteem"])  # row 6
    sheet["D6"].value = "#DIV/0!"
    sheet["D6"].data_type = "e"  # a formula error as Excel stores it
    sheet.append(["Bezwaar", "Bezwaar", "#REF!", "10 jaar", "Zaaksysteem"])  # row 7
    sheet["C7"].data_type = "e"
    sheet.append([None, "Alleen een doel", "NAW", "2 jaar", "X"])  # row 8: no name
    sheet.append(["Leerlingenvervoer", "Vervoer", "NAW", "5 jaar", "Suite"])  # row 9
    path = tmp_path / "register.xlsx"
    workbook.save(path)

    result = load_register(path, check_quality=False)
    entries = {e.name: e for e in result.entries}
    assert set(entries) == {"Wmo", "Parkeren", "Bezwaar", "Leerlingenvervoer"}
    wmo = entries["Wmo"]  # the merged rows are one processing
    assert wmo.categories == {"naw", "bsn"}
    assert wmo.systems == ("Suite4Sociaal Domein", "Netwerkschijf Wmo")
    assert wmo.retention.period == "P7Y"
    problems = {(p.row, p.column): p.message for p in result.problems}
    assert "formule" in problems[(5, "Naam verwerking")].lower()
    assert "#DIV/0!" in problems[(6, "Bewaartermijn")]
    assert entries["Parkeren"].retention.kind == "unknown"
    assert "#REF!" in problems[(7, "Categorieën persoonsgegevens")]
    assert entries["Bezwaar"].category_labels == ()
    assert "zonder naam" in problems[(8, "Naam verwerking")]
    assert entries["Leerlingenvervoer"].row == 9


# -- avgscan.yaml with wrong types ---------------------------------------------------------------

VALID = """\
organisation: Gemeente Voorbeeld
register:
  path: register.xlsx
sources:
  - name: db
    type: database
    url: sqlite:///hr.sqlite
    system: HR
    include: ["public.*"]
    retention_date_columns: {"*": datum}
  - name: share
    type: files
    path: share
    system: Netwerkschijf
"""


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (('include: ["public.*"]', 'include: "public.*"'), "sources.0.include"),  # str for list
        (
            ('retention_date_columns: {"*": datum}', "retention_date_columns: [datum]"),
            "retention_date_columns",
        ),
        (("url: sqlite:///hr.sqlite", "url: 42"), "sources.0.url"),  # number for a URL
        (("path: share", "path: [share]"), "sources.1.path"),
        (("system: HR", "system: {naam: HR}"), "sources.0.system"),
        (("organisation: Gemeente Voorbeeld", "organisation: 12"), "organisation"),
        (("register:\n  path: register.xlsx", "register: register.xlsx"), "register"),
        (("sources:\n", "sources: share\nx:\n"), "sources"),
        (("  - name: db", "  - name: 7"), "sources.0.name"),
        (("system: Netwerkschijf", "system: Netwerkschijf\n    max_file_mb: veel"), "max_file_mb"),
        (("system: Netwerkschijf", "system: Netwerkschijf\n    retries: [1]"), "retries"),
        (("system: Netwerkschijf", "system: Netwerkschijf\n    activities: [a]"), "activities"),
    ],
)
def test_wrong_types_in_avgscan_yaml_name_the_key(
    tmp_path: Path, change: tuple[str, str], key: str
) -> None:
    text = VALID.replace(*change, 1)
    assert text != VALID
    path = tmp_path / "avgscan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path)
    assert key in str(err.value)


def test_top_level_list_or_scalar_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "avgscan.yaml"
    for text in ("- organisation: x\n", "42\n", ""):
        path.write_text(text, encoding="utf-8")
        with pytest.raises(ConfigError, match="mapping at the top level"):
            load_config(path)


def test_non_string_keys_are_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "avgscan.yaml"
    path.write_text(VALID.replace("system: HR", "system: HR\n    1: een"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"sources\.0"):
        load_config(path)


def test_wrong_types_never_echo_a_secret(tmp_path: Path) -> None:
    secret = "Zeer-Geheim-" + os.urandom(4).hex()
    text = VALID.replace("url: sqlite:///hr.sqlite", "url: postgresql://u:${DB_PW}@h/db").replace(
        'include: ["public.*"]', "include: {a: 1}"
    )
    path = tmp_path / "avgscan.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(path, env={"DB_PW": secret})
    assert "include" in str(err.value) and secret not in str(err.value)
