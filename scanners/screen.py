"""One google-re2 pass that tells which of many Python regexes could match an ASCII text.

The prefilter (`scanners.prefilter`) asks of every value: which of some 80 regexes match it?
Trying them one by one from Python costs about a microsecond each, so the question cost more
than the answer saved. `PatternScreen` compiles all of them into one `re2.Set` and asks once;
only the regexes the set names are then tried with Python, so the answer stays exact.

Each Python pattern is translated from its parse tree (`re._parser`) into RE2 syntax that
matches *at least* what the Python pattern matches on an ASCII text:

- RE2 has no lookarounds: one that tests a single character at the pattern's edge, or right
  before a single character, is written as a consuming class (see `_edges`, `_narrowed`);
  any other lookaround is dropped, and a back-reference becomes "anything", which only
  widens the pattern: the Python pattern decides afterwards;
- `\\d`, `\\w`, `\\s` and `\\b` become their ASCII classes, which is what Python's Unicode
  classes amount to on an ASCII text (non-ASCII texts are not screened at all), and the set
  runs in RE2's Latin-1 mode: one byte a character keeps its automaton small;
- `^` and `$` match at every line, which is wider than or equal to Python's.

A pattern that cannot be translated (or that RE2 refuses) is left unscreened: it is tried
with Python on every text, as before. Without google-re2 installed nothing is screened.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from functools import lru_cache
from re import _compiler as sre_compile  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]  # CPython's own regex parser
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

try:
    import re2  # type: ignore[import-untyped]  # google-re2 ships no stubs
except ImportError:  # pragma: no cover - the wheel is a dependency; a platform may lack it
    re2 = None

__all__ = ["AnyScreen", "PatternScreen", "UntranslatableError", "latin1_options", "to_re2"]

logger = logging.getLogger(__name__)

_REPEAT_LIMIT = 1000  # RE2's largest counted repetition
_ASCII_CLASSES = {
    sre.CATEGORY_DIGIT: "0-9",
    sre.CATEGORY_NOT_DIGIT: r"\x00-\x2f\x3a-\xff",
    sre.CATEGORY_WORD: "0-9A-Za-z_",
    sre.CATEGORY_NOT_WORD: r"\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\xff",
    # Python's \s on str: \t \n \v \f \r, \x1c-\x1f and the space
    sre.CATEGORY_SPACE: r"\x09-\x0d\x1c-\x20",
    sre.CATEGORY_NOT_SPACE: r"\x00-\x08\x0e-\x1b\x21-\xff",
}


class UntranslatableError(ValueError):
    """The pattern uses a construct with no RE2 equivalent that is safe to widen."""


_LATIN1 = 0xFF
_NEVER = r"(?:\b\B)"  # matches nowhere: a character an ASCII text cannot hold


def _ascii_folds(code: int) -> list[int]:
    """ASCII characters that Python's IGNORECASE matches to a character above Latin-1
    (the Kelvin sign to k, the long s to s)."""
    forms = {chr(code).lower(), chr(code).upper(), chr(code).casefold()}
    return sorted(ord(f) for f in forms if len(f) == 1 and ord(f) < 0x80)


def _char(code: int) -> str:
    if code > _LATIN1:
        folds = _ascii_folds(code)
        return f"[{''.join(_byte(c) for c in folds)}]" if folds else _NEVER
    return _byte(code)


def _byte(code: int) -> str:
    return chr(code) if chr(code).isascii() and chr(code).isalnum() else f"\\x{code:02x}"


def _class(items: Sequence[tuple[Any, Any]]) -> str:
    negate, parts = False, list[str]()
    for op, av in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            parts.extend(_byte(c) for c in ([av] if av <= _LATIN1 else _ascii_folds(av)))
        elif op is sre.RANGE:
            low, high = av
            if low <= _LATIN1:
                parts.append(f"{_byte(low)}-{_byte(min(high, _LATIN1))}")
            # above Latin-1 a range has no character an ASCII text can hold
        elif op is sre.CATEGORY and av in _ASCII_CLASSES:
            parts.append(_ASCII_CLASSES[av])
        else:
            raise UntranslatableError(f"class item {op}")
    if not parts:
        return r"[\x00-\xff]" if negate else _NEVER
    return f"[{'^' if negate else ''}{''.join(parts)}]"


def _repeat(low: int, high: Any, body: str) -> str:
    if low > _REPEAT_LIMIT:
        raise UntranslatableError("repetition too large for RE2")
    if high is sre.MAXREPEAT or high > _REPEAT_LIMIT:
        return f"(?:{body}){{{low},}}"
    return f"(?:{body}){{{low},{high}}}"


def _flags(add: int, remove: int) -> str:
    on = ("i" if add & re.IGNORECASE else "") + ("s" if add & re.DOTALL else "")
    off = ("i" if remove & re.IGNORECASE else "") + ("s" if remove & re.DOTALL else "")
    return on + (f"-{off}" if off else "")


def _emit(pattern: Any) -> str:
    out: list[str] = []
    for op, av in pattern:
        if op is _PRECOMPUTED:
            out.append(av)
        elif op is sre.LITERAL:
            out.append(_char(av))
        elif op is sre.NOT_LITERAL:
            out.append(_class([(sre.NEGATE, None), (sre.LITERAL, av)]))
        elif op is sre.ANY:
            out.append(".")  # DOTALL is carried by the flags around it
        elif op is sre.IN:
            out.append(_class(av))
        elif op is sre.CATEGORY:
            out.append(_class([(sre.CATEGORY, av)]))
        elif op is sre.BRANCH:
            out.append("(?:" + "|".join(_emit(branch) for branch in av[1]) + ")")
        elif op is sre.SUBPATTERN:
            _, add, remove, body = av
            flags = _flags(add, remove)
            out.append(f"(?{flags}:{_emit(body)})")
        elif op is sre.ATOMIC_GROUP:
            out.append(f"(?:{_emit(av)})")  # without atomicity: matches more, never less
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            low, high, body = av
            out.append(_repeat(low, high, _emit(body)))
        elif op is sre.AT:
            out.append(_anchor(av))
        elif op in (sre.ASSERT, sre.ASSERT_NOT):
            continue  # a lookaround only removes matches
        elif op is sre.GROUPREF:
            out.append("(?s:.*)")  # the group's text, whatever it was
        else:
            raise UntranslatableError(f"construct {op}")
    return "".join(out)


def _anchor(where: Any) -> str:
    anchors = {
        sre.AT_BEGINNING: "(?m:^)",
        sre.AT_BEGINNING_STRING: r"\A",
        sre.AT_END: "(?m:$)",
        sre.AT_END_STRING: r"\z",
        sre.AT_BOUNDARY: r"\b",
        sre.AT_NON_BOUNDARY: r"\B",
    }
    if where not in anchors:
        raise UntranslatableError(f"anchor {where}")
    return anchors[where]


# -- single characters around the pattern ------------------------------------------------------
#
# Dropping every lookaround keeps the screen exact but makes it wide: `\d{8}` with its
# "no digit before or after" lookarounds names every longer number too, and `(?![0-9])\d` (a
# non-ASCII digit) every number. Where a lookaround tests one character, RE2 can test it as
# well: a negative lookbehind at the very start becomes "start of text, or a character outside
# the class", a negative lookahead at the very end "a character outside it, or end of text",
# and a lookahead right before one character narrows that character's class. Only the pattern's
# top level is rewritten so, where its global flags hold.

_SINGLE = (sre.LITERAL, sre.NOT_LITERAL, sre.IN, sre.CATEGORY, sre.ANY)


def _codes(item: tuple[Any, Any], state: Any) -> frozenset[int] | None:
    """The Latin-1 characters one single-character item matches (None: not one character)."""
    if item[0] not in _SINGLE:
        return None
    matcher = sre_compile.compile(sre_parse.SubPattern(state, [item]), state.flags)
    return frozenset(c for c in range(_LATIN1 + 1) if matcher.fullmatch(chr(c)))


def _lookaround_codes(body: Any, state: Any, negative: bool) -> frozenset[int] | None:
    """The characters a one-character lookaround tests; for a negative one, the one-character
    branches of an alternation (testing fewer branches only widens it)."""
    items = list(body)
    if len(items) == 1 and items[0][0] is sre.BRANCH:
        branches = [list(branch) for branch in items[0][1][1]]
        singles = [b[0] for b in branches if len(b) == 1 and b[0][0] in _SINGLE]
        if not negative and len(singles) < len(branches):
            return None
        sets = [_codes(item, state) for item in singles]
        return frozenset().union(*(s for s in sets if s is not None))
    return _codes(items[0], state) if len(items) == 1 else None


def _code_class(codes: frozenset[int]) -> str:
    if not codes:
        return _NEVER
    ranges: list[tuple[int, int]] = []
    for code in sorted(codes):
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    parts = (f"\\x{a:02x}" if a == b else f"\\x{a:02x}-\\x{b:02x}" for a, b in ranges)
    return f"[{''.join(parts)}]"


_ALL = frozenset(range(_LATIN1 + 1))


def _edges(items: list[Any], state: Any) -> tuple[str, list[Any], str]:
    """(prefix, middle items, suffix): leading negative lookbehinds and trailing negative
    lookaheads of one character as consuming RE2 (see above); longer ones are dropped."""
    before: set[int] = set()
    while items and items[0][0] is sre.ASSERT_NOT and items[0][1][0] == -1:
        before |= _lookaround_codes(items[0][1][1], state, negative=True) or set()
        items = items[1:]
    after: set[int] = set()
    while items and items[-1][0] is sre.ASSERT_NOT and items[-1][1][0] == 1:
        after |= _lookaround_codes(items[-1][1][1], state, negative=True) or set()
        items = items[:-1]
    prefix = f"(?:\\A|{_code_class(_ALL - before)})" if before else ""
    suffix = f"(?:{_code_class(_ALL - after)}|\\z)" if after else ""
    return prefix, items, suffix


def _narrowed(items: list[Any], state: Any) -> list[Any]:
    """A lookahead of one character right before one character: the two classes as one."""
    out: list[Any] = []
    index = 0
    while index < len(items):
        op, av = items[index]
        following = items[index + 1] if index + 1 < len(items) else None
        if op in (sre.ASSERT, sre.ASSERT_NOT) and av[0] == 1 and following is not None:
            negative = op is sre.ASSERT_NOT
            tested = _lookaround_codes(av[1], state, negative)
            matched = _codes(following, state)
            if tested is not None and matched is not None:
                kept = matched - tested if negative else matched & tested
                out.append((_PRECOMPUTED, _code_class(kept)))
                index += 2
                continue
        out.append(items[index])
        index += 1
    return out


_PRECOMPUTED = object()  # an item already written as RE2


@lru_cache(maxsize=1024)  # the set and the per-condition screens translate the same patterns
def to_re2(pattern: str, flags: int = 0) -> str:
    """RE2 syntax matching at least what `re.compile(pattern, flags)` matches in ASCII text.

    Raises:
        UntranslatableError: the pattern cannot be widened safely (or is not `re` syntax).
    """
    try:
        parsed = sre_parse.parse(pattern, flags & (re.IGNORECASE | re.DOTALL | re.VERBOSE))
    except (re.error, OverflowError, RecursionError) as exc:
        raise UntranslatableError(f"not parsable by re: {type(exc).__name__}") from None
    global_flags = _flags(parsed.state.flags, 0)
    prefix, items, suffix = _edges(list(parsed), parsed.state)
    body = prefix + _emit(_narrowed(items, parsed.state)) + suffix
    return f"(?{global_flags}:{body})" if global_flags else body


def latin1_options(max_mem: int = 8 << 20) -> Any:
    """RE2 options for screening: one byte per character keeps the automaton small (the
    screens here read only ASCII texts); `max_mem` defaults to RE2's own 8 MB."""
    options = re2.Options()
    options.max_mem = max_mem
    options.encoding = re2.Options.Encoding.LATIN1
    return options


