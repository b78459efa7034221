"""Lexicons (one validated YAML per category) and the generic recognizer that applies them.

A lexicon file in `scanners/lexicons/` (shape: `Lexicon`) names its entity, its terms (with
variants), phrases, weak terms, regex patterns, context words and the rules that decide whether a
term in a text is data *about a person*:

- `non_personal_patterns`: a term inside such a match is dropped ("de kerk aan de Markt",
  "GGZ-instelling aan de Stationsweg");
- policy mentions (`_shared.yaml`, `mention_cues`): a term in a sentence that talks *about*
  personal data ("gezondheidsgegevens", "privacybeleid", "art. 9 AVG") is dropped;
- negation (`negation_cues` up to 3 words before the term): dropped unless
  `negation_is_still_data` ("geen strafblad" is still criminal data about someone);
- `person_required`: in a text of more than `CELL_MAX_WORDS` words, a term needs a person cue
  (`person_cues`: pronoun, cliënt, zoon, mevrouw…) or a PERSON result of another recognizer within
  `person_window` words; otherwise it scores `PERSON_MISSING_SCORE`, below the reporting line. A
  short value is one field of a record, and a column value comes with a column name as
  context: there the record is the person, so the requirement is waived.

Terms match whole-word and case-insensitively; `term*` also matches compounds that start with
the term (diabetespatiënt); a space matches any run of whitespace. When the spaCy pipeline has a
lemmatizer, a token whose lemma is a term counts too; `blank:nl` has none, and the lower-cased
token stands in, so the regexes carry the variants.

Word lists that are not lexicons (the name gazetteers) stay plain UTF-8 text in `scanners/data/`,
one entry a line, `#` for comments (`load_word_list`).
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from re import _constants as sre  # type: ignore[attr-defined]  # CPython's own regex parser
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any, ClassVar

import yaml
from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)

from scanners import yaml_text
from scanners.recognizers.last_text import LastText
from scanners.recognizers.starts import matches_from

DATA_PACKAGE = "scanners.data"
LEXICON_DIR = "lexicons"
SHARED_FILE = "_shared.yaml"

# Licences a term list may carry: permissive ones only (a GPL list would bind the whole tool).
PERMISSIVE_LICENCES = frozenset(
    {
        "EUPL-1.2", "MIT", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "CC0-1.0", "CC-BY-4.0",
        "CC-BY-SA-4.0", "ODbL-1.0", "PDDL-1.0", "public domain",
    }
)  # fmt: skip


class LexiconError(ValueError):
    """A lexicon file that cannot be read or does not validate; the message names the file."""


@cache
def load_word_list(file_name: str) -> tuple[str, ...]:
    """The non-comment, non-blank lines of a data file in `scanners/data/`, in file order."""
    text = resources.files(DATA_PACKAGE).joinpath(file_name).read_text(encoding="utf-8")
    entries = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return tuple(entry for entry in entries if entry)


# -- models ----------------------------------------------------------------------------------


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _compiles(regex: str) -> str:
    try:
        re.compile(regex)
    except re.error as exc:
        raise ValueError(f"invalid regex {regex!r}: {exc}") from exc
    return regex


def _lower_all(words: list[str]) -> list[str]:
    cleaned = [w.strip().lower() for w in words]
    if any(not w or w == "*" for w in cleaned):
        raise ValueError("empty term")
    return cleaned


class Term(_Strict):
    """A term with its variants (inflections, spellings); all count as the term."""

    term: str = Field(min_length=1)
    variants: list[str] = Field(default_factory=list)

    def forms(self) -> list[str]:
        return _lower_all([self.term, *self.variants])


class LexiconPattern(_Strict):
    """A regex for what a word list cannot say ("van Marokkaanse afkomst")."""

    name: str = Field(min_length=1)
    regex: str
    score: float = Field(default=0.6, ge=0.0, le=1.0)

    @field_validator("regex")
    @classmethod
    def _valid_regex(cls, value: str) -> str:
        return _compiles(value)


class Licensed(_Strict):
    """Every term list says where it comes from and under which (permissive) licence."""

    source: str = Field(min_length=1)
    licence: str

    @field_validator("licence")
    @classmethod
    def _permissive(cls, value: str) -> str:
        if value not in PERMISSIVE_LICENCES:
            raise ValueError(
                f"licence {value!r} is not one of the permissive licences "
                f"{sorted(PERMISSIVE_LICENCES)}"
            )
        return value


class Lexicon(Licensed):
    """One lexicon file: one entity, its terms and its person/negation/non-personal rules."""

    entity: str = Field(pattern=r"^[A-Z][A-Z0-9_]*$")
    category: str | None = None
    description: str = ""
    terms: list[str | Term] = Field(default_factory=list)
    phrases: list[str] = Field(default_factory=list)
    weak_terms: list[str] = Field(default_factory=list)
    patterns: list[LexiconPattern] = Field(default_factory=list)
    context: list[str] = Field(default_factory=list)
    person_required: bool = True
    person_window: int = Field(default=12, ge=1, le=100)
    negation_is_still_data: bool = True
    non_personal_patterns: list[str] = Field(default_factory=list)
    strong_score: float = Field(default=0.6, ge=0.0, le=1.0)
    weak_score: float = Field(default=0.3, ge=0.0, le=1.0)

    @field_validator("phrases", "weak_terms", "context")
    @classmethod
    def _clean(cls, words: list[str]) -> list[str]:
        return _lower_all(words)

    @field_validator("non_personal_patterns")
    @classmethod
    def _regexes(cls, patterns: list[str]) -> list[str]:
        return [_compiles(p) for p in patterns]

    def strong_forms(self) -> tuple[str, ...]:
        forms: list[str] = list(self.phrases)
        for term in self.terms:
            forms.extend(term.forms() if isinstance(term, Term) else _lower_all([term]))
        return tuple(forms)

    @model_validator(mode="after")
    def _has_terms(self) -> Lexicon:
        if not (self.terms or self.phrases or self.weak_terms or self.patterns):
            raise ValueError("a lexicon needs terms, phrases, weak_terms or patterns")
        return self


class SharedCues(Licensed):
    """`_shared.yaml`: the cue words every lexicon uses."""

    person_cues: list[str] = Field(min_length=1)
    negation_cues: list[str] = Field(min_length=1)
    mention_cues: list[str] = Field(min_length=1)

    @field_validator("person_cues", "negation_cues", "mention_cues")
    @classmethod
    def _clean(cls, words: list[str]) -> list[str]:
        return _lower_all(words)


# -- loading ---------------------------------------------------------------------------------


def lexicon_path(file_name: str) -> Path:
    """The path of a lexicon shipped in `scanners/lexicons/`."""
    return Path(str(resources.files("scanners").joinpath(LEXICON_DIR, file_name)))


def shipped_lexicons() -> list[Path]:
    """Every lexicon file avgscan ships (the shared cue file excluded), sorted by name."""
    folder = lexicon_path("")
    return sorted(p for p in folder.glob("*.yaml") if not p.name.startswith("_"))


def _read(path: Path) -> Any:
    try:
        return yaml_text.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise LexiconError(f"cannot read lexicon {path}: {exc.strerror}") from exc
    except yaml.YAMLError as exc:
        raise LexiconError(f"lexicon {path} is not valid YAML: {exc}") from exc


@cache
def load_lexicon(path: Path) -> Lexicon:
    """Read and validate a lexicon file; any problem is a `LexiconError` naming the file."""
    try:
        return Lexicon.model_validate(_read(path))
    except ValidationError as exc:
        raise LexiconError(f"invalid lexicon {path}:\n{exc}") from exc


@cache
def load_shared_cues(path: Path | None = None) -> SharedCues:
    """The person, negation and policy-mention cues (`scanners/lexicons/_shared.yaml`)."""
    path = path or lexicon_path(SHARED_FILE)
    try:
        return SharedCues.model_validate(_read(path))
    except ValidationError as exc:
        raise LexiconError(f"invalid shared cue file {path}:\n{exc}") from exc


# -- regexes ---------------------------------------------------------------------------------


def lexicon_regex(terms: tuple[str, ...]) -> str:
    """One whole-word alternation for `terms`; longest first, `*` allows a compound tail."""
    parts: list[str] = []
    for term in sorted(set(terms), key=len, reverse=True):
        prefix = term.endswith("*")
        body = term.rstrip("*").strip()
        escaped = r"\s+".join(re.escape(word) for word in body.split())
        parts.append(escaped + (r"\w*" if prefix else ""))
    return r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)"


def lexicon_trie_regex(terms: tuple[str, ...]) -> str:
    """`lexicon_regex(terms)` as a prefix tree of tokens: it matches wherever the plain
    alternation matches, and `re` tries it faster. Where they both match, the match may end
    elsewhere, so it only finds where matches start (`candidate_patterns`, `_candidates`)."""
    trie: dict[str, Any] = {}
    for term in set(terms):
        body = term.rstrip("*").strip()
        tokens: list[str] = []
        for i, word in enumerate(body.split()):
            tokens += ([r"\s+"] if i else []) + [re.escape(char) for char in word]
        node = trie
        for token in tokens + ([r"\w*"] if term.endswith("*") else []):
            node = node.setdefault(token, {})
        node[""] = {}  # a term ends here

    def emit(node: dict[str, Any]) -> str:
        branches = [token + emit(node[token]) for token in sorted(node) if token]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return r"(?<!\w)(?:" + emit(trie) + r")(?!\w)"


def _cue_regex(cues: list[str]) -> re.Pattern[str]:
    return re.compile(lexicon_regex(tuple(cues)), re.IGNORECASE)


_WORD = re.compile(r"\w+(?:[-'’.]\w+)*")
# A sentence ends at ! ? ; a blank line, or a full stop before a capital (not "art. 9").
_SENTENCE_END = re.compile(r"[!?;]|\n\s*\n|\.(?=\s+[A-Z\u00c0-\u00de])")


class _Text:
    """Word and sentence positions of one text, computed once per analysis."""

    def __init__(self, text: str) -> None:
        self.words = [m.span() for m in _WORD.finditer(text)]
        self.starts = [start for start, _ in self.words]
        self.sentence_ends = [m.end() for m in _SENTENCE_END.finditer(text)]
        self.length = len(text)

    def window(self, start: int, end: int, words: int) -> tuple[int, int]:
        """Character bounds of `words` words before `start` and after `end`."""
        first = bisect.bisect_left(self.starts, start)
        last = bisect.bisect_left(self.starts, end)
        lo = self.words[max(0, first - words)][0] if self.words and first > 0 else start
        hi_index = min(len(self.words) - 1, last + words - 1)
        hi = self.words[hi_index][1] if last < len(self.words) else end
        return lo, max(hi, end)

    def sentence(self, start: int) -> tuple[int, int]:
        index = bisect.bisect_right(self.sentence_ends, start)
        lo = self.sentence_ends[index - 1] if index > 0 else 0
        hi = self.sentence_ends[index] if index < len(self.sentence_ends) else self.length
        return lo, hi


# `_Text(text)`, computed once for the ten lexicons that analyze the same text in turn.
_positions_of = LastText(_Text)


def _guided_finditer(
    pattern: re.Pattern[str], guide: re.Pattern[str], text: str
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`, where `guide` matches at exactly the positions where
    `pattern` does (`lexicon_trie_regex`) but finds them faster: the guide finds where the
    next match starts, the pattern then says where it ends."""
    position = 0
    while (hit := guide.search(text, position)) is not None:
        match = pattern.match(text, hit.start())
        if match is None:  # cannot happen (same positions); never loop on it
            position = hit.start() + 1
            continue
        yield match
        position = match.end()


