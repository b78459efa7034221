"""`avgscan.yaml`: loading, `${VAR}` expansion and validation.

Every command finds its configuration the same way: `--config FILE`, else `$AVGSCAN_CONFIG`,
else `./avgscan.yaml`. Relative paths in the file are relative to the file. Errors name the key
and never echo a value: a database URL may carry a password once `${VAR}`s are expanded.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from sqlalchemy.engine import make_url

DEFAULT_CONFIG_NAME = "avgscan.yaml"
MAX_SCAN_WORKERS = 64  # worker processes of one scan; each holds its own analyzer in memory
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class ConfigError(Exception):
    """The configuration is missing, unreadable or invalid. The message names the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class RegisterConfig(_Strict):
    path: Path
    categories: Path | None = None  # extra category synonyms, extending the built-in list
    # Header label -> field, for registers whose columns carry other labels
    # (e.g. {"Soort gegevens": categories}); the municipal layouts need none.
    columns: dict[str, str] = Field(default_factory=dict)
    # The VNG Selectielijst (referentielijsten `resultaten.json`) for result numbers as retention.
    selectielijst: Path | None = None


class _SourceBase(_Strict):
    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_\-]{0,62}$")]
    system: Annotated[str, Field(min_length=1)]
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    activities: dict[str, str] = Field(default_factory=dict)  # location glob -> register entry
    # A source that cannot be reached is tried again this often, waiting retry_delay_s, then
    # twice as long, ...: a database restarting at night is not a gap in the report.
    retries: Annotated[int, Field(ge=0, le=10)] = 2
    retry_delay_s: Annotated[float, Field(ge=0, le=3600)] = 30.0


class DatabaseSource(_SourceBase):
    type: Literal["database"]
    url: str
    sample_rows: Annotated[int, Field(ge=1, le=1_000_000)] = 1000
    retention_date_columns: dict[str, str] = Field(default_factory=dict)  # table glob -> column
    statement_timeout_s: Annotated[float, Field(gt=0)] = 60.0

    @field_validator("url")
    @classmethod
    def _url_parses(cls, value: str) -> str:
        try:
            make_url(value)
        except Exception as exc:
            raise ValueError("not a valid SQLAlchemy URL") from exc
        return value

    @property
    def safe_url(self) -> str:
        """The URL with its password hidden: the only form that may be shown or logged."""
        return make_url(self.url).render_as_string(hide_password=True)


class FilesSource(_SourceBase):
    type: Literal["files"]
    path: str  # a local folder, or smb://server[:port]/share/folder
    username: str | None = None  # for smb://; DOMEIN\\gebruiker or gebruiker
    password: SecretStr | None = None  # for smb://; always as ${VAR}, never in the file
    max_file_mb: Annotated[int, Field(ge=1, le=10_000)] = 50


Source = Annotated[DatabaseSource | FilesSource, Field(discriminator="type")]


class AvgscanConfig(_Strict):
    organisation: Annotated[str, Field(min_length=1)]
    store: str = "sqlite:///.avgscan/avgscan.db"
    reports: Path = Path(".avgscan/reports")
    # `register` itself would shadow BaseModel.register (ABCMeta); the YAML key stays `register`.
    register_config: RegisterConfig = Field(alias="register")
    sources: tuple[Source, ...]
    # Politeness: scans at the same time on one database or file server, across all runs.
    max_scans_per_server: Annotated[int, Field(ge=1, le=16)] = 1
    # Worker processes a scan (`avgscan scan`, the nightly job) scans sources in; 1 = in process.
    scan_workers: Annotated[int, Field(ge=1, le=MAX_SCAN_WORKERS)] = 1
    # The scan_coverage_is_sufficient check warns below this share of tables/files scanned.
    min_scan_coverage: Annotated[float, Field(ge=0, le=1)] = 0.95
    base_dir: Path = Path(".")  # set by the loader: the folder of the configuration file

    @model_validator(mode="after")
    def _unique_names(self) -> AvgscanConfig:
        seen: set[str] = set()
        for source in self.sources:
            if source.name in seen:
                raise ValueError(f"source name '{source.name}' is used twice")
            seen.add(source.name)
        return self

    def source(self, name: str) -> DatabaseSource | FilesSource:
        for source in self.sources:
            if source.name == name:
                return source
        known = ", ".join(s.name for s in self.sources)
        raise ConfigError(f"no source named '{name}' in the configuration (known: {known})")

    @property
    def safe_store_url(self) -> str:
        return make_url(self.store).render_as_string(hide_password=True)


