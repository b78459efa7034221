"""Build the Dutch Presidio analyzer, strictly offline, from two validated YAML files.

`build_analyzer` is heavy (spaCy, gazetteers, regexes): the caller builds it once per process
and passes it to `scanners.scan`. Nothing here runs at import time.

Offline, by construction:
- spaCy: a pipeline is loaded only if installed (`spacy.util.is_package`); Presidio's
  `SpacyNlpEngine.load` would call `spacy.cli.download` instead, so `OfflineSpacyNlpEngine`
  replaces it. Without a trained Dutch pipeline the config's `blank:nl` entry is used.
- tldextract: the e-mail recognizer uses an extractor with `suffix_list_urls=()` and the
  bundled public suffix list (see `NlEmailRecognizer`); Presidio's own recognizers, whose
  `EmailRecognizer` would download the list, are never loaded.
- phonenumbers ships its metadata; nothing else talks to the network.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Generator, Iterator
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import spacy
import yaml
from presidio_analyzer import (
    AnalyzerEngine,
    EntityRecognizer,
    Pattern,
    PatternRecognizer,
    RecognizerResult,
)
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import SpacyRecognizer
from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)
from spacy.attrs import IDX, IS_PUNCT, IS_STOP, LEMMA, LENGTH, LOWER
from spacy.language import Language
from spacy.tokens import Doc

from scanners import yaml_text
from scanners.context import TOKEN_ENDS, IndexedContextEnhancer, enhance_per_recognizer
from scanners.prefilter import prefilter_for
from scanners.recognizers.lexicon import (
    LEMMAS_ARE_FORMS,
    LexiconError,
    LexiconRecognizer,
    load_lexicon,
)
from scanners.recognizers.nl import (
    NlAddressRecognizer,
    NlANumberRecognizer,
    NlBiometricRecognizer,
    NlBsnRecognizer,
    NlCreditCardRecognizer,
    NlCriminalDataRecognizer,
    NlDateOfBirthRecognizer,
    NlDriverLicenseRecognizer,
    NlEmailRecognizer,
    NlEthnicityRecognizer,
    NlFinancialSituationRecognizer,
    NlGeneticRecognizer,
    NlHealthRecognizer,
    NlIbanRecognizer,
    NlIdDocumentRecognizer,
    NlIpAddressRecognizer,
    NlLicensePlateRecognizer,
    NlPersonRecognizer,
    NlPhoneRecognizer,
    NlPoliticalRecognizer,
    NlPostcodeRecognizer,
    NlReligionRecognizer,
    NlSexualOrientationRecognizer,
    NlTradeUnionRecognizer,
)
from scanners.registry import CachingRecognizerRegistry
from scanners.tokenizer import warm_tokenizer

logger = logging.getLogger(__name__)

LANGUAGE = "nl"
BLANK_PREFIX = "blank:"
NER_RECOGNIZER = "SpacyRecognizer"
# spaCy keeps every word it has ever seen (a lexeme and its string, about 1 kB each with the
# tokenizer's cache): a night's scan meets millions of new names, numbers and amounts. After
# this many new words the pipeline is loaded anew; the tokens (so the findings) are the same.
MAX_NEW_LEXEMES = 250_000

NL_RECOGNIZERS: tuple[type[EntityRecognizer], ...] = (
    NlBsnRecognizer,
    NlIbanRecognizer,
    NlEmailRecognizer,
    NlPhoneRecognizer,
    NlPostcodeRecognizer,
    NlPersonRecognizer,
    NlDateOfBirthRecognizer,
    NlHealthRecognizer,
    NlFinancialSituationRecognizer,
    NlCriminalDataRecognizer,
    NlReligionRecognizer,
    NlANumberRecognizer,
    NlIdDocumentRecognizer,
    NlDriverLicenseRecognizer,
    NlLicensePlateRecognizer,
    NlAddressRecognizer,
    NlCreditCardRecognizer,
    NlIpAddressRecognizer,
    NlBiometricRecognizer,
    NlEthnicityRecognizer,
    NlGeneticRecognizer,
    NlPoliticalRecognizer,
    NlSexualOrientationRecognizer,
    NlTradeUnionRecognizer,
)


class AnalyzerConfigError(ValueError):
    """A missing or invalid analyzer config file; the message names the file and the problem."""


def _conf_path(name: str) -> Path:
    return Path(str(resources.files("scanners").joinpath("conf", name)))


DEFAULT_NLP_CONF = _conf_path("nlp.yaml")
DEFAULT_RECOGNIZERS_CONF = _conf_path("recognizers.yaml")


# -- config models ---------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class NlpModelSpec(_Strict):
    """One candidate pipeline: an installed spaCy package name, or `blank:<lang>`."""

    lang_code: Literal["nl"]
    model_name: str = Field(min_length=1)


class NlpConfig(_Strict):
    """`nlp.yaml`: the shape of Presidio's `conf/spacy_multilingual.yaml`."""

    nlp_engine_name: Literal["spacy"]
    models: list[NlpModelSpec] = Field(min_length=1)
    ner_model_configuration: dict[str, Any] = Field(default_factory=dict)

    @field_validator("ner_model_configuration")
    @classmethod
    def _valid_ner_configuration(cls, value: dict[str, Any]) -> dict[str, Any]:
        unknown = sorted(set(value) - set(NerModelConfiguration.model_fields))
        if unknown:
            raise ValueError(f"unknown ner_model_configuration key(s): {unknown}")
        NerModelConfiguration.from_dict(value)  # raises on bad values
        return value


