"""OCR of scans and photographs with Tesseract, when it is installed.

Tesseract (Debian: `tesseract-ocr` with `tesseract-ocr-nld`) and, for PDF pages, `pdftoppm`
(`poppler-utils`) run as subprocesses: no network, a timeout on every call, one thread each
(the machine is shared), and the page images in a private temporary folder that is removed
afterwards. Without Tesseract or its Dutch language data every OCR call raises
`ExtractionError("OCR niet beschikbaar: ...")`, so the file is reported as not scanned and never
passes as empty.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from connectors.base import ExtractionError

__all__ = [
    "DEFAULT_LANGUAGES",
    "OcrEngine",
    "find_ocr",
    "ocr_image",
    "ocr_pdf_pages",
]

#: Dutch first; English helps with the English words in municipal forms and passports.
DEFAULT_LANGUAGES = ("nld", "eng")
_DPI = 300


@dataclass(frozen=True)
class OcrEngine:
    tesseract: str  # absolute path of the binary
    languages: str  # "nld+eng"
    pdftoppm: str | None  # renders PDF pages; without it, the pages' embedded images are used


def find_ocr(languages: tuple[str, ...] = DEFAULT_LANGUAGES) -> OcrEngine:
    """The Tesseract on PATH with the Dutch language data.

    Raises:
        ExtractionError: "OCR niet beschikbaar: ..." with what to install.
    """
    return _find_ocr(os.environ.get("PATH", ""), languages)


@lru_cache(maxsize=8)
def _find_ocr(path: str, languages: tuple[str, ...]) -> OcrEngine:
    tesseract = shutil.which("tesseract", path=path)
    if tesseract is None:
        raise ExtractionError(
            "OCR niet beschikbaar: tesseract is not installed (Debian: tesseract-ocr "
            "tesseract-ocr-nld)"
        )
    try:
        listed = subprocess.run(
            [tesseract, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise ExtractionError(
            f"OCR niet beschikbaar: tesseract fails ({type(exc).__name__})"
        ) from None
    installed = set(listed.stdout.split()) | set(listed.stderr.split())
    if languages[0] not in installed:
        raise ExtractionError(
            f"OCR niet beschikbaar: Tesseract has no '{languages[0]}' language data "
            f"(Debian: tesseract-ocr-{languages[0]})"
        )
    usable = "+".join(lang for lang in languages if lang in installed)
    return OcrEngine(tesseract, usable, shutil.which("pdftoppm", path=path))


def _environment() -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TESSDATA_PREFIX")
    }
    env["OMP_THREAD_LIMIT"] = "1"
    return env


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    try:
        done = subprocess.run(
            command, capture_output=True, timeout=timeout, check=False, env=_environment()
        )
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"OCR timed out after {timeout:.0f} s") from None
    except OSError as exc:
        raise ExtractionError(f"OCR failed ({type(exc).__name__})") from None
    if done.returncode != 0:
        # stderr may echo recognised text or file names: only the exit code is kept.
        raise ExtractionError(f"OCR failed (exit code {done.returncode})")
    return done


def _tesseract(engine: OcrEngine, image: Path, timeout: float) -> str:
    done = _run([engine.tesseract, str(image), "stdout", "-l", engine.languages], timeout)
    return done.stdout.decode("utf-8", "replace")


def _png_pages(data: bytes, max_pixels: int) -> Iterator[bytes]:
    """Each frame of an image (a TIFF can hold a whole scanned dossier) as PNG bytes."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            width, height = image.size
            if width * height > max_pixels:
                raise ExtractionError(
                    f"image too large to OCR ({width}x{height} pixels, limit {max_pixels})"
                )
            for frame in ImageSequence.Iterator(image):
                converted = frame.convert("L") if frame.mode not in ("L", "RGB") else frame
                buffer = io.BytesIO()
                converted.save(buffer, format="PNG")
                yield buffer.getvalue()
    except ExtractionError:
        raise
    except (
        UnidentifiedImageError,
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombError,
    ) as exc:
        raise ExtractionError(f"corrupt image ({type(exc).__name__})") from None


def ocr_image(data: bytes, *, max_pixels: int = 60_000_000, timeout: float = 180.0) -> str:
    """The text Tesseract reads in an image (PNG, JPEG, TIFF with all its pages, GIF, BMP).

    Raises:
        ExtractionError: OCR not available, the image is corrupt or too large, or Tesseract
            failed or timed out.
    """
    engine = find_ocr()
    texts: list[str] = []
    with tempfile.TemporaryDirectory(prefix="avgscan-ocr-") as folder:  # mode 0700
        for number, png in enumerate(_png_pages(data, max_pixels)):
            page = Path(folder) / f"page-{number}.png"
            page.write_bytes(png)
            texts.append(_tesseract(engine, page, timeout))
            page.unlink()
    return "\n".join(texts)


def ocr_pdf_pages(
    pdf: bytes, pages: list[int], *, max_pixels: int = 60_000_000, timeout: float = 180.0
) -> dict[int, str]:
    """OCR of the given PDF pages (0-based), rendered at 300 dpi with pdftoppm, or, without
    poppler-utils, from the images embedded in each page."""
    engine = find_ocr()
    if engine.pdftoppm is None:
        return {page: _ocr_embedded_images(pdf, page, max_pixels, timeout) for page in pages}
    texts: dict[int, str] = {}
    with tempfile.TemporaryDirectory(prefix="avgscan-ocr-") as folder:
        source = Path(folder) / "document.pdf"
        source.write_bytes(pdf)
        for page in pages:
            prefix = Path(folder) / f"page-{page}"
            number = str(page + 1)
            _run(
                [engine.pdftoppm, "-r", str(_DPI), "-gray", "-png", "-f", number, "-l", number,
                 "-singlefile", str(source), str(prefix)],
                timeout,
            )  # fmt: skip
            image = prefix.with_suffix(".png")
            texts[page] = _tesseract(engine, image, timeout)
            image.unlink(missing_ok=True)
    return texts


def _ocr_embedded_images(pdf: bytes, page: int, max_pixels: int, timeout: float) -> str:
    import pypdf

    try:
        images = pypdf.PdfReader(io.BytesIO(pdf)).pages[page].images
        data = [image.data for image in images]
    except Exception as exc:  # pypdf raises many kinds on broken image streams
        raise ExtractionError(
            f"cannot read the images of a PDF page ({type(exc).__name__})"
        ) from None
    return "\n".join(ocr_image(d, max_pixels=max_pixels, timeout=timeout) for d in data)