# -- word heads: where a match can start ------------------------------------------------------
#
# Most lexicon regexes (terms, patterns, non-personal patterns) can only match where a word
# starts, and only if the word starts with one of a few heads: its first `HEAD_CHARS`
# characters, lower-cased. `_heads_of_pattern` reads those heads from the regex's parse tree,
# `_Heads` indexes every word of a text by its head once for all lexicons, and
# `_matches` tries the regex at those words only. Sre cannot skip ahead on its own: a
# case-insensitive regex that starts with a look-behind is tried at every position.

HEAD_CHARS = 3
_RUN_HEAD = re.compile(rf"(?<!\w)\w{{1,{HEAD_CHARS}}}")
_IS_WORD = re.compile(r"\w")

try:  # the characters that IGNORECASE matches beyond their lower case (ſ and s, ı and i, µ…)
    from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - another Python: then no non-ASCII character is plain
    _EXTRA_CASES = None


@cache
def _folds_plainly(char: str) -> bool:
    """True if IGNORECASE compares `char` as `char.lower()` and nothing else, and lowering
    keeps it a word character or not: then a head of lower-cased characters is exact."""
    if char.isascii():
        return True
    lower = char.lower()
    return (
        _EXTRA_CASES is not None
        and len(lower) == 1  # not 'İ' (two characters)
        and ord(char) not in _EXTRA_CASES
        and ord(lower) not in _EXTRA_CASES  # not 'ſ', 'ı', 'µ', 'Σ' (σ and ς)…
        and re.fullmatch(re.escape(lower), char, re.IGNORECASE) is not None  # simple lower
        and bool(_IS_WORD.match(char)) == bool(_IS_WORD.match(lower))
    )


