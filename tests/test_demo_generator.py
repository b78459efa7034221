"""The demo municipality generator: deterministic, valid identifiers, planted cases that exist."""

from __future__ import annotations

import ast
import re
import sqlite3
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
import yaml

from pipelines.config import load_config
from pipelines.demo import DemoManifest, PlantedCase, generate_demo
from pipelines.demo.identifiers import (
    a_nummer,
    bsn,
    iban,
    is_valid_a_nummer,
    is_valid_bsn,
    is_valid_iban,
    kenteken,
    postcode,
)
from pipelines.demo.register import REGISTER_HEADERS

DEMO_PACKAGE = Path(__file__).resolve().parents[1] / "pipelines" / "demo"
REQUIRED_KINDS = {
    "UNDOCUMENTED_PROCESSING",
    "UNDOCUMENTED_CATEGORY",
    "RETENTION_EXCEEDED",
    "RETENTION_UNKNOWN",
    "SCAN_INCOMPLETE",
}
ALL_KINDS = REQUIRED_KINDS | {
    "SPECIAL_CATEGORY_WITHOUT_BASIS",
    "BSN_WITHOUT_LEGAL_BASIS",
    "DPIA_MISSING",
    "REGISTERED_NOT_FOUND",
}


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[DemoManifest, float]:
    started = time.perf_counter()
    manifest = generate_demo(tmp_path_factory.mktemp("demo_a"))
    return manifest, time.perf_counter() - started


@pytest.fixture(scope="module")
def manifest(demo: tuple[DemoManifest, float]) -> DemoManifest:
    return demo[0]


@pytest.fixture(scope="module")
def twin(tmp_path_factory: pytest.TempPathFactory) -> DemoManifest:
    return generate_demo(tmp_path_factory.mktemp("demo_b"))


@pytest.fixture(scope="module")
def config(manifest: DemoManifest) -> dict:
    return yaml.safe_load(manifest.config_path.read_text(encoding="utf-8"))


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _databases(root: Path) -> Iterator[Path]:
    yield from sorted((root / "databases").glob("*.sqlite"))


def _tables(db: Path) -> dict[str, list[tuple]]:
    conn = sqlite3.connect(db)
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}
    finally:
        conn.close()


def _columns(db: Path, table: str) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(f'PRAGMA table_info("{table}")').fetchall()
    finally:
        conn.close()


def _db_path(manifest: DemoManifest, config: dict, source: str) -> Path:
    entry = next(s for s in config["sources"] if s["name"] == source)
    assert entry["url"].startswith("sqlite:///")
    return manifest.config_path.parent / entry["url"].removeprefix("sqlite:///")


def _all_text(manifest: DemoManifest) -> str:
    """Every value in every database and the text of every readable file on the share."""
    parts: list[str] = []
    for db in _databases(manifest.root):
        for rows in _tables(db).values():
            parts.extend(str(v) for row in rows for v in row if v is not None)
    share = manifest.root / "share"
    for path in share.rglob("*"):
        if path.suffix in (".txt", ".csv"):
            parts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".docx":
            document = docx.Document(str(path))
            parts.extend(p.text for p in document.paragraphs)
            parts.extend(c.text for t in document.tables for r in t.rows for c in r.cells)
        elif path.suffix == ".xlsx":
            workbook = openpyxl.load_workbook(path, read_only=True)
            for sheet in workbook.worksheets:
                parts.extend(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v)
        elif path.suffix == ".pdf":
            try:
                parts.extend(page.extract_text() for page in pypdf.PdfReader(path).pages)
            except pypdf.errors.PyPdfError:
                continue
    return "\n".join(parts)


# -- identifiers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("111222333", True),
        ("123456782", True),
        ("11122233", False),  # with its leading zero restored: 011122233, checksum fails
        ("111222334", False),
        ("123456789", False),
        ("000000000", False),
        ("12345678a", False),
    ],
)
def test_bsn_check(value: str, valid: bool) -> None:
    assert is_valid_bsn(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("NL91ABNA0417164300", True),
        ("NL91 ABNA 0417 1643 00", True),
        ("NL92ABNA0417164300", False),
        ("NL91ABNA0417164301", False),
    ],
)
def test_iban_check(value: str, valid: bool) -> None:
    assert is_valid_iban(value) is valid


def test_generated_identifiers_are_valid() -> None:
    import random

    rng = random.Random(7)
    for _ in range(300):
        assert is_valid_bsn(bsn(rng))
        assert is_valid_a_nummer(a_nummer(rng))
        assert is_valid_iban(iban(rng))
        assert is_valid_iban(iban(rng, grouped=True))
        assert re.fullmatch(r"[1-9]\d{3} [A-Z]{2}", postcode(rng))
        assert not postcode(rng).endswith(("SA", "SD", "SS"))
        plate = kenteken(rng)
        assert re.fullmatch(r"[0-9A-Z]{1,3}-[0-9A-Z]{2,3}-[0-9A-Z]{1,2}", plate)
        assert not set(plate) & set("AEIOUCMQWY")


