"""Names of natural persons in Dutch text and in columns of bare names, without an NER model."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import ClassVar

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.lang.nl.stop_words import STOP_WORDS

from scanners.recognizers.lexicon import load_word_list

_UP = "A-ZÀ-ÖØ-Þ"
_LO = "a-zß-öø-ÿ"
_START = r"(?<![\w.\-'’])"
_END = r"(?![\w\-'’])"
_SEP = r"[ \t]+"
_NAME = rf"[{_UP}][{_LO}]+(?:-[{_UP}][{_LO}]+)*"
_INITIALS = rf"[{_UP}][{_LO}]?\.(?:[ ]?[{_UP}][{_LO}]?\.){{0,4}}"
_TV_WORDS = (
    "van der", "van den", "van de", "van het", "van 't", "in 't", "in de", "in het", "op de",
    "op den", "op 't", "uit de", "uit den", "aan de", "aan den", "bij de", "v.d.", "vd", "van",
    "de", "der", "den", "het", "ter", "ten", "te", "'t", "le", "la", "du", "da", "di", "del",
    "dos", "el", "al",
)  # fmt: skip


class _Trie(dict[str, "_Trie"]):
    """A prefix tree of characters; the key "" marks the end of a word."""


def _trie_alternation(words: tuple[str, ...]) -> str:
    """The words as one prefix tree ("m(?:w(?:\\.)?|evr...)"): it matches exactly what their
    plain alternation matches, and `re` tries it faster (the rules, `scanners.prefilter`)."""
    trie = _Trie()
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, _Trie())
        node[""] = _Trie()

    def emit(node: _Trie) -> str:
        branches = [
            (_SEP if char == " " else re.escape(char)) + emit(node[char])
            for char in sorted(node)
            if char
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def _alternation(words: tuple[str, ...], *, capitalised_too: bool) -> str:
    """The words as a plain alternation, longest first: the reference the trees are tested
    against (`_CUES`, tests/plain_recognizers.py)."""
    variants: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        escaped = re.escape(word).replace(r"\ ", _SEP)
        variants.append(escaped)
        if capitalised_too and word[0].isalpha():
            variants.append(re.escape(word[0].upper()) + escaped[1:])
    return "(?:" + "|".join(variants) + ")"


def _with_capitals(words: tuple[str, ...]) -> tuple[str, ...]:
    return words + tuple(w[0].upper() + w[1:] for w in words if w[0].isalpha())


# The rules' alternations as prefix trees: the same matches as `_alternation` (where one word
# is the start of another, both try the longer one first), a quarter less time in `re`.
_TV = "(?:" + _trie_alternation(_with_capitals(_TV_WORDS)) + ")"
_TITLES = (
    "de heer", "dhr.", "dhr", "heer", "meneer", "mevrouw", "mevr.", "mevr", "mw.", "mw",
    "mej.", "mejuffrouw", "familie", "fam.", "mr.", "dr.", "drs.", "ir.", "ing.", "prof.",
    "beste", "geachte", "lieve", "hoi", "hallo", "ds.", "zr.", "weledele", "weledelgeboren",
)  # fmt: skip
_TITLE = "(?i:" + _trie_alternation(_TITLES) + ")"

Scorer = Callable[["re.Match[str]"], float]

# A run of one to four name words, tussenvoegsels allowed between them ("Megan van de Velden").
_NAMES = rf"(?:{_INITIALS}{_SEP})?{_NAME}(?:{_SEP}(?:{_TV}{_SEP})?{_NAME}){{0,3}}"
# Words that introduce the name of a person: a role in the case ("consulent", "zoon"), or the
# label of a form field or column ("Naam:", "Aanvrager:").
_ROLES = (
    "naam", "voornaam", "voornamen", "achternaam", "roepnaam", "geslachtsnaam",
    "consulent", "consulente", "contactpersoon", "behandelaar", "casemanager", "regisseur",
    "wijkcoach", "begeleider", "begeleidster", "klantmanager", "medewerker", "medewerkster",
    "cliënt", "client", "aanvrager", "aanvraagster", "betrokkene", "melder", "verzoeker",
    "verzoekster", "bezwaarmaker", "belanghebbende", "zoon", "dochter", "moeder", "vader",
    "partner", "echtgenoot", "echtgenote", "broer", "zus", "kind", "pleegkind",
    "huisbezoek bij", "gesprek met", "contact met", "afspraak met", "namens",
)  # fmt: skip
_ROLE = "(?i:" + _trie_alternation(_ROLES) + ")"
# The closing of a letter or e-mail; the next line that is only a name is its signature.
_CLOSING_ADJECTIVES = ("vriendelijke", "hartelijke", "beste", "warme", "collegiale")
_CLOSING = (
    rf"(?i:(?:met\s+)?(?:{'|'.join(_CLOSING_ADJECTIVES)})\s+groet(?:en)?"
    r"|groet(?:en)?|mvg|m\.vr\.gr\.|hoogachtend)"
)
# A journal or log line that ends with its author: "Journaal Wmo - 12-03-2024 - Layla".
_DATE = r"\d{1,2}(?:[-/.]\d{1,2}[-/.]|\s+[a-z]+\s+)(?:19|20)\d{2}"

# A word that every closing holds (`_signature_starts`), with the same flags as `_CLOSING`.
_PLAIN_CLOSING_WORDS = re.compile(r"(?i:groet|mvg|m\.vr\.gr\.|hoogachtend)")
# The same matches, opening with a class of their first letters (no other character matches
# g, m or h case-insensitively): `re` skips to those, a quarter of the time.
_CLOSING_WORDS = re.compile(
    r"[gGmMhH](?:(?<=[gG])(?i:roet)|(?<=[mM])(?i:vg|\.vr\.gr\.)|(?<=[hH])(?i:oogachtend))"
)

# Any one of these in a text lets a rule score a name that is in no gazetteer.
_PLAIN_TITLE = "(?i:" + _alternation(_TITLES, capitalised_too=False)[3:]
_PLAIN_ROLE = "(?i:" + _alternation(_ROLES, capitalised_too=False)[3:]
_CUES = re.compile(rf"{_PLAIN_TITLE}|{_PLAIN_ROLE}|{_CLOSING}|(?i:{_DATE})|[{_UP}]\w?\.")


# `_CUES` for the prefilter: the same matches, titles and roles as one prefix tree.
_CANDIDATE_CUES = re.compile(
    rf"(?i:{_trie_alternation(_TITLES + _ROLES)})|{_CLOSING}|(?i:{_DATE})|[{_UP}]\w?\."
)

_PLAIN_CAPS_WORD = re.compile(rf"(?<![\w.])[{_UP}]{{2,}}(?:-[{_UP}]{{2,}})*(?![\w.])")
# The same matches, its look-behind after the first capital: `re` then skips to capitals
# instead of trying the pattern at every position.
_CAPS_WORD = re.compile(rf"[{_UP}](?<![\w.][{_UP}])[{_UP}]+(?:-[{_UP}]{{2,}})*(?![\w.])")
_CAPS_TV = frozenset({"VAN", "DER", "DEN", "DE", "HET", "TER", "TEN", "TE", "IN", "OP", "UIT"})
_BLANKS = re.compile(r"[ \t]+")  # between the words of a placed name


def _uncapitalise(text: str) -> str:
    """ "JAN DE VRIES" → "Jan de Vries", same length, so offsets carry over to the original."""

    def fix(match: re.Match[str]) -> str:
        word = match.group()
        if word in _CAPS_TV:
            return word.lower()
        return "-".join(part[0] + part[1:].lower() for part in word.split("-"))

    return _CAPS_WORD.sub(fix, text)


def _overlapping(
    pattern: re.Pattern[str], text: str, start: int = 0, end: int | None = None
) -> Iterator[re.Match[str]]:
    """The first match at every start position, so "Maar Jan Jansen" still yields "Jan Jansen";
    from `start`, and up to `end` (the text after it unseen)."""
    position = start
    end = len(text) if end is None else end
    while (match := pattern.search(text, position, end)) is not None:
        yield match
        position = match.start() + 1


_ADJECTIVE_LENGTHS = sorted({len(word) for word in _CLOSING_ADJECTIVES})


def _whitespace_before(text: str, position: int) -> int:
    """Where the run of whitespace (`\\s`) that ends at `position` starts."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    return position


