"""Resources: the configuration (with the findings store it names) and the analyzer."""

import dagster as dg
from presidio_analyzer import AnalyzerEngine
from pydantic import PrivateAttr

from pipelines.config import AvgscanConfig, load_config
from pipelines.keys import hmac_key_from_env
from pipelines.store import FindingsStore
from scanners import build_analyzer


class AvgscanResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """`avgscan.yaml` and the findings store it names. Secrets stay `${VAR}`s in the file."""

    config_path: str

    def load(self) -> AvgscanConfig:
        return load_config(self.config_path)

    def open_store(self, config: AvgscanConfig) -> FindingsStore:
        return FindingsStore(config.store)

    def hmac_key(self) -> bytes | None:
        """The fingerprint key from `AVGSCAN_HMAC_KEY`, read when a scan runs."""
        return hmac_key_from_env()


class AnalyzerResource(dg.ConfigurableResource):  # type: ignore[type-arg]
    """The Dutch Presidio analyzer, built once per step process on first use, never at import
    (a scan step with `scan_workers` above 1 never uses it: each worker builds its own)."""

    _analyzer: AnalyzerEngine | None = PrivateAttr(default=None)

    @property
    def analyzer(self) -> AnalyzerEngine:
        if self._analyzer is None:
            self._analyzer = build_analyzer()
        return self._analyzer
