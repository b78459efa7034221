"""OCR of scans and photographs with the real Tesseract (Debian tesseract-ocr + -nld).

A synthetic Dutch letter is rendered with Pillow and a DejaVu font, then read back as PNG,
JPEG, multi-page TIFF and an image-only PDF. Locally a missing Tesseract skips these tests;
under CI=true it fails them, so CI cannot pass by skipping. Without Tesseract a scan must be
an ExtractionError ("OCR niet beschikbaar"), never empty text.
"""

from __future__ import annotations

import io
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from faker import Faker
from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from connectors import ExtractionError, extract_text
from connectors.extract import ExtractionLimits
from connectors.ocr import find_ocr

fake = Faker("nl_NL")
Faker.seed(4)
BSN = "111222333"  # passes the 11-proef; belongs to no one
STREET = fake.street_name()
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian fonts-dejavu-core


@pytest.fixture(scope="module")
def ocr_installed() -> None:
    try:
        find_ocr()
    except ExtractionError as exc:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{exc} (scripts/setup installs it)")
        pytest.skip(str(exc))
    if not FONT.exists():
        pytest.skip("fonts-dejavu-core not installed")


def letter_image(exif_date: datetime | None = None) -> Image.Image:
    """A scanned letter: black text on white at about 200 dpi."""
    image = Image.new("L", (1600, 900), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(FONT), 40)
    lines = [
        "Gemeente Voorbeeld",
        "Betreft: uw aanvraag bijzondere bijstand",
        f"Burgerservicenummer: {BSN}",
        f"Adres: {STREET} 12, 1234 AB Voorbeeld",
    ]
    for number, line in enumerate(lines):
        draw.text((80, 100 + number * 90), line, fill=0, font=font)
    if exif_date:
        exif = image.getexif()
        exif.get_ifd(0x8769)[0x9003] = exif_date.strftime("%Y:%m:%d %H:%M:%S")
        image.info["exif"] = exif.tobytes()
    return image


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


def digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


@pytest.mark.usefixtures("ocr_installed")
@pytest.mark.parametrize(("fmt", "mime"), [("PNG", "image/png"), ("JPEG", "image/jpeg")])
def test_scanned_letter_is_read(fmt: str, mime: str) -> None:
    result = extract_text(encoded(letter_image(), fmt))
    assert result.mime == mime
    assert BSN in result.text
    assert "bijzondere bijstand" in result.text
    assert STREET in result.text


@pytest.mark.usefixtures("ocr_installed")
def test_photo_date_from_exif() -> None:
    taken = datetime(2016, 6, 1, 14, 0)  # Dutch summer time: 12:00 UTC
    data = encoded(letter_image(), "JPEG", exif=letter_image(taken).info["exif"])
    result = extract_text(data)
    assert result.created_source == "EXIF date"
    assert result.created == datetime(2016, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.usefixtures("ocr_installed")
def test_every_page_of_a_tiff_is_read() -> None:
    blank = Image.new("L", (1600, 900), 255)
    data = encoded(blank, "TIFF", save_all=True, append_images=[letter_image()])
    result = extract_text(data)
    assert result.mime == "image/tiff"
    assert BSN in digits(result.text)


def image_only_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    width, height = A4
    pdf.drawImage(ImageReader(letter_image()), 0, height - width * 9 / 16, width, width * 9 / 16)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


@pytest.mark.usefixtures("ocr_installed")
def test_image_only_pdf_is_ocrd() -> None:
    result = extract_text(image_only_pdf())
    assert result.mime == "application/pdf"
    assert BSN in result.text


@pytest.mark.usefixtures("ocr_installed")
def test_image_only_pdf_without_pdftoppm_uses_the_embedded_image(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    only_tesseract = tmp_path / "bin"
    only_tesseract.mkdir()
    tesseract = shutil.which("tesseract")
    assert tesseract is not None
    (only_tesseract / "tesseract").symlink_to(tesseract)
    monkeypatch.setenv("PATH", str(only_tesseract))
    assert find_ocr().pdftoppm is None
    assert BSN in extract_text(image_only_pdf()).text


def test_without_tesseract_a_scan_is_not_scanned(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no tesseract
    png = encoded(letter_image() if FONT.exists() else Image.new("L", (50, 50), 255), "PNG")
    with pytest.raises(ExtractionError, match="OCR niet beschikbaar") as excinfo:
        extract_text(png)
    assert "tesseract-ocr" in str(excinfo.value)
    with pytest.raises(ExtractionError, match="OCR niet beschikbaar"):
        extract_text(image_only_pdf() if FONT.exists() else _blank_image_pdf())


def _blank_image_pdf() -> bytes:
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawImage(ImageReader(Image.new("L", (50, 50), 255)), 0, 0, 100, 100)
    pdf.save()
    return buffer.getvalue()


def test_ocr_can_be_switched_off_and_still_reports() -> None:
    limits = ExtractionLimits(ocr=False)
    with pytest.raises(ExtractionError, match="OCR niet beschikbaar: disabled"):
        extract_text(encoded(Image.new("L", (50, 50), 255), "PNG"), limits=limits)
    with pytest.raises(ExtractionError, match="OCR niet beschikbaar: disabled"):
        extract_text(_blank_image_pdf(), limits=limits)


def test_corrupt_and_oversized_images() -> None:
    png = encoded(Image.new("L", (4000, 3000), 255), "PNG")
    with pytest.raises(ExtractionError, match="image too large to OCR"):
        extract_text(png, limits=ExtractionLimits(max_image_pixels=1_000_000))
    if shutil.which("tesseract"):
        with pytest.raises(ExtractionError, match="corrupt image"):
            extract_text(png[:200])


def test_a_pdf_with_text_needs_no_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4)
    pdf.drawString(72, 750, f"Een gewone brief met tekst, BSN {BSN}")
    pdf.save()
    assert BSN in extract_text(buffer.getvalue()).text
