"""Office documents: Word, Excel and PowerPoint (OOXML), Excel 97-2003 (xls) and OpenDocument
text and spreadsheets (ODF, read with the standard library)."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from datetime import datetime

import xlrd  # type: ignore[import-untyped]

from connectors.base import ExtractionError
from connectors.extractors.archive import check_zip, open_zip
from connectors.extractors.common import (
    Extracted,
    ExtractionContext,
    amsterdam,
    error_reason,
    join_lines,
    local_name,
    parse_w3c_date,
    plausible_date,
    xml_text_events,
)

# -- dates ---------------------------------------------------------------------------------------


def _read_checked(archive: zipfile.ZipFile, name: str, max_bytes: int = 4 * 1024 * 1024) -> bytes:
    info = archive.getinfo(name)
    if info.file_size > max_bytes:
        raise ExtractionError("metadata part too large")
    return archive.read(info)


def _element_text(data: bytes, wanted: str) -> str | None:
    """The text of the first element whose local name is `wanted`."""
    found: list[str] = []
    inside = [False]

    def start(tag: str, _attrs: dict[str, str]) -> None:
        inside[0] = local_name(tag) == wanted and not found

    def end(_tag: str) -> None:
        if inside[0]:
            found.append("")
        inside[0] = False

    chars: list[str] = []

    def text(value: str) -> None:
        if inside[0]:
            chars.append(value)

    xml_text_events(data, start, end, text)
    return "".join(chars) if chars else None


def _zip_created(data: bytes, part: str, element: str) -> datetime | None:
    """A creation date from an XML metadata part of an OOXML/ODF container; None when the
    part is missing or broken (a missing date is no reason to skip the text)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            value = _element_text(_read_checked(archive, part), element)
    except (
        KeyError, ExtractionError, zipfile.BadZipFile, zlib.error, OSError, ValueError,
        EOFError, NotImplementedError, RuntimeError,
    ):  # fmt: skip
        return None
    return parse_w3c_date(value) if value else None


def _with_ooxml_date(text: str, data: bytes, kind: str) -> Extracted:
    created = _zip_created(data, "docProps/core.xml", "created")
    source = f"{kind} core properties" if created else None
    return Extracted(text, created=created, created_source=source)