class RecognizerEntry(_Strict):
    """A predefined recognizer in `recognizers.yaml`, switched on or off."""

    name: str
    type: Literal["predefined"] = "predefined"
    supported_languages: list[Literal["nl"]] = Field(default=["nl"], min_length=1)
    enabled: bool = True
    context: list[str] | None = Field(default=None, min_length=1)


class PatternSpec(_Strict):
    """One regex of a custom pattern recognizer, as in Presidio's `example_recognizers.yaml`."""

    name: str = Field(min_length=1)
    regex: str = Field(min_length=1)
    score: float = Field(ge=0.0, le=1.0)

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regex: {exc}") from exc
        return value


class CustomRecognizerEntry(_Strict):
    """A recognizer defined by configuration only: regex patterns and/or a deny list for
    `supported_entity`, or a lexicon file (`lexicon`, relative to `recognizers.yaml`)."""

    name: str = Field(min_length=1)
    type: Literal["custom"]
    supported_languages: list[Literal["nl"]] = Field(default=["nl"], min_length=1)
    enabled: bool = True
    supported_entity: str | None = Field(default=None, pattern=r"^[A-Z][A-Z0-9_]*$")
    patterns: list[PatternSpec] = Field(default_factory=list)
    deny_list: list[str] = Field(default_factory=list)
    deny_list_score: float = Field(default=0.6, ge=0.0, le=1.0)
    lexicon: Path | None = None
    context: list[str] | None = Field(default=None, min_length=1)

    @model_validator(mode="after")
    def _one_kind(self) -> CustomRecognizerEntry:
        listed = bool(self.patterns or self.deny_list)
        if listed == (self.lexicon is not None):
            raise ValueError("a custom recognizer has either patterns/deny_list or a lexicon")
        if listed and self.supported_entity is None:
            raise ValueError("a custom pattern or deny-list recognizer needs supported_entity")
        return self


def _entry_kind(value: Any) -> str:
    kind = value.get("type", "predefined") if isinstance(value, dict) else value.type
    return kind if kind in ("predefined", "custom") else "predefined"


AnyRecognizerEntry = Annotated[
    Annotated[RecognizerEntry, Tag("predefined")] | Annotated[CustomRecognizerEntry, Tag("custom")],
    Discriminator(_entry_kind),
]