class _NoHeadsError(Exception):
    """The regex can start where a word does not, or with no known head."""


# One walk state: the head read so far, and whether a word boundary was asserted before it.
_State = tuple[str, bool]
_WORD_CHAR = [(sre.IN, [(sre.CATEGORY, sre.CATEGORY_WORD)])]
_NOT_WORD_CATEGORIES = (sre.CATEGORY_SPACE, sre.CATEGORY_NOT_WORD)
_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT))


class _HeadWalk:
    """Walks a parse tree to its heads: `exact` heads (the word's head is this string) and
    `prefixes` (the word's head starts with it). Anything unknown ends the head as a prefix,
    which only widens the set; a regex that can start inside or before a word has no heads."""

    def __init__(self) -> None:
        self.exact: set[str] = set()
        self.prefixes: set[str] = set()

    def close(self, state: _State, exact: bool) -> None:
        head = state[0]
        if not head:
            raise _NoHeadsError
        (self.exact if exact else self.prefixes).add(head)

    def walk(self, items: Iterable[Any], states: set[_State]) -> set[_State]:
        for op, av in items:
            if not states:
                break
            states = self.step(op, av, states)
        return states

    def step(self, op: Any, av: Any, states: set[_State]) -> set[_State]:
        if op is sre.LITERAL:
            return self.chars([chr(av)], states)
        if op is sre.IN and all(kind is sre.LITERAL for kind, _ in av):
            return self.chars([chr(code) for _, code in av], states)
        if op is sre.IN and all(
            (kind is sre.CATEGORY and code in _NOT_WORD_CATEGORIES)
            or (kind is sre.LITERAL and _folds_plainly(chr(code)) and not _IS_WORD.match(chr(code)))
            for kind, code in av
        ):
            for state in states:  # a character that ends the word
                self.close(state, exact=True)
            return set()
        if op is sre.SUBPATTERN or op is sre.ATOMIC_GROUP:
            return self.walk(av[-1] if op is sre.SUBPATTERN else av, states)
        if op is sre.BRANCH:
            return set().union(*(self.walk(branch, set(states)) for branch in av[1]))
        if op in _REPEATS:
            low, high, body = av
            once = self.walk(body, set(states))
            if high != 1:  # more of the body may follow: the head is known up to here
                for state in once:
                    self.close(state, exact=False)
                once = set()
            return once | (states if low == 0 else set())
        if op is sre.AT and av is sre.AT_BOUNDARY:
            return self.boundary(states)
        if op is sre.ASSERT_NOT and list(av[1]) == _WORD_CHAR:  # (?<!\w) or (?!\w)
            if av[0] < 0:
                return self.boundary(states)
            return {state for state in states if not state[0]} | self.ends(states)
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            return states  # an assertion consumes nothing; leaving it out only widens
        for state in states:  # anything else may read a word character: the head ends here
            self.close(state, exact=False)
        return set()

    def chars(self, chars: list[str], states: set[_State]) -> set[_State]:
        after: set[_State] = set()
        for head, bounded in states:
            if not bounded:
                raise _NoHeadsError  # a match could start inside a word
            for char in chars:
                lower = char.lower()
                if not _folds_plainly(char):
                    self.close((head, bounded), exact=False)
                elif not _IS_WORD.match(lower):
                    self.close((head, bounded), exact=True)  # the word ends before it
                elif len(head) + 1 == HEAD_CHARS:
                    self.close((head + lower, bounded), exact=True)
                else:
                    after.add((head + lower, bounded))
        return after

    def boundary(self, states: set[_State]) -> set[_State]:
        """`\\b` or `(?<!\\w)`: before the first character the word starts (if that
        character is a word character: `chars` sees to that); after one, it ends."""
        return {(head, True) for head, _ in states if not head} | self.ends(states)

    def ends(self, states: set[_State]) -> set[_State]:
        for state in states:
            if state[0]:
                self.close(state, exact=True)
        return set()


