"""Decoding that only completes known words: a `transformers` LogitsProcessor for the embedded poet.

    from core.text.known_words import known_words_processor
    model.generate(..., logits_processor=LogitsProcessorList([known_words_processor(tokenizer)]))

At each step it looks at the likeliest candidates for the next token (the top `check` by score, and more
while fewer than `keep` of them pass, up to `most`, and the whole vocabulary when none of those passes)
and masks each one that would spell a non-word: one that ends the word being written when that word is
not real, or continues it into letters no real word starts with, or carries a whole non-word or an
unprintable character inside it. Real means `core.text.english` real (the shipped English word list plus
archaic forms). Candidates beyond those checked are masked too, so it also acts as a top-k of at least
`check` (64) tokens. If no token at all keeps the word real (a dead end), the scores are left as they
were, so the model is never left without a next token.
Tokens that hold only part of a multi-byte character are allowed only to finish a character already
begun (the embedded poet writes English). A token with an underscore (the corpus' `_italics_`) is never
allowed; with `capitals=False` (a poem; a play's speakers' names are in capitals) no word of two
capitals or more; and with `modern_casing=True` (a poem, a quest's flavour lines) no name of the word list and a
capital only where a line or a sentence begins (and in "I" and "O"): a drifting poem strung surnames and capitalised
nouns together ("the Deming, / With Callahan is now in their Mutilation / As a Paderewski", "Of the Brochure").

In `generate` a custom processor runs after the repetition penalty and before temperature, top-k,
top-p, min-p and the green-list watermark, so the watermark only chooses among real words.
"""

from __future__ import annotations

import re
import unicodedata

from core.text.english import Lexicon, lexicon, shouted

_WORD_CHARACTER = r"(?:[^\W\d_]|['\u2019])"
_TRAILING_WORD = re.compile(_WORD_CHARACTER + r"*\Z")
_LEADING_WORD = re.compile("^" + _WORD_CHARACTER + "*")
_INNER_WORDS = re.compile(_WORD_CHARACTER + "+")


class _Piece:
    """What a token's text does to the word being written."""

    __slots__ = ("only_letters", "head", "inside_ok", "tail", "inner", "middle")

    def __init__(self, text: str, lex: Lexicon):
        printable = all(character in "\n\t" or unicodedata.category(character)[0] != "C" for character in text)
        printable = printable and "_" not in text  # the corpus' _italics_ markup, shown raw as "_Pend_"
        self.only_letters = bool(text) and _TRAILING_WORD.fullmatch(text) is not None
        self.head = _LEADING_WORD.match(text).group(0)
        rest = text[len(self.head):]
        self.tail = _TRAILING_WORD.search(rest).group(0) if rest else ""
        self.middle = middle = rest[:len(rest) - len(self.tail)]
        self.inner = _INNER_WORDS.findall(middle)
        self.inside_ok = printable and (all(lex.is_word(word) for word in self.inner) and lex.is_prefix(self.tail))


