"""Where data lives: SQL databases and file shares, read-only, with text extraction."""

from connectors.base import (
    ColumnKind,
    ColumnRef,
    ConnectorError,
    DataStore,
    DateFacts,
    ExtractedText,
    ExtractionError,
    FileRef,
    FileStore,
    TableRef,
)
from connectors.extract import EXTRACTORS, extract_text, sniff_mime
from connectors.files import LocalFileStore
from connectors.fingerprint import file_fingerprint, same_content, same_metadata
from connectors.smb import SmbFileStore
from connectors.sql import SqlDataStore, choose_date_column

__all__ = [
    "EXTRACTORS",
    "ColumnKind",
    "ColumnRef",
    "ConnectorError",
    "DataStore",
    "DateFacts",
    "ExtractedText",
    "ExtractionError",
    "FileRef",
    "FileStore",
    "LocalFileStore",
    "SmbFileStore",
    "SqlDataStore",
    "TableRef",
    "choose_date_column",
    "extract_text",
    "file_fingerprint",
    "same_content",
    "same_metadata",
    "sniff_mime",
]
