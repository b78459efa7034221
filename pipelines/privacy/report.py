"""The officer's reports, in Dutch: HTML (autoescaped, offline: no external assets) and JSON.

They hold locations, category labels, counts, register entries and retention, never a value
from a source and never a supplied identifier.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import jinja2

from pipelines.privacy.incident import IncidentAssessment
from pipelines.privacy.locate import LocateResult

LOCATE_NAME = "opvraging"
INCIDENT_NAME = "datalek"


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.PackageLoader("pipelines.privacy", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
    )


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _write(out_dir: Path, name: str, html: str, document: dict[str, Any]) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / f"{name}.html"
    json_path = out_dir / f"{name}.json"
    html_path.write_text(html, encoding="utf-8")
    json_path.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    return [html_path, json_path]


def write_locate_report(
    result: LocateResult, out_dir: Path, *, purpose: str, requested_by: str | None = None
) -> list[Path]:
    """`opvraging.html` and `opvraging.json` in `out_dir`."""
    html = (
        _environment()
        .get_template("locate.html.j2")
        .render(r=result, purpose=purpose, requested_by=requested_by)
    )
    document = {"purpose": purpose, "requested_by": requested_by, **_plain(result)}
    return _write(out_dir, LOCATE_NAME, html, document)


def write_incident_report(
    assessment: IncidentAssessment, out_dir: Path, *, requested_by: str | None = None
) -> list[Path]:
    """`datalek.html` and `datalek.json` in `out_dir`."""
    html = (
        _environment()
        .get_template("incident.html.j2")
        .render(a=assessment, requested_by=requested_by)
    )
    document = {"requested_by": requested_by, "advice_only": True, **_plain(assessment)}
    return _write(out_dir, INCIDENT_NAME, html, document)
