"""Fuzzing the parsers that read what others wrote: text extraction, the register, retention.

Three targets, each run for a set time:

- `extract`: `connectors.extract.extract_text` on bytes mutated from small valid seeds of every
  supported format (built in memory: text, CSV, JSON, XML, HTML, RTF, e-mail, DOCX, XLSX, PPTX,
  XLS, ODT, ODS, PDF, ZIP, PNG). OCR is off (`ExtractionLimits(ocr=False)`): Tesseract is a
  separate program, not a parser of ours. Acceptable: `ExtractionError`.
- `register`: `register_sync.load.load_register` on generated CSV, JSON and XLSX registers
  (header labels, list cells, formulas, Excel error values, merged cells, mutated bytes).
  Acceptable: `RegisterError`.
- `retention`: `register_sync.retention.parse_retention` on text built from the words
  registers use, and on arbitrary text. It never raises, so any exception is a crash.

Inputs come from hypothesis (as a generator: no shrinking, so each example costs one call) or,
with `--engine atheris`, from atheris (libFuzzer, coverage-guided; it stops at the first crash).
Every call runs in a worker process under a per-call timeout: a call that takes longer than
`--timeout` seconds is a hang, the worker is killed and a new one started. The worker's address
space is capped (`--memory-mb`), so a memory bomb shows as a crash, not a stuck machine.

Prints per target: executions, crashes, hangs; exits 1 on any crash or hang. Crashing and
hanging inputs are written to `--crashes` (one file per distinct signature) to become
regression tests (`tests/test_fuzz_regressions.py`).

    python benchmarks/fuzz.py [--seconds 60] [--targets extract,register,retention]
        [--timeout 5] [--seed 0] [--engine hypothesis|atheris] [--crashes DIR]
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import multiprocessing
import os
import re
import resource
import sys
import tempfile
import time
import traceback
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from email.message import EmailMessage
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

# Synthetic data only: a BSN that passes the 11-proef and belongs to no one, an invented name.
BSN = "111222333"
NAME = "Pieter van Dalen"

Payload = Any  # bytes (extract), str (retention), tuple[str, bytes] (register)


# -- the targets ---------------------------------------------------------------------------------


def call_extract(data: bytes) -> None:
    from connectors.base import ExtractionError
    from connectors.extract import ExtractionLimits, extract_text

    with contextlib.suppress(ExtractionError):
        extract_text(data, limits=ExtractionLimits(ocr=False))


def call_register(payload: tuple[str, bytes]) -> None:
    from register_sync.load import RegisterError, load_register

    suffix, data = payload
    with tempfile.TemporaryDirectory(prefix="avgscan-fuzz-") as folder:
        path = Path(folder) / f"register{suffix}"
        path.write_bytes(data)
        with contextlib.suppress(RegisterError):
            load_register(path)


def call_retention(text: str) -> None:
    from register_sync.retention import parse_retention

    parse_retention(text)


# -- seeds for the extractors (built in memory, synthetic) ---------------------------------------


def _docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph(f"Beschikking Wmo voor {NAME}, BSN {BSN}")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Postcode", "1234 AB"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _xlsx() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["naam", "bsn", "formule"])
    sheet.append([NAME, int(BSN), '=A2&"x"'])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _pptx() -> bytes:
    import pptx

    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Casusoverleg"
    slide.placeholders[1].text = f"Client {NAME}, BSN {BSN}"
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


def _xls() -> bytes | None:
    try:
        import xlwt  # type: ignore[import-untyped]  # a dev dependency
    except ImportError:
        return None
    book = xlwt.Workbook()
    sheet = book.add_sheet("Clienten")
    sheet.write(0, 0, NAME)
    sheet.write(0, 1, int(BSN))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _pdf() -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer)
    pdf.drawString(72, 750, f"Rapportage over {NAME}, BSN {BSN}")
    pdf.save()
    return buffer.getvalue()


def _odf(mime: str, body: str) -> bytes:
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mime)
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0"?><office:document-content {ns}><office:body>{body}'
            "</office:body></office:document-content>",
        )
    return buffer.getvalue()


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _eml() -> bytes:
    message = EmailMessage()
    message["From"] = f"{NAME} <p.vandalen@example.nl>"
    message["To"] = "wmo@gemeente-voorbeeld.nl"
    message["Subject"] = "Aanvraag"
    message["Date"] = "Thu, 12 Mar 2015 10:30:00 +0100"
    message["Message-ID"] = "<fuzz-1@example.nl>"
    message.set_content(f"Mijn BSN is {BSN}.")
    message.add_attachment(b"bijlage " + BSN.encode(), maintype="text", subtype="plain")
    return message.as_bytes()


def _png() -> bytes:
    import struct
    import zlib

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body)
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 2, 2, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00" * 2)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def extract_seeds() -> dict[str, bytes]:
    """One small valid file of every supported format."""
    text = f"Gesprek met {NAME} over zijn uitkering. BSN {BSN}.\n"
    seeds = {
        "txt": text.encode(),
        "cp1252": "Café Müller, € 12,50\n".encode("cp1252"),
        "utf16": text.encode("utf-16"),
        "csv": f"naam;bsn;plaats\n{NAME};{BSN};Utrecht\nEva;123456782;Zwolle\n".encode(),
        "json": json.dumps({"client": {"naam": NAME, "bsn": BSN, "tags": [1, None]}}).encode(),
        "xml": (
            f"<?xml version='1.0'?><dossier><naam>{NAME}</naam><bsn>{BSN}</bsn></dossier>"
        ).encode(),
        "html": f"<html><head><title>t</title></head><body><p>{NAME}</p><td>{BSN}</td></body>"
        "</html>".encode(),
        "rtf": (
            r"{\rtf1\ansi\ansicpg1252{\fonttbl{\f0 Arial;}}\pard "
            + NAME
            + r"\par BSN "
            + BSN
            + r" M\'fcnster \u8364? \cell\row}"
        ).encode(),
        "eml": _eml(),
        "docx": _docx(),
        "xlsx": _xlsx(),
        "pptx": _pptx(),
        "odt": _odf("application/vnd.oasis.opendocument.text", f"<text:p>{NAME}</text:p>"),
        "ods": _odf(
            "application/vnd.oasis.opendocument.spreadsheet",
            f"<table:table><table:table-row><table:table-cell><text:p>{BSN}</text:p>"
            "</table:table-cell></table:table-row></table:table>",
        ),
        "pdf": _pdf(),
        "zip": _zip({"a.txt": text.encode(), "b/c.csv": b"x;y\n1;2\n"}),
        "png": _png(),
    }
    xls = _xls()
    if xls is not None:
        seeds["xls"] = xls
    return seeds


# -- hypothesis strategies -----------------------------------------------------------------------

_INTERESTING = (b"\x00", b"\xff", b"PK\x03\x04", b"%PDF-", b"\xd0\xcf\x11\xe0", b"<", b"{\\rtf",
                b"\r\n", b"\\u99999", b"<!ENTITY", b"obj", b"stream", b"\xc3", b"\x81")  # fmt: skip


@st.composite
def mutated_bytes(draw: st.DrawFn, seeds: dict[str, bytes]) -> bytes:
    """A seed with a few byte-level mutations: flips, cuts, inserts, duplicated spans."""
    data = bytearray(seeds[draw(st.sampled_from(sorted(seeds)))])
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        at = draw(st.integers(0, len(data) - 1))
        op = draw(st.sampled_from(("flip", "cut", "truncate", "insert", "dup", "magic")))
        if op == "flip":
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif op == "cut":
            del data[at : at + draw(st.integers(1, 64))]
        elif op == "truncate":
            del data[at:]
        elif op == "insert":
            data[at:at] = draw(st.binary(min_size=1, max_size=32))
        elif op == "dup":
            span = bytes(data[at : at + draw(st.integers(1, 256))])
            data[at:at] = span * draw(st.integers(1, 8))
        else:
            data[at:at] = draw(st.sampled_from(_INTERESTING))
    return bytes(data)


_RETENTION_WORDS = (
    "7", "10", "0", "1,5", "2.5", "99999999999999999999", "1" * 400, "een", "twee", "tien",
    "anderhalf", "half", "jaar", "jaren", "jr", "maanden", "mnd", "weken", "dagen", "dag", "na",
    "vanaf", "beëindiging", "afwijzing", "tot", "de", "betrokkene", "23", "wordt", "leeftijd van",
    "P10Y", "P", "P0D", "P99999999999Y", "bewaren", "blijvend", "permanent", "8.1.1", "1.1",
    "Selectielijst", "resultaat", "nr.", "[bewaartermijn]", "n.t.b.", "?", "(", ")", ",", ";",
    "\n", " ", ".", "e", "ste", "levensjaar",
)  # fmt: skip


def retention_texts() -> st.SearchStrategy[str]:
    words = st.lists(st.sampled_from(_RETENTION_WORDS), max_size=20).map(" ".join)
    return st.one_of(words, st.text(max_size=200), words.map(lambda s: s.replace(" ", "")))


_HEADER_WORDS = (
    "Naam verwerking", "Doel", "Grondslag", "Categorieën betrokkenen",
    "Categorieën persoonsgegevens", "Ontvangers", "Bewaartermijn", "Systemen/Applicaties",
    "Verwerker", "DPIA", "CategorieÃ«n", "Uitzonderingsgrond", "",
)  # fmt: skip
_CELL_WORDS = (
    "Wmo", "NAW", "BSN", "Gezondheid", "• Naam\n• BSN", "7 jaar", "10 jaar na beëindiging",
    "[bewaartermijn]", "Suite4Sociaal Domein", "Ja", "Nee", "Art. 6 lid 1 sub e", "(", ")",
    "Eventueel: geboortedatum", '=A1&"x"', "#REF!", "#DIV/0!", "#N/A", "8.1.1", "P10Y", "",
)  # fmt: skip


def _cell() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.sampled_from(_CELL_WORDS),
        st.text(max_size=40),
        st.integers(-(10**12), 10**12),
        st.floats(allow_nan=True, allow_infinity=True),
        st.none(),
        st.booleans(),
    )


@st.composite
def register_tables(draw: st.DrawFn) -> list[list[Any]]:
    width = draw(st.integers(1, 10))
    header = [draw(st.sampled_from(_HEADER_WORDS)) for _ in range(width)]
    rows = draw(st.lists(st.lists(_cell(), max_size=width + 2), max_size=12))
    junk = draw(st.lists(st.lists(_cell(), max_size=3), max_size=3))
    return [*junk, header, *rows]


def _csv_bytes(table: list[list[Any]], delimiter: str, encoding: str) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    for row in table:
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue().encode(encoding, "replace")


def _xlsx_bytes(table: list[list[Any]], merges: list[tuple[int, int, int, int]]) -> bytes:
    import openpyxl
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in table:
        cells: list[Any] = []
        for value in row:
            if isinstance(value, str):  # openpyxl refuses control characters in cells
                value = "".join(c for c in value if c >= " " or c in "\t\n\r")
            cells.append(value)
        sheet.append(cells)
    for top, left, height, width in merges:
        with contextlib.suppress(ValueError):
            sheet.merge_cells(
                f"{get_column_letter(left)}{top}:{get_column_letter(left + width)}{top + height}"
            )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@st.composite
def register_files(draw: st.DrawFn, xlsx_seed: bytes) -> tuple[str, bytes]:
    table = draw(register_tables())
    kind = draw(st.sampled_from(("csv", "csv", "json", "xlsx", "xlsx-mutated")))
    if kind == "csv":
        delimiter = draw(st.sampled_from((";", ",", "\t", "|")))
        return ".csv", _csv_bytes(table, delimiter, draw(st.sampled_from(("utf-8", "cp1252"))))
    if kind == "json":
        header = [str(h) for h in table[0]] if table else []
        items = [dict(zip(header, row, strict=False)) for row in table[1:]]
        shape = draw(st.sampled_from(("list", "results", "scalar", "nested")))
        document: Any = {
            "list": items,
            "results": {"results": items},
            "scalar": items[0] if items else 1,
            "nested": [{"naam": {"naam": [i]}} for i in items],
        }[shape]
        return ".json", json.dumps(document, default=str).encode()
    if kind == "xlsx":
        corner = st.integers(1, 6)
        span = st.integers(0, 2)
        merges = draw(st.lists(st.tuples(corner, corner, span, span), max_size=3))
        return ".xlsx", _xlsx_bytes(table, merges)
    return ".xlsx", draw(mutated_bytes({"xlsx": xlsx_seed}))


def _register_xlsx_seed() -> bytes:
    return _xlsx_bytes(
        [list(_HEADER_WORDS[:10]), ["Wmo", "Zorg", "Art. 6", "Cliënten", "NAW; BSN", None,
                                    "7 jaar", "Suite", "Centric", "Ja"]], [(2, 1, 1, 0)]
    )  # fmt: skip


def _register_csv_seed() -> bytes:
    return (
        "Naam verwerking;Categorieën persoonsgegevens;Bewaartermijn;Systemen\n"
        "Wmo;NAW, BSN;7 jaar;Suite\n"
    ).encode()


@dataclass(frozen=True)
class Target:
    name: str
    call: Callable[[Payload], None]
    strategy: Callable[[], st.SearchStrategy[Payload]]
    # One valid input, run before the clock starts: first calls import heavy modules (the
    # register's quality suite imports great_expectations, seconds), which is no hang.
    warmup: Callable[[], Payload]


TARGETS: dict[str, Target] = {
    "extract": Target(
        "extract", call_extract, lambda: mutated_bytes(extract_seeds()), lambda: _xlsx()
    ),
    "register": Target(
        "register",
        call_register,
        lambda: register_files(_register_xlsx_seed()),
        lambda: (".csv", _register_csv_seed()),
    ),
    "retention": Target("retention", call_retention, retention_texts, lambda: "7 jaar"),
}


# -- running each call in a worker, under a timeout ----------------------------------------------


def _vm_bytes() -> int:
    try:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _worker(conn: Connection, target: str, memory_mb: int) -> None:
    cap = _vm_bytes() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    call = TARGETS[target].call
    call(TARGETS[target].warmup())
    conn.send(("ready", ""))
    while True:
        payload = conn.recv()
        if payload is None:
            return
        try:
            call(payload)
        except BaseException as exc:  # everything undocumented is a crash
            conn.send(("crash", crash_signature(exc)))
        else:
            conn.send(("ok", ""))


def crash_signature(exc: BaseException) -> str:
    """Exception type and the innermost frame in our own code (never the message: it may
    quote the input)."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if any(p in f.filename for p in ("connectors", "register_sync"))]
    where = ours[-1] if ours else (frames[-1] if frames else None)
    place = f" at {Path(where.filename).name}:{where.lineno}" if where else ""
    return f"{type(exc).__name__}{place}"