class KnownWordsProcessor:
    """Masks next tokens that would spell a non-word; see the module's docstring."""

    def __init__(self, tokenizer, lex: Lexicon | None = None, check: int = 64, keep: int = 32, most: int = 512,
                 look_back: int = 16, capitals: bool = True, modern_casing: bool = False):
        self.lex = lex or lexicon()
        self.capitals = capitals  # whether a word of two letters or more may be all capitals (a play's speakers)
        self.modern_casing = modern_casing  # no names ("London"), and capitals only where a sentence begins
        self.tokenizer, self.check, self.keep, self.most, self.look_back = tokenizer, check, keep, most, look_back
        special = set(tokenizer.all_special_ids)
        self.pieces: dict[int, _Piece | None] = {}
        for token_id in range(len(tokenizer)):
            text = "" if token_id in special else tokenizer.decode([token_id])
            # a token holding part of a multi-byte character cannot be judged alone (None): see `allowed`
            self.pieces[token_id] = None if "\ufffd" in text else _Piece(text, self.lex)
        self._verdicts: dict[tuple[str, int, bool], bool] = {}

    def allowed(self, partial: str, token_id: int, sentence_start: bool = True) -> bool:
        """Whether `token_id`, written after the unfinished word `partial`, keeps every word real
        (`sentence_start`: whether that word begins a line or a sentence).

        A piece of a multi-byte character is allowed only to finish one already begun (`partial` ends
        with U+FFFD), and then it is the only thing allowed: the poet writes English, and a character
        left half-written, or begun for nothing, comes out as Greek or Cyrillic debris."""
        piece = self.pieces.get(token_id)
        if partial.endswith("\ufffd"):
            return piece is None
        if piece is None:
            return False
        key = (partial, token_id, sentence_start and self.modern_casing)
        verdict = self._verdicts.get(key)
        if verdict is None:
            word = partial + piece.head
            if not self.capitals and (shouted(word) or shouted(piece.tail)):  # "AUTISM HOLE" in a poem
                verdict = False
            elif self.modern_casing and (self._names_a_name(word, piece)  # "Callahan" in a poem
                                         or self._capital_mid_sentence(word, piece, sentence_start)):
                verdict = False
            elif piece.only_letters:
                verdict = piece.inside_ok and self.lex.is_prefix(word)
            else:
                verdict = (not word.strip("'") or self.lex.is_word(word)) and piece.inside_ok
            if len(self._verdicts) > 200_000:
                self._verdicts.clear()
            self._verdicts[key] = verdict
        return verdict

    @staticmethod
    def _capital_mid_sentence(word: str, piece: _Piece, sentence_start: bool) -> bool:
        """Whether the word being written, or one the token begins, has a capital where no sentence begins."""
        if _capitalised(word) and not sentence_start and not _capital_pronoun(word, finished=not piece.only_letters):
            return True
        if not _capitalised(piece.tail):
            return False
        before_tail = piece.middle.strip(_OPENERS)
        starts = ends_sentence(before_tail) if before_tail else (sentence_start and not word)
        return not starts and not _capital_pronoun(piece.tail, finished=False)

    def _names_a_name(self, word: str, piece: _Piece) -> bool:
        """Whether the token ends a word, holds one or begins one that can only be a name."""
        if piece.only_letters:
            return not self.lex.is_prefix(word, names=False) and self.lex.is_prefix(word)
        ends_a_name = bool(word.strip("'")) and self.lex.is_word(word) and not self.lex.is_word(word, names=False)
        return (ends_a_name or any(not self.lex.is_word(inner, names=False) for inner in piece.inner)
                or not self.lex.is_prefix(piece.tail, names=False))

    def word_in_progress(self, ids) -> tuple[str, bool]:
        """The unfinished word at the end of `ids`, and whether it begins a line or a sentence."""
        text = self.tokenizer.decode(ids[-self.look_back:], skip_special_tokens=False)
        for token in self.tokenizer.all_special_tokens:
            text = text.replace(token, "\n")
        if text.endswith("\ufffd"):
            return "\ufffd", True
        partial = _TRAILING_WORD.search(text).group(0)
        return partial, ends_sentence(text[:len(text) - len(partial)].rstrip(_OPENERS))

    def __call__(self, input_ids, scores):
        import torch

        for row in range(scores.shape[0]):
            partial, sentence_start = self.word_in_progress(input_ids[row].tolist())
            possible = int(torch.isfinite(scores[row]).sum())  # another processor may have ruled tokens out
            count = min(self.check, possible)
            while count:
                candidates = torch.topk(scores[row], count).indices.tolist()
                verdicts = [self.allowed(partial, token_id, sentence_start) for token_id in candidates]
                if sum(verdicts) >= self.keep or count >= min(self.most, possible):
                    break
                count = min(count * 2, self.most, possible)
            if not count:
                continue
            if not any(verdicts) and count < possible:  # a word only rarer tokens can finish: look at all
                candidates = torch.nonzero(torch.isfinite(scores[row])).flatten().tolist()
                verdicts = [self.allowed(partial, token_id, sentence_start) for token_id in candidates]
            if any(verdicts):
                allowed = torch.tensor([token_id for token_id, ok in zip(candidates, verdicts) if ok])
                kept = scores[row, allowed]
                scores[row] = -float("inf")
                scores[row, allowed] = kept
        return scores


def known_words_processor(tokenizer, capitals: bool = True, modern_casing: bool = False) -> KnownWordsProcessor:
    """The processor for a tokenizer, built once per tokenizer, `capitals` and `modern_casing` (building it decodes
    the whole vocabulary)."""
    cached = getattr(tokenizer, "_genlab_known_words", None)
    if cached is None:
        cached = tokenizer._genlab_known_words = {}
    if (capitals, modern_casing) not in cached:
        cached[capitals, modern_casing] = KnownWordsProcessor(tokenizer, capitals=capitals, modern_casing=modern_casing)
    return cached[capitals, modern_casing]


_OPENERS = " \t\"'\u201c\u2018([-\u2014"  # what may stand between a sentence's end and its first word
CAPITAL_PRONOUNS = ("i", "i'm", "i'll", "i've", "i'd", "o")


def ends_sentence(text: str) -> bool:
    """Whether a word after `text` (openers stripped) begins a line or a sentence."""
    return not text or text[-1] in "\n.!?:"


def _capitalised(word: str) -> bool:
    letters = [character for character in word if character.isalpha()]
    return bool(letters) and letters[0].isupper()


def _capital_pronoun(word: str, finished: bool) -> bool:
    """"I", "I'm", "O" (or, unfinished, what can still become one)."""
    word = word.translate({0x2019: "'"}).lower()
    return word in CAPITAL_PRONOUNS if finished else any(pronoun.startswith(word) for pronoun in CAPITAL_PRONOUNS)
