"""When and how it runs: configuration, findings store, CLI and Dagster definitions."""
