"""One partition per configured source, kept in sync with `avgscan.yaml` by a sensor."""

import dagster as dg

sources_partitions_def = dg.DynamicPartitionsDefinition(name="sources")