# -- determinism ----------------------------------------------------------------------------------


def test_same_seed_gives_identical_tables(manifest: DemoManifest, twin: DemoManifest) -> None:
    dbs = [p.name for p in _databases(manifest.root)]
    assert dbs == [p.name for p in _databases(twin.root)]
    for name in dbs:
        assert _tables(manifest.root / "databases" / name) == _tables(
            twin.root / "databases" / name
        ), name


def test_same_seed_gives_identical_bytes(manifest: DemoManifest, twin: DemoManifest) -> None:
    ours, theirs = _files(manifest.root), _files(twin.root)
    assert ours.keys() == theirs.keys()
    different = [name for name in ours if ours[name] != theirs[name]]
    assert different == []


def test_same_seed_gives_identical_manifest(manifest: DemoManifest, twin: DemoManifest) -> None:
    assert manifest.planted == twin.planted
    assert manifest.canaries == twin.canaries


def test_another_seed_gives_other_people(manifest: DemoManifest, tmp_path: Path) -> None:
    other = generate_demo(tmp_path / "other", seed=7)
    numbers = [c for c in manifest.canaries if is_valid_bsn(c) or is_valid_iban(c)]
    assert numbers and set(other.canaries).isdisjoint(numbers)
    assert [(p.kind, p.source, p.location) for p in other.planted] == [
        (p.kind, p.source, p.location) for p in manifest.planted
    ]


def test_mtimes_are_fixed(manifest: DemoManifest, twin: DemoManifest) -> None:
    for rel in _files(manifest.root):
        assert (manifest.root / rel).stat().st_mtime == (twin.root / rel).stat().st_mtime, rel
        assert datetime.fromtimestamp((manifest.root / rel).stat().st_mtime, UTC).year <= 2026


def test_generation_is_fast(demo: tuple[DemoManifest, float]) -> None:
    assert demo[1] < 10


# -- databases ------------------------------------------------------------------------------------


def test_databases_and_tables(manifest: DemoManifest) -> None:
    tables = {db.name: set(_tables(db)) for db in _databases(manifest.root)}
    assert {"wmo_clienten", "jeugdhulp_dossiers"} <= tables["sociaal_domein.sqlite"]
    assert {"inwoners", "verhuizingen", "producten"} <= tables["burgerzaken.sqlite"]
    assert {"medewerkers", "verzuim"} <= tables["personeel.sqlite"]
    assert "vergunningen" in tables["parkeervergunningen.sqlite"]
    assert "trajecten" in tables["schuldhulp.sqlite"]
    for db in _databases(manifest.root):
        for name, rows in _tables(db).items():
            if name not in ("producten", "zones"):
                assert 50 <= len(rows) <= 1000, (db.name, name)


def test_every_bsn_passes_the_11_proef(manifest: DemoManifest) -> None:
    seen = 0
    for db in _databases(manifest.root):
        for table in _tables(db):
            columns = [c[1] for c in _columns(db, table)]
            for index, column in enumerate(columns):
                if "bsn" not in column:
                    continue
                for row in _tables(db)[table]:
                    assert is_valid_bsn(row[index]), (db.name, table, column, row[index])
                    seen += 1
    assert seen > 1000


def test_a_nummers_and_ibans_are_valid(manifest: DemoManifest) -> None:
    burgerzaken = _tables(manifest.root / "databases" / "burgerzaken.sqlite")
    assert all(is_valid_a_nummer(row[2]) for row in burgerzaken["inwoners"])
    wmo = _tables(manifest.root / "databases" / "sociaal_domein.sqlite")["wmo_clienten"]
    assert all(is_valid_iban(row[10]) for row in wmo)


def test_date_columns_hold_iso_dates(manifest: DemoManifest) -> None:
    iso = re.compile(r"\d{4}-\d{2}-\d{2}")
    for db in _databases(manifest.root):
        for table, rows in _tables(db).items():
            for cid, column, declared, *_ in _columns(db, table):
                if declared.upper() != "DATE":
                    continue
                values = [row[cid] for row in rows if row[cid] is not None]
                assert values, (table, column)
                assert all(iso.fullmatch(v) for v in values), (table, column)
                assert all(
                    "2005-01-01" <= v <= "2026-12-31"
                    for v in values
                    if column not in ("geboortedatum", "datum_inschrijving", "in_dienst")
                ), (table, column)


