"""avgscan tests (a package, so plugins such as tests.smb_server import by name)."""
