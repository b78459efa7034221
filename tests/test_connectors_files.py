"""LocalFileStore and text extraction on a generated share with real documents."""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from connectors import (
    EXTRACTORS,
    ConnectorError,
    ExtractionError,
    FileRef,
    LocalFileStore,
    extract_text,
    file_fingerprint,
    same_content,
    same_metadata,
    sniff_mime,
)
from connectors.extract import DOCX_MIME, OLE_MIME, XLSX_MIME
from connectors.extractors import ExtractionContext
from connectors.files import excluded, hidden_or_system

NAME = "Jansen, Pieter"
BSN = "111222333"


def make_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph(f"Beschikking Wmo voor {NAME}")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "BSN"
    table.cell(0, 1).text = BSN
    table.cell(1, 0).text = "Postcode"
    table.cell(1, 1).text = "1234 AB"
    document.sections[0].header.paragraphs[0].text = "Gemeente Voorbeeld, Raadhuisplein 1"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Clienten"
    sheet.append(["naam", "bsn", "geboortedatum"])
    sheet.append([NAME, int(BSN), datetime(1984, 3, 12)])
    second = workbook.create_sheet("Bezwaren")
    second.append(["zaak", "omschrijving"])
    second.append(["Z-001", "bezwaar tegen afwijzing bijstand"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_pdf(text: str = f"Rapportage over {NAME}, BSN {BSN}") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 750, text)
    pdf.showPage()
    pdf.drawString(72, 750, "Pagina twee: 06-12345678")
    pdf.save()
    return buffer.getvalue()


def make_encrypted_pdf() -> bytes:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(make_pdf())))
    writer.encrypt(user_password="geheim", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
CSV_TEXT = "naam;bsn;woonplaats\nJan de Vries;111222333;Utrecht\nEva Bakker;123456782;Zwolle\n"


@pytest.fixture
def share(tmp_path: Path) -> Path:
    root = tmp_path / "share"
    (root / "Wmo" / "Bezwaar").mkdir(parents=True)
    (root / "Archief").mkdir()
    (root / ".git").mkdir()
    files: dict[str, bytes] = {
        "notitie.txt": f"Gesprek met {NAME} over zijn uitkering.\n".encode(),
        "clienten.csv": CSV_TEXT.encode(),
        "Wmo/beschikking.docx": make_docx(),
        "Wmo/overzicht.xlsx": make_xlsx(),
        "Wmo/Bezwaar/rapport.pdf": make_pdf(),
        "Wmo/Bezwaar/eigenlijk-een-pdf.txt": make_pdf("Verkeerde extensie"),
        "Wmo/kapot.pdf": b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage \x00\x01\x02",
        "Wmo/afgebroken.docx": make_docx()[:20_000],  # an interrupted copy
        "Wmo/oud.doc": OLE_HEADER,
        "Wmo/ansi.txt": "Caf\xe9 De Gouden Leeuw, \u20ac 12,50 \u2013 mevr. M\xfcller".encode(
            "cp1252"
        ),
        "Archief/oud.txt": b"archief",
        "tijdelijk.tmp": b"tmp",
        ".verborgen.txt": b"hidden",
        ".git/config": b"[core]",
    }
    for rel, data in files.items():
        (root / rel).write_bytes(data)
    return root


def test_list_files_sorted_relative_posix_skipping_hidden(share: Path) -> None:
    store = LocalFileStore(share)
    refs = list(store.list_files())
    paths = [r.path for r in refs]
    assert paths == [
        "Archief/oud.txt",
        "Wmo/Bezwaar/eigenlijk-een-pdf.txt",
        "Wmo/Bezwaar/rapport.pdf",
        "Wmo/afgebroken.docx",
        "Wmo/ansi.txt",
        "Wmo/beschikking.docx",
        "Wmo/kapot.pdf",
        "Wmo/oud.doc",
        "Wmo/overzicht.xlsx",
        "clienten.csv",
        "notitie.txt",
        "tijdelijk.tmp",
    ]
    ref = refs[paths.index("notitie.txt")]
    assert ref.size == (share / "notitie.txt").stat().st_size
    assert ref.modified.tzinfo is not None
    assert ref.modified.utcoffset().total_seconds() == 0  # type: ignore[union-attr]
    assert abs((datetime.now(UTC) - ref.modified).total_seconds()) < 600


def test_exclude_globs(share: Path) -> None:
    store = LocalFileStore(share, exclude=["Archief", "*.tmp", "Wmo/Bezwaar/*"])
    paths = [r.path for r in store.list_files()]
    assert "Archief/oud.txt" not in paths
    assert "tijdelijk.tmp" not in paths
    assert not [p for p in paths if p.startswith("Wmo/Bezwaar/")]
    assert "Wmo/beschikking.docx" in paths


def test_symlinks_outside_root_are_not_followed_and_loops_end(share: Path, tmp_path: Path) -> None:
    outside = tmp_path / "buiten"
    outside.mkdir()
    (outside / "geheim.txt").write_text("buiten de share")
    (share / "link-naar-buiten").symlink_to(outside, target_is_directory=True)
    (share / "geheim-link.txt").symlink_to(outside / "geheim.txt")
    (share / "Wmo" / "lus").symlink_to(share, target_is_directory=True)  # a loop
    (share / "dezelfde.docx").symlink_to(share / "Wmo" / "beschikking.docx")  # inside: followed
    (share / "kapotte-link").symlink_to(share / "bestaat-niet")
    store = LocalFileStore(share)
    paths = [r.path for r in store.list_files()]
    assert not [p for p in paths if "buiten" in p or "geheim" in p or "lus" in p]
    assert len(paths) == len(set(paths))
    assert "Wmo/beschikking.docx" in paths  # listed once, under the first name in walk order
    assert "dezelfde.docx" not in paths
    with pytest.raises(ConnectorError, match="leaves the share"):
        store.read_bytes(FileRef("geheim-link.txt", 10, datetime.now(UTC)))
    with pytest.raises(ConnectorError, match="not inside"):
        store.read_bytes(FileRef("../buiten/geheim.txt", 10, datetime.now(UTC)))


def test_read_text_sniffs_content_not_extension(share: Path) -> None:
    store = LocalFileStore(share)
    refs = {r.path: r for r in store.list_files()}

    text = store.read_text(refs["notitie.txt"])
    assert (text.mime, NAME in text.text) == ("text/plain", True)

    csv = store.read_text(refs["clienten.csv"])
    assert csv.mime == "text/csv"
    assert "Jan de Vries | 111222333 | Utrecht" in csv.text

    word = store.read_text(refs["Wmo/beschikking.docx"])
    assert word.mime == DOCX_MIME
    assert NAME in word.text and BSN in word.text and "1234 AB" in word.text
    assert "Raadhuisplein" in word.text  # headers too

    excel = store.read_text(refs["Wmo/overzicht.xlsx"])
    assert excel.mime == XLSX_MIME
    assert NAME in excel.text and BSN in excel.text and "bijstand" in excel.text

    pdf = store.read_text(refs["Wmo/Bezwaar/rapport.pdf"])
    assert pdf.mime == "application/pdf"
    assert BSN in pdf.text and "06-12345678" in pdf.text

    renamed = store.read_text(refs["Wmo/Bezwaar/eigenlijk-een-pdf.txt"])
    assert renamed.mime == "application/pdf"
    assert "Verkeerde extensie" in renamed.text

    ansi = store.read_text(refs["Wmo/ansi.txt"])
    assert ansi.mime == "text/plain"
    assert ansi.text == "Café De Gouden Leeuw, € 12,50 – mevr. Müller"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("Wmo/kapot.pdf", "corrupt PDF"),
        ("Wmo/afgebroken.docx", "corrupt or truncated Word document"),
        ("Wmo/oud.doc", "encrypted or legacy Office file"),
    ],
)
def test_unreadable_files_raise_clear_extraction_errors(
    share: Path, path: str, reason: str
) -> None:
    store = LocalFileStore(share)
    ref = next(r for r in store.list_files() if r.path == path)
    with pytest.raises(ExtractionError, match=reason) as excinfo:
        store.read_text(ref)
    assert str(excinfo.value).startswith(f"{path}: ")
    assert excinfo.value.__cause__ is None
    assert isinstance(excinfo.value, ConnectorError)