@dataclass(frozen=True)
class _PatternHeads:
    exact: frozenset[str]
    prefixes: frozenset[str]


def _heads_of_pattern(pattern: re.Pattern[str]) -> _PatternHeads | None:
    """The heads of the words where `pattern` can match (see `_HeadWalk`), or None if it can
    match elsewhere or the parse tree is beyond the walk."""
    walk = _HeadWalk()
    try:
        tree = sre_parse.parse(pattern.pattern, pattern.flags)
        for state in walk.walk(tree, {("", False)}):
            walk.close(state, exact=False)
    except (_NoHeadsError, RecursionError, re.error):
        return None
    return _PatternHeads(frozenset(walk.exact), frozenset(walk.prefixes))


class _Heads:
    """The start of every word of a text, by its head; shared by the ten lexicons."""

    def __init__(self, text: str) -> None:
        self.by_head: defaultdict[str, list[int]] = defaultdict(list)
        # a word whose head holds a character that does not fold plainly starts anywhere
        odd = frozenset(c for c in set(text) if not _folds_plainly(c))
        self.anywhere: list[int] = []
        for match in _RUN_HEAD.finditer(text):
            start = match.start()
            self.by_head[match.group().lower()].append(start)
            if odd and not odd.isdisjoint(text[start : start + HEAD_CHARS]):
                self.anywhere.append(start)

    def starts(self, heads: _PatternHeads) -> list[int]:
        found = list(self.anywhere)
        for head in heads.exact:
            found.extend(self.by_head.get(head, ()))
        for prefix in heads.prefixes:
            for head, starts in self.by_head.items():
                if head.startswith(prefix):
                    found.extend(starts)
        return sorted(set(found))


