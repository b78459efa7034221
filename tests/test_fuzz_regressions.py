"""Inputs the fuzzer (`benchmarks/fuzz.py`) found to crash, leak or hang, kept as regressions.

Each test is the smallest form of what the fuzzer found, with the fix it led to.
"""

from __future__ import annotations

import contextlib
import io
import logging
import zipfile

import pytest

from connectors.base import ExtractionError
from connectors.extract import ExtractionLimits, extract_text
from register_sync.retention import parse_retention

BSN = "111222333"  # synthetic


@pytest.mark.parametrize(
    "text",
    [
        "1" * 400 + " jaar",  # float('1' * 400) is inf; int(inf) raised OverflowError
        "99999999999999999999 maanden",  # a period no date arithmetic can subtract
        "P99999999999Y",
        "9" * 5000 + " dagen",
    ],
)
def test_absurd_retention_numbers_are_unknown_not_a_crash(text: str) -> None:
    retention = parse_retention(text)
    assert retention.kind == "unknown"
    assert retention.period is None


def test_a_long_but_real_period_still_parses() -> None:
    assert parse_retention("120 jaar").period == "P120Y"


def _zip_with_broken_deflate_stream() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("brief.txt", f"BSN {BSN} " * 200)
    data = bytearray(buffer.getvalue())
    start = 30 + len("brief.txt")  # the deflate stream follows the local header
    data[start] = 0xFF  # final block of reserved type 3: zlib.error, not a ZIP error
    return bytes(data)


def test_damaged_deflate_stream_in_a_zip_is_an_extraction_error() -> None:
    """zlib.error escaped `read_member` (found by the fuzzer as "error at archive.py")."""
    data = _zip_with_broken_deflate_stream()
    try:
        result = extract_text(data)
    except ExtractionError as exc:
        assert BSN not in str(exc)
    else:
        (part,) = result.unscanned_parts
        assert part.name == "brief.txt" and part.error is not None
        assert part.error.startswith("corrupt ZIP member")


def _pdf_with_a_stray_byte() -> bytes:
    """A hand-written one-page PDF whose page dictionary holds a control byte after a BSN."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Naam (BSN " + BSN.encode() + b") /X \x01 >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1))
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def test_pypdf_warnings_never_quote_the_document(caplog: pytest.LogCaptureFixture) -> None:
    """pypdf logged `PdfReadError("Invalid Elementary Object ... b' (BSN 111222333) /X ...")`:
    the bytes around a damaged object, in a log line."""
    caplog.set_level(logging.DEBUG)
    try:
        extract_text(_pdf_with_a_stray_byte(), limits=ExtractionLimits(ocr=False))
    except ExtractionError as exc:
        assert BSN not in str(exc)
    assert not [r for r in caplog.records if BSN in r.getMessage()]


def test_xlrd_writes_nothing_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_connectors_extract import make_xls

    data = make_xls()
    damaged = data[:-700] + bytes(700)
    for candidate in (data, damaged):
        with contextlib.suppress(ExtractionError):
            extract_text(candidate)
    assert capsys.readouterr().out == ""


def test_zip_needing_a_newer_zip_version_is_an_extraction_error() -> None:
    """zipfile raises NotImplementedError("zip file version 23.6") (found by atheris)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("brief.txt", f"BSN {BSN}")
    data = bytearray(buffer.getvalue())
    central = data.index(b"PK\x01\x02")
    data[central + 6] = 236  # "version needed to extract": 23.6
    with pytest.raises(ExtractionError, match="corrupt or truncated ZIP/Office file") as err:
        extract_text(bytes(data))
    assert BSN not in str(err.value)


def test_zip_member_with_an_empty_name_is_no_crash() -> None:
    """`ZipInfo.is_dir()` raised IndexError on an entry named "" (found by atheris)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo(""), f"BSN {BSN}")
        archive.writestr("b.txt", "tweede brief")
    result = extract_text(buffer.getvalue())
    assert "tweede brief" in result.text and BSN in result.text