def test_encrypted_pdf(tmp_path: Path) -> None:
    data = make_encrypted_pdf()
    assert sniff_mime(data) == "application/pdf"
    with pytest.raises(ExtractionError, match="encrypted PDF") as excinfo:
        extract_text(data)
    assert BSN not in str(excinfo.value)


def test_oversize_file_is_refused(share: Path) -> None:
    (share / "groot.txt").write_bytes(b"a" * 2048)
    store = LocalFileStore(share, max_bytes=1024)
    refs = {r.path: r for r in store.list_files()}
    assert refs["groot.txt"].size == 2048  # listed, with its size
    with pytest.raises(ConnectorError, match=r"groot\.txt: 2048 bytes exceeds the limit of 1024"):
        store.read_bytes(refs["groot.txt"])
    with pytest.raises(ConnectorError):
        store.read_text(refs["groot.txt"])
    assert store.read_bytes(refs["notitie.txt"]).startswith(b"Gesprek")


def test_vanished_file_and_missing_root(share: Path, tmp_path: Path) -> None:
    store = LocalFileStore(share)
    ref = next(r for r in store.list_files() if r.path == "notitie.txt")
    (share / "notitie.txt").unlink()
    with pytest.raises(ConnectorError, match=r"notitie\.txt: file not found"):
        store.read_bytes(ref)
    with pytest.raises(ConnectorError, match="not reachable"):
        list(LocalFileStore(tmp_path / "bestaat-niet").list_files())


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read anything")
def test_unreadable_folder_is_recorded_as_skipped(share: Path) -> None:
    locked = share / "Wmo" / "Bezwaar"
    locked.chmod(0)
    try:
        store = LocalFileStore(share)
        paths = [r.path for r in store.list_files()]
    finally:
        locked.chmod(0o755)
    assert not [p for p in paths if p.startswith("Wmo/Bezwaar")]
    assert store.skipped == [("Wmo/Bezwaar", "cannot list (PermissionError)")]