def _check_container(data: bytes, ctx: ExtractionContext, kind: str) -> None:
    """Office files are ZIP files too: refuse a bomb before a library unpacks it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        raise ExtractionError(f"corrupt or truncated {kind}") from None
    with archive:
        check_zip(archive, ctx)


# -- Word ----------------------------------------------------------------------------------------


def extract_docx(data: bytes, ctx: ExtractionContext) -> Extracted:
    import docx

    _check_container(data, ctx, "Word document")
    try:
        document = docx.Document(io.BytesIO(data))
        parts: list[str] = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts.extend(_docx_table(table))
        for section in document.sections:
            for part in (section.header, section.footer):
                if part.is_linked_to_previous:
                    continue
                parts.extend(p.text for p in part.paragraphs)
                for table in part.tables:
                    parts.extend(_docx_table(table))
    except Exception as exc:  # python-docx raises anything from KeyError to lxml errors
        raise error_reason("corrupt or truncated Word document", exc) from None
    return _with_ooxml_date(join_lines(parts), data, "docx")


def _docx_table(table: object) -> list[str]:
    lines: list[str] = []
    for row in table.rows:  # type: ignore[attr-defined]
        cells: list[str] = []
        for cell in row.cells:
            text = cell.text.strip()
            if text and (not cells or cells[-1] != text):  # merged cells repeat their text
                cells.append(text)
        lines.append(" | ".join(cells))
        for cell in row.cells:
            for nested in cell.tables:
                lines.extend(_docx_table(nested))
    return lines


# -- Excel ---------------------------------------------------------------------------------------


def extract_xlsx(data: bytes, ctx: ExtractionContext) -> Extracted:
    import openpyxl

    _check_container(data, ctx, "Excel workbook")
    max_chars = ctx.limits.max_text_chars
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:
        raise error_reason("corrupt or truncated Excel workbook", exc) from None
    lines: list[str] = []
    size = 0
    try:
        for sheet in workbook.worksheets:
            if not hasattr(sheet, "iter_rows"):
                continue  # chart sheets
            lines.append(str(sheet.title))
            for row in sheet.iter_rows(values_only=True):
                line = "\t".join(str(v) for v in row if v is not None and str(v).strip())
                if line:
                    lines.append(line)
                    size += len(line) + 1
                if size > max_chars:
                    break
            if size > max_chars:
                break
    except Exception as exc:
        raise error_reason("corrupt or truncated Excel workbook", exc) from None
    finally:
        workbook.close()
    return _with_ooxml_date("\n".join(lines), data, "xlsx")


def extract_xls(data: bytes, ctx: ExtractionContext) -> Extracted:
    """Excel 97-2003 through xlrd; date cells as dates, so a birth date reads as one."""
    try:
        # xlrd writes its warnings to stdout unless told otherwise: a StringIO swallows them.
        book = xlrd.open_workbook(file_contents=data, on_demand=True, logfile=io.StringIO())
    except xlrd.XLRDError as exc:
        if "encrypted" in str(exc).lower():
            raise ExtractionError("encrypted Excel workbook (password required)") from None
        raise error_reason("corrupt Excel 97-2003 workbook", exc) from None
    except Exception as exc:
        raise error_reason("corrupt Excel 97-2003 workbook", exc) from None
    lines: list[str] = []
    size = 0
    try:
        for index in range(book.nsheets):
            sheet = book.sheet_by_index(index)
            lines.append(str(sheet.name))
            for row in range(sheet.nrows):
                values = [_xls_cell(book, cell) for cell in sheet.row(row)]
                line = "\t".join(v for v in values if v.strip())
                if line:
                    lines.append(line)
                    size += len(line) + 1
                if size > ctx.limits.max_text_chars:
                    break
            book.unload_sheet(index)
    except Exception as exc:
        raise error_reason("corrupt Excel 97-2003 workbook", exc) from None
    finally:
        book.release_resources()
    created = _ole_created(data)
    return Extracted(
        "\n".join(lines),
        created=created,
        created_source="xls summary information" if created else None,
    )


def _xls_cell(book: object, cell: object) -> str:
    ctype, value = cell.ctype, cell.value  # type: ignore[attr-defined]
    if ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
        return ""
    if ctype == xlrd.XL_CELL_DATE:
        try:
            moment: datetime = xlrd.xldate_as_datetime(value, book.datemode)  # type: ignore[attr-defined]
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            return str(value)
        return moment.strftime(
            "%d-%m-%Y" if moment.time() == moment.min.time() else "%d-%m-%Y %H:%M"
        )
    if ctype == xlrd.XL_CELL_NUMBER and float(value).is_integer():
        return str(int(value))
    return str(value)


def _ole_created(data: bytes) -> datetime | None:
    """`create_time` of the OLE SummaryInformation stream (local time, no zone)."""
    import olefile  # type: ignore[import-untyped]

    try:
        with olefile.OleFileIO(io.BytesIO(data)) as ole:
            created = ole.get_metadata().create_time
    except Exception:  # a missing or broken property set is no reason to skip the text
        return None
    return plausible_date(created, naive_zone=amsterdam()) if created else None


# -- PowerPoint ----------------------------------------------------------------------------------


def extract_pptx(data: bytes, ctx: ExtractionContext) -> Extracted:
    import pptx

    _check_container(data, ctx, "PowerPoint presentation")
    lines: list[str] = []
    try:
        presentation = pptx.Presentation(io.BytesIO(data))
        for slide in presentation.slides:
            for shape in slide.shapes:
                lines.extend(_pptx_shape(shape))
            if slide.has_notes_slide:
                notes = slide.notes_slide.notes_text_frame
                if notes is not None:
                    lines.append(notes.text)
    except Exception as exc:
        raise error_reason("corrupt or truncated PowerPoint presentation", exc) from None
    return _with_ooxml_date(join_lines(lines), data, "pptx")


def _pptx_shape(shape: object) -> list[str]:
    lines: list[str] = []
    if getattr(shape, "shape_type", None) is not None and hasattr(shape, "shapes"):
        for inner in shape.shapes:  # a group
            lines.extend(_pptx_shape(inner))
    if getattr(shape, "has_text_frame", False):
        lines.append(shape.text_frame.text)  # type: ignore[attr-defined]
    if getattr(shape, "has_table", False):
        for row in shape.table.rows:  # type: ignore[attr-defined]
            lines.append(" | ".join(c.text.strip() for c in row.cells if c.text.strip()))
    return lines


# -- OpenDocument --------------------------------------------------------------------------------

_CELL_GAP = re.compile(r" +\| ")
_ODF_LINE_ENDS = frozenset({"p", "h", "table-row", "list-item"})


def extract_odf(data: bytes, ctx: ExtractionContext) -> Extracted:
    """Text of an ODF document's content.xml: paragraphs and headings on their own lines,
    table cells separated by `|`, `text:s`/`text:tab`/`text:line-break` honoured."""
    with open_zip(data) as archive:
        check_zip(archive, ctx)
        try:
            content = archive.read("content.xml")
        except KeyError:
            raise ExtractionError("corrupt OpenDocument file (no content.xml)") from None
        except Exception as exc:
            raise error_reason("corrupt OpenDocument file", exc) from None
    out: list[str] = []
    cells = [0]  # open table cells: a paragraph inside a cell does not end the line

    def start(tag: str, attrs: dict[str, str]) -> None:
        name = local_name(tag)
        if name == "s":
            count = next((v for k, v in attrs.items() if local_name(k) == "c"), "1")
            out.append(" " * min(int(count) if count.isdigit() else 1, 100))
        elif name == "tab":
            out.append("\t")
        elif name == "line-break":
            out.append("\n")
        elif name == "table-cell":
            cells[0] += 1

    def end(tag: str) -> None:
        name = local_name(tag)
        if name == "table-cell":
            cells[0] -= 1
            out.append(" | ")
        elif name in _ODF_LINE_ENDS:
            out.append(" " if cells[0] and name != "table-row" else "\n")

    xml_text_events(content, start, end, out.append)
    lines = [_CELL_GAP.sub(" | ", line).strip(" |") for line in "".join(out).split("\n")]
    created = _zip_created(data, "meta.xml", "creation-date")
    return Extracted(
        join_lines(lines), created=created, created_source="ODF metadata" if created else None
    )