def _signature_starts(text: str) -> list[int]:
    """Every position where the signature rule can match, in order, and some more.

    A signature opens with a closing, and every closing holds one of `_CLOSING_WORDS`. What
    stands before that word in a closing is "met" and an adjective (`_CLOSING_ADJECTIVES`),
    each followed by a run of whitespace (`\\s+`): a word ends where that run starts, so it
    starts its own length before. Only there, at most nine positions per closing word, does
    `analyze` try the rule (it costs a pass over the whole text otherwise)."""
    starts: set[int] = set()
    hit = _CLOSING_WORDS.search(text)
    while hit is not None:
        word = hit.start()
        hit = _CLOSING_WORDS.search(text, word + 1)  # overlapping: "mvgroet" holds two
        starts.add(word)
        adjective_end = _whitespace_before(text, word)
        if adjective_end == word:
            continue
        for length in _ADJECTIVE_LENGTHS:
            adjective = adjective_end - length
            if adjective < 0:
                continue
            starts.add(adjective)
            met_end = _whitespace_before(text, adjective)
            if met_end < adjective and met_end >= 3:
                starts.add(met_end - 3)
    return sorted(starts)


# The end of a journal line's date and what follows it up to the author: "2024 - ".
_YEAR_BEFORE_AUTHOR = re.compile(r"(?:19|20)\d{2}[ \t]+(?:[-–|]|door)[ \t]+")
_LOWER_ASCII = frozenset("abcdefghijklmnopqrstuvwxyz")


def _author_starts(text: str) -> list[int]:
    """Every position where the journal-line rule can match, in order, and some more.

    Its date ends in a year that `_YEAR_BEFORE_AUTHOR` finds with what follows. Before the
    year stands "d-m-" (four to six characters), or day, whitespace, a lower-case word and
    whitespace: each a whole run, so the day (one or two digits) ends where the run of
    whitespace before the word starts."""
    starts: set[int] = set()
    for year in _YEAR_BEFORE_AUTHOR.finditer(text):
        year_start = year.start()
        starts.update(start for start in range(year_start - 6, year_start - 3) if start >= 0)
        word_end = _whitespace_before(text, year_start)
        word = word_end
        while word > 0 and text[word - 1] in _LOWER_ASCII:
            word -= 1
        day_end = _whitespace_before(text, word)
        if word_end < year_start and word < word_end and day_end < word:
            starts.update(start for start in (day_end - 2, day_end - 1) if start >= 0)
    return sorted(starts)


