"""The fingerprint key: read from the environment, validated, generated only for the demo."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from pipelines.config import ConfigError
from pipelines.keys import HMAC_KEY_ENV, ensure_demo_key, hmac_key_from_env


def test_key_from_environment() -> None:
    assert hmac_key_from_env({HMAC_KEY_ENV: "ab" * 32}) == bytes.fromhex("ab" * 32)
    assert hmac_key_from_env({}) is None


@pytest.mark.parametrize("bad", ["geen-hex-sleutel-maar-tekst-0123456789", "abcd"])
def test_malformed_key_is_a_config_error_without_the_key(bad: str) -> None:
    with pytest.raises(ConfigError) as err:
        hmac_key_from_env({HMAC_KEY_ENV: bad})
    assert bad not in str(err.value)


def test_demo_key_is_made_once_private_and_reused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(HMAC_KEY_ENV, raising=False)
    ensure_demo_key(tmp_path)
    first = os.environ[HMAC_KEY_ENV]
    key_file = tmp_path / "hmac.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert hmac_key_from_env() == bytes.fromhex(first)
    monkeypatch.delenv(HMAC_KEY_ENV)
    ensure_demo_key(tmp_path)
    assert os.environ[HMAC_KEY_ENV] == first


def test_a_key_in_the_environment_wins_over_the_demo_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(HMAC_KEY_ENV, "cd" * 32)
    ensure_demo_key(tmp_path)
    assert os.environ[HMAC_KEY_ENV] == "cd" * 32
    assert not (tmp_path / "hmac.key").exists()