def test_wmo_clients_include_long_ended_rows(manifest: DemoManifest) -> None:
    rows = _tables(manifest.root / "databases" / "sociaal_domein.sqlite")["wmo_clienten"]
    ended = [r[15] for r in rows if r[15] is not None]
    assert sum(1 for d in ended if "2005" <= d < "2013") >= 50
    assert any(r[15] is None for r in rows)
    wmo = {r[1] for r in rows}
    burgerzaken = {
        r[1] for r in _tables(manifest.root / "databases" / "burgerzaken.sqlite")["inwoners"]
    }
    assert wmo <= burgerzaken


def test_verzuim_has_health_terms(manifest: DemoManifest) -> None:
    rows = _tables(manifest.root / "databases" / "personeel.sqlite")["verzuim"]
    text = " ".join(f"{r[4]} {r[5]}" for r in rows).lower()
    for term in ("burn-out", "hernia", "rugklachten", "griep", "depressie"):
        assert term in text


def test_data_free_tables_hold_no_identifiers(manifest: DemoManifest) -> None:
    for db, table in (("burgerzaken.sqlite", "producten"), ("parkeervergunningen.sqlite", "zones")):
        text = " ".join(
            str(v) for row in _tables(manifest.root / "databases" / db)[table] for v in row
        )
        assert not re.search(r"\d{8,}|@|[1-9]\d{3} ?[A-Z]{2}\b", text)


# -- share ----------------------------------------------------------------------------------------


def test_share_has_every_file_type(manifest: DemoManifest) -> None:
    suffixes = {p.suffix for p in (manifest.root / "share").rglob("*") if p.is_file()}
    assert {".txt", ".csv", ".docx", ".xlsx", ".pdf"} <= suffixes


def test_share_files_are_readable_and_personal(manifest: DemoManifest) -> None:
    share = manifest.root / "share"
    letter = next(share.rglob("brief_*.txt")).read_text(encoding="utf-8")
    assert "Geachte heer De Vries" in letter
    assert re.search(r"BSN: (\d{9})", letter)
    export = next(share.rglob("*.csv")).read_text(encoding="utf-8").splitlines()
    assert export[0].split(";")[:3] == ["clientnummer", "bsn", "naam"]
    assert all(is_valid_bsn(line.split(";")[1]) for line in export[1:])
    report = docx.Document(str(next(share.rglob("*.docx"))))
    body = " ".join(p.text for p in report.paragraphs)
    assert "dementie" in body and "CVA" in body
    phones = openpyxl.load_workbook(next(share.rglob("telefoonlijst*.xlsx"))).active
    assert [c.value for c in phones[1]] == ["Naam", "Telefoon", "E-mail", "Wijk"]
    assert phones.max_row > 20
    beschikkingen = sorted((share / "Bezwaar").rglob("*.pdf"))
    assert len(beschikkingen) == 2
    for path in beschikkingen:
        text = pypdf.PdfReader(path).pages[0].extract_text()
        assert "Burgerservicenummer" in text and "GGD-arts" in text


def test_share_has_old_and_recent_files(manifest: DemoManifest) -> None:
    years = {
        p.relative_to(manifest.root / "share").as_posix(): datetime.fromtimestamp(
            p.stat().st_mtime, UTC
        ).year
        for p in (manifest.root / "share").rglob("*")
        if p.is_file()
    }
    assert sum(1 for y in years.values() if 2009 <= y <= 2012) >= 3
    assert sum(1 for y in years.values() if y >= 2025) >= 3


def test_file_without_personal_data(manifest: DemoManifest) -> None:
    text = (manifest.root / "share/Algemeen/openingstijden_gemeentehuis.txt").read_text("utf-8")
    assert not re.search(r"\d{8,}|@|[1-9]\d{3} ?[A-Z]{2}\b|\b0\d{2,3}[- ]?\d{6,7}\b", text)


def test_corrupt_pdf_is_not_readable(manifest: DemoManifest) -> None:
    corrupt = next(p for p in manifest.planted if p.kind == "SCAN_INCOMPLETE")
    path = manifest.root / "share" / corrupt.location
    assert path.read_bytes().startswith(b"%PDF-1.4\n")
    with pytest.raises(pypdf.errors.PyPdfError):
        reader = pypdf.PdfReader(path)
        "".join(page.extract_text() for page in reader.pages)


# -- register and config --------------------------------------------------------------------------


