"""What the register says: import, retention rules, comparison with findings, the FG report."""

from register_sync.basis import dpia_status, parse_legal_basis
from register_sync.categories import CatalogError, CategoryCatalog, CategoryInfo, load_catalog
from register_sync.compare import compare
from register_sync.drafts import DraftRow, draft_rows, write_drafts_xlsx
from register_sync.load import RegisterError, load_register
from register_sync.models import (
    DecisionKind,
    Discrepancy,
    DiscrepancyKind,
    ItemHistory,
    LegalBasis,
    RegisterEntry,
    RegisterImport,
    RegisterProblem,
    Retention,
    RetentionFacts,
    ScanGap,
    Severity,
    SourceBinding,
    discrepancy_key,
)
from register_sync.quality import check_register_quality
from register_sync.report import (
    CoverageRow,
    ReportRun,
    discrepancies_document,
    findings_document,
    to_csv,
    to_html,
    to_xlsx,
    write_report,
)
from register_sync.retention import (
    RETENTION_LADDER,
    cutoff_date,
    ladder_cutoffs,
    load_selectielijst,
    parse_retention,
    rows_older_than,
)

__all__ = [
    "RETENTION_LADDER",
    "CatalogError",
    "CategoryCatalog",
    "CategoryInfo",
    "CoverageRow",
    "DecisionKind",
    "Discrepancy",
    "DiscrepancyKind",
    "DraftRow",
    "ItemHistory",
    "LegalBasis",
    "RegisterEntry",
    "RegisterError",
    "RegisterImport",
    "RegisterProblem",
    "ReportRun",
    "Retention",
    "RetentionFacts",
    "ScanGap",
    "Severity",
    "SourceBinding",
    "check_register_quality",
    "compare",
    "cutoff_date",
    "discrepancies_document",
    "discrepancy_key",
    "dpia_status",
    "draft_rows",
    "findings_document",
    "ladder_cutoffs",
    "load_catalog",
    "load_register",
    "load_selectielijst",
    "parse_legal_basis",
    "parse_retention",
    "rows_older_than",
    "to_csv",
    "to_html",
    "to_xlsx",
    "write_drafts_xlsx",
    "write_report",
]