# Letters that `re` matches case-insensitively with an ASCII letter besides its two cases.
_CASE_EXTRAS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}


def _case_variants(letter: str) -> str:
    """Every character that `(?i:letter)` matches, for an ASCII letter."""
    return letter.lower() + letter.upper() + _CASE_EXTRAS.get(letter.lower(), "")


def _word_start_finder(words: tuple[str, ...], not_after: str, then: str) -> re.Pattern[str]:
    """Where one of `words` (case-insensitive, as `_trie_alternation` in `(?i:...)` matches
    them) starts, after no character of the class `not_after`, and `then` follows it: one
    match, of its first letter, at each such position.

    A pattern that opens with a look-behind makes `re` try it at every position of a text;
    this one opens with a class of the words' first letters, so `re` skips to those, and the
    rest of the word is a look-ahead chosen by a look-behind on the first letter."""
    rests: dict[str, list[str]] = {}
    for word in words:
        rests.setdefault(word[0].lower(), []).append(word[1:])
    firsts = "".join(_case_variants(letter) for letter in sorted(rests))
    branches = "|".join(
        f"(?<=(?i:{re.escape(letter)}))(?=(?i:{_trie_alternation(tuple(tails))}){then})"
        for letter, tails in sorted(rests.items())
    )
    return re.compile(rf"[{firsts}](?<!{not_after}.)(?:{branches})")


# Where a title can start ("dhr. ", "de heer "): the start of every match that has one.
_TITLE_STARTS = _word_start_finder(_TITLES, r"[\w.\-'’]", "[ \t]")
# Where a role or label can start that a name follows ("naam: ", "zoon van Dijk").
_ROLE_STARTS = _word_start_finder(_ROLES, r"[\w\-]", rf"[ \t]*:?[ \t]*(?:{_TV}{_SEP})?[{_UP}]")
# A capitalised word at a word start (the same look-behind as `_START`, after its capital).
_CAPITALISED = re.compile(rf"[{_UP}](?<![\w.\-'’][{_UP}])[{_LO}]*(?:-[{_UP}][{_LO}]+)*")
# The characters of the tussenvoegsels: one of them stands in every word of one.
_TV_CHARS = frozenset("".join(_with_capitals(_TV_WORDS))) - {" "}


def _tv_starts_before(text: str, name: int, floor: int) -> list[int]:
    """Where a tussenvoegsel of one or two words that stands right before the name at `name`
    ("van der Berg") can start, nearest first.

    Between a tussenvoegsel and the name, and between its words, is a run of spaces or tabs;
    a word of it is a run of `_TV_CHARS` that starts where `_START` holds, so at the start
    of that run (the character before any later position is one of `_TV_CHARS`)."""
    starts: list[int] = []
    end = name
    for _ in range(2):
        gap = end
        while gap > floor and text[gap - 1] in " \t":
            gap -= 1
        word = gap
        while word > floor and text[word - 1] in _TV_CHARS:
            word -= 1
        if gap == end or word == gap:
            break
        starts.append(word)
        end = word
    return starts


class _Guide:
    """Where the rules can match with a score above zero in a text, or in the stretch
    `start:end` of it (a line of the capitals variant), and some more positions.

    The name rules open with a look-behind, so `re` tries them at every position of the text,
    and most of what they find scores 0 ("Gemeente", "Dit"). Every match that scores starts at
    a title or at a capitalised word, or at a tussenvoegsel right before one, and a rule that
    needs a known name only scores where that word is in a gazetteer. One pass over the
    capitalised words finds those starts for all rules; `analyze` tries a rule only there."""

    def __init__(
        self,
        recognizer: NlPersonRecognizer,
        text: str,
        start: int = 0,
        end: int | None = None,
        closings_as: _Guide | None = None,
    ) -> None:
        self.recognizer = recognizer
        self.text = text
        self.start = start
        self.end = len(text) if end is None else end
        # The guide of a text with the same closings in the same places (the capitals variant
        # of the text: closing words match case-insensitively, the rest is whitespace).
        self.closings_as = closings_as
        self._by_word: tuple[list[int], list[int], list[int]] | None = None
        self._titles: list[int] | None = None
        self._signature: list[int] | None = None

    def titles(self) -> list[int]:
        """Every start of a title followed by a separator: of "aanhef + achternaam" matches,
        and of "volledige naam" matches that have a title."""
        if self._titles is None:
            found = _TITLE_STARTS.finditer(self.text, self.start, self.end)
            self._titles = [match.start() for match in found]
        return self._titles

    def full(self) -> list[int]:
        """A "volledige naam" scores with a title, or with initials or a known given name."""
        return sorted({*self.titles(), *self._word_starts()[0]})

    def inverted(self) -> list[int]:
        """ "achternaam, voornaam": a surname right before its comma, maybe a tussenvoegsel."""
        return self._word_starts()[1]

    def single(self) -> list[int]:
        """ "losse naam" scores only a word in a gazetteer, maybe after a tussenvoegsel."""
        return self._word_starts()[2]

    def roles(self) -> list[int]:
        """Every start of a role or label that a name can follow: of "rol + naam" matches."""
        found = _ROLE_STARTS.finditer(self.text, self.start, self.end)
        return [match.start() for match in found]

    def signature(self) -> list[int]:
        if self.closings_as is not None:
            return self.closings_as.signature()
        if self._signature is None:
            starts = _signature_starts(self.text)
            self._signature = [s for s in starts if self.start <= s < self.end]
        return self._signature

    def authors(self) -> list[int]:
        starts = _author_starts(self.text)
        return [s for s in starts if self.start <= s < self.end]

    def _word_starts(self) -> tuple[list[int], list[int], list[int]]:
        if self._by_word is None:
            self._by_word = self._find_word_starts()
        return self._by_word

    def _find_word_starts(self) -> tuple[list[int], list[int], list[int]]:
        """Starts of the full, inverted and single rules, from each capitalised word: it
        matches their `_NAME` only whole (a `_NAME` ends before a space, comma or `_END`)."""
        text, start, end = self.text, self.start, self.end
        first_names, name_words = self.recognizer.first_names, self.recognizer.name_words
        full: list[int] = []
        inverted: list[int] = []
        single: list[int] = []
        for capitalised in _CAPITALISED.finditer(text, start, end):
            word = capitalised.group()
            name, after = capitalised.span()
            head = word.partition("-")[0]
            known_first = word in first_names or head in first_names
            if known_first or (len(word) <= 2 and text.startswith(".", after, end)):
                full.append(name)  # a given name or initials (J., Th.)
            before_comma = text.startswith(",", after, end)
            in_gazetteer = known_first or word in name_words or head in name_words
            if before_comma or in_gazetteer:
                starts = [name, *_tv_starts_before(text, name, start)]
                if before_comma:
                    inverted.extend(starts)
                if in_gazetteer:
                    single.extend(starts)
        return full, sorted(set(inverted)), sorted(set(single))