class RecognizersConfig(_Strict):
    """`recognizers.yaml`: the shape of Presidio's `conf/default_recognizers.yaml`, plus custom
    entries as in Presidio's `conf/example_recognizers.yaml`."""

    supported_languages: list[Literal["nl"]] = Field(min_length=1)
    recognizers: list[AnyRecognizerEntry] = Field(min_length=1)

    @field_validator("recognizers")
    @classmethod
    def _every_recognizer_once(
        cls, entries: list[RecognizerEntry | CustomRecognizerEntry]
    ) -> list[RecognizerEntry | CustomRecognizerEntry]:
        names = [entry.name for entry in entries]
        twice = sorted({name for name in names if names.count(name) > 1})
        if twice:
            raise ValueError(f"recognizer(s) listed more than once: {twice}")
        known = set(_known_recognizers()) | {NER_RECOGNIZER}
        predefined = {e.name for e in entries if isinstance(e, RecognizerEntry)}
        custom = {e.name for e in entries if isinstance(e, CustomRecognizerEntry)}
        unknown = sorted(predefined - known)
        if unknown:
            raise ValueError(f"unknown recognizer(s) {unknown}; known: {sorted(known)}")
        clash = sorted(custom & known)
        if clash:
            raise ValueError(f"custom recognizer(s) {clash} take the name of a predefined one")
        missing = sorted(known - predefined)
        if missing:
            raise ValueError(f"recognizer(s) not listed (add them with enabled: false): {missing}")
        return entries


def _known_recognizers() -> dict[str, type[EntityRecognizer]]:
    return {cls.__name__: cls for cls in NL_RECOGNIZERS}


def _read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnalyzerConfigError(f"cannot read analyzer config {path}: {exc.strerror}") from exc
    try:
        return yaml_text.safe_load(text)
    except yaml.YAMLError as exc:
        raise AnalyzerConfigError(f"analyzer config {path} is not valid YAML: {exc}") from exc


def load_nlp_config(path: Path) -> NlpConfig:
    """Read and validate an `nlp.yaml`; any problem is an `AnalyzerConfigError`."""
    try:
        return NlpConfig.model_validate(_read_yaml(path))
    except ValidationError as exc:
        raise AnalyzerConfigError(f"invalid NLP config {path}:\n{exc}") from exc


def _entry_label(raw: Any, index: int) -> str:
    name = raw.get("name") if isinstance(raw, dict) else None
    return f"entry {name!r}" if name else f"entry #{index + 1}"


def load_recognizers_config(path: Path) -> RecognizersConfig:
    """Read and validate a `recognizers.yaml`; any problem is an `AnalyzerConfigError`.

    An invalid entry is named in the message. A custom entry's `lexicon` is resolved relative to
    the file and loaded here, so a broken term list fails at start-up, not mid-scan.
    """
    raw = _read_yaml(path)
    entries = raw.get("recognizers") if isinstance(raw, dict) else None
    adapter: TypeAdapter[RecognizerEntry | CustomRecognizerEntry] = TypeAdapter(AnyRecognizerEntry)
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        try:
            adapter.validate_python(entry)
        except ValidationError as exc:
            label = _entry_label(entry, index)
            raise AnalyzerConfigError(
                f"invalid recognizers config {path}, {label}:\n{exc}"
            ) from exc
    try:
        config = RecognizersConfig.model_validate(raw)
    except ValidationError as exc:
        raise AnalyzerConfigError(f"invalid recognizers config {path}:\n{exc}") from exc
    resolved: list[RecognizerEntry | CustomRecognizerEntry] = []
    for entry in config.recognizers:
        if isinstance(entry, CustomRecognizerEntry) and entry.lexicon is not None:
            lexicon = entry.lexicon if entry.lexicon.is_absolute() else path.parent / entry.lexicon
            try:
                load_lexicon(lexicon)
            except LexiconError as exc:
                raise AnalyzerConfigError(
                    f"invalid recognizers config {path}, entry {entry.name!r}: {exc}"
                ) from exc
            entry = entry.model_copy(update={"lexicon": lexicon})
        resolved.append(entry)
    return config.model_copy(update={"recognizers": resolved})