# `_Heads(text)`, computed once for the ten lexicons that analyze the same text in turn.
_heads_of = LastText(_Heads)


def _matches(
    pattern: re.Pattern[str],
    guide: re.Pattern[str] | None,
    heads: _PatternHeads | None,
    text: str,
) -> Iterator[re.Match[str]]:
    """`pattern.finditer(text)`: tried only at the words whose head can start a match when
    the heads are known; `guide` (same start positions, faster to try) says where first."""
    if heads is None:
        yield from (
            pattern.finditer(text) if guide is None else _guided_finditer(pattern, guide, text)
        )
        return
    starts: Iterable[int] = _heads_of(text).starts(heads)
    if guide is not None:  # it fails faster than the pattern where neither matches
        starts = (start for start in starts if guide.match(text, start) is not None)
    yield from matches_from(pattern, text, starts)  # a match is never empty: it has a head


# -- context words ---------------------------------------------------------------------------

_WORD_CHARS = re.compile(r"\w+")
_A_WORD_CHAR = re.compile(r"\w")


class _ContextCheck:
    """Whether one of a lexicon's context words is part of a word of a window (the window's
    runs of word characters) or of a given word (a column name), as
    `any(c in word for c in context for word in re.findall(r"\\w+", window) + given)`
    answers, without listing the window's words: a context word of word characters only is
    part of one of them exactly when the window holds it (all of its characters are word
    characters, so they stand in one run); one with any other character is part of none;
    the empty word is part of any word."""

    def __init__(self, context: list[str], given: list[str]) -> None:
        self.in_given = any(c in word for c in context for word in given)
        self.plain = [c for c in context if _WORD_CHARS.fullmatch(c)]
        self.empty = "" in context

    def held_in(self, window: str) -> bool:
        if self.in_given or any(c in window for c in self.plain):
            return True
        return self.empty and _A_WORD_CHAR.search(window) is not None


# -- the recognizer --------------------------------------------------------------------------

# Set on `NlpArtifacts` by `scanners.engine` when the pipeline has no lemmatizer.
LEMMAS_ARE_FORMS = "avgscan_lemmas_are_forms"
PERSON_MISSING_KEY = "avgscan_person_missing"
ORIGINAL_SCORE_KEY = "avgscan_score_with_person"