_WARMUP_SECONDS = 120.0


class Runner:
    """One worker process; restarted after a hang or a death."""

    def __init__(self, target: str, timeout: float, memory_mb: int) -> None:
        self.target, self.timeout, self.memory_mb = target, timeout, memory_mb
        self._context = multiprocessing.get_context("fork")
        self._start()

    def _start(self) -> None:
        self._conn, child = self._context.Pipe()
        self._process = self._context.Process(
            target=_worker, args=(child, self.target, self.memory_mb), daemon=True
        )
        self._process.start()
        child.close()
        try:
            ready = self._conn.poll(_WARMUP_SECONDS) and self._conn.recv()[0] == "ready"
        except EOFError:  # the warm-up input itself failed: the harness is broken
            ready = False
        if not ready:
            raise RuntimeError(f"fuzz worker for {self.target} did not start")

    def run(self, payload: Payload) -> tuple[str, str]:
        try:
            self._conn.send(payload)
            if self._conn.poll(self.timeout):
                outcome: tuple[str, str] = self._conn.recv()
                return outcome
        except (EOFError, OSError, BrokenPipeError):
            self._restart()
            return "crash", f"worker died (exit code {self._process.exitcode})"
        self._restart()
        return "hang", f"no answer within {self.timeout:g} s"

    def _restart(self) -> None:
        self._process.kill()
        self._process.join()
        self._conn.close()
        self._start()

    def close(self) -> None:
        with contextlib.suppress(OSError, BrokenPipeError):
            self._conn.send(None)
        self._process.join(timeout=5)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()


