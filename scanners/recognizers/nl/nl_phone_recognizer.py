"""Dutch telephone numbers, parsed and validated with python-phonenumbers (offline metadata)."""

from __future__ import annotations

import bisect
import codecs
import re
from collections.abc import Iterator
from typing import Any, ClassVar

import phonenumbers
import phonenumbers.re_util
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from scanners.screen import latin1_options, re2, to_re2

# "NL91 ABNA " right before a match: the match is the account part of a spaced IBAN.
_IBAN_HEAD = re.compile(r"\b[A-Z]{2}\d{2} ?[A-Z]{4} ?\d{0,4} ?$")
_DATE = re.compile(r"\d{1,2}[-/.]\d{1,2}[-/.](?:19|20)\d{2}")
# What a number this recognizer reports must contain (`candidate_patterns`). phonenumbers finds
# candidates as digit blocks joined by at most four of its punctuation characters (no comma, no
# letter but "x"), starting at a digit run's first digit (a run of up to 420 digits is one
# candidate) or after a separator (inner matches). With region NL a valid number is, in digits:
# anything after a "+"; an international "00" + country code + number (5+ digits); "31" +
# national number; or a national number, whose NL formats all require the national prefix 0
# in front (`_is_national_prefix_present_if_required`): 0 + 9 digits, 0 + 800/90[069] + 4-7
# digits; except 140 + 2-3 digits, with or without 0 (the NL metadata's types and lengths).
# A *possible* mobile number (see the class docstring) is 06 or 316 and 8 more digits.
# Non-ASCII digits are let through as they are: phonenumbers reads them too.
_PUNCTUATION = (  # phonenumbers' _VALID_PUNCTUATION, and "X"
    "-xX\u2010-\u2015\u2212\u30fc\uff0d-\uff0f \u00a0\u00ad\u200b\u2060\u3000"
    "()\uff08\uff09\uff3b\uff3d.\\[\\]/~\u2053\u223c\uff5e"
)
_SEP = f"[{_PUNCTUATION}]{{0,4}}"
# A valid (not merely possible) number is not glued to a Latin letter: phonenumbers drops
# "abc0800123" and "0800123def". Only ASCII letters are tested here, and a, e, i, x may start
# an extension ("ext", "anexo", "int", "x"), so the test lets through more, never less.
_NO_LETTER_BEFORE = r"(?<![A-WYZa-wyz\d])"
_NO_LETTER_AFTER = rf"(?:{_SEP}\d)*(?![\dB-DF-HJ-WYZb-df-hj-wyz])"


def _valid_number(digits: str) -> re.Pattern[str]:
    """`digits` (a regex over digits and separators) not glued to a letter or digit."""
    return re.compile(_NO_LETTER_BEFORE + digits + _NO_LETTER_AFTER)


def _d(count: int) -> str:  # `count` more digits, separators allowed between them
    return f"(?:{_SEP}\\d){{{count}}}"


_INTERNATIONAL = r"[+\uFF0B]\D{0,12}\d"  # any length
_NATIONAL = (  # the digits of the valid forms; `_valid_number` adds the letter tests
    "0" + _d(9),  # national prefix + 9 digits
    f"0{_SEP}(?:8{_SEP}0{_SEP}0|9{_SEP}0{_SEP}[069])" + _d(4),  # 0800, 090x
    f"3{_SEP}1" + _d(5),  # 31 + national number (31 140xx at the shortest)
    f"0{_SEP}0" + _d(3),  # 00 + country code + number
    f"(?:0{_SEP})?1{_SEP}4{_SEP}0" + _d(2),  # 140xx(x)
)
_POSSIBLE_MOBILE = f"(?:0{_SEP}6|3{_SEP}1{_SEP}6)" + _d(8)  # no letter test
_LONG_RUN = r"\d{421}"  # a run longer than one candidate, which may then start mid-run
_PHONE_CANDIDATES = (
    re.compile(_INTERNATIONAL),
    re.compile(r"(?![0-9])\d"),  # a non-ASCII digit
    *(_valid_number(digits) for digits in _NATIONAL),
    re.compile(_POSSIBLE_MOBILE),
    re.compile(_LONG_RUN),
)

