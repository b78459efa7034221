"""What the data is: a Dutch Presidio analyzer, and column and document classification.

Public API (imported lazily, so `import scanners.findings` stays light for `register_sync`):

- `build_analyzer(nlp_conf=None, recognizers_conf=None) -> AnalyzerEngine` (heavy: once a process)
- `scan_values(analyzer, values, *, context, language="nl") -> list[EntityFinding]`
- `scan_text(analyzer, text, *, language="nl") -> list[EntityFinding]`
- `mask(entity_type, value) -> str`
- `EntityFinding`, `Finding`, `NL_RECOGNIZERS`, `AnalyzerConfigError`, `ScanError`
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scanners.findings import EntityFinding, Finding, LocationType

if TYPE_CHECKING:
    from scanners.engine import NL_RECOGNIZERS, AnalyzerConfigError, build_analyzer
    from scanners.masking import mask
    from scanners.scan import ScanError, scan_text, scan_values

__all__ = [
    "NL_RECOGNIZERS",
    "AnalyzerConfigError",
    "EntityFinding",
    "Finding",
    "LocationType",
    "ScanError",
    "build_analyzer",
    "mask",
    "scan_text",
    "scan_values",
]

_LAZY = {
    "NL_RECOGNIZERS": "scanners.engine",
    "AnalyzerConfigError": "scanners.engine",
    "build_analyzer": "scanners.engine",
    "mask": "scanners.masking",
    "ScanError": "scanners.scan",
    "scan_text": "scanners.scan",
    "scan_values": "scanners.scan",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'scanners' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
