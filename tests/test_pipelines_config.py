"""avgscan.yaml: validation errors name the key, never echo a secret; paths resolve to the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.config import ConfigError, DatabaseSource, FilesSource, find_config, load_config

VALID = """\
organisation: Gemeente Voorbeeld
store: sqlite:///.avgscan/avgscan.db
register:
  path: register/verwerkingsregister.xlsx
sources:
  - name: sociaal_domein
    type: database
    url: postgresql+psycopg://scanner:${SOCIAAL_DB_PASSWORD}@db.intern/sociaal
    system: Suite4Sociaal Domein
    include: ["public.*"]
    exclude: ["public.audit_*"]
    sample_rows: 500
    retention_date_columns: {"public.wmo_*": einddatum}
  - name: lokaal
    type: database
    url: sqlite:///databases/hr.sqlite
    system: HR-Personeel
  - name: wmo_share
    type: files
    path: share/wmo
    system: Netwerkschijf Wmo
    activities: {"Bezwaar/*": Bezwaar en beroep}
"""

SECRET = "Geheim-Wachtwoord-42"


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "avgscan.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_valid_config_loads_with_variables_expanded_and_paths_resolved(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID), env={"SOCIAAL_DB_PASSWORD": SECRET})
    assert config.organisation == "Gemeente Voorbeeld"
    sociaal, lokaal, share = config.sources
    assert isinstance(sociaal, DatabaseSource) and isinstance(share, FilesSource)
    assert SECRET in sociaal.url
    assert SECRET not in sociaal.safe_url and "***" in sociaal.safe_url
    assert sociaal.sample_rows == 500
    assert sociaal.retention_date_columns == {"public.wmo_*": "einddatum"}
    assert lokaal.url == f"sqlite:///{tmp_path / 'databases' / 'hr.sqlite'}"
    assert share.path == str(tmp_path / "share" / "wmo")
    assert config.register_config.path == tmp_path / "register" / "verwerkingsregister.xlsx"
    assert config.store == f"sqlite:///{tmp_path / '.avgscan' / 'avgscan.db'}"
    assert config.reports == tmp_path / ".avgscan" / "reports"
    assert config.source("wmo_share").activities == {"Bezwaar/*": "Bezwaar en beroep"}


def test_missing_variable_names_key_and_variable(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, VALID), env={})
    assert "sources[0].url" in str(err.value)
    assert "SOCIAAL_DB_PASSWORD" in str(err.value)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("system: HR-Personeel", "system: HR-Personeel\n    colour: blue"), "colour: unknown key"),
        (("sample_rows: 500", "sample_rows: veel"), "sources.0.sample_rows"),
        (("organisation: Gemeente Voorbeeld", "organisatie: Gemeente Voorbeeld"), "organisation"),
        (("type: files", "type: ftp"), "sources.2"),
        (("name: lokaal", "name: sociaal_domein"), "used twice"),
    ],
)
def test_invalid_config_is_a_clear_error_naming_the_key(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    text = VALID.replace(*change)
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text), env={"SOCIAAL_DB_PASSWORD": SECRET})
    assert expected in str(err.value)
    assert SECRET not in str(err.value)


def test_error_in_a_source_with_a_secret_does_not_echo_the_url(tmp_path: Path) -> None:
    text = VALID.replace("sample_rows: 500", "sample_rows: 0")
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, text), env={"SOCIAAL_DB_PASSWORD": SECRET})
    assert SECRET not in str(err.value)
    assert "scanner:" not in str(err.value)


def test_missing_file_and_broken_yaml_are_config_errors(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="not found"):
        load_config(tmp_path / "nope.yaml")
    with pytest.raises(ConfigError, match="not valid YAML at line 2"):
        load_config(write(tmp_path, "organisation: x\n  - : [\n"))


def test_config_is_found_through_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AVGSCAN_CONFIG", str(tmp_path / "elders.yaml"))
    assert find_config() == tmp_path / "elders.yaml"
    assert find_config(tmp_path / "expliciet.yaml") == tmp_path / "expliciet.yaml"
    monkeypatch.delenv("AVGSCAN_CONFIG")
    monkeypatch.chdir(tmp_path)
    assert find_config() == tmp_path / "avgscan.yaml"


def test_unknown_source_name_lists_the_known_ones(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, VALID), env={"SOCIAAL_DB_PASSWORD": SECRET})
    with pytest.raises(ConfigError, match="known: sociaal_domein, lokaal, wmo_share"):
        config.source("parkeren")


@pytest.mark.parametrize(
    ("change", "key"),
    [
        (
            ("scanner:${SOCIAAL_DB_PASSWORD}@", "scanner:Geheim-Wachtwoord-42@"),
            "sources[0].url",
        ),
        (
            (
                "    path: share/wmo\n",
                "    path: smb://fs.intern/wmo\n    password: Geheim-Wachtwoord-42\n",
            ),
            "sources[2].password",
        ),
    ],
)
def test_a_password_written_in_the_file_is_refused(
    tmp_path: Path, change: tuple[str, str], key: str
) -> None:
    with pytest.raises(ConfigError) as err:
        load_config(write(tmp_path, VALID.replace(*change)), env={"SOCIAAL_DB_PASSWORD": SECRET})
    assert key in str(err.value) and "${VAR}" in str(err.value)
    assert SECRET not in str(err.value)


def test_smb_share_credentials_come_from_the_environment(tmp_path: Path) -> None:
    text = VALID.replace(
        "    path: share/wmo\n",
        "    path: smb://fs.intern/afdelingen/wmo\n"
        "    username: GEMEENTE\\\\svc_avgscan\n"
        "    password: ${SMB_PASSWORD}\n",
    )
    config = load_config(
        write(tmp_path, text), env={"SOCIAAL_DB_PASSWORD": "x", "SMB_PASSWORD": SECRET}
    )
    share = config.source("wmo_share")
    assert isinstance(share, FilesSource)
    assert share.path == "smb://fs.intern/afdelingen/wmo"  # a URL is not made relative
    assert share.password is not None and share.password.get_secret_value() == SECRET
    assert SECRET not in repr(config) and SECRET not in str(share)