# A valid number with region NL is written in at least 5 characters: a national number
# (country code NL, from the region or as "31") has a national significant number of at least
# 5 digits (NL's shortest possible length), an international one a "+" or "00", a country code
# and at least 4 digits (any region's shortest), and phonenumbers turns a character into at
# most one digit (tests/test_nl_phone_fast_paths.py checks the metadata). A shorter candidate,
# and every inner match in it, fails: phonenumbers can skip it unparsed
# (`min_candidate_length`), and moves on to the same next position as after a failure.
_SHORTEST_VALID = 5
# But a failure costs the matcher a try (it gives up after 65,535), a skipped candidate none:
# a plain matcher spends at most 31 tries on a candidate of up to 4 characters (one, and one
# more than the candidate's length for each of its 6 inner-match patterns), and a text of n
# characters has at most n candidates (each starts after the one before). While the skipping
# matcher ends with more than 31 n tries left, a plain one never ran out: it found the same.
_SHORT_CANDIDATE_TRIES = 31


def _pieces_with_numbers(text: str) -> Iterator[tuple[int, str]]:
    """(offset, piece) for each piece of `text` that meets the phone condition.

    A piece ends at a line break, or at a ";", "," or tab that no extension ("x 12",
    ", ext. 3", ";ext=4") follows: phonenumbers' candidates hold neither (their punctuation
    has none of them, and only an extension puts a "," or tab in one), and the letter test
    looks at the one character on either side, which at a piece's edge is that separator, never
    a letter. Each piece keeps its separator, so a number sees the same next character.
    """
    ends = [m.end() for m in _PIECE_END.finditer(text)]
    if not ends or ends == [len(text)]:
        yield 0, text  # one piece (a cell): the column scan's prefilter has checked it already
        return
    if ends[-1] < len(text):
        ends.append(len(text))
    for index in _pieces_to_test(text, ends):
        start = ends[index - 1] if index else 0
        piece = text[start : ends[index]]
        if _A_DIGIT.search(piece) and any(p.search(piece) for p in _PHONE_CANDIDATES):
            yield start, piece


def _pieces_to_test(text: str, ends: list[int]) -> Iterator[int]:
    """The indices of the pieces (ending at `ends`) that may meet the phone condition.

    A match of a `_PHONE_CANDIDATES` pattern in a piece starts with a match of one of
    `_CORES` at the same place (the other patterns add only letter tests and more digits,
    and a text with a non-ASCII digit is not screened), and a core has no lookaround, so it
    matches there in the whole text too: the first core match from a piece's start lies in
    that piece or before the first piece that meets the condition. Most of a text's pieces
    are so skipped in one RE2 pass instead of nine Python searches each (some 20,000 lines and
    fields in a megabyte with digits, of which some 3,000 hold a number).
    """
    screened = _screen_bytes(text)
    if screened is None:
        yield from range(len(ends))
        return
    position = 0
    while (hit := _CORE_SCREEN.search(screened, position)) is not None:
        index = bisect.bisect_right(ends, hit.start())
        yield index
        position = ends[index]  # not the hit's end: an international core may span pieces


class _UnscreenableError(ValueError):
    """The text holds a digit beyond Latin-1, which the core screen cannot read."""


