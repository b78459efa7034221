"""Register import: the Register van Verwerkingen from .xlsx, .csv or .json into `RegisterEntry`s.

Header labels of the IBD/VNG and Amersfoort models are recognised case-, accent- and
punctuation-insensitively, in any of the first ten rows, with keyword fallbacks ("… bewaartermijn
…") and an optional explicit `columns` mapping for the rest. Headers garbled by a wrong character
encoding ("CategorieÃ«n") are repaired.

Real registers are messy; the import never fails on one bad row. What it cannot understand becomes
a `RegisterProblem` (row, column, Dutch message) for the register-quality section of the report:
unknown category labels, unparsable retention, a row without a name (skipped), duplicate names.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from register_sync.categories import CategoryCatalog, load_catalog, normalise_label
from register_sync.models import RegisterEntry, RegisterImport, RegisterProblem, Retention
from register_sync.quality import check_register_quality
from register_sync.retention import load_selectielijst, parse_retention


class RegisterError(Exception):
    """The register file cannot be read at all (unsupported type, unreadable, no header row)."""


# Field → header labels as municipalities write them (normalised with `normalise_label`).
HEADER_SYNONYMS: Mapping[str, tuple[str, ...]] = {
    "name": (
        "Naam verwerking", "Verwerking", "Naam verwerkingsactiviteit", "Naam van de verwerking",
        "Verwerkingsactiviteit", "Naam", "Naam proces", "Proces", "Verwerkingen",
        "Naam van de verwerkingsactiviteit", "Omschrijving verwerking",
    ),
    "purpose": (
        "Doel", "Doel(en) van de verwerking", "Doelen", "Doel van de verwerking",
        "Doelen van de verwerking", "Doelomschrijving", "Verwerkingsdoel", "Verwerkingsdoelen",
        "Doelbinding",
    ),
    "legal_basis": (
        "Grondslag", "Rechtsgrond", "Grondslag verwerking", "Wettelijke grondslag",
        "Rechtmatigheidsgrond", "Grondslag van de verwerking", "Rechtsgrondslag",
        "Grondslag (art. 6 AVG)", "Wettelijke basis",
    ),
    "special_basis": (
        "Uitzonderingsgrond", "Grondslag bijzondere persoonsgegevens",
        "Uitzonderingsgrond bijzondere persoonsgegevens", "Uitzondering art. 9",
        "Doorbrekingsgrond", "Grondslag bijzondere categorieën persoonsgegevens",
        "Grondslag art. 9", "Grondslag art. 9/10",
    ),
    "data_subjects": (
        "Categorieën betrokkenen", "Betrokkenen", "Categorie betrokkenen",
        "Categorieën van betrokkenen", "Categorie van betrokkenen", "Betrokkene",
    ),
    "categories": (
        "Categorieën persoonsgegevens", "Persoonsgegevens", "Categorieën van persoonsgegevens",
        "Categorie persoonsgegevens", "Soort persoonsgegevens", "Soorten persoonsgegevens",
        "Bijzondere persoonsgegevens", "Bijzondere categorieën persoonsgegevens",
        "Categorieën bijzondere persoonsgegevens", "Strafrechtelijke persoonsgegevens",
        "Gegevens", "Welke persoonsgegevens",
    ),
    "recipients": (
        "Ontvangers", "Categorieën ontvangers", "Categorieën van ontvangers", "Ontvanger",
        "Verstrekking aan", "Verstrekkingen", "Ontvangers (intern/extern)",
    ),
    "retention": (
        "Bewaartermijn", "Bewaartermijnen", "Bewaartermijn persoonsgegevens", "Termijn",
        "Bewaartermijn (Selectielijst)",
    ),
    "systems": (
        "Systemen", "Applicaties", "Systemen/Applicaties", "Applicatie", "Systeem",
        "Applicatie(s)", "Systeem/applicatie", "Informatiesysteem", "Informatiesystemen",
        "Applicaties en systemen", "Bronsystemen", "Systemen en applicaties",
    ),
    "processor": ("Verwerker", "Verwerkers", "Verwerker(s)", "Naam verwerker", "Leverancier"),
    "dpia": (
        "DPIA", "DPIA uitgevoerd", "DPIA uitgevoerd?", "DPIA (ja/nee)", "DPIA nodig",
        "Gegevensbeschermingseffectbeoordeling", "GEB", "DPIA gedaan",
    ),
}  # fmt: skip

# Keyword fallbacks, tried in order when no synonym matches the whole header.
_HEADER_KEYWORDS: tuple[tuple[str, str], ...] = (
    ("bewaartermijn", "retention"),
    ("dpia", "dpia"),
    ("uitzonderingsgrond", "special_basis"),
    ("betrokken", "data_subjects"),
    ("persoonsgegev", "categories"),
    ("rechtsgrond", "legal_basis"),
    ("grondslag", "legal_basis"),
    ("ontvanger", "recipients"),
    ("verwerker", "processor"),
    ("applicatie", "systems"),
    ("systeem", "systems"),
    ("systemen", "systems"),
    ("doel", "purpose"),
    ("verwerking", "name"),
)

_LIST_FIELDS = frozenset({"categories", "data_subjects", "systems", "recipients"})

# Dutch column names for problems, when the header text itself is not at hand.
FIELD_LABELS: Mapping[str, str] = {
    "name": "Naam verwerking",
    "purpose": "Doel",
    "legal_basis": "Grondslag",
    "special_basis": "Uitzonderingsgrond",
    "data_subjects": "Categorieën betrokkenen",
    "categories": "Categorieën persoonsgegevens",
    "recipients": "Ontvangers",
    "retention": "Bewaartermijn",
    "systems": "Systemen/Applicaties",
    "processor": "Verwerker",
    "dpia": "DPIA",
}

_HEADER_INDEX: dict[str, str] = {
    normalise_label(label): field for field, labels in HEADER_SYNONYMS.items() for label in labels
}

_EMPTY_VALUES = frozenset(
    normalise_label(x) for x in ("nee", "geen", "n.v.t.", "nvt", "niet van toepassing", "-", "x")
) | {""}

_BULLET = re.compile(r"^\s*(?:[•·●▪◦‣∙*–—-]+|\(?\d{1,2}[.)]|\(?[a-z][.)](?=\s))\s*")
_MOJIBAKE = re.compile(r"[ÃÂâ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ¡-¿]")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/latin-1 ("CategorieÃ«n" → "Categorieën"), when that applies."""
    if not _MOJIBAKE.search(text):
        return text
    for encoding in ("cp1252", "latin-1"):
        try:
            return text.encode(encoding).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


