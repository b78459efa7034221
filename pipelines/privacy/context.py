"""What the officer's reports need around a location: register entries, retention, categories.

A location maps to register entries exactly as in the comparison (`register_sync.compare`): a
matching `activities` glob of its source names the entry, otherwise the source's `system`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from pipelines.config import AvgscanConfig
from register_sync import CategoryCatalog, RegisterEntry
from register_sync.compare import entries_for  # the comparison's own rule, not a copy
from register_sync.models import SourceBinding
from register_sync.retention import describe_period
from scanners.findings import Finding


@dataclass(frozen=True)
class RegisterRef:
    """A register entry as the officer's report names it."""

    name: str
    retention: str  # the cell as written, or "niet vastgelegd"
    retention_period: str | None  # Dutch rendering of the parsed period: "7 jaar"
    anchor: str | None  # the event the period runs from


def bindings(config: AvgscanConfig) -> dict[str, SourceBinding]:
    return {
        s.name: SourceBinding(source=s.name, system=s.system, activities=dict(s.activities))
        for s in config.sources
    }


def register_refs(
    source: str,
    container: str,
    by_source: dict[str, SourceBinding],
    entries: Sequence[RegisterEntry],
) -> tuple[RegisterRef, ...]:
    match = entries_for(source, container, by_source, entries)
    refs = []
    for entry in match.entries:
        retention = entry.retention
        period = describe_period(retention.period) if retention.period else None
        if retention.kind == "permanent":
            period = "blijvend bewaren"
        refs.append(
            RegisterRef(
                name=entry.name,
                retention=retention.text.strip() or "niet vastgelegd",
                retention_period=period,
                anchor=retention.anchor,
            )
        )
    return tuple(refs)


@dataclass(frozen=True)
class CategorySummary:
    labels: tuple[str, ...]  # Dutch labels, catalog order
    special: tuple[str, ...]  # labels of art. 9/10 categories
    keys: tuple[str, ...]


def categories_of(findings: Iterable[Finding], catalog: CategoryCatalog) -> CategorySummary:
    keys = {catalog.category_of(f.entity_type) for f in findings if f.hits > 0}
    ordered = tuple(k for k in catalog.categories if k in keys)
    return CategorySummary(
        labels=tuple(catalog.label(k) for k in ordered),
        special=tuple(catalog.label(k) for k in ordered if catalog.info(k).special),
        keys=ordered,
    )