def _latin1_stand_ins(error: UnicodeError) -> tuple[str, int]:
    """Latin-1 characters that the cores read as they read the characters beyond Latin-1
    (an encoding error handler): a full-width plus as "+", phonenumbers' punctuation as "-",
    anything else as "?"; a digit has no stand-in (`_UnscreenableError`)."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    chars = error.object[error.start : error.end]
    if _A_DIGIT.search(chars):
        raise _UnscreenableError
    stand_ins = ("+" if c == "\uff0b" else "-" if _ONE_PUNCTUATION.match(c) else "?" for c in chars)
    return "".join(stand_ins), error.end


def _screen_bytes(text: str) -> bytes | None:
    """`text` as the core screen reads it (one byte a character), or None: not screened."""
    if _CORE_SCREEN is None:
        return None
    try:
        return text.encode("latin-1", errors=_STAND_INS)
    except _UnscreenableError:
        return None


def _core_screen() -> Any:
    """One RE2 regex (Latin-1) for the cores, or None without google-re2. `to_re2` writes
    `\\d` as [0-9] and `\\D` as its complement: exact on Latin-1, which has no other digit."""
    if re2 is None:
        return None
    body = "|".join(f"(?:{to_re2(core)})" for core in _CORES)
    return re2.compile(body.encode("latin-1"), latin1_options())


_ONE_PUNCTUATION = re.compile(f"[{_PUNCTUATION}]")
_CORES = (_INTERNATIONAL, *_NATIONAL, _POSSIBLE_MOBILE, _LONG_RUN)
_STAND_INS = "avgscan.phone-core-screen"
codecs.register_error(_STAND_INS, _latin1_stand_ins)
_CORE_SCREEN = _core_screen()
_A_DIGIT = re.compile(r"\d")
# Where the digits read, skipping everything else, 06 or 316 and 8 more: a possible number
# that `_numbers_in` adds as a mobile number holds such a position (its "06" or "316").
_MOBILE_START = re.compile(r"(?=(?:0\D*6|3\D*1\D*6)(?:\D*\d){8})")
_EXTENSION_AHEAD = (  # phonenumbers' extension labels, after its separators
    "[ \u00a0\t,]*(?:e?xt|\uff45?\uff58\uff54|\u0434\u043e\u0431|anexo"
    "|[x\uff58#\uff03~\uff5e]|int|\uff49\uff4e\uff54)"
)
_PIECE_END = re.compile(
    rf"\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]|[;,\t](?!{_EXTENSION_AHEAD})",
    re.IGNORECASE,
)


class NlPhoneRecognizer(PhoneRecognizer):
    """Presidio's phone recognizer with the Dutch numbering plan and Dutch context words.

    `phonenumbers` knows the Dutch plan: mobile 06-12345678 / 06 1234 5678, international
    +31 6 12345678 and 0031 6 12345678, area codes (010-1234567, 020 123 4567), 085/088, and
    service numbers 0800/090x. Foreign numbers in international form (+32, +49…) are found too.
    Leniency 1 (VALID): the number must be a valid number of its region, so a BSN, a date or an
    IBAN is not a phone number. Score 0.4, +0.35 with a context word (telefoon, mobiel…).

    The whole 06 range is reserved for mobile numbers, but `phonenumbers` only calls the blocks
    in use valid (06-1…5, 06-8); a number written as a mobile number in another block
    ("06 79 79 04 85", "+31 6 73955000") is still somebody's number as far as privacy goes, so a
    *possible* number of the shape 06 + 8 digits counts as well. Dropped: a match that is the
    account part of a spaced IBAN ("NL36 KNAB 0887 0375 82") and a match shaped like a date.
    """

    CONTEXT = [  # noqa: RUF012 - shape of the Presidio base class
        "telefoon",
        "telefoonnummer",
        "tel",
        "telnr",
        "mobiel",
        "mobielnummer",
        "gsm",
        "bel",
        "gebeld",
        "bellen",
        "nummer",
        "fax",
        "whatsapp",
    ]
    SUPPORTED_REGIONS: ClassVar[tuple[str, ...]] = ("NL",)
    MOBILE_SHAPE: ClassVar[re.Pattern[str]] = re.compile(r"6\d{8}")  # national number, no 0
    MOBILE_WRITTEN: ClassVar[re.Pattern[str]] = re.compile(r"(?:06|\+?316|00316|\+?3106)\d{8}")

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "PHONE_NUMBER",
        name: str | None = None,
    ) -> None:
        # phonenumbers compiles a metadata pattern per check through `re.compile`, whose
        # cache of 512 the rest of the analysis keeps emptying: a tenth of a short
        # document's analysis went to compiling the same Dutch patterns again.
        phonenumbers.re_util.enable_pattern_cache()
        super().__init__(
            context=context if context else list(self.CONTEXT),
            supported_language=supported_language,
            supported_entity=supported_entity,
            supported_regions=self.SUPPORTED_REGIONS,
            leniency=1,
            name=name or type(self).__name__,
        )

    def candidate_patterns(self) -> list[re.Pattern[str]]:
        """What every number this recognizer reports contains (`scanners.prefilter`)."""
        return list(_PHONE_CANDIDATES)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts = None,  # type: ignore[assignment]  # Presidio's signature
    ) -> list[RecognizerResult]:
        """Valid numbers (Presidio), plus 06-shaped possible ones, minus IBAN parts and dates.

        phonenumbers reads a long text piece by piece here (lines, and the fields of a
        spreadsheet row), and only the pieces that meet the phone condition: a number never
        spans two pieces (see `_pieces_with_numbers`), so each piece gives what it gave
        within the whole text (tests/test_nl_phone_recognizer.py compares the two).
        """
        results: list[RecognizerResult] = []
        for start, piece in _pieces_with_numbers(text):
            for result in self._numbers_in(piece, entities, nlp_artifacts):
                result.start += start
                result.end += start
                results.append(result)
        kept = [r for r in results if not self._not_a_phone_number(text, r.start, r.end)]
        return EntityRecognizer.remove_duplicates(kept)

    def _numbers_in(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts
    ) -> list[RecognizerResult]:
        results = self._valid_numbers(text, nlp_artifacts)
        # The POSSIBLE pass adds a match only if its digits read 06 or 316 and 8 more
        # (MOBILE_WRITTEN), so only if it holds a `_MOBILE_START` position, and only if it
        # overlaps no valid number, so only if that position lies in none: an "open" one.
        # Without an open position the pass adds nothing, nor does a match after the last one.
        open_starts = [
            m.start()
            for m in _MOBILE_START.finditer(text)
            if not any(r.start <= m.start() < r.end for r in results)
        ]
        if not open_starts:
            return results
        for match in phonenumbers.PhoneNumberMatcher(
            text, "NL", leniency=phonenumbers.Leniency.POSSIBLE
        ):
            if self._is_possible_mobile(match) and not any(
                r.start < match.end and match.start < r.end for r in results
            ):
                results.append(self._get_recognizer_result(match, text, "NL", nlp_artifacts))
            if match.end > open_starts[-1]:
                break  # later matches start at or after this one's end
        return results

    def _valid_numbers(self, text: str, nlp_artifacts: NlpArtifacts) -> list[RecognizerResult]:
        """Presidio's `PhoneRecognizer.analyze` for the one region NL, without its second parse.

        Presidio parses each match again without a region only to name the number's region in
        the explanation (which fails, at some cost, for every national number); the match
        already holds the parsed number. Presidio's `remove_duplicates` is left out too: the
        matches of one matcher never overlap.
        """
        return [
            self._get_recognizer_result(
                match, text, phonenumbers.region_code_for_number(match.number), nlp_artifacts
            )
            for match in self._valid_matches(text)
        ]

    def _valid_matches(self, text: str) -> list[phonenumbers.PhoneNumberMatch]:
        """phonenumbers' matches, skipping candidates too short to be valid where that changes
        nothing: unless a plain matcher might have run out of tries (see `_SHORTEST_VALID`)."""
        matcher = phonenumbers.PhoneNumberMatcher(
            text, "NL", leniency=phonenumbers.Leniency.VALID, min_candidate_length=_SHORTEST_VALID
        )
        matches = list(matcher)
        if matcher._max_tries <= _SHORT_CANDIDATE_TRIES * len(text):
            matches = list(
                phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.VALID)
            )
        return matches

    def _is_possible_mobile(self, match: phonenumbers.PhoneNumberMatch) -> bool:
        number = match.number
        written = re.sub(r"[^\d+]", "", match.raw_string)
        return (
            number.country_code == 31
            and self.MOBILE_SHAPE.fullmatch(str(number.national_number)) is not None
            and self.MOBILE_WRITTEN.fullmatch(written) is not None  # with its 0, +31 or 0031
        )

    @staticmethod
    def _not_a_phone_number(text: str, start: int, end: int) -> bool:
        if _IBAN_HEAD.search(text, max(0, start - 16), start):
            return True
        return _DATE.fullmatch(text, start, end) is not None
