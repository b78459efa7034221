"""Data categories: entity types → category keys, and register labels → category keys.

The table lives in the package data file `categories.yaml` (DESIGN.md "Data categories"); a user
file in the same shape extends or overrides it (`load_catalog(extra=...)`).

Register labels are compared through `normalise_label`: case, accents, punctuation, spacing and
common Dutch plural endings are ignored, so "Adresgegevens", "adres-gegevens" and
"ADRESGEGEVEN" are one label.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

CategoryKind = Literal["gewoon", "nationaal_id", "gevoelig", "bijzonder", "strafrechtelijk"]

SPECIAL_KINDS: frozenset[str] = frozenset({"bijzonder", "strafrechtelijk"})

KIND_LABELS: Mapping[str, str] = {
    "gewoon": "gewoon persoonsgegeven",
    "nationaal_id": "nationaal identificatienummer (art. 46 UAVG)",
    "gevoelig": "gevoelig persoonsgegeven",
    "bijzonder": "bijzonder persoonsgegeven (art. 9 AVG)",
    "strafrechtelijk": "strafrechtelijk persoonsgegeven (art. 10 AVG)",
}


TYPO_MIN_LENGTH = 8
"""Labels at least this long (normalised) also match a known label with a typo or two."""


class CatalogError(ValueError):
    """A categories file that cannot be read or does not have the expected shape."""


@dataclass(frozen=True)
class CategoryInfo:
    """One data category as the report shows it."""

    key: str
    label: str
    kind: str
    special: bool  # art. 9 or art. 10 AVG

    @property
    def high_risk(self) -> bool:
        """Special (art. 9/10), a national identification number, or 'gevoelig'."""
        return self.special or self.kind in ("nationaal_id", "gevoelig")


def _fold(text: str) -> str:
    """Lower case without accents ("Categorieën" → "categorieen")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


_DOUBLE_CONSONANT = re.compile(r"([bcdfghjklmnpqrstvwxz])\1$")


def _stem(word: str) -> str:
    """Strip Dutch plural endings until none is left ("adressen" → "adre", "adres" → "adre")."""
    while True:
        if word.endswith("en") and len(word) > 4:
            word = _DOUBLE_CONSONANT.sub(r"\1", word[:-2])
        elif word.endswith("s") and len(word) > 3:
            word = word[:-1]
        else:
            return word


def normalise_label(text: str) -> str:
    """The comparison key of a label: folded, without punctuation or spaces, plural-stemmed.

    Words are joined before stemming, so "adres gegevens" and "Adresgegevens" are one label.
    """
    return _stem("".join(re.findall(r"[a-z0-9]+", _fold(text))))