class PatternScreen:
    """Which of `patterns` match an ASCII text, in one RE2 pass plus a Python check of the
    candidates the pass names (see module docstring)."""

    def __init__(self, patterns: Sequence[Any]) -> None:
        self.patterns = list(patterns)
        self.unscreened: list[int] = []
        self._set: Any = None
        self._screened: list[int] = []  # set index -> pattern index
        if re2 is None:
            self.unscreened = list(range(len(self.patterns)))
            return
        screen = re2.Set.SearchSet(latin1_options(64 << 20))
        for index, pattern in enumerate(self.patterns):
            try:
                screen.Add(to_re2(pattern.pattern, pattern.flags).encode("latin-1"))
            except (UntranslatableError, re2.error):
                self.unscreened.append(index)
                continue
            self._screened.append(index)
        if self._screened:
            screen.Compile()
            self._set = screen
        if self.unscreened:
            logger.info("%d of %d patterns are not screened by RE2", len(self.unscreened),
                        len(self.patterns))  # fmt: skip

    def candidates(self, text: str) -> list[int]:
        """Indices of the patterns that may match `text` (all of them for a non-ASCII text);
        the caller confirms each with the Python pattern."""
        if self._set is None or not text.isascii():
            return list(range(len(self.patterns)))
        named = self._set.Match(text.encode("ascii")) or ()
        found = [self._screened[i] for i in named]
        return sorted(found + self.unscreened) if self.unscreened else found


class AnyScreen:
    """Whether any of a few Python regexes could match an ASCII text: one RE2 regex, the
    alternation of their translations, which stops at its first match.

    A document meets most conditions early on; and one `re2.Set` of every pattern, though one
    pass, builds its automaton for each new text at a cost that grows with the product of the
    patterns (about 2.7 ms for a 450-character letter, against 0.3 ms for all the patterns
    alone). `matches` is None when a pattern cannot be translated: the caller must then
    assume a match.
    """

    def __init__(self, patterns: Sequence[Any]) -> None:
        self._regex: Any = None
        if re2 is None or not patterns:
            return
        try:
            body = "|".join(f"(?:{to_re2(p.pattern, p.flags)})" for p in patterns)
            self._regex = re2.compile(body.encode("latin-1"), latin1_options())
        except (UntranslatableError, re2.error):
            self._regex = None

    @property
    def screens(self) -> bool:
        return self._regex is not None

    def may_match(self, ascii_text: bytes) -> bool:
        """False only if no pattern matches the (ASCII-encoded) text; True where unsure."""
        return self._regex is None or self._regex.search(ascii_text) is not None
