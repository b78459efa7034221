"""Register quality: a Great Expectations suite over the register's entries, run on every import.

Checks (one expectation each, on a DataFrame with one row per entry):

| check | expectation |
|---|---|
| naam | every entry has a name |
| doel | every entry has a purpose |
| grondslag | every entry has a legal basis |
| grondslag_herkend | a basis that is filled in names an art. 6 ground or a law |
| categorieen | every entry lists at least one category of personal data |
| bewaartermijn | every entry has a computable retention period (or "blijvend") |
| systemen | every entry names at least one system |
| systemen_bekend | every system is declared by a source in avgscan.yaml (when given) |
| unieke_naam | no two entries share a name |

The results are `RegisterProblem`s (with `check` set) for the "Kwaliteit van het register"
section of the report; they fail nothing. Great Expectations runs fully offline: an ephemeral
in-memory context, analytics off. Importing it takes seconds, so the context and suite are
built once per process.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from register_sync.models import RegisterEntry, RegisterProblem

# Column of the DataFrame → the register column named in a problem.
_COLUMN_LABELS: Mapping[str, str] = {
    "name": "Naam verwerking",
    "purpose": "Doel",
    "legal_basis": "Grondslag",
    "basis_understood": "Grondslag",
    "category_count": "Categorieën persoonsgegevens",
    "retention_computable": "Bewaartermijn",
    "system_count": "Systemen/Applicaties",
    "undeclared_systems": "Systemen/Applicaties",
    "name_key": "Naam verwerking",
}


@dataclass(frozen=True)
class _Check:
    name: str
    column: str
    message: str  # Dutch; may use {name} and {value}


CHECKS: tuple[_Check, ...] = (
    _Check("naam", "name", "Verwerking zonder naam."),
    _Check("doel", "purpose", "Verwerking '{name}' heeft geen doel."),
    _Check("grondslag", "legal_basis", "Verwerking '{name}' heeft geen grondslag."),
    _Check(
        "grondslag_herkend",
        "basis_understood",
        "Grondslag van '{name}' noemt geen grondslag van art. 6 lid 1 AVG (a–f) en geen wet.",
    ),
    _Check(
        "categorieen",
        "category_count",
        "Verwerking '{name}' noemt geen categorieën persoonsgegevens.",
    ),
    _Check(
        "bewaartermijn",
        "retention_computable",
        "Verwerking '{name}' heeft geen berekenbare bewaartermijn: {value}",
    ),
    _Check("systemen", "system_count", "Verwerking '{name}' noemt geen systeem of applicatie."),
    _Check(
        "systemen_bekend",
        "undeclared_systems",
        "Verwerking '{name}' noemt systeem {value} dat geen bron in avgscan.yaml heeft "
        "(niet gescand, of anders gespeld).",
    ),
    _Check("unieke_naam", "name_key", "Verwerking '{name}' staat ook op rij {value}."),
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s+", "", plain)


def _filled(text: str | None) -> str | None:
    return text if text and text.strip() else None


def _frame(entries: Sequence[RegisterEntry], declared: Collection[str] | None) -> Any:
    import pandas as pd

    known = {_fold(s) for s in declared} if declared is not None else None
    rows = []
    for entry in entries:
        undeclared = (
            [s for s in entry.systems if _fold(s) not in known] if known is not None else []
        )
        rows.append(
            {
                "row": entry.row,
                "name": _filled(entry.name),
                "purpose": _filled(entry.purpose),
                "legal_basis": _filled(entry.legal_basis),
                # None when there is no basis text: that is the "grondslag" check's business.
                "basis_understood": (entry.basis is not None)
                if _filled(entry.legal_basis)
                else None,
                "category_count": len(entry.categories),
                "retention_computable": entry.retention.kind != "unknown",
                "retention_note": entry.retention.note or "Bewaartermijn niet te bepalen.",
                "system_count": len(entry.systems),
                "undeclared_systems": "; ".join(f"'{s}'" for s in undeclared) or None,
                "name_key": " ".join((entry.name or "").casefold().split()) or None,
            }
        )
    columns = ["row", "retention_note", *_COLUMN_LABELS]
    return pd.DataFrame(rows, columns=columns)


@lru_cache(maxsize=1)
def _validation() -> Any:
    """The ephemeral GX context's validation definition, built once per process."""
    os.environ["GX_ANALYTICS_ENABLED"] = "False"  # read by GX at import: never phone home
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    context = gx.get_context(mode="ephemeral", project_config=config)
    source = context.data_sources.add_pandas("register")
    batch = source.add_dataframe_asset("entries").add_batch_definition_whole_dataframe("all")
    suite = gx.ExpectationSuite("register_quality")
    e = gx.expectations
    suite.add_expectation(e.ExpectColumnValuesToNotBeNull(column="name", meta={"check": "naam"}))
    suite.add_expectation(e.ExpectColumnValuesToNotBeNull(column="purpose", meta={"check": "doel"}))
    suite.add_expectation(
        e.ExpectColumnValuesToNotBeNull(column="legal_basis", meta={"check": "grondslag"})
    )
    suite.add_expectation(
        e.ExpectColumnValuesToBeInSet(
            column="basis_understood", value_set=[True], meta={"check": "grondslag_herkend"}
        )
    )
    suite.add_expectation(
        e.ExpectColumnValuesToBeBetween(
            column="category_count", min_value=1, meta={"check": "categorieen"}
        )
    )
    suite.add_expectation(
        e.ExpectColumnValuesToBeInSet(
            column="retention_computable", value_set=[True], meta={"check": "bewaartermijn"}
        )
    )
    suite.add_expectation(
        e.ExpectColumnValuesToBeBetween(
            column="system_count", min_value=1, meta={"check": "systemen"}
        )
    )
    suite.add_expectation(
        e.ExpectColumnValuesToBeNull(column="undeclared_systems", meta={"check": "systemen_bekend"})
    )
    suite.add_expectation(
        e.ExpectColumnValuesToBeUnique(column="name_key", meta={"check": "unieke_naam"})
    )
    suite = context.suites.add(suite)
    return context.validation_definitions.add(
        gx.ValidationDefinition(name="register_quality", data=batch, suite=suite)
    )