# Rules with a faster way to the positions where they can match with a score above zero
# (see `_guided_overlapping`).
_RULE_STARTS: dict[str, Callable[[_Guide], list[int]]] = {
    "volledige naam": _Guide.full,
    "aanhef + achternaam": _Guide.titles,
    "achternaam, voornaam": _Guide.inverted,
    "losse naam": _Guide.single,
    "rol + naam": _Guide.roles,
    "ondertekening": _Guide.signature,
    "auteur van een journaalregel": _Guide.authors,
}


def _guided_overlapping(
    pattern: re.Pattern[str], text: str, starts: Iterable[int], end: int | None = None
) -> Iterator[re.Match[str]]:
    """`_overlapping(pattern, text, end=end)`, given positions that include every start of a
    match: it yields the match at each position where the pattern matches, in order, as
    this does."""
    end = len(text) if end is None else end
    for start in starts:
        match = pattern.match(text, start, end)
        if match is not None:
            yield match


def _matches_of(rule_name: str, pattern: re.Pattern[str], guide: _Guide) -> Iterator[re.Match[str]]:
    """`_overlapping(pattern, ...)` over the guide's text or stretch, by the rule's own start
    positions where it has them (then only the matches that can score are sure to be there)."""
    starts = _RULE_STARTS.get(rule_name)
    if starts is None:
        return _overlapping(pattern, guide.text, guide.start, guide.end)
    return _guided_overlapping(pattern, guide.text, starts(guide), guide.end)


# Rules that never look past a newline: nothing in them matches one, and their look-arounds
# see at most the newline at either end of the line (`(?<!\d )` then fails on it, whatever
# stands before it). On a line that `_uncapitalise` left as it was they find in the variant
# exactly what they found in the text, so `analyze` tries them there on the changed lines only.
_SINGLE_LINE_RULES = frozenset(
    {"volledige naam", "aanhef + achternaam", "achternaam, voornaam", "losse naam", "rol + naam"}
)


# Where a rule's name starts (`NlPersonRecognizer._name_start`, without asking every group):
# "volledige naam" always has a given name before its surname, "aanhef + achternaam" has a
# title before it, "achternaam, voornaam" and "losse naam" start with the name.
_NAME_STARTS: dict[str, Callable[[re.Match[str]], int]] = {
    "volledige naam": lambda match: match.start("given"),
    "aanhef + achternaam": lambda match: match.start("tv" if match.group("tv") else "sur"),
    "achternaam, voornaam": lambda match: match.start(),
    "losse naam": lambda match: match.start(),
    "rol + naam": lambda match: match.start("names"),
    "ondertekening": lambda match: match.start("names"),
    "auteur van een journaalregel": lambda match: match.start("names"),
}
# Rules whose score and result depend on the "names" group only (`_score_placed`).
_SCORED_BY_NAMES = frozenset({"rol + naam", "ondertekening", "auteur van een journaalregel"})


# Rules that can look across lines (the whitespace of a closing or of a date): on the capitals
# variant they keep only the matches that read a character `_uncapitalise` changed.
_UNLIKE_TEXT_RULES = frozenset({"ondertekening", "auteur van een journaalregel"})


