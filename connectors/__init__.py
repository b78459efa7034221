"""Where data lives: SQL databases and file shares, read-only, with text extraction."""