def test_special_files_are_not_listed(share: Path) -> None:
    os.mkfifo(share / "pijp")
    assert "pijp" not in [r.path for r in LocalFileStore(share).list_files()]


# -- sniffing and extraction without a store -----------------------------------------------------


@pytest.mark.parametrize(
    ("data", "mime"),
    [
        (b"%PDF-1.4\n...", "application/pdf"),
        (OLE_HEADER, OLE_MIME),
        (b"", "text/plain"),
        (b"Beste meneer Jansen,\nDank voor uw brief.", "text/plain"),
        (CSV_TEXT.encode(), "text/csv"),
        (b"a,b,c\n1,2,3\n4,5,6\n", "text/csv"),
        (b"a\tb\n1\t2\n", "text/csv"),
        ("\ufeffnaam;bsn\nJan;111222333\n".encode(), "text/csv"),
        ("naam;bsn\nJos;1\n".encode("utf-16"), "text/csv"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image/png"),  # OCR'd: see test_connectors_ocr
        (b"\x00\x01\x02\x03binary", "application/octet-stream"),
        (b"\x81\x8d\x8f\x90", "application/octet-stream"),  # undefined in cp1252, invalid UTF-8
    ],
)
def test_sniff_mime(data: bytes, mime: str) -> None:
    assert sniff_mime(data) == mime


def test_sniff_office_containers() -> None:
    assert sniff_mime(make_docx()) == DOCX_MIME
    assert sniff_mime(make_xlsx()) == XLSX_MIME
    assert sniff_mime(make_docx()[:20_000]) == DOCX_MIME  # truncated: recognised, then refused
    with pytest.raises(ExtractionError, match="corrupt or truncated ZIP"):
        extract_text(make_docx()[:300])  # too short to tell Word from Excel
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("foto.jpg", b"...")
    assert sniff_mime(buffer.getvalue()) == "application/zip"
    assert extract_text(buffer.getvalue()).parts[0].name == "foto.jpg"  # archives: see
    # test_connectors_extract.py


def test_extractors_are_keyed_by_mime() -> None:
    assert {"text/plain", "text/csv", DOCX_MIME, XLSX_MIME, "application/pdf"} <= set(EXTRACTORS)
    assert EXTRACTORS["text/plain"](b"hallo", ExtractionContext()).text == "hallo"


def test_unsupported_type_message_has_no_content() -> None:
    data = b"\x00\x00" + BSN.encode()
    with pytest.raises(ExtractionError, match="unsupported file type") as excinfo:
        extract_text(data)
    assert BSN not in str(excinfo.value)


# -- walk rules shared with SmbFileStore ------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "attributes", "skipped"),
    [
        ("brief.docx", 0, False),
        ("brief.docx", 0x20, False),  # archive
        ("brief.docx", 0x1, False),  # read-only
        ("brief.docx", 0x80, False),  # normal
        (".git", 0x10, True),  # dot-name folder
        (".verborgen.txt", 0, True),
        ("desktop.ini", 0x2 | 0x4, True),  # hidden and system, as Windows makes it
        ("~$brief.docx", 0x2, True),  # Word's owner file: hidden
        ("pagefile.sys", 0x4, True),  # system only
        ("Thumbs.db", 0x2 | 0x20, True),
        ("map", 0x10 | 0x2, True),  # a hidden folder
    ],
)
def test_hidden_or_system(name: str, attributes: int, skipped: bool) -> None:
    assert hidden_or_system(name, attributes) is skipped