def test_register_layout(manifest: DemoManifest, config: dict) -> None:
    register = manifest.config_path.parent / config["register"]["path"]
    sheet = openpyxl.load_workbook(register).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "register" in rows[0][0].lower() and set(rows[0][1:]) == {None}  # a title row
    assert rows[1] == REGISTER_HEADERS
    entries = {row[0]: dict(zip(REGISTER_HEADERS, row, strict=True)) for row in rows[2:]}
    assert (
        "Gezondheidsgegevens"
        in entries["Wmo-maatwerkvoorzieningen"]["Categorieën persoonsgegevens"]
    )
    assert "Gezondheid" not in entries["Personeelsadministratie"]["Categorieën persoonsgegevens"]
    assert entries["Schuldhulpverlening"]["Bewaartermijn"] is None
    assert entries["Bezwaarschriften"]["Bewaartermijn"] == "2 jaar"
    systems = {
        s.strip() for e in entries.values() for s in re.split(r"[;\n]", e["Systemen/Applicaties"])
    }
    source_systems = {s["system"] for s in config["sources"]}
    assert source_systems - systems == {"Parkeerbeheer"}


def test_config_format(manifest: DemoManifest, config: dict) -> None:
    text = manifest.config_path.read_text(encoding="utf-8")
    assert text.startswith("#")
    assert set(config) == {"organisation", "store", "register", "sources"}
    assert config["organisation"] == "Gemeente Voorbeeld"
    assert config["store"] == "sqlite:///.avgscan/avgscan.db"
    load_config(manifest.config_path)  # the product's own validation accepts it
    allowed = {"name", "type", "url", "path", "system", "retention_date_columns", "activities"}
    names = [s["name"] for s in config["sources"]]
    assert len(names) == len(set(names))
    for source in config["sources"]:
        assert set(source) <= allowed
        if source["type"] == "database":
            assert _db_path(manifest, config, source["name"]).is_file()
            for table, column in source.get("retention_date_columns", {}).items():
                db = _db_path(manifest, config, source["name"])
                assert column in [c[1] for c in _columns(db, table)]
        else:
            assert source["type"] == "files"
            assert (manifest.config_path.parent / source["path"]).is_dir()
    assert "${" not in text and "password" not in text.lower()


# -- manifest -------------------------------------------------------------------------------------


def test_manifest_shape(manifest: DemoManifest) -> None:
    assert manifest.config_path == manifest.root / "avgscan.yaml"
    assert all(isinstance(p, PlantedCase) for p in manifest.planted)
    kinds = {p.kind for p in manifest.planted}
    assert kinds >= REQUIRED_KINDS
    assert kinds <= ALL_KINDS
    assert all(p.note for p in manifest.planted)
    assert len(set(manifest.planted)) == len(manifest.planted)


def test_planted_cases_refer_to_existing_locations(manifest: DemoManifest, config: dict) -> None:
    sources = {s["name"]: s for s in config["sources"]}
    for case in manifest.planted:
        source = sources[case.source]
        if source["type"] == "database":
            assert case.location in _tables(_db_path(manifest, config, case.source)), case
        else:
            path = manifest.config_path.parent / source["path"] / case.location
            assert path.is_file(), case


def test_planted_undocumented_processing_is_unregistered(
    manifest: DemoManifest, config: dict
) -> None:
    case = next(p for p in manifest.planted if p.kind == "UNDOCUMENTED_PROCESSING")
    system = next(s["system"] for s in config["sources"] if s["name"] == case.source)
    register = openpyxl.load_workbook(manifest.config_path.parent / config["register"]["path"])
    cells = " ".join(
        str(v) for row in register.active.iter_rows(values_only=True) for v in row if v
    )
    assert system not in cells


def test_canaries_are_raw_values_from_the_sources(manifest: DemoManifest) -> None:
    assert len(manifest.canaries) >= 20
    assert len(set(manifest.canaries)) == len(manifest.canaries)
    text = _all_text(manifest)
    missing = [c for c in manifest.canaries if c not in text]
    assert missing == []
    kinds = {
        "bsn": any(is_valid_bsn(c) for c in manifest.canaries),
        "iban": any(is_valid_iban(c) for c in manifest.canaries),
        "email": any("@" in c for c in manifest.canaries),
        "name": any(" " in c and c.replace(" ", "").isalpha() for c in manifest.canaries),
        "phone": any(
            re.fullmatch(r"[+\d][\d ()-]{8,}", c) and not c.isdigit() for c in manifest.canaries
        ),
    }
    assert all(kinds.values()), kinds


def test_demo_module_does_not_import_dagster() -> None:
    for path in DEMO_PACKAGE.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not any(a.name.split(".")[0] == "dagster" for a in node.names), path
            elif isinstance(node, ast.ImportFrom):
                assert (node.module or "").split(".")[0] != "dagster", path


def test_regenerating_into_the_same_directory(tmp_path: Path) -> None:
    first = generate_demo(tmp_path)
    before = _files(tmp_path)
    second = generate_demo(tmp_path)
    assert _files(tmp_path) == before
    assert first == second
