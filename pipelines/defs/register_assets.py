"""The register of processing activities, imported from the municipality's spreadsheet."""

import dagster as dg

from pipelines.defs.resources import AvgscanResource
from pipelines.runner import load_register_safely


@dg.asset(group_name="register", kinds={"excel"})
def processing_register(
    context: dg.AssetExecutionContext, avgscan: AvgscanResource
) -> dg.MaterializeResult:  # type: ignore[type-arg]
    """Entries of the Register van Verwerkingen, with the cells that could not be understood."""
    config = avgscan.load()
    register, _ = load_register_safely(config)
    for problem in register.problems[:20]:
        context.log.warning(f"register row {problem.row}: {problem.message}")
    return dg.MaterializeResult(
        metadata={
            "path": dg.MetadataValue.path(str(config.register_config.path)),
            "entries": len(register.entries),
            "problems": len(register.problems),
        }
    )