@dataclass
class Stats:
    target: str
    executions: int = 0
    crashes: int = 0
    hangs: int = 0
    signatures: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def clean(self) -> bool:
        return self.crashes == 0 and self.hangs == 0


def _save(crashes: Path | None, target: str, signature: str, payload: Payload) -> None:
    if crashes is None:
        return
    crashes.mkdir(parents=True, exist_ok=True)
    if isinstance(payload, tuple):  # register: suffix and content
        suffix, data = payload
    elif isinstance(payload, str):
        suffix, data = ".txt", payload.encode("utf-8", "surrogatepass")
    else:
        suffix, data = ".bin", payload
    digest = hashlib.sha256(signature.encode()).hexdigest()[:12]
    (crashes / f"{target}-{digest}{suffix}").write_bytes(data)


def fuzz_hypothesis(
    target: Target,
    *,
    seconds: float,
    timeout: float = 5.0,
    seed: int = 0,
    memory_mb: int = 2048,
    crashes: Path | None = None,
) -> Stats:
    """Run `target` on hypothesis-generated inputs for `seconds`, each call in the worker."""
    stats = Stats(target.name)
    runner = Runner(target.name, timeout, memory_mb)
    started = time.monotonic()
    deadline = started + seconds

    @settings(max_examples=200, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    @given(target.strategy())
    def one(payload: Payload) -> None:
        # one input at least, however slow the machine: generating the first one (a
        # workbook, say) may itself take the whole budget
        if stats.executions and time.monotonic() > deadline:
            return
        outcome, signature = runner.run(payload)
        stats.executions += 1
        if outcome == "ok":
            return
        if outcome == "hang":
            stats.hangs += 1
        else:
            stats.crashes += 1
        key = f"{outcome}: {signature}"
        if key not in stats.signatures:
            _save(crashes, target.name, key, payload)
        stats.signatures[key] = stats.signatures.get(key, 0) + 1

    try:
        batch = 0
        while time.monotonic() < deadline or (not stats.executions and batch < 3):
            hypothesis_seed(seed * 1_000_003 + batch)(one)()
            batch += 1
    finally:
        runner.close()
    stats.seconds = time.monotonic() - started
    return stats


# -- atheris (libFuzzer), where it installs ------------------------------------------------------


def _atheris_payload(target: str, data: bytes) -> Payload:
    if target == "retention":
        return data.decode("utf-8", "replace")
    if target == "register":
        suffix = (".csv", ".json", ".xlsx")[data[0] % 3] if data else ".csv"
        return suffix, data[1:]
    return data


def _atheris_child(target: str, libfuzzer_args: list[str]) -> None:
    import atheris  # type: ignore[import-not-found]

    with atheris.instrument_imports():
        import connectors.extract  # noqa: F401
        import register_sync.load
        import register_sync.retention  # noqa: F401
    call = TARGETS[target].call
    call(TARGETS[target].warmup())

    def one_input(data: bytes) -> None:
        call(_atheris_payload(target, data))

    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()


def _atheris_corpus(target: str, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    if target == "extract":
        seeds = extract_seeds()
    elif target == "register":
        seeds = {
            "csv": b"\x00Naam verwerking;Categorie\xc3\xabn persoonsgegevens;Bewaartermijn\n"
            b"Wmo;NAW, BSN;7 jaar\n",
            "json": b'\x01[{"Naam verwerking": "Wmo", "Bewaartermijn": "P7Y", "DPIA": true}]',
            "xlsx": b"\x02" + _register_xlsx_seed(),
        }
    else:
        seeds = {
            "a": b"7 jaar",
            "b": b"10 jaar na beeindiging, 5 jaar",
            "c": b"P10Y",
            "d": b"8.1.1",
        }
    for name, data in seeds.items():
        (folder / name).write_bytes(data)


def fuzz_atheris(
    target: Target, *, seconds: float, timeout: float, memory_mb: int, crashes: Path | None
) -> Stats:
    """Run atheris in a child process; libFuzzer stops at the first crash or hang."""
    import subprocess

    stats = Stats(target.name)
    with tempfile.TemporaryDirectory(prefix="avgscan-atheris-") as folder:
        corpus = Path(folder) / "corpus"
        _atheris_corpus(target.name, corpus)
        artifacts = crashes or Path(folder)
        artifacts.mkdir(parents=True, exist_ok=True)
        args = [
            f"-max_total_time={int(seconds)}",
            f"-timeout={max(1, int(timeout))}",
            f"-rss_limit_mb={memory_mb}",
            f"-artifact_prefix={artifacts}/{target.name}-",
            "-print_final_stats=1",
            str(corpus),
        ]
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, __file__, "--atheris-child", target.name, "--", *args],
            capture_output=True,
            text=True,
            timeout=seconds + 120,
            check=False,
        )
        stats.seconds = time.monotonic() - started
    log = done.stdout + done.stderr
    for line in log.splitlines():
        if line.startswith("stat::number_of_executed_units:"):
            stats.executions = int(line.split(":")[-1])
    if done.returncode != 0:
        hang = "libFuzzer: timeout" in log or "ALARM: working on the last Unit" in log
        stats.hangs, stats.crashes = int(hang), int(not hang)
        # The exception's type only: its message may quote the input.
        types = re.findall(r"^(\w+(?:Error|Exception|Exit)\w*):", log, re.MULTILINE)
        kind = "hang" if hang else "crash"
        stats.signatures[f"{kind}: {types[-1] if types else f'exit code {done.returncode}'}"] = 1
    return stats


