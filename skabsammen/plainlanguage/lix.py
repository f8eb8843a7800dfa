"""LIX readability for Danish text, with a tokeniser that knows Danish abbreviations and numbers.

LIX = words / sentences + 100 * long_words / words, where a long word has more than six letters.

Words
    A word is a run of letters and digits. Parts joined by a hyphen, an apostrophe or a period
    with no space after it stay one word: "borger-inddragelse", "kommune.dk". Punctuation is not
    part of a word and is not counted.
Numbers
    "1.500.000", "3,5", "12.30", "10:30", "04-06-2019" and "2019/20" are one word each. Digits
    are not letters, so a number is never a long word. A period straight after a plain number of
    one to three digits marks an ordinal ("4. juni", "den 25., 26. og 27.") and never ends a
    sentence. After a year or a number with separators it does: "i 2019. Vi", "kl. 19.00. Vi".
Abbreviations
    Each entry in ABBREVIATIONS is one word, periods included, and matches case-insensitively.
    So is any run of two or more single letters each followed by a period ("p.t.", "H.C.").
    The periods of an abbreviation do not end a sentence, with one exception: the entries in
    TRAILING_ABBREVIATIONS close a phrase (units such as "kr.", list enders such as "osv.",
    months, words that are also ordinary words such as "min." and "jul."), so they end the
    sentence when the next word starts with a capital letter: "Det koster 50 kr. Vi betaler."
    The other abbreviations come before what they qualify, and a capital after them is a name:
    "bl.a. Aarhus", "hr. Jensen". An abbreviation that is the last word of the text ends the
    final sentence, as any last word does.
Sentences
    A sentence ends at ".", "!", "?" or "…"; at a colon followed by a line break (a heading or a
    lead-in to a list, as the Danish LIX convention counts them); at a blank line, so headings
    and paragraphs without final punctuation are sentences; and around each bullet item ("- ",
    "• ", "* ", "– " at the start of a line), which ends at its line break. A single line break
    does not end a sentence, because plain text is often wrapped. Numbered list markers ("1.")
    are read as ordinals, not as bullets.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

LONG_WORD_LETTERS = 6

# Abbreviations that precede what they qualify; a capital after them is a name, not a new sentence.
LEADING_ABBREVIATIONS = frozenset(
    {
        "adr.",
        "ang.",
        "att.",
        "bl.a.",
        "bl.a",
        "ca.",
        "d.",
        "div.",
        "dvs.",
        "ekskl.",
        "evt.",
        "f.eks.",
        "f.eks",
        "fr.",
        "gl.",
        "hhv.",
        "hr.",
        "ift.",
        "iflg.",
        "inkl.",
        "jf.",
        "jvf.",
        "kl.",
        "mht.",
        "ml.",
        "nr.",
        "pga.",
        "pkt.",
        "sml.",
        "tlf.",
        "vedr.",
        "vha.",
    }
)

# Abbreviations that close a phrase; they end the sentence when a capitalised word follows.
TRAILING_ABBREVIATIONS = frozenset(
    {
        "el.",
        "etc.",
        "kr.",
        "m.fl.",
        "m.m.",
        "m.v.",
        "maks.",
        "mfl.",
        "mia.",
        "min.",
        "mio.",
        "mv.",
        "o.l.",
        "osv.",
        "pct.",
        "stk.",
        "jan.",
        "feb.",
        "mar.",
        "apr.",
        "jun.",
        "jul.",
        "aug.",
        "sep.",
        "sept.",
        "okt.",
        "nov.",
        "dec.",
    }
)

ABBREVIATIONS = LEADING_ABBREVIATIONS | TRAILING_ABBREVIATIONS

_ALNUM = r"[^\W_]"
_LETTER = r"[^\W\d_]"
_BLANK = r"[^\S\n]"
_KNOWN_ABBREVIATIONS = "|".join(
    re.escape(abbreviation) for abbreviation in sorted(ABBREVIATIONS, key=len, reverse=True)
)

_TOKEN = re.compile(
    rf"""
      (?P<paragraph>\n(?:{_BLANK}*\n)+)
    | (?P<bullet>^{_BLANK}*[-–•*·▪◦‣]{_BLANK}+)
    | (?P<colon>:{_BLANK}*(?=\n))
    | (?P<newline>\n)
    | (?P<abbreviation>(?<!{_ALNUM})(?i:{_KNOWN_ABBREVIATIONS}|(?:{_LETTER}\.){{2,}})(?!{_ALNUM}))
    | (?P<ordinal>(?<!{_ALNUM})\d{{1,3}}\.(?!{_ALNUM}))
    | (?P<word>{_ALNUM}+(?:(?:[-'’.]|(?<=\d)[,:/–](?=\d)){_ALNUM}+)*)
    | (?P<stop>[.!?…]+)
    """,
    re.VERBOSE | re.MULTILINE,
)

WORD_KINDS = frozenset({"word", "ordinal", "abbreviation"})
_SENTENCE_BREAKS = frozenset({"paragraph", "bullet", "colon", "stop"})


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Counts:
    words: int
    sentences: int
    long_words: int

    @property
    def lix(self) -> float:
        if not self.words:
            return 0.0
        return self.words / self.sentences + 100 * self.long_words / self.words


def tokenize(text: str) -> list[Token]:
    """Split text into words and the marks that may end a sentence; drop everything else."""
    return [
        Token(match.lastgroup, match.group(), match.start(), match.end())
        for match in _TOKEN.finditer(text)
    ]


def split_sentences(text: str) -> list[list[Token]]:
    """Group the words of text into sentences."""
    sentences: list[list[Token]] = [[]]
    for token in _words_and_breaks(tokenize(text)):
        if token is not None:
            sentences[-1].append(token)
        elif sentences[-1]:
            sentences.append([])
    return [sentence for sentence in sentences if sentence]


def _words_and_breaks(tokens: list[Token]) -> Iterator[Token | None]:
    """Yield the word tokens, and None wherever a sentence ends."""
    in_bullet_item = False
    for index, token in enumerate(tokens):
        if token.kind in WORD_KINDS:
            yield token
            if _closes_sentence(tokens, index):
                yield None
        elif token.kind in _SENTENCE_BREAKS or (token.kind == "newline" and in_bullet_item):
            yield None
        if token.kind == "bullet":
            in_bullet_item = True
        elif token.kind in ("newline", "paragraph"):
            in_bullet_item = False


def _closes_sentence(tokens: list[Token], index: int) -> bool:
    if tokens[index].text.lower() not in TRAILING_ABBREVIATIONS:
        return False
    for upcoming in _after(tokens, index):
        if upcoming.kind != "newline":
            return upcoming.kind in WORD_KINDS and upcoming.text[0].isupper()
    return False


def _after(tokens: list[Token], index: int):
    """The tokens after `index`, without copying the list (texts can be long)."""
    for position in range(index + 1, len(tokens)):
        yield tokens[position]


def is_long(word: str) -> bool:
    return sum(character.isalpha() for character in word) > LONG_WORD_LETTERS


def count(text: str) -> Counts:
    sentences = split_sentences(text)
    words = [token.text for sentence in sentences for token in sentence]
    return Counts(
        words=len(words),
        sentences=len(sentences),
        long_words=sum(is_long(word) for word in words),
    )


def lix(text: str) -> float:
    """Return the unrounded LIX of text; 0.0 when it has no words."""
    return count(text).lix