# -- NLP engine ------------------------------------------------------------------------------


class OfflineSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine that loads only installed pipelines and never downloads one.

    For each language the configured candidates are tried in order: an installed package
    (`spacy.util.is_package`) is loaded with `spacy.load`; `blank:<lang>` is `spacy.blank`.
    If no candidate is available, loading fails loudly. A blank pipeline has no lemmatizer, so
    the lower-cased token stands in for the lemma (Presidio's context words match on lemmas).
    """

    engine_name = "spacy"

    def __init__(
        self,
        models: list[dict[str, str]],
        ner_model_configuration: NerModelConfiguration | None = None,
        max_new_lexemes: int = MAX_NEW_LEXEMES,
    ) -> None:
        super().__init__(models=models, ner_model_configuration=ner_model_configuration)
        self.loaded_models: dict[str, str] = {}
        self.pipelines: dict[str, Language] = {}
        self.max_new_lexemes = max_new_lexemes
        self.renewals = 0  # how often a pipeline was loaded anew (`_bound_vocabulary`)
        self._loaded_lexemes: dict[str, int] = {}  # vocabulary size of each pipeline as loaded

    def load(self) -> None:
        """Load the first available pipeline per language; raise if there is none."""
        nlp: dict[str, Language] = {}
        for language in dict.fromkeys(model["lang_code"] for model in self.models):
            candidates = [m["model_name"] for m in self.models if m["lang_code"] == language]
            name, pipeline = self._load_first(candidates)
            warm_tokenizer(pipeline)  # the same tokens, with spaCy's chunk cache in use
            nlp[language] = pipeline
            self._loaded_lexemes[language] = len(pipeline.vocab)
            self.loaded_models[language] = name
            logger.info("spaCy pipeline for %s: %s", language, name)
        self.pipelines = nlp
        self.nlp = nlp  # type: ignore[assignment]  # Presidio declares it None until loaded

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        artifacts = super().process_text(text, language)
        self._bound_vocabulary(language)
        return artifacts

    def process_batch(  # type: ignore[override]  # Presidio's two bases disagree on it
        self,
        texts: list[str] | list[tuple[str, object]],
        language: str,
        batch_size: int = 1,
        n_process: int = 1,
        as_tuples: bool = False,
    ) -> Generator[Any, Any, None]:
        batches = super().process_batch(texts, language, batch_size, n_process, as_tuples)
        for item in batches:
            yield item
            self._bound_vocabulary(language)  # a pipe under way keeps the pipeline it has

    def _bound_vocabulary(self, language: str) -> None:
        """Load the pipeline for `language` anew once it has learnt `max_new_lexemes` words."""
        pipeline = self.pipelines.get(language)
        if pipeline is None:
            return
        learnt = len(pipeline.vocab) - self._loaded_lexemes[language]
        if learnt <= self.max_new_lexemes:
            return
        _, fresh = self._load_first([self.loaded_models[language]])
        warm_tokenizer(fresh)
        self.pipelines[language] = fresh  # the same dict as Presidio's `self.nlp`
        self._loaded_lexemes[language] = len(fresh.vocab)
        self.renewals += 1
        logger.info(
            "spaCy pipeline for %s loaded anew after %d new words (renewal %d)",
            language,
            learnt,
            self.renewals,
        )

    @staticmethod
    def _load_first(candidates: list[str]) -> tuple[str, Language]:
        for name in candidates:
            if name.startswith(BLANK_PREFIX):
                return name, spacy.blank(name.removeprefix(BLANK_PREFIX))
            if spacy.util.is_package(name):
                return name, spacy.load(name)
        raise AnalyzerConfigError(
            f"none of the spaCy pipelines {candidates} is installed, and none is downloaded; "
            f"install one or add 'blank:{LANGUAGE}' to the NLP config"
        )

    def has_ner(self, language: str) -> bool:
        """Whether the loaded pipeline for `language` has a trained NER component."""
        pipeline = self.pipelines.get(language)
        return pipeline is not None and "ner" in pipeline.pipe_names

    def _doc_to_nlp_artifact(self, doc: Doc, language: str) -> NlpArtifacts:
        entities = self._get_entities(doc)
        scores = self._get_scores_for_entities(doc)
        entities, scores = self._get_updated_entities(entities, scores)
        tokens = _TokenLists(doc)  # one walk over the tokens for everything below
        forms_only = not tokens.has_lemmas
        artifacts = NlpArtifacts(
            entities=entities,
            tokens=doc,
            tokens_indices=tokens.starts,
            lemmas=tokens.lemmas,
            nlp_engine=None if forms_only else self,  # None: keywords are set below
            language=language,
            scores=scores,
        )
        if forms_only:
            artifacts.nlp_engine = self
            artifacts.keywords = tokens.keywords
        # every lemma is its word: the lexicons need not look for inflected terms
        setattr(artifacts, LEMMAS_ARE_FORMS, forms_only)
        setattr(artifacts, TOKEN_ENDS, tokens.ends)
        return artifacts


_TOKEN_COLUMNS = [IDX, LENGTH, LOWER, LEMMA, IS_STOP, IS_PUNCT]


class _TokenLists:
    """What the NLP artifacts need of a `Doc`, read as columns (`Doc.to_array`): walking the
    tokens builds a Python object per token, which cost more than spaCy's tokenizing.

    `keywords` is Presidio's `NlpArtifacts.set_keywords` for a pipeline without a lemmatizer:
    Presidio looks each lemma (here the lower-case token) up in the vocabulary for its
    stop-word and punctuation flags, which the token already carries (spaCy's stop-word test
    is case-insensitive); Presidio also drops the lemma "be" ("-PRON-", its other exclusion,
    is never lower case). A lemma of hash 0 is spaCy's "no lemma": the word stands in.
    """

    def __init__(self, doc: Doc) -> None:
        columns = doc.to_array(_TOKEN_COLUMNS).T.tolist()
        starts, lengths, lower_ids, lemma_ids, stops, puncts = columns
        strings = doc.vocab.strings
        lowers: list[str] = [strings[h] for h in lower_ids]
        self.starts: list[int] = starts
        self.ends: list[int] = [s + n for s, n in zip(starts, lengths, strict=True)]
        self.has_lemmas = any(lemma_ids)
        self.lemmas: list[str] = lowers
        if self.has_lemmas:
            pairs = zip(lemma_ids, lowers, strict=True)
            self.lemmas = [strings[h] if h else low for h, low in pairs]
        self.keywords: list[str] = [
            part
            for lower, stop, punct in zip(lowers, stops, puncts, strict=True)
            if not (stop or punct) and lower != "be"
            for part in lower.split(":")
        ]


# -- the analyzer ----------------------------------------------------------------------------


class _NoDebugRecords(logging.Filter):
    """Drops DEBUG records: Presidio's quote the words around each match ("Context list is")."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


def _quiet_presidio_logger() -> None:
    """Keep Presidio's DEBUG records out of every log, whatever level the application sets,
    and its INFO records out unless the application asks for them: Presidio logs every
    `analyze` call at INFO ("Fetching all recognizers"), a line per document in a scan's log,
    and a record for a worker process to send to its parent (`pipelines.workers`)."""
    presidio_logger = logging.getLogger("presidio-analyzer")
    if presidio_logger.level == logging.NOTSET:  # it would inherit the application's level
        presidio_logger.setLevel(logging.WARNING)
    elif presidio_logger.level < logging.INFO:
        presidio_logger.setLevel(logging.INFO)
    if not any(isinstance(f, _NoDebugRecords) for f in presidio_logger.filters):
        presidio_logger.addFilter(_NoDebugRecords())


def _custom_recognizer(entry: CustomRecognizerEntry) -> EntityRecognizer:
    context = list(entry.context) if entry.context else None
    if entry.lexicon is not None:
        return LexiconRecognizer(
            context=context,
            supported_language=LANGUAGE,
            supported_entity=entry.supported_entity,
            name=entry.name,
            lexicon=load_lexicon(entry.lexicon),
        )
    kwargs: dict[str, Any] = {"deny_list_score": entry.deny_list_score}
    if entry.patterns:
        kwargs["patterns"] = [Pattern(p.name, p.regex, p.score) for p in entry.patterns]
    if entry.deny_list:
        kwargs["deny_list"] = list(entry.deny_list)
    if context:
        kwargs["context"] = context
    return PatternRecognizer(
        supported_entity=str(entry.supported_entity),
        name=entry.name,
        supported_language=LANGUAGE,
        **kwargs,
    )


def _recognizers(config: RecognizersConfig, engine: OfflineSpacyNlpEngine) -> Iterator[Any]:
    known = _known_recognizers()
    for entry in config.recognizers:
        if not entry.enabled:
            continue
        if isinstance(entry, CustomRecognizerEntry):
            yield _custom_recognizer(entry)
            continue
        if entry.name == NER_RECOGNIZER:
            if engine.has_ner(LANGUAGE):
                yield SpacyRecognizer(supported_language=LANGUAGE, supported_entities=["PERSON"])
            continue
        kwargs: dict[str, Any] = {"supported_language": LANGUAGE}
        if entry.context is not None:
            kwargs["context"] = list(entry.context)
        yield known[entry.name](**kwargs)


class DutchAnalyzerEngine(AnalyzerEngine):
    """Presidio's engine, with the recognizers' own context step linear in the results
    (`enhance_per_recognizer`); the enhancer then runs as in Presidio."""

    def _enhance_using_context(
        self,
        text: str,
        raw_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts,
        recognizers: list[EntityRecognizer],
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        results = enhance_per_recognizer(text, raw_results, nlp_artifacts, recognizers, context)
        enhanced: list[RecognizerResult] = self.context_aware_enhancer.enhance_using_context(
            text=text,
            raw_results=results,
            nlp_artifacts=nlp_artifacts,
            recognizers=recognizers,
            context=context,
        )
        return enhanced


def build_analyzer(
    nlp_conf: Path | None = None, recognizers_conf: Path | None = None
) -> AnalyzerEngine:
    """A Presidio `AnalyzerEngine` for Dutch (`supported_languages=["nl"]`), fully offline.

    Args:
        nlp_conf: an `nlp.yaml`; default `scanners/conf/nlp.yaml`.
        recognizers_conf: a `recognizers.yaml`; default `scanners/conf/recognizers.yaml`.

    Raises:
        AnalyzerConfigError: a config file is missing or invalid, no pipeline is installed, or
            no recognizer is enabled. There is no silent fallback to defaults.
    """
    nlp_config = load_nlp_config(nlp_conf or DEFAULT_NLP_CONF)
    recognizers_config = load_recognizers_config(recognizers_conf or DEFAULT_RECOGNIZERS_CONF)
    _quiet_presidio_logger()

    engine = OfflineSpacyNlpEngine(
        models=[spec.model_dump() for spec in nlp_config.models],
        ner_model_configuration=NerModelConfiguration.from_dict(nlp_config.ner_model_configuration),
    )
    engine.load()

    registry = CachingRecognizerRegistry(supported_languages=[LANGUAGE])
    for recognizer in _recognizers(recognizers_config, engine):
        registry.add_recognizer(recognizer)
    if not registry.recognizers:
        raise AnalyzerConfigError("no recognizer is enabled in the recognizers config")

    analyzer = DutchAnalyzerEngine(
        registry=registry,
        nlp_engine=engine,
        supported_languages=[LANGUAGE],
        context_aware_enhancer=IndexedContextEnhancer(
            context_similarity_factor=0.35,
            min_score_with_context_similarity=0.4,
            context_prefix_count=5,
            context_suffix_count=2,
        ),
    )
    prefilter_for(analyzer, LANGUAGE)  # its RE2 set is part of start-up, not of the first scan
    return analyzer