class _CategorySpec(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str | None = None
    kind: CategoryKind | None = None
    entities: list[str] = Field(default_factory=list)
    synonyms: list[str] = Field(default_factory=list)


class _CatalogFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    categories: dict[str, _CategorySpec] = Field(default_factory=dict)
    other_labels: list[str] = Field(default_factory=list)


def _read(text: str, origin: str) -> _CatalogFile:
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CatalogError(f"{origin}: geen geldige YAML ({exc})") from exc
    try:
        return _CatalogFile.model_validate(raw or {})
    except ValidationError as exc:
        raise CatalogError(f"{origin}: onverwachte opbouw: {exc}") from exc


class CategoryCatalog:
    """The category table: entity types and register labels mapped to category keys."""

    def __init__(
        self,
        infos: Iterable[CategoryInfo],
        entities: Mapping[str, str],
        synonyms: Mapping[str, str],
        other_labels: Iterable[str] = (),
    ) -> None:
        self._infos: dict[str, CategoryInfo] = {i.key: i for i in infos}
        self._entities = dict(entities)
        self._synonyms = {normalise_label(k): v for k, v in synonyms.items()}
        for info in self._infos.values():
            self._synonyms.setdefault(normalise_label(info.label), info.key)
            self._synonyms.setdefault(normalise_label(info.key), info.key)
        self._other = {normalise_label(x) for x in other_labels} - set(self._synonyms)

    @property
    def categories(self) -> tuple[str, ...]:
        """Category keys in table order."""
        return tuple(self._infos)

    def category_of(self, entity_type: str) -> str | None:
        """The category key of a scanner entity type, or None for an unknown entity."""
        return self._entities.get(entity_type)

    def info(self, key: str) -> CategoryInfo:
        """The category's label and kind; an unknown key yields a plain 'gewoon' category."""
        found = self._infos.get(key)
        if found is None:
            return CategoryInfo(key=key, label=key, kind="gewoon", special=False)
        return found

    def label(self, key: str) -> str:
        return self.info(key).label

    def key_for_label(self, label: str) -> str | None:
        """The category key a register label means, or None when the label is not understood.

        Tries the label as written, then without a parenthesised part ("BSN (verplicht)").
        """
        variants = _label_variants(label)
        for candidate in variants:
            found = self._synonyms.get(candidate)
            if found is not None:
                return found
        for candidate in variants:  # a typo ("Gezondhiedsgegevens"): one close known label
            if len(candidate) >= TYPO_MIN_LENGTH:
                close = difflib.get_close_matches(candidate, self._synonyms, n=1, cutoff=0.9)
                if close:
                    return self._synonyms[close[0]]
        return None

    def recognises(self, label: str) -> bool:
        """True for a label that means a category or a known uncategorised kind of data."""
        if self.key_for_label(label) is not None:
            return True
        return any(c in self._other for c in _label_variants(label))

    def entities_of(self, key: str) -> tuple[str, ...]:
        return tuple(e for e, k in self._entities.items() if k == key)


def _label_variants(label: str) -> list[str]:
    variants = [normalise_label(label)]
    without = re.sub(r"\([^)]*\)?", " ", label)
    if without != label:
        variants.append(normalise_label(without))
    prefix = re.sub(
        r"^\s*(eventueel|evt\.?|o\.a\.?|onder andere|zoals|indien van toepassing)\s*:?",
        "",
        label,
        flags=re.IGNORECASE,
    )
    if prefix != label:
        variants.append(normalise_label(prefix))
    return [v for v in variants if v]


def _merge(files: Iterable[tuple[_CatalogFile, str]]) -> CategoryCatalog:
    specs: dict[str, dict[str, object]] = {}
    labels_other: list[str] = []
    synonyms: dict[str, str] = {}
    entities: dict[str, str] = {}
    for parsed, origin in files:
        for key, spec in parsed.categories.items():
            current = specs.setdefault(key, {"label": None, "kind": None})
            if spec.label is not None:
                current["label"] = spec.label
            if spec.kind is not None:
                current["kind"] = spec.kind
            if current["label"] is None or current["kind"] is None:
                raise CatalogError(f"{origin}: nieuwe categorie {key!r} mist 'label' of 'kind'")
            for entity in spec.entities:
                entities[entity] = key  # a later file may move an entity to another category
            for synonym in spec.synonyms:
                synonyms[synonym] = key
        labels_other.extend(parsed.other_labels)
    infos = [
        CategoryInfo(
            key=key,
            label=str(spec["label"]),
            kind=str(spec["kind"]),
            special=spec["kind"] in SPECIAL_KINDS,
        )
        for key, spec in specs.items()
    ]
    return CategoryCatalog(infos, entities, synonyms, labels_other)


def default_catalog_text() -> str:
    return resources.files("register_sync").joinpath("categories.yaml").read_text("utf-8")


def load_catalog(extra: Path | None = None) -> CategoryCatalog:
    """The built-in category table, extended or overridden by `extra` (same YAML shape).

    In `extra`, an existing key may change its label or kind and gains entities and synonyms;
    a new key needs a label and a kind. Raises `CatalogError` on a malformed file.
    """
    files = [(_read(default_catalog_text(), "categories.yaml"), "categories.yaml")]
    if extra is not None:
        try:
            text = Path(extra).read_text("utf-8")
        except OSError as exc:
            raise CatalogError(f"{extra}: niet te lezen ({exc.strerror})") from exc
        files.append((_read(text, str(extra)), str(extra)))
    return _merge(files)
