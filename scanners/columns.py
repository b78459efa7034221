"""Column classification: what a column's *name* says, and how that weighs against its values.

The name rules live in `scanners/data/columns.yaml` (patterns → entity with a prior, plus
decoys such as `ordernummer`, `boekdatum`, `woonplaats`). `classify_name` turns a column name
into a `NameClass`; `column_is_reported` applies the rules below to the value evidence that
`scanners.scan.scan_values` collected.

## Rules (the thresholds are module constants)

`n` is the number of non-blank sampled values (a `tussenvoegsel` column is mostly empty), `hits`
the values with a match of the entity, `fraction = hits / n`, `strength` the mean best score of
the hit values.

1. **Strong name** (prior >= `STRONG_PRIOR`, e.g. `bsn`, `geb_dat`, `tsnvgsl`): for *its*
   entity a match counts from `PRIOR_MIN_RESULT_SCORE` (0.25, so a plain date or an 8-digit
   BSN counts without a context word), and a value that fully matches the rule's `values`
   pattern counts as a hit with score `NAME_MATCH_SCORE` (0.7) when no recognizer matched it.
   Reported when fraction >= `PRIOR_MIN_FRACTION` (0.3): a `bsn` column with a few invalid
   numbers is still NL_BSN, a `geb_dat` column of plain dates is DATE_OF_BIRTH.
2. **Weak name** (0.5 <= prior < 0.8, e.g. a bare `naam`): for its entity, ordinary matches
   (score >= 0.4) and fraction >= `PRIOR_MIN_FRACTION` (0.3).
3. **Decoy name** (entity NONE, e.g. `ordernr`, `boekdatum`, `gemeente`) or a strong name of
   *another* entity: reported only on overwhelming value evidence, fraction >=
   `OVERRIDE_MIN_FRACTION` (0.8) and strength >= `OVERRIDE_MIN_STRENGTH` (0.85): validated,
   confident identifiers such as e-mail addresses or IBANs. The ~9% of random order numbers,
   or old bank account numbers in `rek_nr`, that pass the 11-proef score 0.5 and never do.
4. **Neutral name**: strong value evidence is needed, one of
   a. *structured*: fraction >= `NEUTRAL_MIN_FRACTION` (0.5) and hits >= min(3, n), so a
      random 9-digit column (about 1 in 11 passes the 11-proef) is not a BSN column;
   b. *free text with confident matches*: hits >= `FREE_TEXT_MIN_HITS` (2) and strength >=
      `FREE_TEXT_MIN_STRENGTH` (0.6), e.g. a notes column in which a few rows name a diagnosis;
   c. *one validated identifier*: strength >= `SINGLE_HIT_MIN_STRENGTH` (0.85).

Woonplaats, gemeente and other place names are decoys: a place is shared by thousands of
people and is personal data only next to a name or a street, which their own columns reveal
(and the `naw` category is raised by those). A `woonplaats` column alone is never a finding.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from scanners import yaml_text

NONE = "NONE"
STRONG_PRIOR = 0.8
WEAK_PRIOR = 0.5
PRIOR_MIN_RESULT_SCORE = 0.25
NAME_MATCH_SCORE = 0.7
PRIOR_MIN_FRACTION = 0.3
OVERRIDE_MIN_FRACTION = 0.8
OVERRIDE_MIN_STRENGTH = 0.85
NEUTRAL_MIN_FRACTION = 0.5
NEUTRAL_MIN_HITS = 3
FREE_TEXT_MIN_HITS = 2
FREE_TEXT_MIN_STRENGTH = 0.6
SINGLE_HIT_MIN_STRENGTH = 0.85
MAX_RUN_TOKENS = 4

DEFAULT_RULES = Path(str(resources.files("scanners").joinpath("data", "columns.yaml")))


@dataclass(frozen=True)
class NameRule:
    """One `names` pattern of `columns.yaml`."""

    entity: str  # an entity type, or NONE for a decoy
    prior: float
    pattern: re.Pattern[str]
    values: re.Pattern[str] | None = None


@dataclass(frozen=True)
class NameClass:
    """What a column name says: an entity (or NONE), how sure, and the shape of its values."""

    entity: str | None = None  # None: a neutral name
    prior: float = 0.0
    values: re.Pattern[str] | None = None
    matched: str = ""  # the token run that matched, for explanations

    @property
    def is_decoy(self) -> bool:
        return self.entity == NONE

    @property
    def is_strong(self) -> bool:
        return self.entity is not None and self.prior >= STRONG_PRIOR

    def says(self, entity_type: str) -> bool:
        """Whether the name points at `entity_type` with at least a weak prior."""
        return self.entity == entity_type and self.prior >= WEAK_PRIOR

    def min_result_score(self, entity_type: str, default: float) -> float:
        """The score from which a match of `entity_type` counts in this column."""
        if self.is_strong and self.entity == entity_type:
            return PRIOR_MIN_RESULT_SCORE
        return default


NEUTRAL = NameClass()


class ColumnRulesError(ValueError):
    """The column-name rules file is missing or invalid; the message names the entry."""


def tokenise(name: str) -> list[str]:
    """Lower-case tokens of a column name: split on non-alphanumerics, camelCase and digits.

    `"klantBSN_2"` → `["klant", "bsn", "2"]`; `"geb_dat"` → `["geb", "dat"]`;
    `"GeboorteDatum"` → `["geboorte", "datum"]`; `"IBANNummer"` → `["iban", "nummer"]`.
    """
    spaced = re.sub(r"(?<=[a-zà-ÿ])(?=[A-Z])", " ", name)  # fooBar
    spaced = re.sub(r"(?<=[A-Z])(?=[A-Z][a-zà-ÿ])", " ", spaced)  # IBANNummer
    spaced = re.sub(r"(?<=[A-Za-zÀ-ÿ])(?=\d)|(?<=\d)(?=[A-Za-zÀ-ÿ])", " ", spaced)
    return [part.lower() for part in re.split(r"[^0-9A-Za-zÀ-ÿ]+", spaced) if part]


def _runs(tokens: Sequence[str]) -> list[str]:
    """Every run of up to `MAX_RUN_TOKENS` neighbouring tokens, joined, longest first."""
    runs = {
        "".join(tokens[i:j])
        for i in range(len(tokens))
        for j in range(i + 1, min(len(tokens), i + MAX_RUN_TOKENS) + 1)
    }
    return sorted(runs, key=lambda run: (-len(run), run))


def _compile(pattern: str, where: str) -> re.Pattern[str]:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ColumnRulesError(f"{where}: invalid pattern ({exc})") from exc


def _rules_from(data: Any, path: Path) -> tuple[NameRule, ...]:
    if not isinstance(data, dict) or set(data) - {"decoys", "entities"}:
        raise ColumnRulesError(f"{path}: expected the keys 'decoys' and 'entities'")
    rules: list[NameRule] = []
    for section in ("decoys", "entities"):
        for number, entry in enumerate(data.get(section) or [], start=1):
            where = f"{path}: {section} entry {number}"
            if not isinstance(entry, dict) or not entry.get("names") or not entry.get("entity"):
                raise ColumnRulesError(f"{where}: needs 'entity' and 'names'")
            unknown = set(entry) - {"entity", "prior", "names", "values"}
            if unknown:
                raise ColumnRulesError(f"{where}: unknown key(s) {sorted(unknown)}")
            prior = float(entry.get("prior", 1.0))
            if not 0.0 <= prior <= 1.0:
                raise ColumnRulesError(f"{where}: prior must be between 0 and 1")
            values = entry.get("values")
            values_re = _compile(values, where) if values else None
            rules.extend(
                NameRule(str(entry["entity"]), prior, _compile(str(name), where), values_re)
                for name in entry["names"]
            )
    return tuple(rules)


@lru_cache(maxsize=4)
def load_rules(path: Path = DEFAULT_RULES) -> tuple[NameRule, ...]:
    """The name rules of a `columns.yaml`, in file order; cached per path."""
    try:
        data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ColumnRulesError(f"cannot read column rules {path}: {exc}") from exc
    return _rules_from(data, path)


def classify_name(name: str, rules: Sequence[NameRule] | None = None) -> NameClass:
    """What a column name says: the rule matching the longest token run (file order on ties)."""
    rules = load_rules() if rules is None else rules
    for run in _runs(tokenise(name)):
        for rule in rules:
            if rule.pattern.fullmatch(run):
                return NameClass(rule.entity, rule.prior, rule.values, run)
    return NEUTRAL


def column_is_reported(
    entity_type: str, hits: int, non_blank: int, strength: float, name: NameClass = NEUTRAL
) -> bool:
    """The rules of this module's docstring, for one entity of one column."""
    if hits == 0 or non_blank == 0:
        return False
    fraction = hits / non_blank
    if name.says(entity_type):
        return fraction >= PRIOR_MIN_FRACTION
    if name.is_decoy or name.is_strong:
        return fraction >= OVERRIDE_MIN_FRACTION and strength >= OVERRIDE_MIN_STRENGTH
    structured = fraction >= NEUTRAL_MIN_FRACTION and hits >= min(NEUTRAL_MIN_HITS, non_blank)
    free_text = hits >= FREE_TEXT_MIN_HITS and strength >= FREE_TEXT_MIN_STRENGTH
    return structured or free_text or strength >= SINGLE_HIT_MIN_STRENGTH


def column_confidence(hits: int, non_blank: int, strength: float) -> float:
    """`strength * (0.5 + 0.5 * min(1, fraction / 0.5))`, rounded to 3 decimals.

    A column that is mostly this entity gets its full strength, a free-text column with a few
    mentions about half of it (pdscan's CheckMatches likewise rates a column by its fraction).
    """
    fraction = hits / non_blank if non_blank else 0.0
    return round(strength * (0.5 + 0.5 * min(1.0, fraction / 0.5)), 3)