def _unlike_the_text(matches: Iterable[re.Match[str]], text: str) -> Iterator[re.Match[str]]:
    """The matches in the capitals variant of `text` that read a changed character.

    These rules have no look-behind, and past its end a match reads at most the line break
    of `(?=\\r?\\n|$)` (what it tried before, its names too, stays on the lines it spans). So
    a match that reads the same as `text` from its start to two past its end is the match
    that the rule found at that start in `text`, with the same score: a duplicate."""
    for match in matches:
        start, end = match.span()
        if match.string[start : end + 2] != text[start : end + 2]:
            yield match


def _changed_lines(text: str, variant: str) -> list[tuple[int, int]]:
    """Where `_uncapitalise` changed `text`: each such line, its newline included."""
    lines: list[tuple[int, int]] = []
    for word in _CAPS_WORD.finditer(text):
        start, end = word.span()
        if variant[start:end] == word.group():
            continue
        line_start = text.rfind("\n", 0, start) + 1
        line_end = text.find("\n", end)
        line_end = len(text) if line_end < 0 else line_end + 1
        if lines and line_start < lines[-1][1]:
            continue  # the same line as the word before
        lines.append((line_start, line_end))
    return lines


def _adjoining_joined(lines: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines that follow each other as one stretch: a single-line rule finds in it what it
    finds in each of them (it matches no newline, and looks at most at one past either end),
    with less work per line (a table of codes in capitals changes most of its lines)."""
    stretches: list[tuple[int, int]] = []
    for start, end in lines:
        if stretches and stretches[-1][1] == start:
            stretches[-1] = (stretches[-1][0], end)
        else:
            stretches.append((start, end))
    return stretches


class _Coverage:
    """The union of half-open spans, asked point by point in logarithmic time (a long text
    has thousands of candidate names, and as many later mentions to test)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if start >= end:
                continue  # an empty span covers nothing
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def covers(self, position: int) -> bool:
        """Whether some span has `start <= position < end`."""
        index = bisect_right(self.starts, position) - 1
        return index >= 0 and position < self.ends[index]


def _mentions_by_pattern(text: str, words: set[str]) -> list[tuple[int, int]]:
    """Where one of `words` stands in `text` as a word of its own (`_START` before it, `_END`
    after it): the words as one alternation, found with `finditer`."""
    pattern = re.compile(
        _START + "(?:" + "|".join(re.escape(w) for w in sorted(words)) + ")" + _END
    )
    return [match.span() for match in pattern.finditer(text)]


# A word that can be mentioned again, and every run of such characters at a word start.
_MENTIONABLE = re.compile(rf"[{_UP}][\w\-'’]*")
_CAPITALISED_RUN = re.compile(rf"[{_UP}](?<![\w.\-'’][{_UP}])[\w\-'’]*")


def _mentions(text: str, words: set[str]) -> list[tuple[int, int]]:
    """`_mentions_by_pattern`, without compiling a pattern for every text (a tenth of the
    recognizer's time went to that).

    A word made of characters that `_END` refuses can only match as the whole run of such
    characters at a word start: no longer word fits there, and no two matches overlap. So the
    matches are the runs that are one of the words. Other words take the pattern."""
    if not all(_MENTIONABLE.fullmatch(word) for word in words):
        return _mentions_by_pattern(text, words)
    return [run.span() for run in _CAPITALISED_RUN.finditer(text) if run.group() in words]


class _Found:
    """The candidates of one text, each span and score once, under the first rule that found
    it: of equal results (span, score), Presidio's `remove_duplicates` keeps the first (a set
    keeps what it holds), so the others need no result object. Every rule that found a span
    counts for `sources`."""

    def __init__(self, recognizer: NlPersonRecognizer) -> None:
        self.recognizer = recognizer
        self.labels: dict[tuple[int, int, float], str] = {}
        self._sources: set[tuple[int, int]] = set()

    def add(self, start: int, end: int, score: float, label: str) -> None:
        self.labels.setdefault((start, end, score), label)
        if self.recognizer.is_source(score, label):
            self._sources.add((start, end))

    def spans(self) -> Iterator[tuple[int, int]]:
        return ((start, end) for start, end, _ in self.labels)

    def sources(self) -> Iterable[tuple[int, int]]:
        """The spans whose words `_mentioned_again` looks for elsewhere in the text."""
        return self._sources

    def results(self) -> list[RecognizerResult]:
        """A result for every candidate that `remove_duplicates` keeps whatever joins them
        (half of them): one that another contains with at least its score it drops in any
        company, as what contains the other contains it too."""
        result, labels = self.recognizer._result, self.labels
        return [result(*key, labels[key]) for key in _undominated(labels)]


def _undominated(candidates: Iterable[tuple[int, int, float]]) -> list[tuple[int, int, float]]:
    """The (start, end, score) candidates that no other one contains with at least the same
    score, found as `remove_duplicates` finds them: by start, the longest and highest first,
    each tested against the kept ones that reach it."""
    kept: list[tuple[int, int, float]] = []
    reaching: list[tuple[int, int, float]] = []
    for candidate in sorted(candidates, key=lambda c: (c[0], c[0] - c[1], -c[2])):
        start, end, score = candidate
        reaching = [other for other in reaching if other[1] >= start]
        if not any(end <= other[1] and score <= other[2] for other in reaching):
            kept.append(candidate)
            reaching.append(candidate)
    return kept


_MENTION_SPLIT = re.compile(r"[ \t,]+")  # between the words of a found name


class NlPersonRecognizer(LocalRecognizer):
    """Recognize Dutch person names with gazetteers, initials, tussenvoegsels and titles.

    Four patterns, each matched at every start position (overlapping), then scored by rule:

    - given name or initials + [tussenvoegsel] + surname (Jan de Vries, J.P. de Vries): 0.5,
      +0.25 known surname (+0.1 a surname that is also a word), +0.1 tussenvoegsel, +0.15 title;
    - title + [tussenvoegsel] + surname (mevrouw Bakker, dhr. De Vries, Beste Jan): 0.5,
      +0.2 known surname or first name, +0.1 tussenvoegsel;
    - [tv] surname, given name or initials [tv] (Vries, J. de; Van Dijk, Anna): 0.6 (0.7 with
      initials), +0.15 known surname, +0.1 tussenvoegsel;
    - a single name (Fatima; Jansen; de Vries): 0.4 known first name, 0.35 known surname, 0.5
      with tussenvoegsel; below the reporting line of 0.4 except with context (naam, cliënt…).

    A given name must be in the first-name gazetteer (initials or a title also do). A surname
    that is also a word (`nl_surname_words.txt`: Bakker, Kok, Roos, Mooi) only counts next to a
    given name, initials, title or lower-case tussenvoegsel, never alone. Words that are Dutch
    stop words, titles or month/day names are never a name. Names are capitalised; words in
    all capitals (JANSEN, J. DE VRIES) are also tried as capitalised words (Jansen, J. de Vries),
    with the same gazetteer rules, so acronyms (BSN, WMO) are not names.

    Gazetteers: `scanners/data/nl_first_names.txt`, `nl_surnames.txt`, `nl_surname_words.txt`,
    compiled for avgscan (EUPL-1.2); a data steward extends them without code.

    With a trained Dutch spaCy pipeline installed, the NER model adds its own PERSON results.
    """

    FIRST_NAMES_FILE: ClassVar[str] = "nl_first_names.txt"
    SURNAMES_FILE: ClassVar[str] = "nl_surnames.txt"
    SURNAME_WORDS_FILE: ClassVar[str] = "nl_surname_words.txt"
    AMBIGUOUS_FIRST_NAMES: ClassVar[frozenset[str]] = frozenset(
        {"Ben", "Ton", "Rob", "Mark", "Floor", "Mees", "Jet", "Kaj", "Max", "Bas", "Els", "Dan"}
    )
    NOT_NAMES: ClassVar[frozenset[str]] = frozenset(
        {
            "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
            "september", "oktober", "november", "december", "maandag", "dinsdag", "woensdag",
            "donderdag", "vrijdag", "zaterdag", "zondag", "gemeente", "heer", "mevrouw",
            "meneer", "beste", "geachte", "familie",
        }
    )  # fmt: skip
    MENTIONED_MIN_SCORE: ClassVar[float] = 0.5
    # A lone gazetteer word is no evidence that the text is about that person.
    NOT_A_SOURCE: ClassVar[frozenset[str]] = frozenset(
        {"losse naam", "losse naam (hoofdletters)", "eerder genoemde naam"}
    )
    MENTIONED_SCORE: ClassVar[float] = 0.5
    # Capitalised words that open no name but follow a role often: "cliënt Wmo", "Naam Gemeente".
    NOT_IN_NAMES: ClassVar[frozenset[str]] = frozenset(
        {
            "wmo", "jeugdwet", "ggz", "participatiewet", "afdeling", "team", "sociaal",
            "domein", "gemeente", "college", "burgemeester", "wethouder", "raad", "nederland",
            "nederlandse", "bv", "b.v.", "stichting", "vereniging", "zorg", "welzijn",
            "onbekend", "nvt", "n.v.t.", "geen", "ja", "nee", "totaal", "datum",
        }
    )  # fmt: skip
    CONTEXT: ClassVar[list[str]] = [
        "naam",
        "voornaam",
        "achternaam",
        "geslachtsnaam",
        "roepnaam",
        "voorletters",
        "tussenvoegsel",
        "aanvrager",
        "cliënt",
        "client",
        "betrokkene",
        "contactpersoon",
        "medewerker",
        "behandelaar",
        "bewoner",
        "inwoner",
        "verzoeker",
        "bezwaarmaker",
        "melder",
        "ouder",
        "partner",
    ]

    FULL: ClassVar[str] = (
        rf"{_START}(?:(?P<title>{_TITLE}){_SEP})?(?P<given>{_INITIALS}|{_NAME}(?:{_SEP}{_NAME})?)"
        rf"{_SEP}(?:(?P<tv>{_TV}){_SEP})?(?P<sur>{_NAME}){_END}"
    )
    TITLED: ClassVar[str] = (
        rf"{_START}(?P<title>{_TITLE}){_SEP}(?:(?P<tv>{_TV}){_SEP})?(?P<sur>{_NAME}){_END}"
    )
    INVERTED: ClassVar[str] = (
        rf"{_START}(?P<sur>(?:{_TV}{_SEP})?{_NAME}),[ \t]*(?P<given>{_INITIALS}|{_NAME})"
        rf"(?:{_SEP}(?P<tv>{_TV}))?{_END}(?!{_SEP}(?:{_TV}{_SEP})?[{_UP}])"
    )
    SINGLE: ClassVar[str] = rf"{_START}(?<!\d )(?:(?P<tv>{_TV}){_SEP})?(?P<sur>{_NAME}){_END}"
    ROLE: ClassVar[str] = (
        rf"(?<![\w\-]){_ROLE}[ \t]*:?[ \t]*(?P<names>(?:{_TV}{_SEP})?{_NAMES}){_END}"
    )
    SIGNATURE: ClassVar[str] = (
        rf"{_CLOSING}[ \t]*,?[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*"
        rf"(?P<names>{_NAMES})[ \t]*(?=\r?\n|$)"
    )
    AUTHOR: ClassVar[str] = (
        rf"{_DATE}[ \t]+(?:[-–|]|door)[ \t]+(?P<names>{_NAMES})[ \t]*(?=\r?\n|$)"
    )

    def __init__(
        self,
        context: list[str] | None = None,
        supported_language: str = "nl",
        supported_entity: str = "PERSON",
        name: str | None = None,
    ) -> None:
        self._label = name or type(self).__name__
        self.first_names = frozenset(load_word_list(self.FIRST_NAMES_FILE))
        self.surnames = frozenset(load_word_list(self.SURNAMES_FILE))
        self.surname_words = frozenset(load_word_list(self.SURNAME_WORDS_FILE))
        # A lone word scores only if it (or its first part) is in one of these (`_Guide`).
        self.name_words = self.first_names | self.surnames | self.surname_words
        self._rules: list[tuple[str, re.Pattern[str], Scorer]] = [
            ("volledige naam", re.compile(self.FULL), self._score_full),
            ("aanhef + achternaam", re.compile(self.TITLED), self._score_titled),
            ("achternaam, voornaam", re.compile(self.INVERTED), self._score_inverted),
            ("losse naam", re.compile(self.SINGLE), self._score_single),
            ("rol + naam", re.compile(self.ROLE), self._score_placed),
            ("ondertekening", re.compile(self.SIGNATURE), self._score_placed),
            ("auteur van een journaalregel", re.compile(self.AUTHOR), self._score_placed),
        ]
        super().__init__(
            supported_entities=[supported_entity],
            supported_language=supported_language,
            context=context if context else list(self.CONTEXT),
            name=self._label,
        )

    def load(self) -> None:
        """Nothing to load: the gazetteers are read in `__init__`."""

    def candidate_patterns(self) -> list[re.Pattern[str]]:
        """Cues that let a rule score a name outside the gazetteers (`scanners.prefilter`):
        a title, initials, a role or field label, a closing, a dated journal line."""
        return [_CANDIDATE_CUES]

    def candidate_words(self) -> frozenset[str]:
        """Every gazetteer entry and every part of one: a name without a cue scores only
        when one of its words is in a gazetteer (`scanners.prefilter` also tries JANSEN as
        Jansen, as `_uncapitalise` does)."""
        words: set[str] = set()
        for entry in self.first_names | self.surnames | self.surname_words:
            words.add(entry)
            words.update(part for part in re.split(r"[^\w]+|_|\d", entry) if part)
        return frozenset(words)

    def analyze(
        self,
        text: str,
        entities: list[str],
        nlp_artifacts: NlpArtifacts | None = None,
    ) -> list[RecognizerResult]:
        """Match the four name patterns and keep the candidates that score above zero."""
        found = _Found(self)
        guide = _Guide(self, text)
        for rule_name, pattern, scorer in self._rules:
            matches = _matches_of(rule_name, pattern, guide)
            self._score(matches, scorer, rule_name, rule_name, found)
        if _CAPS_WORD.search(text):  # all-capitals names (JANSEN, J. DE VRIES): same rules
            variant = _uncapitalise(text)
            whole = _Guide(self, variant, closings_as=guide)
            changed = _adjoining_joined(_changed_lines(text, variant))
            lines = [_Guide(self, variant, start, end) for start, end in changed]
            for rule_name, pattern, scorer in self._rules:
                label = rule_name + " (hoofdletters)"
                # a single-line rule finds elsewhere what it found in `text` (duplicates)
                for stretch in lines if rule_name in _SINGLE_LINE_RULES else [whole]:
                    matches = _matches_of(rule_name, pattern, stretch)
                    if rule_name in _UNLIKE_TEXT_RULES:
                        matches = _unlike_the_text(matches, text)
                    self._score(matches, scorer, rule_name, label, found)
        results = found.results()
        results.extend(self._mentioned_again(text, found))
        return self.remove_duplicates(results)

    def _score(
        self,
        matches: Iterable[re.Match[str]],
        scorer: Scorer,
        rule_name: str,
        label: str,
        found: _Found,
    ) -> None:
        """Every match that its rule scores above zero, found under `label`."""
        name_start = _NAME_STARTS.get(rule_name, self._name_start)
        by_names = rule_name in _SCORED_BY_NAMES
        seen: set[tuple[int, int]] = set()
        for match in matches:
            if by_names:  # "Met vriendelijke groet" matches three times, the same names
                names = (match.start("names"), match.end())
                if names in seen:
                    continue
                seen.add(names)
            score = scorer(match)
            if score > 0:
                found.add(name_start(match), match.end(), min(score, 1.0), label)

    def _mentioned_again(self, text: str, found: _Found) -> Iterator[RecognizerResult]:
        """The given name or surname of a confidently found full name, where the same text
        uses it alone later or earlier ("Omar Mensah … Omar heeft …"): a document keeps
        talking about the people it names."""
        words: set[str] = set()
        for start, end in found.sources():
            parts = [w for w in _MENTION_SPLIT.split(text[start:end]) if w]
            names = [w for w in parts if w[0].isupper() and not w.endswith(".")]
            words.update(w for w in names if not self._not_a_name(w))
        if not words:
            return
        covered = _Coverage(found.spans())
        for start, end in _mentions(text, words):
            if not covered.covers(start):
                yield self._result(start, end, self.MENTIONED_SCORE, "eerder genoemde naam")

    def is_source(self, score: float, rule_name: str) -> bool:
        """Whether a candidate's words are looked for again elsewhere (`_mentioned_again`)."""
        return score >= self.MENTIONED_MIN_SCORE and rule_name not in self.NOT_A_SOURCE

    @staticmethod
    def _name_start(match: re.Match[str]) -> int:
        """Where the name itself starts: a title (dhr., Beste) is context, not part of it."""
        groups = match.groupdict()
        if groups.get("names"):
            return match.start("names")
        for group in ("sur", "given", "tv"):  # "sur" first only in the inverted form
            if groups.get(group) and (group != "sur" or match.start("sur") == match.start()):
                return match.start(group)
        return match.start("sur")

    def _result(self, start: int, end: int, score: float, rule_name: str) -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self._label,
            original_score=score,
            pattern_name=rule_name,
            textual_explanation=f"Detected by `{self._label}` using rule `{rule_name}`",
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

    # -- scoring rules -------------------------------------------------------------------------

    def _not_a_name(self, word: str) -> bool:
        lower = word.lower()
        return lower in STOP_WORDS or lower in self.NOT_NAMES

    def _known_first(self, given: str) -> bool:
        first = given.split()[0]
        return first in self.first_names or first.split("-")[0] in self.first_names

    def _known_surname(self, surname: str) -> bool:
        if "-" not in surname:  # the common case, without a list and a generator
            return surname in self.surnames
        return all(part in self.surnames for part in surname.split("-"))

    def _surname_bonus(self, surname: str, known: float, word: float) -> float:
        if self._known_surname(surname):
            return known
        if surname in self.surname_words:
            return word
        return 0.0

    @staticmethod
    def _is_initials(given: str) -> bool:
        return given.endswith(".")

    def _score_full(self, match: re.Match[str]) -> float:
        given, surname = match.group("given"), match.group("sur")
        if self._not_a_name(surname) or any(self._not_a_name(w) for w in given.split()):
            return 0.0
        title, tv = match.group("title"), match.group("tv")
        if not (self._is_initials(given) or self._known_first(given) or title):
            return 0.0
        score = 0.5 + self._surname_bonus(surname, 0.25, 0.1)
        return score + (0.1 if tv else 0.0) + (0.15 if title else 0.0)

    def _score_titled(self, match: re.Match[str]) -> float:
        surname = match.group("sur")
        if self._not_a_name(surname):
            return 0.0
        score = 0.5 + self._surname_bonus(surname, 0.2, 0.1)
        if surname in self.first_names:
            score += 0.2  # "Beste Jan"
        return score + (0.1 if match.group("tv") else 0.0)

    def _score_inverted(self, match: re.Match[str]) -> float:
        given, surname = match.group("given"), match.group("sur").split()[-1]
        tv = match.group("tv") or len(match.group("sur").split()) > 1
        if self._not_a_name(surname) or self._not_a_name(given.split()[0]):
            return 0.0
        if self._is_initials(given):
            score = 0.7
        elif self._known_first(given):
            score = 0.6
        else:
            return 0.0
        score += self._surname_bonus(surname, 0.15, 0.05)
        return score + (0.1 if tv else 0.0)

    def _score_placed(self, match: re.Match[str]) -> float:
        """A name where the text's structure puts one: after a role or field label, alone on
        the line under a closing, or as the author of a journal line. It need not be in a
        gazetteer, but no word of it may be a stop word, a title or a month: "cliënt Wmo"
        and "Met vriendelijke groet, Gemeente Voorbeeld" stay nothing."""
        words = [w for w in _BLANKS.split(match.group("names")) if w]
        capitalised = [w for w in words if w[0].isupper() and not w.endswith(".")]
        if not capitalised or any(self._not_a_name(w) for w in capitalised):
            return 0.0
        if any(w.lower() in self.NOT_IN_NAMES for w in capitalised):
            return 0.0
        known = any(w in self.first_names or self._known_surname(w) for w in capitalised)
        if len(words) == 1:
            return 0.6 if known else 0.5
        return 0.75 if known else 0.65

    def _score_single(self, match: re.Match[str]) -> float:
        word, tv = match.group("sur"), match.group("tv")
        if self._not_a_name(word):
            return 0.0
        if tv:
            if self._known_surname(word):
                return 0.5
            if word in self.surname_words and tv[0].islower():
                return 0.5  # "van Dijk", but not "De Bakker" at the start of a sentence
            return 0.0
        if word in self.first_names and word not in self.AMBIGUOUS_FIRST_NAMES:
            return 0.4
        if self._known_surname(word):
            return 0.35
        return 0.0
