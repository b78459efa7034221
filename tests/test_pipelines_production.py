"""The production instance of deploy/dagster.yaml on the real PostgreSQL: runs the nightly job."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import dagster as dg
import pytest
import sqlalchemy as sa
import yaml

from pipelines.demo import generate_demo
from pipelines.orchestration import run_nightly_in_process

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"


def test_deployment_files_are_valid_yaml_and_keep_secrets_out() -> None:
    instance = yaml.safe_load((DEPLOY / "dagster.yaml").read_text(encoding="utf-8"))
    database = instance["storage"]["postgres"]["postgres_db"]
    secrets = ("hostname", "port", "db_name", "username", "password")
    assert all(isinstance(database[k], dict) and "env" in database[k] for k in secrets)
    assert database["scheme"] == "postgresql+psycopg2"
    assert instance["telemetry"] == {"enabled": False}
    workspace = yaml.safe_load((DEPLOY / "workspace.yaml").read_text(encoding="utf-8"))
    assert workspace["load_from"][0]["python_module"]["module_name"] == "pipelines.definitions"
    for unit in (DEPLOY / "systemd").glob("*.service"):
        text = unit.read_text(encoding="utf-8")
        assert "EnvironmentFile=/etc/avgscan/avgscan.env" in text and "PASSWORD" not in text


@pytest.mark.integration
def test_nightly_job_on_the_postgres_instance(
    fresh_postgres_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    postgres_url = fresh_postgres_url  # Dagster's tables (runs, ...) must not meet the store's
    url = sa.engine.make_url(postgres_url)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copy(DEPLOY / "dagster.yaml", home / "dagster.yaml")
    env = {
        "DAGSTER_HOME": str(home),
        "DAGSTER_PG_HOST": url.host or "127.0.0.1",
        "DAGSTER_PG_PORT": str(url.port or 5432),
        "DAGSTER_PG_DB": url.database or "",
        "DAGSTER_PG_USERNAME": url.username or "postgres",
        "DAGSTER_PG_PASSWORD": url.password or "trust",  # trust auth ignores it
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    manifest = generate_demo(tmp_path / "gemeente")
    with dg.DagsterInstance.get() as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        result = run_nightly_in_process(manifest.config_path, instance)
        assert result.success
        assert instance.get_run_by_id(result.run_id) is not None
        assert instance.get_dynamic_partitions("sources")
    engine = sa.create_engine(postgres_url)
    with engine.connect() as conn:
        runs = conn.execute(sa.text("SELECT count(*) FROM runs")).scalar_one()
        events = conn.execute(sa.text("SELECT count(*) FROM event_logs")).scalar_one()
    engine.dispose()
    assert runs >= 1 and events > 10
    assert os.environ["DAGSTER_HOME"] == str(home)