def find_config(explicit: str | Path | None = None) -> Path:
    """`explicit`, else `$AVGSCAN_CONFIG`, else `./avgscan.yaml`."""
    chosen = explicit or os.environ.get("AVGSCAN_CONFIG") or DEFAULT_CONFIG_NAME
    return Path(chosen).expanduser().resolve()


def load_config(
    path: str | Path | None = None, env: Mapping[str, str] | None = None
) -> AvgscanConfig:
    """Read, expand and validate a configuration file; relative paths resolved against it."""
    config_path = find_config(path)
    try:
        raw = yaml.safe_load(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"configuration file not found: {config_path}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise ConfigError(f"{config_path}: not valid YAML{where}") from None
    if not isinstance(raw, dict):
        raise ConfigError(f"{config_path}: expected a mapping at the top level")
    expanded = _expand(raw, os.environ if env is None else env, "")
    try:
        config = AvgscanConfig.model_validate(expanded)
    except ValidationError as exc:
        raise ConfigError(f"{config_path}: {_describe(exc)}") from None
    return _resolve_paths(config, config_path.parent)


def _expand(node: Any, env: Mapping[str, str], key: str) -> Any:
    if isinstance(node, dict):
        return {k: _expand(v, env, f"{key}.{k}" if key else str(k)) for k, v in node.items()}
    if isinstance(node, list):
        return [_expand(v, env, f"{key}[{i}]") for i, v in enumerate(node)]
    if isinstance(node, str):
        _refuse_literal_secret(key, node)

        def replace(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in env:
                raise ConfigError(f"{key}: environment variable {name} is not set")
            return env[name]

        return _VAR.sub(replace, node)
    return node


def _refuse_literal_secret(key: str, value: str) -> None:
    """Secrets come from the environment: a password written in the file is an error."""
    if key.endswith("password") and value and "${" not in value:
        raise ConfigError(f"{key}: write the password as ${{VAR}} and set VAR in the environment")
    if key.endswith(".url") and "://" in value:
        try:
            password = make_url(value).password
        except Exception:
            return  # not a URL: validation reports it
        if password and "${" not in str(password):
            raise ConfigError(
                f"{key}: the URL holds a password; write it as ${{VAR}} (environment)"
            )


def _describe(exc: ValidationError) -> str:
    """Pydantic's errors without the input values (which may hold an expanded secret)."""
    parts = []
    for error in exc.errors(include_input=False, include_url=False):
        loc = ".".join(str(p) for p in error["loc"] if str(p) not in {"database", "files"})
        message = "unknown key" if error["type"] == "extra_forbidden" else error["msg"]
        parts.append(f"{loc or 'top level'}: {message}")
    return "; ".join(parts)


def _resolve_paths(config: AvgscanConfig, base: Path) -> AvgscanConfig:
    def under_base(path: Path) -> Path:
        return path if path.is_absolute() else (base / path).resolve()

    sources: list[DatabaseSource | FilesSource] = []
    for source in config.sources:
        if isinstance(source, DatabaseSource):
            sources.append(source.model_copy(update={"url": _resolve_sqlite(source.url, base)}))
        elif "://" in source.path:
            sources.append(source)
        else:
            sources.append(source.model_copy(update={"path": str(under_base(Path(source.path)))}))
    register = config.register_config.model_copy(
        update={
            "path": under_base(config.register_config.path),
            "categories": under_base(config.register_config.categories)
            if config.register_config.categories
            else None,
            "selectielijst": under_base(config.register_config.selectielijst)
            if config.register_config.selectielijst
            else None,
        }
    )
    return config.model_copy(
        update={
            "store": _resolve_sqlite(config.store, base),
            "reports": under_base(config.reports),
            "register_config": register,
            "sources": tuple(sources),
            "base_dir": base,
        }
    )


def _resolve_sqlite(url: str, base: Path) -> str:
    """Make a relative SQLite database path relative to the configuration file."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return url
    if database.startswith("file:") or Path(database).is_absolute():
        return url
    return parsed.set(database=str((base / database).resolve())).render_as_string(
        hide_password=False
    )
