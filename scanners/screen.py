"""One google-re2 pass that tells which of many Python regexes could match an ASCII text.

The prefilter (`scanners.prefilter`) asks of every value: which of some 80 regexes match it?
Trying them one by one from Python costs about a microsecond each, so the question cost more
than the answer saved. `PatternScreen` compiles all of them into one `re2.Set` and asks once;
only the regexes the set names are then tried with Python, so the answer stays exact.

Each Python pattern is translated from its parse tree (`re._parser`) into RE2 syntax that
matches *at least* what the Python pattern matches on an ASCII text:

- lookarounds are dropped and a back-reference becomes "anything" (RE2 has neither), which
  only widens the pattern: the Python pattern decides afterwards;
- `\\d`, `\\w`, `\\s` and `\\b` become their ASCII classes, which is what Python's Unicode
  classes amount to on an ASCII text (non-ASCII texts are not screened at all);
- `^` and `$` match at every line, which is wider than or equal to Python's.

A pattern that cannot be translated (or that RE2 refuses) is left unscreened: it is tried
with Python on every text, as before. Without google-re2 installed nothing is screened.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from re import _constants as sre  # type: ignore[attr-defined]  # CPython's own regex parser
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

try:
    import re2  # type: ignore[import-untyped]  # google-re2 ships no stubs
except ImportError:  # pragma: no cover - the wheel is a dependency; a platform may lack it
    re2 = None

__all__ = ["PatternScreen", "UntranslatableError", "to_re2"]

logger = logging.getLogger(__name__)

_REPEAT_LIMIT = 1000  # RE2's largest counted repetition
_ASCII_CLASSES = {
    sre.CATEGORY_DIGIT: "0-9",
    sre.CATEGORY_NOT_DIGIT: r"\x00-\x2f\x3a-\x{10FFFF}",
    sre.CATEGORY_WORD: "0-9A-Za-z_",
    sre.CATEGORY_NOT_WORD: r"\x00-\x2f\x3a-\x40\x5b-\x5e\x60\x7b-\x{10FFFF}",
    # Python's \s on str: \t \n \v \f \r, \x1c-\x1f and the space
    sre.CATEGORY_SPACE: r"\x09-\x0d\x1c-\x20",
    sre.CATEGORY_NOT_SPACE: r"\x00-\x08\x0e-\x1b\x21-\x{10FFFF}",
}


class UntranslatableError(ValueError):
    """The pattern uses a construct with no RE2 equivalent that is safe to widen."""


def _char(code: int) -> str:
    return chr(code) if chr(code).isascii() and chr(code).isalnum() else f"\\x{{{code:x}}}"


def _class(items: Sequence[tuple[Any, Any]]) -> str:
    negate, parts = False, []
    for op, av in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            parts.append(_char(av))
        elif op is sre.RANGE:
            parts.append(f"{_char(av[0])}-{_char(av[1])}")
        elif op is sre.CATEGORY and av in _ASCII_CLASSES:
            parts.append(_ASCII_CLASSES[av])
        else:
            raise UntranslatableError(f"class item {op}")
    if not parts:  # [^...] of nothing cannot occur in a parsed pattern; be safe
        raise UntranslatableError("empty class")
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
        if op is sre.LITERAL:
            out.append(_char(av))
        elif op is sre.NOT_LITERAL:
            out.append(f"[^{_char(av)}]")
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
    body = _emit(parsed)
    return f"(?{global_flags}:{body})" if global_flags else body


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
        options = re2.Options()
        options.max_mem = 64 << 20
        screen = re2.Set.SearchSet(options)
        for index, pattern in enumerate(self.patterns):
            try:
                screen.Add(to_re2(pattern.pattern, pattern.flags))
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
        named = self._set.Match(text) or ()
        found = [self._screened[i] for i in named]
        return sorted(found + self.unscreened) if self.unscreened else found
