"""Text extraction per format, container limits (zip bombs), unscannable files and document dates.

Every fixture is generated here from synthetic data: Office files with their own libraries,
ODF and ZIP with zipfile, e-mail with the standard library, Outlook .msg with a minimal
compound-file writer (below), since olefile can read but not write them.
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

import docx
import openpyxl
import pptx
import pypdf
import pytest
import xlwt
from faker import Faker
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from connectors import EXTRACTORS, ExtractedText, ExtractionError, extract_text, sniff_mime
from connectors.extract import ExtractionLimits
from connectors.extractors.common import (
    CSV_MIME,
    DOCX_MIME,
    EML_MIME,
    HTML_MIME,
    JSON_MIME,
    MSG_MIME,
    ODS_MIME,
    ODT_MIME,
    OOXML_ENCRYPTED_MIME,
    PDF_MIME,
    PPTX_MIME,
    RTF_MIME,
    TEXT_MIME,
    XLS_MIME,
    XLSX_MIME,
    XML_MIME,
    ZIP_MIME,
)

fake = Faker("nl_NL")
Faker.seed(20240412)
NAME = fake.name()
BSN = "111222333"  # passes the 11-proef; belongs to no one
CREATED = datetime(2015, 3, 12, 9, 30, tzinfo=UTC)
NO_OCR = ExtractionLimits(ocr=False)


# -- generators ----------------------------------------------------------------------------------


def make_docx(created: datetime | None = CREATED) -> bytes:
    document = docx.Document()
    document.add_paragraph(f"Beschikking Wmo voor {NAME}, BSN {BSN}")
    if created:
        document.core_properties.created = created.replace(tzinfo=None)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def make_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["naam", "bsn"])
    sheet.append([NAME, int(BSN)])
    workbook.properties.created = CREATED.replace(tzinfo=None)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def make_xls() -> bytes:
    book = xlwt.Workbook()
    sheet = book.add_sheet("Clienten")
    for col, value in enumerate(["naam", "bsn", "geboortedatum"]):
        sheet.write(0, col, value)
    sheet.write(1, 0, NAME)
    sheet.write(1, 1, int(BSN))
    sheet.write(1, 2, datetime(1984, 3, 12), xlwt.easyxf(num_format_str="DD-MM-YYYY"))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def make_pptx() -> bytes:
    presentation = pptx.Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])
    slide.shapes.title.text = "Casusoverleg"
    slide.placeholders[1].text = f"Client {NAME}, BSN {BSN}"
    table = slide.shapes.add_table(2, 2, 0, 0, 100, 100).table
    table.cell(0, 0).text = "Postcode"
    table.cell(0, 1).text = "1234 AB"
    slide.notes_slide.notes_text_frame.text = "Notitie: 06-12345678"
    presentation.core_properties.created = CREATED.replace(tzinfo=None)
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


_ODF_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0"'
)


def make_odf(mime: str, body: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), mime)  # stored, first, as ODF requires
        archive.writestr(
            "content.xml",
            f'<?xml version="1.0"?><office:document-content {_ODF_NS}><office:body>'
            f"{body}</office:body></office:document-content>",
        )
        archive.writestr(
            "meta.xml",
            f'<?xml version="1.0"?><office:document-meta {_ODF_NS}><office:meta>'
            "<meta:creation-date>2015-03-12T10:30:00</meta:creation-date>"
            "</office:meta></office:document-meta>",
        )
    return buffer.getvalue()


def make_pdf(text: str = f"Rapportage over {NAME}, BSN {BSN}") -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 750, text)
    pdf.save()
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(buffer.getvalue())))
    writer.add_metadata({"/CreationDate": "D:20150312103000+01'00'"})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def make_eml(attachments: list[tuple[str, bytes]] = ()) -> bytes:  # type: ignore[assignment]
    message = EmailMessage()
    message["From"] = f"{NAME} <{fake.user_name()}@example.nl>"
    message["To"] = "Team Wmo <wmo@gemeente-voorbeeld.nl>"
    message["Subject"] = "Aanvraag huishoudelijke hulp"
    message["Date"] = format_datetime(CREATED)
    message["Message-ID"] = "<synthetisch-1@example.nl>"
    message.set_content(f"Beste team,\nMijn BSN is {BSN}.\nGroet, {NAME}")
    message.add_alternative(f"<p>Beste team,<br>Mijn BSN is {BSN}.</p>", subtype="html")
    for filename, data in attachments:
        message.add_attachment(
            data, maintype="application", subtype="octet-stream", filename=filename
        )
    return message.as_bytes()


def _utf16(text: str) -> bytes:
    return text.encode("utf-16-le")


def _filetime(moment: datetime) -> int:
    return int((moment - datetime(1601, 1, 1, tzinfo=UTC)).total_seconds() * 10_000_000)


def make_msg(attachment: tuple[str, bytes] | None = None) -> bytes:
    """An Outlook item: subject, body, sender, one recipient, sent time and an attachment."""
    properties = bytes(32) + struct.pack("<IIQ", 0x00390040, 0, _filetime(CREATED))
    tree: Tree = {
        "__substg1.0_0037001F": _utf16("Melding overlast"),
        "__substg1.0_1000001F": _utf16(f"Melder {NAME}, BSN {BSN}, belt terug op 06-12345678."),
        "__substg1.0_0C1A001F": _utf16(NAME),
        "__properties_version1.0": properties,
        "__recip_version1.0_#00000000": {
            "__substg1.0_3001001F": _utf16("Team Handhaving"),
            "__substg1.0_39FE001F": _utf16("handhaving@gemeente-voorbeeld.nl"),
        },
    }
    if attachment:
        tree["__attach_version1.0_#00000000"] = {
            "__substg1.0_3707001F": _utf16(attachment[0]),
            "__substg1.0_37010102": attachment[1],
        }
    return build_cfb(tree)


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


RTF = (
    r"{\rtf1\ansi\ansicpg1252\deff0{\fonttbl{\f0 Calibri;}}{\colortbl;\red0\green0\blue0;}"
    r"{\info{\title Brief}{\author X}{\creatim\yr2015\mo3\dy12\hr10\min30}}"
    r"{\*\generator Riched20;}\pard Geachte heer Jansen,\par "
    r"Uw BSN is " + BSN + r" en u woont in M\'fcnster, Caf\'e9 \u8364? 12.\par"
    r"\trowd\cellx1000\cellx2000 Naam\cell " + NAME + r"\cell\row}"
)


# -- formats -------------------------------------------------------------------------------------


def test_registry_covers_every_format_of_the_issue() -> None:
    assert {
        TEXT_MIME, CSV_MIME, JSON_MIME, XML_MIME, HTML_MIME, RTF_MIME, DOCX_MIME, XLSX_MIME,
        PPTX_MIME, XLS_MIME, ODT_MIME, ODS_MIME, PDF_MIME, EML_MIME, MSG_MIME, ZIP_MIME,
        "image/png", "image/jpeg", "image/tiff",
    } <= set(EXTRACTORS)  # fmt: skip
    assert "application/octet-stream" not in EXTRACTORS  # unknown binary is reported


@pytest.mark.parametrize(
    ("data", "mime", "expected"),
    [
        (f"naam\tbsn\n{NAME}\t{BSN}\nA\tB\n".encode(), CSV_MIME, f"{NAME} | {BSN}"),
        (
            json.dumps({"client": {"naam": NAME, "ids": [{"bsn": BSN}]}, "actief": True}).encode(),
            JSON_MIME,
            f"bsn: {BSN}",
        ),
        (
            f'<?xml version="1.0"?><clienten><client bsn="x"><naam>{NAME}</naam>'
            f"<bsn>{BSN}</bsn></client></clienten>".encode(),
            XML_MIME,
            f"{NAME}\n{BSN}",
        ),
        (RTF.encode("ascii"), RTF_MIME, f"Uw BSN is {BSN} en u woont in Münster, Café € 12."),
    ],
)
def test_text_formats(data: bytes, mime: str, expected: str) -> None:
    assert sniff_mime(data) == mime
    assert expected in extract_text(data).text


def test_html_keeps_text_and_drops_scripts_and_styles() -> None:
    html = (
        "<!DOCTYPE html><html><head><title>Dossier</title><style>p{color:red}</style>"
        "<script>var geheim = 'niet-tonen';</script></head><body><h1>Client</h1>"
        f"<p>{NAME} &amp; partner</p><table><tr><td>BSN</td><td>{BSN}</td></tr></table>"
        "<script>track()</script></body></html>"
    )
    result = extract_text(html.encode())
    assert result.mime == HTML_MIME
    assert f"{NAME} & partner" in result.text
    assert f"BSN | {BSN}" in result.text and "Dossier" in result.text
    assert "niet-tonen" not in result.text and "color" not in result.text
    assert "track" not in result.text


def test_rtf_skips_font_tables_and_metadata() -> None:
    result = extract_text(RTF.encode("ascii"))
    assert f"Naam | {NAME}" in result.text
    assert (
        "Calibri" not in result.text and "Riched" not in result.text and "Brief" not in result.text
    )
    assert result.created_source == "RTF info"
    assert result.created is not None and result.created.date() == CREATED.date()


def test_xls_with_dates_as_dates() -> None:
    data = make_xls()
    assert sniff_mime(data) == XLS_MIME
    text = extract_text(data).text
    assert NAME in text and BSN in text and "12-03-1984" in text


def test_pptx_slides_tables_and_notes() -> None:
    result = extract_text(make_pptx())
    assert result.mime == PPTX_MIME
    for expected in (NAME, BSN, "Casusoverleg", "Postcode | 1234 AB", "06-12345678"):
        assert expected in result.text
    assert (result.created, result.created_source) == (CREATED, "pptx core properties")


def test_odt_and_ods_without_a_dependency() -> None:
    odt = make_odf(
        ODT_MIME,
        f"<office:text><text:h>Verslag</text:h><text:p>Client<text:s text:c='2'/>{NAME}"
        f"<text:tab/>BSN {BSN}</text:p></office:text>",
    )
    ods = make_odf(
        ODS_MIME,
        "<office:spreadsheet><table:table><table:table-row><table:table-cell><text:p>naam"
        f"</text:p></table:table-cell><table:table-cell><text:p>{NAME}</text:p>"
        "</table:table-cell></table:table-row></table:table></office:spreadsheet>",
    )
    text = extract_text(odt)
    assert text.mime == ODT_MIME
    assert text.text == f"Verslag\nClient  {NAME}\tBSN {BSN}"
    assert text.created_source == "ODF metadata"
    assert text.created == datetime(2015, 3, 12, 10, 30, tzinfo=UTC)  # no zone given: UTC
    sheet = extract_text(ods)
    assert (sheet.mime, sheet.text) == (ODS_MIME, f"naam | {NAME}")


def test_eml_headers_body_once_and_attachments_through_the_registry() -> None:
    data = make_eml([("beschikking.docx", make_docx()), ("kapot.pdf", b"%PDF-1.7 garbage")])
    assert sniff_mime(data) == EML_MIME
    result = extract_text(data)
    assert NAME in result.text and "Onderwerp: Aanvraag huishoudelijke hulp" in result.text
    assert result.text.count(f"Mijn BSN is {BSN}") == 1  # plain part only, not the HTML twin
    assert (result.created, result.created_source) == (CREATED, "e-mail Date header")
    docx_part, pdf_part = result.parts
    assert (docx_part.name, docx_part.mime, docx_part.error) == (
        "beschikking.docx",
        DOCX_MIME,
        None,
    )
    assert f"Beschikking Wmo voor {NAME}" in result.text[docx_part.start : docx_part.end]
    assert pdf_part.name == "kapot.pdf" and pdf_part.error is not None
    assert pdf_part.error.startswith("corrupt PDF")
    assert result.unscanned_parts == (pdf_part,)


def test_msg_read_from_mapi_property_streams() -> None:
    data = make_msg(("notitie.txt", f"Dossiernotitie {NAME}".encode()))
    assert sniff_mime(data) == MSG_MIME
    result = extract_text(data)
    assert "Onderwerp: Melding overlast" in result.text
    assert f"BSN {BSN}" in result.text and f"Van: {NAME}" in result.text
    assert "handhaving@gemeente-voorbeeld.nl" in result.text
    assert (result.created, result.created_source) == (CREATED, "Outlook sent time")
    (part,) = result.parts
    assert (part.name, part.mime) == ("notitie.txt", TEXT_MIME)
    assert result.text[part.start : part.end] == f"Dossiernotitie {NAME}"


def test_nested_zip_reports_parts_with_their_paths() -> None:
    inner = make_zip({"brief.txt": f"Brief aan {NAME}".encode()})
    outer = make_zip(
        {"map/clienten.xlsx": make_xlsx(), "archief.zip": inner, "versleuteld.bin": b"x"}
    )
    # Mark the last member encrypted, as a password-protected ZIP entry is marked.
    last = zipfile.ZipFile(io.BytesIO(outer)).infolist()[-1]
    patched = bytearray(outer)
    patched[last.header_offset + 6] |= 0x1  # local header flags
    patched[outer.rindex(b"PK\x01\x02") + 8] |= 0x1  # central directory flags
    result = extract_text(bytes(patched))
    assert result.mime == ZIP_MIME
    names = {part.name: part for part in result.parts}
    assert set(names) == {
        "map/clienten.xlsx",
        "archief.zip",
        "archief.zip/brief.txt",
        "versleuteld.bin",
    }
    brief = names["archief.zip/brief.txt"]
    assert result.text[brief.start : brief.end] == f"Brief aan {NAME}"
    assert BSN in result.text
    assert names["versleuteld.bin"].error == "encrypted ZIP member (password required)"


# -- unscannable: zip bombs, encryption, corruption ----------------------------------------------


def test_high_ratio_member_is_refused_unexpanded() -> None:
    bomb = make_zip({"nullen.txt": bytes(50 * 1024 * 1024)})
    assert len(bomb) < 100_000
    with pytest.raises(ExtractionError, match=r"zip bomb: a member inflates \d+ times"):
        extract_text(bomb)


def test_nested_bomb_is_refused_by_depth() -> None:
    data = b"onschuldig"
    for level in range(5):
        data = make_zip({f"laag{level}.zip" if level else "kern.txt": data})
    with pytest.raises(ExtractionError, match="nested deeper than 3 levels"):
        extract_text(data)
    assert extract_text(data, limits=ExtractionLimits(max_depth=6)).text == "onschuldig"


def test_total_size_and_member_count_limits() -> None:
    archive = make_zip({f"deel{i}.txt": b"a" * 1000 for i in range(5)})
    with pytest.raises(ExtractionError, match="more than 4 members"):
        extract_text(archive, limits=ExtractionLimits(max_members=4))
    with pytest.raises(ExtractionError, match="MiB when unpacked"):
        extract_text(archive, limits=ExtractionLimits(max_total_bytes=4000))


def test_office_file_that_is_a_bomb_is_refused_before_the_library_reads_it() -> None:
    buffer = io.BytesIO(make_docx())
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/media/opvulling.bin", bytes(20 * 1024 * 1024))
    with pytest.raises(ExtractionError, match="zip bomb"):
        extract_text(buffer.getvalue())


def test_encrypted_ooxml_and_corrupt_containers() -> None:
    encrypted = build_cfb({"EncryptionInfo": b"\x04\x00\x04\x00", "EncryptedPackage": bytes(5000)})
    assert sniff_mime(encrypted) == OOXML_ENCRYPTED_MIME
    with pytest.raises(ExtractionError, match="encrypted Office document"):
        extract_text(encrypted)
    with pytest.raises(ExtractionError, match="corrupt or truncated Excel workbook"):
        extract_text(make_xlsx()[:-100])
    with pytest.raises(ExtractionError, match="corrupt, encrypted or legacy Office file"):
        extract_text(make_xls()[:2000])
    with pytest.raises(ExtractionError, match="corrupt XML"):
        extract_text(b"<?xml version='1.0'?><a><b></a>")


def test_xml_entity_expansion_is_refused() -> None:
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;">]>'
        b"<x>&b;&b;</x>"
    )
    with pytest.raises(ExtractionError, match="entity declarations refused"):
        extract_text(laughs)


def test_errors_never_quote_the_document() -> None:
    broken = [
        make_docx()[:5000],
        make_eml()[:40] + b"\x00\x01" + BSN.encode(),
        b"%PDF-1.4 " + BSN.encode(),
        f"<?xml version='1.0'?><a>{BSN}</b>".encode(),
        b"\x00\x00" + BSN.encode(),
    ]
    for data in broken:
        with pytest.raises(ExtractionError) as excinfo:
            extract_text(data)
        assert BSN not in str(excinfo.value)
        assert excinfo.value.__cause__ is None


# -- dates (retention) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "source"),
    [
        (make_docx, "docx core properties"),
        (make_xlsx, "xlsx core properties"),
        (make_pdf, "PDF metadata"),
        (make_eml, "e-mail Date header"),
    ],
)
def test_document_creation_dates(make: object, source: str) -> None:
    result = extract_text(make())  # type: ignore[operator]
    assert result.created_source == source
    assert result.created is not None and result.created.tzinfo is not None
    assert result.created == CREATED  # the PDF's 10:30+01:00 is 09:30 UTC


def test_missing_or_implausible_dates_are_none() -> None:
    plain = extract_text(b"Gewoon een notitie.")
    assert (plain.created, plain.created_source) == (None, None)
    future = make_docx(created=datetime.now(UTC) + timedelta(days=400))
    assert extract_text(future).created is None
    assert isinstance(plain, ExtractedText) and plain.parts == ()


# -- a minimal compound-file (OLE2, MS-CFB v3) writer --------------------------------------------
# Streams under 4096 bytes go to the mini stream as the format requires; each storage's
# children hang off a right-leaning chain of black nodes in the format's name order.

SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF

Tree = dict[str, "bytes | Tree"]  # names to streams or storages


@dataclass
class _Entry:
    name: str
    data: bytes | None  # None: a storage
    children: list[int] = field(default_factory=list)
    start: int = END
    right: int = NO_STREAM
    child: int = NO_STREAM


def _order(name: str) -> tuple[int, str]:
    return (len(name), name.upper())


def build_cfb(tree: Tree) -> bytes:
    """A compound file holding `tree`: names to bytes (streams) or to nested dicts (storages)."""
    entries = [_Entry("Root Entry", None)]

    def add(node: Tree, parent: int) -> None:
        for name, value in sorted(node.items(), key=lambda item: _order(item[0])):
            index = len(entries)
            entries.append(_Entry(name, value if isinstance(value, bytes) else None))
            entries[parent].children.append(index)
            if not isinstance(value, bytes):
                add(value, index)

    add(tree, 0)
    for entry in entries:
        if entry.children:
            entry.child = entry.children[0]
            for left, right in zip(entry.children, entry.children[1:], strict=False):
                entries[left].right = right

    # Small streams into the mini stream, large ones into regular sectors.
    mini = bytearray()
    minifat: list[int] = []
    big: list[tuple[_Entry, bytes]] = []
    for entry in entries[1:]:
        if entry.data is None:
            continue
        if len(entry.data) < MINI_CUTOFF:
            if not entry.data:
                entry.start = END
                continue
            count = -(-len(entry.data) // MINI_SECTOR)
            entry.start = len(minifat)
            minifat.extend(range(entry.start + 1, entry.start + count))
            minifat.append(END)
            mini += entry.data.ljust(count * MINI_SECTOR, b"\0")
        else:
            big.append((entry, entry.data))

    def sectors(data: bytes) -> int:
        return -(-len(data) // SECTOR)

    directory = b"".join(_dir_entry(e) for e in entries)  # starts computed below; rebuilt later
    dir_count = sectors(directory)
    mini_count = sectors(bytes(mini))
    minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
    minifat_count = sectors(minifat_bytes)
    big_counts = [sectors(data) for _, data in big]
    payload = dir_count + mini_count + minifat_count + sum(big_counts)
    fat_count = 1
    while fat_count * (SECTOR // 4) < payload + fat_count:
        fat_count += 1
    assert fat_count <= 109, "fixture too large for a header-only DIFAT"

    fat: list[int] = [FAT_SECTOR] * fat_count
    next_sector = fat_count

    def chain(count: int) -> int:
        nonlocal next_sector
        if count == 0:
            return END
        start = next_sector
        fat.extend(range(start + 1, start + count))
        fat.append(END)
        next_sector += count
        return start

    dir_start = chain(dir_count)
    mini_start = chain(mini_count)
    minifat_start = chain(minifat_count)
    for (entry, _), count in zip(big, big_counts, strict=True):
        entry.start = chain(count)
    entries[0].start = mini_start
    entries[0].data = bytes(mini)
    fat.extend([FREE] * (fat_count * (SECTOR // 4) - len(fat)))

    header = bytearray()
    header += b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(16)
    header += struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + bytes(6)
    header += struct.pack("<III", 0, fat_count, dir_start)
    header += struct.pack("<III", 0, MINI_CUTOFF, minifat_start)
    header += struct.pack("<III", minifat_count, END, 0)
    difat = list(range(fat_count)) + [FREE] * (109 - fat_count)
    header += b"".join(struct.pack("<I", v) for v in difat)
    assert len(header) == SECTOR

    body = b"".join(struct.pack("<I", v) for v in fat)
    body += b"".join(_dir_entry(e) for e in entries).ljust(dir_count * SECTOR, b"\0")
    body += bytes(mini).ljust(mini_count * SECTOR, b"\0")
    body += minifat_bytes.ljust(minifat_count * SECTOR, b"\xff")
    for (_, data), count in zip(big, big_counts, strict=True):
        body += data.ljust(count * SECTOR, b"\0")
    return bytes(header) + body


def _dir_entry(entry: _Entry) -> bytes:
    name = entry.name.encode("utf-16-le") + b"\0\0"
    assert len(name) <= 64, entry.name
    kind = 5 if entry.name == "Root Entry" else (2 if entry.data is not None else 1)
    size = len(entry.data) if entry.data is not None else 0
    return (
        name.ljust(64, b"\0")
        + struct.pack("<HBB", len(name), kind, 1)  # black
        + struct.pack("<III", NO_STREAM, entry.right, entry.child)
        + bytes(16)  # CLSID
        + struct.pack("<I", 0)  # state bits
        + bytes(16)  # creation and modification time
        + struct.pack("<IQ", entry.start, size)
    )