def header_field(label: str, columns: Mapping[str, str] | None = None) -> str | None:
    """The `RegisterEntry` field a header label stands for, or None."""
    text = repair_mojibake(label).strip()
    if not text:
        return None
    if columns:
        for given, field in columns.items():
            if normalise_label(given) == normalise_label(text):
                return field
    key = normalise_label(text)
    if key in _HEADER_INDEX:
        return _HEADER_INDEX[key]
    without = normalise_label(re.sub(r"\([^)]*\)?", " ", text))
    if without in _HEADER_INDEX:
        return _HEADER_INDEX[without]
    if len(key) > 60:  # a long text cell (an explanation row), not a header
        return None
    for keyword, field in _HEADER_KEYWORDS:
        if keyword in key:
            return field
    return None


def _exact_header(label: str, columns: Mapping[str, str] | None) -> bool:
    """The label is a configured or known synonym, not just a keyword hit."""
    key = normalise_label(repair_mojibake(label))
    given = {normalise_label(g) for g in columns} if columns else set()
    return key in _HEADER_INDEX or key in given


# ---------------------------------------------------------------------------------------------
# Cell splitting


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return repair_mojibake(str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()


def _split_outside_parens(text: str, sep: str) -> list[str]:
    parts: list[str] = []
    depth = 0
    current: list[str] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in "([":
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
        if depth == 0 and text.startswith(sep, i):
            parts.append("".join(current))
            current = []
            i += len(sep)
            continue
        current.append(ch)
        i += 1
    parts.append("".join(current))
    return parts


def _clean(text: str) -> str:
    text = _BULLET.sub("", text).strip()
    text = text.strip(" \t,;.:")
    if text.count("(") > text.count(")"):  # unclosed parenthesis
        text = text.replace("(", " ").strip()
    if text.count(")") > text.count("("):
        text = text.replace(")", " ").strip()
    return re.sub(r"\s+", " ", text)


_CATEGORY_SEPARATORS = (";", ",", "/", " en ", " of ", " & ", " + ")


@dataclass(frozen=True)
class _Label:
    text: str
    key: str | None
    understood: bool


def split_category_cell(text: str, catalog: CategoryCatalog) -> list[_Label]:
    """Labels of a category cell: the whole text when it is a known label, else its parts.

    Lines (and blank-line groups) are split first; a line ending in ':' is a group heading
    ("Aanvragers:") and a "Heading: labels" prefix that is no label is dropped. Then each line
    is tried whole, and split on ';', ',', '/', ' en ', ' of ' in turn until parts are known.
    """
    labels: list[_Label] = []
    whole = _clean(text.replace("\n", " "))
    if whole and catalog.recognises(whole):
        return [_Label(whole, catalog.key_for_label(whole), True)]
    for line in text.split("\n"):
        line = _clean(line)
        if not line or line.endswith(":") or normalise_label(line) in _EMPTY_VALUES:
            continue
        head, colon, tail = line.partition(":")
        if colon and tail.strip() and not catalog.recognises(head):
            line = _clean(tail)
        labels.extend(_resolve(line, catalog, 0))
    return labels


def _resolve(text: str, catalog: CategoryCatalog, level: int) -> list[_Label]:
    text = _clean(text)
    if not text or normalise_label(text) in _EMPTY_VALUES:
        return []
    if catalog.recognises(text):
        return [_Label(text, catalog.key_for_label(text), True)]
    for index in range(level, len(_CATEGORY_SEPARATORS)):
        sep = _CATEGORY_SEPARATORS[index]
        parts = _split_outside_parens(text, sep)
        if len(parts) > 1:
            result: list[_Label] = []
            for part in parts:
                result.extend(_resolve(part, catalog, index + 1))
            return result
    return [_Label(text, None, False)]


_EXCEL_ERROR = re.compile(
    r"^#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!)$"
)


def _unreadable_cell(text: str) -> str | None:
    """Why a cell's text is no value (an Excel error, a formula never calculated), or None."""
    stripped = text.strip()
    if _EXCEL_ERROR.match(stripped):
        return f"Formulefout {stripped} in de cel; de cel is genegeerd."
    if stripped.startswith("=") and len(stripped) > 1:
        return (
            "De cel bevat een formule zonder opgeslagen uitkomst (het bestand is niet in Excel "
            "opgeslagen); de cel is genegeerd."
        )
    return None


def split_list_cell(text: str) -> tuple[str, ...]:
    """A multi-valued cell (systems, data subjects, recipients) split on lines, ';' and ','."""
    values: list[str] = []
    for line in text.split("\n"):
        for part in _split_outside_parens(line, ";"):
            for item in _split_outside_parens(part, ","):
                item = _clean(item)
                if item and not item.endswith(":") and normalise_label(item) not in _EMPTY_VALUES:
                    values.append(item)
    return tuple(dict.fromkeys(values))


# ---------------------------------------------------------------------------------------------
# Tables → entries


@dataclass(frozen=True)
class _Header:
    row: int  # 1-based row number of the header
    fields: dict[int, str]  # column index → field
    labels: dict[int, str]  # column index → header text as written


def _find_header(
    rows: Sequence[tuple[int, list[str]]], columns: Mapping[str, str] | None
) -> _Header | None:
    best: _Header | None = None
    for number, cells in rows[:10]:
        fields: dict[int, str] = {}
        labels: dict[int, str] = {}
        exact: dict[str, bool] = {}  # single-valued field → taken by an exact label match
        for index, cell in enumerate(cells):
            field = header_field(cell, columns)
            if field is None:
                continue
            is_exact = _exact_header(cell, columns)
            if field in exact and field not in _LIST_FIELDS:
                # first column wins, unless it came from a keyword and this label is exact
                if exact[field] or not is_exact:
                    continue
                taken = next(i for i, f in fields.items() if f == field)
                del fields[taken], labels[taken]
            exact[field] = is_exact
            fields[index] = field
            labels[index] = repair_mojibake(cell).strip()
        if "name" not in fields.values() or len(set(fields.values())) < 3:
            continue
        if best is None or len(set(fields.values())) > len(set(best.fields.values())):
            best = _Header(number, fields, labels)
    return best


def _entries(
    rows: Sequence[tuple[int, list[str]]],
    header: _Header,
    catalog: CategoryCatalog,
    selectielijst: Mapping[str, Retention] | None,
) -> RegisterImport:
    entries: list[RegisterEntry] = []
    problems: list[RegisterProblem] = []
    label_of = {field: header.labels[i] for i, field in reversed(list(header.fields.items()))}
    for number, cells in rows:
        if number <= header.row:
            continue
        try:
            entry, row_problems = _entry(number, cells, header, label_of, catalog, selectielijst)
        except Exception as exc:  # never let one odd row stop the import
            # The type only: a message may quote the cell.
            reason = type(exc).__name__
            problems.append(RegisterProblem(number, None, f"Rij niet te verwerken ({reason})."))
            continue
        problems.extend(row_problems)
        if entry is not None:
            entries.append(entry)  # duplicates and empty fields: `quality.check_register_quality`
    return RegisterImport(tuple(entries), tuple(problems))


def _entry(
    number: int,
    cells: list[str],
    header: _Header,
    label_of: Mapping[str, str],
    catalog: CategoryCatalog,
    selectielijst: Mapping[str, Retention] | None,
) -> tuple[RegisterEntry | None, list[RegisterProblem]]:
    problems: list[RegisterProblem] = []
    values: dict[str, list[str]] = {}
    unreadable: dict[str, str] = {}  # field → why its cell was dropped
    for index, field in header.fields.items():
        text = cells[index] if index < len(cells) else ""
        why = _unreadable_cell(text)
        if why is not None:
            unreadable.setdefault(field, why)
            problems.append(RegisterProblem(number, header.labels[index], why))
        elif text:
            values.setdefault(field, []).append(text)
    if not any(cell.strip() for cell in cells):
        return None, []
    if not values and not unreadable:
        return None, []  # only cells outside the known columns (a note, a footer)

    def scalar(field: str) -> str | None:
        found = values.get(field)
        return "\n".join(found) if found else None

    name = scalar("name")
    if not name:
        if "name" in unreadable:  # reported for its cell already: say what it means
            skipped = " De rij is overgeslagen."
            name_label = label_of.get("name")
            problems = [
                replace(p, message=p.message + skipped) if p.column == name_label else p
                for p in problems
            ]
            return None, problems
        problems.append(
            RegisterProblem(
                number,
                label_of.get("name", FIELD_LABELS["name"]),
                "Rij zonder naam van de verwerking; de rij is overgeslagen.",
            )
        )
        return None, problems
    name = re.sub(r"\s+", " ", name)

    category_column = label_of.get("categories", FIELD_LABELS["categories"])
    labels: list[_Label] = []
    for text in values.get("categories", []):
        labels.extend(split_category_cell(text, catalog))
    for label in labels:
        if not label.understood:
            problems.append(
                RegisterProblem(
                    number,
                    category_column,
                    f"Categorie '{label.text}' niet herkend; voeg een synoniem toe aan de "
                    "categorieënlijst of pas het register aan.",
                )
            )
    # Empty categories, systems or retention are the quality suite's to report (once).
    retention = parse_retention(scalar("retention"), selectielijst=selectielijst)
    systems: list[str] = []
    for text in values.get("systems", []):
        systems.extend(split_list_cell(text))

    def listed(field: str) -> tuple[str, ...]:
        out: list[str] = []
        for text in values.get(field, []):
            out.extend(split_list_cell(text))
        return tuple(dict.fromkeys(out))

    entry = RegisterEntry(
        row=number,
        name=name,
        purpose=scalar("purpose"),
        legal_basis=scalar("legal_basis"),
        special_basis=scalar("special_basis"),
        data_subjects=listed("data_subjects"),
        category_labels=tuple(dict.fromkeys(label.text for label in labels)),
        categories=frozenset(label.key for label in labels if label.key is not None),
        retention=retention,
        systems=tuple(dict.fromkeys(systems)),
        processor=scalar("processor"),
        dpia=scalar("dpia"),
        recipients=listed("recipients"),
    )
    return entry, problems


def _from_rows(
    rows: Sequence[tuple[int, list[str]]],
    catalog: CategoryCatalog,
    columns: Mapping[str, str] | None,
    selectielijst: Mapping[str, Retention] | None,
    merged_from_above: Collection[tuple[int, int]] = (),
) -> RegisterImport | None:
    header = _find_header(rows, columns)
    if header is None:
        return None
    if merged_from_above:
        rows = _join_merged_rows(rows, header, merged_from_above)
    return _entries(rows, header, catalog, selectielijst)


def _join_merged_rows(
    rows: Sequence[tuple[int, list[str]]],
    header: _Header,
    merged_from_above: Collection[tuple[int, int]],
) -> list[tuple[int, list[str]]]:
    """Rows under a vertically merged name cell belong to the processing above: their other
    cells are added to its cells (the copies of the merged cells themselves are not)."""
    name_columns = [index for index, field in header.fields.items() if field == "name"]
    joined: list[tuple[int, list[str]]] = []
    for number, cells in rows:
        continues = any((number, index) in merged_from_above for index in name_columns)
        if not continues or number <= header.row or not joined:
            joined.append((number, list(cells)))
            continue
        first, target = joined[-1]
        target.extend([""] * (len(cells) - len(target)))
        for index, text in enumerate(cells):
            if text and (number, index) not in merged_from_above:
                target[index] = f"{target[index]}\n{text}" if target[index] else text
        joined[-1] = (first, target)
    return joined


# ---------------------------------------------------------------------------------------------
# File formats


@dataclass(frozen=True)
class _Sheet:
    title: str
    rows: list[tuple[int, list[str]]]
    merged_from_above: frozenset[tuple[int, int]]  # (row, column index) copied from above


def _xlsx_sheets(path: Path) -> Iterator[_Sheet]:
    """Each sheet's rows as text, with merged cells filled with the value of their top-left
    cell, and formulas that were never calculated (no stored result) as their formula text,
    so the import can say which cell holds one instead of reading an empty cell."""
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(path, data_only=True)
        formulas = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as exc:
        raise RegisterError(
            f"{path.name}: geen leesbaar Excel-bestand ({type(exc).__name__})"
        ) from None
    try:
        for sheet, formula_sheet in zip(workbook.worksheets, formulas.worksheets, strict=True):
            if not hasattr(sheet, "iter_rows"):
                continue  # a chart sheet
            grid = [list(row) for row in sheet.iter_rows(values_only=True)]
            for number, row in enumerate(formula_sheet.iter_rows(values_only=True), start=1):
                for index, value in enumerate(row):
                    if isinstance(value, str) and value.startswith("=") and number <= len(grid):
                        cells = grid[number - 1]
                        if index < len(cells) and cells[index] is None:
                            cells[index] = value
            below: set[tuple[int, int]] = set()
            for merged in sheet.merged_cells.ranges:
                top = _cell_at(grid, merged.min_row, merged.min_col)
                for row_number in range(merged.min_row, min(merged.max_row, len(grid)) + 1):
                    cells = grid[row_number - 1]
                    cells.extend([None] * (merged.max_col - len(cells)))
                    for col in range(merged.min_col, merged.max_col + 1):
                        cells[col - 1] = top
                        if row_number > merged.min_row:
                            below.add((row_number, col - 1))
            rows = [
                (number, [_cell_text(v) for v in cells])
                for number, cells in enumerate(grid, start=1)
            ]
            yield _Sheet(str(sheet.title), rows, frozenset(below))
    finally:
        workbook.close()
        formulas.close()


def _cell_at(grid: Sequence[Sequence[Any]], row: int, col: int) -> Any:
    """The value at 1-based (row, col), None outside the grid."""
    if row <= len(grid) and col <= len(grid[row - 1]):
        return grid[row - 1][col - 1]
    return None


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _csv_rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [(n, [_cell_text(c) for c in row]) for n, row in enumerate(reader, start=1)]


def _json_rows(path: Path) -> list[tuple[int, list[str]]]:
    try:
        raw = json.loads(path.read_text("utf-8-sig"))
    except (OSError, ValueError) as exc:
        raise RegisterError(f"{path.name}: geen leesbaar JSON-bestand ({exc})") from exc
    if isinstance(raw, dict):  # an API page ("results") or a wrapped list
        for wrapper in (
            "results",
            "verwerkingsactiviteiten",
            "entries",
            "verwerkingen",
            "register",
        ):
            if isinstance(raw.get(wrapper), list):
                raw = raw[wrapper]
                break
    if not isinstance(raw, list) or not all(isinstance(x, dict) for x in raw):
        raise RegisterError(f"{path.name}: verwacht een lijst van verwerkingen (objecten)")
    keys: list[str] = list(dict.fromkeys(k for item in raw for k in item))
    rows = [(1, keys)]
    for number, item in enumerate(raw, start=2):
        rows.append((number, [_cell_text(_json_value(item.get(key))) for key in keys]))
    return rows


# Keys that hold the readable text of a nested object in the VNG API shape.
_JSON_TEXT_KEYS = ("naam", "omschrijving", "categorie", "label", "waarde", "name")


def _json_value(value: Any) -> Any:
    """A JSON value as cell text: lists one per line, objects by their name or description."""
    if isinstance(value, list):
        return "\n".join(str(_json_value(v)) for v in value if v is not None)
    if isinstance(value, dict):
        for key in _JSON_TEXT_KEYS:
            if value.get(key):
                return _json_value(value[key])
        return "; ".join(str(_json_value(v)) for v in value.values() if isinstance(v, str | int))
    if isinstance(value, bool):
        return "ja" if value else "nee"
    return value


def load_register(
    path: Path,
    *,
    catalog: CategoryCatalog | None = None,
    columns: Mapping[str, str] | None = None,
    selectielijst: Mapping[str, Retention] | Path | None = None,
    declared_systems: Collection[str] | None = None,
    check_quality: bool = True,
) -> RegisterImport:
    """Read the register from `.xlsx`/`.xlsm`, `.csv` or `.json`.

    columns: extra header label → field mapping ("Soort gegevens": "categories"); fields are
    those of `RegisterEntry` listed in `HEADER_SYNONYMS`.
    selectielijst: Selectielijst results by number (`retention.load_selectielijst`), or the
    path of a VNG `resultaten.json`, so a retention cell such as "8.1.1" resolves to a period.
    declared_systems: the `system` of every configured source, for the quality check that each
    system an entry names is scanned (skipped when None).
    check_quality: run the register-quality suite (`quality.check_register_quality`) and add
    its results to `problems`, after the problems found while reading cells.

    Raises `RegisterError` for an unsupported or unreadable file, or when no sheet has a header
    row naming at least the processing name and two other known columns.
    """
    path = Path(path)
    catalog = catalog or load_catalog()
    suffix = path.suffix.lower()
    if columns:
        unknown = sorted(set(columns.values()) - set(HEADER_SYNONYMS))
        if unknown:
            raise RegisterError(f"onbekend veld in de kolomtoewijzing: {', '.join(unknown)}")
    if suffix not in (".xlsx", ".xlsm", ".csv", ".json"):
        raise RegisterError(
            f"{path.name}: bestandstype '{suffix or '(geen)'}' wordt niet ondersteund; "
            "gebruik .xlsx, .csv of .json"
        )
    if not path.is_file():
        raise RegisterError(f"{path}: bestand niet gevonden")

    candidates: Iterable[_Sheet]
    if suffix in (".xlsx", ".xlsm"):
        candidates = _xlsx_sheets(path)
    elif suffix == ".csv":
        try:
            text = _decode(path.read_bytes())
        except OSError as exc:
            raise RegisterError(f"{path.name}: niet te lezen ({exc.strerror})") from exc
        parsed = [_csv_rows(text, d) for d in (";", ",", "\t")]
        scored = []
        for rows in parsed:
            header = _find_header(rows, columns)
            scored.append(len(set(header.fields.values())) if header else -1)
        candidates = [_Sheet(path.name, parsed[scored.index(max(scored))], frozenset())]
    else:
        candidates = [_Sheet(path.name, _json_rows(path), frozenset())]

    if selectielijst is not None and not isinstance(selectielijst, Mapping):
        try:
            selectielijst = load_selectielijst(Path(selectielijst))
        except (OSError, ValueError) as exc:
            raise RegisterError(f"Selectielijst niet te lezen: {exc}") from exc
    for sheet in candidates:
        result = _from_rows(sheet.rows, catalog, columns, selectielijst, sheet.merged_from_above)
        if result is not None:
            if not check_quality:
                return result
            quality = check_register_quality(result.entries, declared_systems=declared_systems)
            return RegisterImport(result.entries, (*result.problems, *quality))
    raise RegisterError(
        f"{path.name}: geen kopregel gevonden in de eerste 10 rijen; verwacht kolommen zoals "
        "'Naam verwerking', 'Categorieën persoonsgegevens', 'Bewaartermijn' en 'Systemen'"
    )
