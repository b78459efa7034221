"""The privacy officer's locate request as a Dagster job, launched from the UI with run config.

Dagster stores run config in clear in its run storage, and every log line in its event log. So
the job never takes identifiers as config: it takes the *path* of a file with them (the same
`soort: waarde` file as `avgscan locate --identifiers`), which the officer keeps in a protected
folder and deletes afterwards. The op logs counts only; the answer goes to the report folder
given in the config, and the request to the audit trail (keyed hashes).
"""

from pathlib import Path

import dagster as dg

from pipelines.defs.resources import AvgscanResource
from pipelines.privacy.identifiers import read_identifiers
from pipelines.privacy.locate import DEFAULT_FREE_TEXT_ROWS
from pipelines.privacy.requests import answer_locate_request


class LocatePersonConfig(dg.Config):
    identifiers_path: str  # a file with the identifiers; never the identifiers themselves
    report_dir: str
    requested_by: str
    purpose: str = "inzage"
    free_text: bool = False
    free_text_rows: int = DEFAULT_FREE_TEXT_ROWS


@dg.op(description="Locate one data subject in every source; write the answer report.")
def locate_person(
    context: dg.OpExecutionContext, config: LocatePersonConfig, avgscan: AvgscanResource
) -> dg.Output[int]:
    settings = avgscan.load()
    identifiers = read_identifiers(Path(config.identifiers_path))
    result, written, record = answer_locate_request(
        settings,
        identifiers,
        key=avgscan.hmac_key(),
        requested_by=config.requested_by,
        purpose=config.purpose,
        out_dir=Path(config.report_dir),
        free_text=config.free_text,
        free_text_rows=config.free_text_rows,
    )
    context.log.info(
        f"{len(result.items)} locations in {len(result.sources)} sources; audit record {record.id}"
    )
    return dg.Output(
        len(result.items),
        metadata={
            "locations": len(result.items),
            "sources_searched": len(result.sources),
            "audit_record": record.id,
            "report": dg.MetadataValue.path(str(written[0])),
        },
    )


@dg.job(description="Answer a data subject's request: where is data about this person?")
def locate_person_job() -> None:
    locate_person()