@pytest.mark.parametrize(
    ("rel", "patterns", "expected"),
    [
        ("Archief", ["Archief"], True),
        ("Archief/2019/oud.txt", ["Archief/*"], True),  # `*` crosses `/`
        ("Wmo/Archief", ["Archief"], False),  # anchored at the root
        ("Wmo/kladje.tmp", ["*.tmp"], True),
        ("Wmo/kladje.TMP", ["*.tmp"], False),  # case-sensitive, as documented
        ("Wmo/brief.txt", [], False),
    ],
)
def test_excluded(rel: str, patterns: list[str], expected: bool) -> None:
    assert excluded(rel, patterns) is expected


# -- fingerprints for incremental scans ------------------------------------------------------


def _ref(size: int = 100, modified: datetime | None = None) -> FileRef:
    return FileRef("Wmo/brief.docx", size, modified or datetime(2024, 5, 1, 12, 0, 0, 123456, UTC))


def test_fingerprint_format_and_exact_mtime() -> None:
    ref = _ref()
    assert file_fingerprint(ref) == "fp1:100:1714564800123456000"
    content = b"inhoud"
    assert file_fingerprint(ref, content) == (
        "fp1:100:1714564800123456000:sha256:" + hashlib.sha256(content).hexdigest()
    )
    keyed = file_fingerprint(ref, content, key=b"k" * 32)
    assert keyed.startswith("fp1:100:1714564800123456000:hmac-sha256:")
    assert hashlib.sha256(content).hexdigest() not in keyed
    # a microsecond apart is a different fingerprint; no float rounding
    assert file_fingerprint(_ref(modified=datetime(2024, 5, 1, 12, 0, 0, 123457, UTC))) != (
        file_fingerprint(ref)
    )


def test_fingerprint_decides_skip_keep_or_rescan() -> None:
    key = b"sleutel-van-de-gemeente-32-bytes"
    content = b"Beschikking voor " + NAME.encode()
    stored = file_fingerprint(_ref(), content, key=key)

    # 1. size and mtime unchanged: not read at all
    assert same_metadata(stored, _ref())
    # 2. touched (new mtime), same bytes: read, hash equal, previous findings stay
    touched = _ref(modified=datetime(2025, 1, 1, tzinfo=UTC))
    assert not same_metadata(stored, touched)
    assert same_content(stored, content, key=key)
    # 3. edited: everything differs, rescan
    assert not same_metadata(stored, _ref(size=101))
    assert not same_content(stored, content + b"!", key=key)
    # a hash of another kind (plain vs keyed, other key) never matches
    assert not same_content(stored, content)
    assert not same_content(stored, content, key=b"andere sleutel")
    assert not same_content(file_fingerprint(_ref()), content)  # no hash stored: must rescan
    # nothing stored, or an unknown format: never skip
    for bad in (None, "", "fp0:100:1714564800123456000", "100:1714564800123456000", "fp1:100"):
        assert not same_metadata(bad, _ref())
        assert not same_content(bad, content)


def test_fingerprint_of_a_real_file_is_stable_until_it_changes(share: Path) -> None:
    store = LocalFileStore(share)

    def fingerprints() -> dict[str, str]:
        return {r.path: file_fingerprint(r) for r in store.list_files()}

    before = fingerprints()
    assert before == fingerprints()
    target = share / "notitie.txt"
    stat_before = target.stat()
    target.write_bytes(target.read_bytes().replace(b"Gesprek", b"gesprek"))  # same size
    os.utime(target, ns=(stat_before.st_atime_ns, stat_before.st_mtime_ns + 1_000))
    after = fingerprints()
    assert after["notitie.txt"] != before["notitie.txt"]
    assert {k: v for k, v in after.items() if k != "notitie.txt"} == {
        k: v for k, v in before.items() if k != "notitie.txt"
    }