def _value(check: _Check, frame: Any, record: Any) -> str:
    if check.name == "systemen_bekend":
        return str(record["undeclared_systems"] or "")
    if check.name == "bewaartermijn":
        return str(record["retention_note"])
    if check.name == "unieke_naam":
        same = frame[(frame["name_key"] == record["name_key"]) & (frame["row"] != record["row"])]
        return ", ".join(str(int(r)) for r in same["row"])
    return ""


def check_register_quality(
    entries: Sequence[RegisterEntry], *, declared_systems: Collection[str] | None = None
) -> list[RegisterProblem]:
    """Run the register-quality suite; one problem per failing entry and check, by row.

    declared_systems: the `system` of every source in avgscan.yaml; None skips that check.
    """
    if not entries:
        return []
    frame = _frame(entries, declared_systems)
    result = _validation().run(
        batch_parameters={"dataframe": frame},
        result_format={"result_format": "COMPLETE", "unexpected_index_column_names": ["row"]},
    )
    checks = {c.name: c for c in CHECKS}
    problems: list[RegisterProblem] = []
    for outcome in result.results:
        if outcome.success:
            continue
        check = checks[outcome.expectation_config.meta["check"]]
        indexes = outcome.result.get("unexpected_index_list") or []
        for item in indexes:
            index = item if isinstance(item, int) else None
            if index is None:  # {"row": n} when index column names are given
                row_number = int(item["row"])
                position = frame.index[frame["row"] == row_number][0]
            else:
                position = index
            record = frame.loc[position]
            problems.append(
                RegisterProblem(
                    row=int(record["row"]),
                    column=_COLUMN_LABELS[check.column],
                    message=check.message.format(
                        name=record["name"] or "", value=_value(check, frame, record)
                    ),
                    check=check.name,
                )
            )
    order = {c.name: i for i, c in enumerate(CHECKS)}
    return sorted(set(problems), key=lambda p: (p.row, order[p.check or ""]))
