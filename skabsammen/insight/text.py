"""Danish-aware text cleaning: what a citizen or an agenda says, without the noise around it.

`clean` removes what is not content (HTML, e-mail signatures and quoted replies, case
ids, agenda item numbers, dot leaders with page numbers, "Lukket punkt"/"Åbent",
addresses of mail and web); `words` splits cleaned text into lower-case words without
stop words; `stem` reduces a Danish word with the Snowball stemmer; `problems` names
what is odd about a text, for the run's summary.
"""

import html
import re
import unicodedata
from functools import lru_cache

import snowballstemmer

from .stopwords import ALL as STOP_WORDS
from .stopwords import DANISH as DANISH_STOP_WORDS

MAX_CHARS = 5000  # the embedder reads 512 tokens per window; longer texts are cut here

BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h\d|tr|table|blockquote|section)\b[^>]{0,500}>", re.I
)
TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->|<[^>]{0,500}>", re.S | re.I)
QUOTED_REPLY = re.compile(
    r"^(?:-{2,}\s*(?:Original Message|Oprindelig meddelelse|Videresendt).*"
    r"|(?:Fra|From):\s.*\n(?:(?:Sendt|Sent|Til|To|Dato|Date):.*\n?)+"
    r"|Den .{5,80} skrev .{1,120}:\s*$)",
    re.M | re.I,
)
SIGNATURE = re.compile(
    r"(?:^|\n)\s*(?:med\s+)?(?:venlig(?:st)?|venlige|kærlig|mange)\s+hilsen?\b.*"
    r"|(?:^|\n)\s*(?:mvh|vh|best regards|kind regards)\b.*"
    r"|(?:^|\n)\s*sendt fra min (?:iphone|ipad|android|mobil).*"
    r"|(?:^|\n)--\s*\n.*",
    re.S | re.I,
)
EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
PHONE = re.compile(r"(?<!\d)(?:\+45[\s-]?)?(?:\d{2}[\s-]?){3}\d{2}(?!\d)")
CASE_ID = re.compile(
    r"\b(?:EMN|SAG|ACA|GEO|DOK)-\d{2,4}-\d+\b"  # FirstAgenda, Acadre and similar
    r"|\b(?:sags?|j\.?\s?|journal)\s?nr\.?\s*:?\s*[\w./-]*\d[\w./-]*"
    r"|\b\d{2}\.\d{2}\.\d{2}(?:-[A-ZÆØÅ]\d{2})?(?:-\d{2})?\b"  # KLE numbers 00.01.00-A00
    r"|\b\d{2}/\d{4,}\b",
    re.I,
)
DOT_LEADER = re.compile(r"(?:\s*[.…·_]){3,}\s*\d*\s*$|(?:[.…·_]\s*){3,}", re.M)
TRAILING_PAGE = re.compile(r"(?<=[^\d\s.,-])\s+\d{1,3}\s*$")
ITEM_NUMBER = re.compile(
    r"^\s*(?:(?:punkt|pkt\.?|sag|item)\s*)?(?:[A-ZÆØÅ]{1,4}\s?)?\d{1,5}\s*[.):]?\s*(?:[-–:]\s*)?",
    re.I,
)
OPEN_CLOSED = re.compile(
    r"\((?:lukket|åben|åbent|lukket punkt|fortroligt)\)"
    r"|^\s*(?:lukket punkt|lukket|åbent punkt|åben|åbent|fortroligt)\s*[:.\-–]?\s+"
    r"|\b(?:lukket punkt|åbent punkt)\b",
    re.I | re.M,
)
SPACES = re.compile(r"[ \t\u00a0]+")
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.U)
DANISH_LETTERS = re.compile(r"[æøåÆØÅ]")
ENGLISH_STOP_WORDS = frozenset(
    {"a", "an", "and", "the", "of", "to", "in", "for", "on", "is", "are", "be", "with", "by"}
    | {"this", "that", "it", "as", "at", "or", "from"}
)
DANISH_HINTS = DANISH_STOP_WORDS - ENGLISH_STOP_WORDS
FOREIGN_HINTS = (
    ENGLISH_STOP_WORDS
    | {"we", "you", "they", "would", "should", "please", "not", "have", "has", "our", "do"}
    | {"und", "der", "die", "das", "ist", "nicht", "wir", "ich", "sie", "mit", "für", "auf"}
    | {"nie", "się", "jest", "że", "na", "do", "jak", "ale", "czy", "tak"}
) - DANISH_STOP_WORDS

_stemmer = snowballstemmer.stemmer("danish")


def clean(text: str) -> str:
    """Return the content of `text` with markup, signatures, ids and agenda noise removed."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text[: MAX_CHARS * 4])
    if "<" in text:
        text = TAG.sub(" ", BLOCK_TAG.sub("\n", text))
    text = html.unescape(text).replace("\r\n", "\n").replace("\r", "\n")
    reply = QUOTED_REPLY.search(text)
    if reply and reply.start() > 0:
        text = text[: reply.start()]
    text = SIGNATURE.sub("", text)
    text = EMAIL.sub(" ", text)
    text = URL.sub(" ", text)
    text = CASE_ID.sub(" ", text)
    text = PHONE.sub(" ", text)
    text = DOT_LEADER.sub(" ", text)
    lines = []
    for line in text.split("\n"):
        line = OPEN_CLOSED.sub(" ", ITEM_NUMBER.sub("", line, count=1))
        line = ITEM_NUMBER.sub("", line, count=1) if line[:1].isspace() else line
        line = TRAILING_PAGE.sub("", line)
        line = SPACES.sub(" ", line).strip(" -–:;,")
        if line:
            lines.append(line)
    return "\n".join(lines)[:MAX_CHARS].strip()


def words(text: str, *, stop_words: frozenset[str] = STOP_WORDS) -> list[str]:
    """Return the lower-case words of `text` (letters only) that are not stop words."""
    return [w for w in WORD.findall(text.lower()) if len(w) > 1 and w not in stop_words]


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Return the Danish Snowball stem of a lower-case word."""
    return _stemmer.stemWord(word)


def stems(text: str) -> list[str]:
    """Return the stems of the content words of `text`."""
    return [stem(w) for w in words(text)]


def looks_danish(text: str) -> bool:
    """Guess whether a text is Danish: foreign only if it has more English, German or
    Polish function words than Danish ones, and no æ, ø or å."""
    tokens = WORD.findall(text.lower())
    if len(tokens) < 4 or DANISH_LETTERS.search(text):
        return True  # too short to tell; titles and one-liners are given the benefit
    danish = sum(t in DANISH_HINTS for t in tokens)
    foreign = sum(t in FOREIGN_HINTS for t in tokens)
    return foreign <= danish or foreign / len(tokens) < 0.1


def problems(original: str, cleaned: str) -> list[str]:
    """Name what is odd about a text: empty, one word, markup, signature, long, foreign."""
    found = []
    if not cleaned:
        found.append("empty")
    elif len(WORD.findall(cleaned)) <= 1:
        found.append("one_word")
    if "<" in original and TAG.search(original):
        found.append("html")
    plain = BLOCK_TAG.sub("\n", original) if "<" in original else original
    if SIGNATURE.search(plain) or EMAIL.search(plain):
        found.append("signature")
    if len(original) > MAX_CHARS:
        found.append("long")
    if cleaned and not looks_danish(cleaned):
        found.append("foreign")
    return found