# -- command line --------------------------------------------------------------------------------


def report(stats: Stats) -> str:
    line = (
        f"{stats.target:<10} {stats.executions:>8} executions  {stats.crashes:>3} crashes  "
        f"{stats.hangs:>3} hangs  ({stats.seconds:.0f} s)"
    )
    details = [f"    {count:>6} x {key}" for key, count in sorted(stats.signatures.items())]
    return "\n".join([line, *details])


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--atheris-child"]:
        _atheris_child(argv[1], argv[3:] if argv[2:3] == ["--"] else argv[2:])
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="per target")
    parser.add_argument("--targets", default=",".join(TARGETS))
    parser.add_argument("--timeout", type=float, default=5.0, help="per call: longer is a hang")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--memory-mb", type=int, default=2048, help="address space per worker")
    parser.add_argument("--engine", choices=("hypothesis", "atheris"), default="hypothesis")
    parser.add_argument("--crashes", type=Path, default=Path(".avgscan/fuzz-crashes"))
    options = parser.parse_args(argv)
    clean = True
    for name in options.targets.split(","):
        target = TARGETS[name.strip()]
        if options.engine == "atheris":
            stats = fuzz_atheris(
                target,
                seconds=options.seconds,
                timeout=options.timeout,
                memory_mb=options.memory_mb,
                crashes=options.crashes,
            )
        else:
            stats = fuzz_hypothesis(
                target,
                seconds=options.seconds,
                timeout=options.timeout,
                seed=options.seed,
                memory_mb=options.memory_mb,
                crashes=options.crashes,
            )
        print(report(stats), flush=True)
        clean = clean and stats.clean
    return 0 if clean else 1


if __name__ == "__main__":
    sys.exit(main())
