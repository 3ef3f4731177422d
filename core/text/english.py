"""Is it English? The real-word measure of generated text, and the test the poet's corpus filter uses.

    real_words("The moon was a ghostly galleon").share   # 1.0

A *word* is a run of letters (any alphabet), with apostrophes allowed inside it and at either end;
hyphens, digits, spaces and other punctuation separate words, so "fire-fly" is two words and "1854"
none. Curly apostrophes count as straight ones. Case is ignored where a word is cased as English writes
words: all small, all capitals, or a capital first ("mary", "MARY", "Mary"); a capital after a small letter
("SayeRS", "McDonald") is not a word's spelling.

A word is *real* when, lower-cased, it is in the English word list (Debian's `wamerican` plus
`wbritish`, SCOWL size 50: `assets/wordlists/english/`) or in the short list of archaic forms a
reader understands (thee, thou, doth, o'er, 'tis ...), and, where the list writes it only with a capital
(a name: "London", "Seuss"), it is written with one: "london" is not real. Apostrophes at the ends may be quotation
marks, so a word also counts when it is real without them ("'Hello'", "poets'"), and a possessive
counts when its stem is real ("galleon's"). Old elisions such as "lov'd" or "heav'n" are not words:
modern spelling is the aim. Invented names ("Laythine") are not words either; real names in the
list ("London", "Mary") are.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

WORDLIST_DIR = Path(__file__).resolve().parents[2] / "assets" / "wordlists" / "english"
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
# The list holds every letter of the alphabet ("s", "G"); in a poem only these stand alone as words ("wood-s", a
# stray "s" after a hyphen, and "G." counted as real words before).
LETTER_WORDS = frozenset({"a", "i", "o"})
WORD = re.compile(r"'?[^\W\d_]+(?:'[^\W\d_]+)*'?")


@dataclass(frozen=True)
class Lexicon:
    """The known words, lower-cased: a set (membership) and sorted tuples (which prefixes can still become a word).

    `names` are the words the list writes only with a capital ("London", "Seuss"): written in small letters
    ("london") they are not a word's spelling, and a prefix in small letters must be able to become another word."""

    words: frozenset[str]
    names: frozenset[str]
    ordered: tuple[str, ...]
    ordered_small: tuple[str, ...]  # the words that are not names

    @classmethod
    def from_words(cls, words) -> "Lexicon":
        """`words` as the list writes them: "march" and "March" make a word, "London" alone a name."""
        written = {word for word in map(str.strip, words) if len(word) > 1 or word.lower() in LETTER_WORDS}
        lowered = frozenset(word.lower() for word in written)
        small = {word.lower() for word in written if not _starts_with_capital(word)}
        names = lowered - small
        return cls(lowered, frozenset(names), tuple(sorted(lowered)), tuple(sorted(small)))

    def _known(self, form: str, capital: bool) -> bool:
        return form in self.words and (capital or form not in self.names)

    def is_word(self, word: str, names: bool = True) -> bool:
        """Whether `word` is real; with `names=False` a name ("Callahan", "London") is not."""
        if not cased_as_english(word):
            return False
        capital = _starts_with_capital(word) and names
        word = word.translate(_APOSTROPHES).lower()
        for form in {word, word.lstrip("'"), word.rstrip("'"), word.strip("'")}:
            if self._known(form, capital) or (form.endswith("'s") and self._known(form[:-2], capital)):
                return True
        return False

    def is_prefix(self, prefix: str, names: bool = True) -> bool:
        """Whether letters typed so far (`prefix`, apostrophes allowed) can still end as a real word (with
        `names=False`, as a word that is not a name)."""
        if not cased_as_english(prefix):
            return False
        capital = _starts_with_capital(prefix) and names
        prefix = prefix.translate(_APOSTROPHES).lower()
        if not prefix.strip("'"):
            return True
        ordered = self.ordered if capital else self.ordered_small
        for form in {prefix, prefix.lstrip("'")}:
            position = bisect.bisect_left(ordered, form)
            if position < len(ordered) and ordered[position].startswith(form):
                return True
            stem = form.rstrip("'")
            if form.endswith("'") and self._known(stem, capital):  # a possessive or a closing quotation mark
                return True
            if form.endswith("'s") and self._known(form[:-2], capital):
                return True
        return False


def _starts_with_capital(word: str) -> bool:
    """Whether the first letter of `word` is a capital; True before any letter (a name may still follow)."""
    return next((character.isupper() for character in word if character.isalpha()), True)


def cased_as_english(word: str) -> bool:
    """All small letters, all capitals, or a capital and then small letters (apostrophes aside)."""
    letters = "".join(character for character in word if character.isalpha())
    return letters[1:] == letters[1:].lower() or letters == letters.upper()


def shouted(word: str) -> bool:
    """Two capitals or more and no small letter ("HOLE"): a play's speaker's name, not a word of a poem."""
    letters = [character for character in word if character.isalpha()]
    return len(letters) >= 2 and all(character.isupper() for character in letters)


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped English word list plus the archaic forms, read once."""
    lines = []
    for name in ("words.txt", "archaic.txt"):
        lines += (WORDLIST_DIR / name).read_text(encoding="utf-8").splitlines()
    return Lexicon.from_words(lines)


def words_in(text: str) -> list[str]:
    """The words of `text`, as defined above, in order and in their original case."""
    return WORD.findall(text.translate(_APOSTROPHES))


@dataclass(frozen=True)
class RealWords:
    words: int
    real: int
    unknown: Counter = field(default_factory=Counter)  # the words that are not real, lower-cased, with counts

    @property
    def share(self) -> float:
        """Share of real words; 1.0 for a text without words."""
        return self.real / self.words if self.words else 1.0

    def __add__(self, other: "RealWords") -> "RealWords":
        return RealWords(self.words + other.words, self.real + other.real, self.unknown + other.unknown)


def real_words(text: str, lex: Lexicon | None = None) -> RealWords:
    """How many of the words of `text` are real English words (see the module's docstring)."""
    lex = lex or lexicon()
    words = words_in(text)
    unknown = Counter(word.lower() for word in words if not lex.is_word(word))
    return RealWords(len(words), len(words) - sum(unknown.values()), unknown)


def is_modern_line(line: str, lex: Lexicon | None = None) -> bool:
    """A line the poet may learn from: has words, no digits, and every word is real."""
    lex = lex or lexicon()
    if any(character.isdigit() for character in line):
        return False
    words = words_in(line)
    return bool(words) and all(lex.is_word(word) for word in words)