class LexiconRecognizer(LocalRecognizer):
    """A recognizer for one entity, driven by one lexicon file (see the module docstring).

    Thin named subclasses (`NlHealthRecognizer`…) set `LEXICON`, a file in `scanners/lexicons/`;
    a custom entry of `recognizers.yaml` passes a validated `Lexicon` instead. Strong terms score
    `strong_score` (0.6), weak terms `weak_score` (0.3), below the reporting line of
    `scanners.scan`, so only a context word lifts them (+`CONTEXT_BOOST`).

    Context is checked here, not by Presidio's enhancer: that one counts the matched word itself
    as context, so a weak term that is also a context word ("zorg", "geloof") would lift itself.
    Here only the words within `CONTEXT_CHARS` around the match and the caller's context (column
    name) count; a context word matches as a substring of a word, as in Presidio's default mode.
    """

    LEXICON: ClassVar[str]
    CONTEXT_BOOST: ClassVar[float] = 0.35
    CONTEXT_CHARS: ClassVar[int] = 60
    CELL_MAX_WORDS: ClassVar[int] = 8
    NEGATION_WORDS: ClassVar[int] = 3
    PERSON_MISSING_SCORE: ClassVar[float] = 0.1
    PERSON_MIN_SCORE: ClassVar[float] = 0.4

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str | None = None,
        name: str | None = None,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.lexicon = lexicon or load_lexicon(lexicon_path(self.LEXICON))
        cues = load_shared_cues()
        flags = re.IGNORECASE
        self._patterns: list[tuple[str, re.Pattern[str]]] = []
        self._guides: list[re.Pattern[str]] = []  # the same terms as prefix trees, per pattern
        for kind, terms in (
            ("sterk", self.lexicon.strong_forms()),
            ("zwak", tuple(self.lexicon.weak_terms)),
        ):
            if terms:
                self._patterns.append((kind, re.compile(lexicon_regex(terms), flags)))
                self._guides.append(re.compile(lexicon_trie_regex(terms), flags))
        self._regexes = [
            (p.name, re.compile(p.regex, flags), p.score) for p in self.lexicon.patterns
        ]
        self._non_personal = [re.compile(p, flags) for p in self.lexicon.non_personal_patterns]
        self._term_heads = [_heads_of_pattern(guide) for guide in self._guides]
        self._regex_heads = [_heads_of_pattern(p) for _, p, _ in self._regexes]
        self._non_personal_heads = [_heads_of_pattern(p) for p in self._non_personal]
        self._person_cues = _cue_regex(cues.person_cues)
        self._negations = _cue_regex(cues.negation_cues)
        self._mentions = _cue_regex(cues.mention_cues)
        self._label = name or type(self).__name__
        super().__init__(
            supported_entities=[supported_entity or self.lexicon.entity],
            supported_language=supported_language,
            context=list(context) if context else list(self.lexicon.context),
            name=self._label,
        )

    def load(self) -> None:
        """Nothing to load: the lexicon is read and compiled in `__init__`."""

    def candidate_patterns(self) -> list[re.Pattern[str]]:
        """Every result starts as a match of one of these (`scanners.prefilter`); the lemma
        path of a trained pipeline is the exception, and the prefilter knows it."""
        return self._guides + [p for _, p, _ in self._regexes]

    # -- matching --------------------------------------------------------------------------

    def _score(self, kind: str) -> float:
        return self.lexicon.strong_score if kind == "sterk" else self.lexicon.weak_score

    def _candidates(
        self, text: str, nlp_artifacts: NlpArtifacts | None
    ) -> list[tuple[int, int, float, str]]:
        found: list[tuple[int, int, float, str]] = []
        terms = zip(self._patterns, self._guides, self._term_heads, strict=True)
        for (kind, pattern), guide, heads in terms:
            score = self._score(kind)
            found.extend(
                (m.start(), m.end(), score, kind) for m in _matches(pattern, guide, heads, text)
            )
        for (rule, pattern, score), heads in zip(self._regexes, self._regex_heads, strict=True):
            found.extend(
                (m.start(), m.end(), score, rule) for m in _matches(pattern, None, heads, text)
            )
        found.extend(self._lemma_candidates(nlp_artifacts, found))
        return found

    def _lemma_candidates(
        self, nlp_artifacts: NlpArtifacts | None, found: list[tuple[int, int, float, str]]
    ) -> list[tuple[int, int, float, str]]:
        """Tokens whose lemma (from a trained pipeline) is a term while the token is not."""
        if nlp_artifacts is None or not nlp_artifacts.lemmas or nlp_artifacts.tokens is None:
            return []
        if getattr(nlp_artifacts, LEMMAS_ARE_FORMS, False):
            return []  # no lemmatizer: every lemma is the lower-case word, matched already
        extra: list[tuple[int, int, float, str]] = []
        for token, lemma in zip(nlp_artifacts.tokens, nlp_artifacts.lemmas, strict=False):
            lemma = (lemma or "").lower()
            if not lemma or lemma == token.lower_:
                continue
            start, end = token.idx, token.idx + len(token.text)
            if any(s < end and start < e for s, e, _, _ in found):
                continue
            for kind, pattern in self._patterns:
                if pattern.fullmatch(lemma):
                    extra.append((start, end, self._score(kind), f"{kind} (lemma)"))
                    break
        return extra

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Terms of the lexicon in `text`, with the non-personal, mention and negation rules."""
        candidates = self._candidates(text, nlp_artifacts)
        if not candidates:
            return []
        positions = _positions_of(text)
        short = len(positions.words) <= self.CELL_MAX_WORDS
        blocked = [
            m.span()
            for p, heads in zip(self._non_personal, self._non_personal_heads, strict=True)
            for m in _matches(p, None, heads, text)
        ]
        results: list[RecognizerResult] = []
        for start, end, score, rule in candidates:
            if any(lo < end and start < hi for lo, hi in blocked):
                continue
            if self._mentions.search(text, *positions.sentence(start)):
                continue
            if self._negated(text, positions, start) and not self.lexicon.negation_is_still_data:
                continue
            result = self._result(start, end, score, rule)
            if self.lexicon.person_required and not short:
                lo, hi = positions.window(start, end, self.lexicon.person_window)
                if not self._person_cues.search(text, lo, hi):
                    result.recognition_metadata[PERSON_MISSING_KEY] = True
                    result.recognition_metadata[ORIGINAL_SCORE_KEY] = score
                    result.score = min(score, self.PERSON_MISSING_SCORE)
            results.append(result)
        return self.remove_duplicates(results)

    def _negated(self, text: str, positions: _Text, start: int) -> bool:
        lo, _ = positions.window(start, start, self.NEGATION_WORDS)
        return self._negations.search(text, lo, start) is not None

    def _result(self, start: int, end: int, score: float, rule: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self._label,
            original_score=score,
            pattern_name=f"{self.lexicon.entity} lexicon ({rule})",
            textual_explanation=f"Detected by `{self._label}` using lexicon rule `{rule}`",
        )
        return RecognizerResult(
            entity_type=self.supported_entities[0],
            start=start,
            end=end,
            score=score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self._label,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
            },
        )

    # -- context ---------------------------------------------------------------------------

    def enhance_using_context(
        self,
        text: str,
        raw_recognizer_results: list[RecognizerResult],
        other_raw_recognizer_results: list[RecognizerResult],
        nlp_artifacts: NlpArtifacts | None,
        context: list[str] | None = None,
    ) -> list[RecognizerResult]:
        """Restore a person-less term next to a PERSON result or in a column; then lift weak
        terms whose neighbourhood (not themselves) or column name has a context word."""
        if not raw_recognizer_results:
            return raw_recognizer_results  # nothing to restore or to lift
        given = [word.lower() for word in context or []]
        own = _ContextCheck([word.lower() for word in self.context or []], given)
        persons = [
            (r.start, r.end)
            for r in other_raw_recognizer_results
            if r.entity_type == "PERSON" and r.score >= self.PERSON_MIN_SCORE
        ]
        positions = _positions_of(text) if persons else None
        for result in raw_recognizer_results:
            metadata = result.recognition_metadata
            if metadata.pop(PERSON_MISSING_KEY, False):
                if given or self._person_near(result, persons, positions):
                    result.score = metadata.pop(ORIGINAL_SCORE_KEY)
                else:
                    metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
                    continue  # no person: no context lifts it over the line
            before = text[max(0, result.start - self.CONTEXT_CHARS) : result.start]
            after = text[result.end : result.end + self.CONTEXT_CHARS]
            if own.held_in(f"{before} {after}".lower()):
                result.score = min(1.0, max(result.score + self.CONTEXT_BOOST, 0.4))
            # mark every result, so Presidio's enhancer does not add its self-matching boost
            metadata[RecognizerResult.IS_SCORE_ENHANCED_BY_CONTEXT_KEY] = True
        return raw_recognizer_results

    def _person_near(
        self,
        result: RecognizerResult,
        persons: list[tuple[int, int]],
        positions: _Text | None,
    ) -> bool:
        if positions is None:
            return False
        lo, hi = positions.window(result.start, result.end, self.lexicon.person_window)
        return any(lo <= start and end <= hi for start, end in persons)
