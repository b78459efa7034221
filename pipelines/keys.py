"""The key for evidence fingerprints (keyed hashes of found values), from the environment.

`AVGSCAN_HMAC_KEY` holds at least 32 hex digits (16 bytes); `openssl rand -hex 32` makes one.
Keep it as secret as the data: with it, a BSN can be tested against the fingerprints. Without
it avgscan still scans, and stores no fingerprints. Only the demo generates a key, once, in
its own folder, so that a newcomer sees fingerprints without setting anything up.
"""

from __future__ import annotations

import logging
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from pipelines.config import ConfigError

HMAC_KEY_ENV = "AVGSCAN_HMAC_KEY"
MIN_KEY_HEX = 32

log = logging.getLogger(__name__)


def hmac_key_from_env(env: Mapping[str, str] | None = None) -> bytes | None:
    """The fingerprint key, or None when it is not set. A malformed key is a ConfigError."""
    value = (os.environ if env is None else env).get(HMAC_KEY_ENV, "").strip()
    if not value:
        log.warning("%s is not set: findings get no fingerprints", HMAC_KEY_ENV)
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        raise ConfigError(f"{HMAC_KEY_ENV} must be hexadecimal (openssl rand -hex 32)") from None
    if len(value) < MIN_KEY_HEX:
        raise ConfigError(f"{HMAC_KEY_ENV} must have at least {MIN_KEY_HEX} hex digits")
    return key


def ensure_demo_key(folder: Path) -> None:
    """Set `AVGSCAN_HMAC_KEY` for the demo from `folder/hmac.key`, made on first use (0600)."""
    if os.environ.get(HMAC_KEY_ENV):
        return
    path = folder / "hmac.key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
    os.environ[HMAC_KEY_ENV] = path.read_text(encoding="ascii").strip()
