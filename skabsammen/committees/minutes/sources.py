"""Turn the bytes of an uploaded document into text a layout parser can read.

PDF goes through poppler's `pdftotext -bbox-layout`: the word boxes tell
where a line was wrapped and where a paragraph or a section ends, which plain
`-layout` or raw output cannot (raw mode also swallows hyphens: "p-huse"
becomes "phuse"). HTML is handed on as markup; anything else is decoded as
UTF-8 or, failing that, Windows-1252/Latin-1.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from .document import MinutesError, UnreadableDocument

PDF_TIMEOUT_SECONDS = 60
_HTML_START = re.compile(r"<!doctype\s+html|<html[\s>]", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_PAGE_NUMBER = re.compile(r"(side\s+)?\d+(\s*(af|/)\s*\d+)?|-\s*\d+\s*-", re.IGNORECASE)
_LIST_START = re.compile(r"(At\b|[-•–*]\s|\d{1,2}[.)]\s+[A-ZÆØÅ]|[a-z][.)]\s)")
_DOT_LEADER = re.compile(r"\.{4,}\s*\d*$")
_NOT_PROSE = re.compile(r"\.{3,}\s*\d*$|^[\d\s]+$")  # dot leaders, page-number columns
_OPEN_COMPOUND = re.compile(r"(og|eller|samt|til)\b")


@dataclass(frozen=True)
class Source:
    """A document's text and what it was made from: "pdf", "html" or "text"."""

    kind: str
    text: str


def read_source(data: bytes, filename: str = "") -> Source:
    """Sniff the format of `data` and return its text."""
    if not data or not data.strip():
        raise UnreadableDocument("Filen er tom.")
    if data.lstrip()[:1024].find(b"%PDF-") != -1:
        return Source("pdf", pdf_text(data))
    if filename.lower().endswith(".pdf"):
        raise UnreadableDocument(
            f"Filen »{filename}« ender på .pdf, men er ikke en PDF-fil. "
            "Hent dokumentet igen, eller gem det som PDF."
        )
    text = decode_text(data)
    if _HTML_START.search(text[:2048]):
        return Source("html", text)
    return Source("text", text)


def decode_text(data: bytes) -> str:
    """Decode UTF-8 (with or without BOM), else Windows-1252, else Latin-1."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16", errors="replace")
    else:
        for encoding in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
    text = normalise(text)
    if "\x00" in text or len(_CONTROL.findall(text)) > max(2, len(text) // 200):
        raise UnreadableDocument(
            "Filen ser ikke ud til at være tekst, PDF eller HTML, så den kan ikke læses."
        )
    return text


def normalise(text: str) -> str:
    """Unify line ends, spaces and composed characters; drop soft hyphens."""
    text = unicodedata.normalize("NFC", text.lstrip("\ufeff"))
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\u00a0", " ").replace("\u00ad", "")


def pdf_text(data: bytes) -> str:
    """Extract the text of a PDF as paragraphs separated by blank lines."""
    pages = read_pdf_boxes(run_pdftotext(data))
    text = render_pages(pages)
    if not text.strip():
        raise UnreadableDocument(
            "PDF-filen indeholder ingen tekst, vi kan læse. Den er måske scannet som billeder."
        )
    return normalise(text)


def run_pdftotext(data: bytes) -> str:
    """Run poppler's pdftotext on `data` and return its word-box XHTML."""
    program = shutil.which("pdftotext") or "/usr/bin/pdftotext"
    command = [program, "-bbox-layout", "-enc", "UTF-8", "-", "-"]
    try:
        # The command is fixed; only the document's bytes come from outside, on stdin.
        done = subprocess.run(  # noqa: S603
            command, input=data, capture_output=True, timeout=PDF_TIMEOUT_SECONDS, check=True
        )
    except FileNotFoundError as error:
        raise MinutesError(
            "Serveren kan ikke læse PDF-filer lige nu (programmet pdftotext mangler). "
            "Kontakt en administrator.",
            code="pdf_tool_missing",
        ) from error
    except subprocess.TimeoutExpired as error:
        raise UnreadableDocument(
            "Det tog for lang tid at læse PDF-filen. Den er måske beskadiget."
        ) from error
    except subprocess.CalledProcessError as error:
        raise UnreadableDocument(_pdf_failure_message(error.stderr or b"")) from error
    return done.stdout.decode("utf-8", errors="replace")


def _pdf_failure_message(stderr: bytes) -> str:
    if b"password" in stderr.lower():
        return "PDF-filen er beskyttet med en adgangskode, så den kan ikke læses."
    return "PDF-filen kunne ikke læses. Den er måske beskadiget eller ufuldstændig."


@dataclass
class Word:
    text: str
    x_min: float
    x_max: float


@dataclass
class Line:
    words: list[Word] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)

    @property
    def x_max(self) -> float:
        return self.words[-1].x_max if self.words else 0.0


@dataclass
class Block:
    y_min: float
    y_max: float
    lines: list[Line] = field(default_factory=list)

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass
class Page:
    height: float
    blocks: list[Block] = field(default_factory=list)


class _BoxReader(HTMLParser):
    """Collect pages, blocks, lines and words from `pdftotext -bbox-layout`."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[Page] = []
        self._word: Word | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ("page", "block", "line", "word"):
            return
        box = {name: _number(value) for name, value in attrs}
        if tag == "page":
            self.pages.append(Page(height=box.get("height", 0.0)))
        elif tag == "block" and self.pages:
            self.pages[-1].blocks.append(Block(box.get("ymin", 0.0), box.get("ymax", 0.0)))
        elif tag == "line" and self.pages and self.pages[-1].blocks:
            self.pages[-1].blocks[-1].lines.append(Line())
        elif tag == "word":
            self._word = Word("", box.get("xmin", 0.0), box.get("xmax", 0.0))

    def handle_data(self, data: str) -> None:
        if self._word is not None:
            self._word.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "word" and self._word is not None:
            blocks = self.pages[-1].blocks if self.pages else []
            if blocks and blocks[-1].lines and self._word.text.strip():
                blocks[-1].lines[-1].words.append(self._word)
            self._word = None


def _number(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0


def read_pdf_boxes(xhtml: str) -> list[Page]:
    """Parse the word-box XHTML into pages of blocks."""
    reader = _BoxReader()
    reader.feed(xhtml)
    reader.close()
    for page in reader.pages:
        for block in page.blocks:
            block.lines = [line for line in block.lines if line.words]
        page.blocks = [block for block in page.blocks if block.lines]
    return reader.pages


def render_pages(pages: list[Page]) -> str:
    """Render pages as paragraphs: wrapped lines rejoined, blocks apart."""
    pages = drop_running_blocks(pages)
    lines = [line for page in pages for block in page.blocks for line in block.lines]
    if not lines:
        return ""
    right = _right_margin(lines)
    vocabulary = " ".join(line.text for line in lines).lower()
    blocks: list[str] = []
    for page_number, page in enumerate(pages):
        for index, block in enumerate(page.blocks):
            text = render_block(block, right, vocabulary)
            if index == 0 and page_number and blocks and _continues(blocks[-1], text):
                blocks[-1] = join_wrapped(blocks[-1], text, vocabulary)
            else:
                blocks.append(text)
    return "\n\n".join(blocks) + "\n"


def _right_margin(lines: list[Line]) -> float:
    ends = sorted(line.x_max for line in lines)
    return ends[min(len(ends) - 1, int(len(ends) * 0.98))]


def _continues(previous: str, text: str) -> bool:
    """Tell whether a page's first block carries on the last paragraph."""
    return bool(text) and text[0].islower() and not previous.rstrip().endswith((".", ":", "?", "!"))


def render_block(block: Block, right: float, vocabulary: str) -> str:
    """Rejoin the lines of a block that were wrapped at the right margin."""
    if sum(bool(_DOT_LEADER.search(line.text)) for line in block.lines) >= 2:
        return "\n".join(line.text for line in block.lines)  # a table of contents
    out: list[str] = []
    previous: Line | None = None
    for line in block.lines:
        if previous is not None and out and _wrapped(previous, line, right):
            out[-1] = join_wrapped(out[-1], line.text, vocabulary)
        else:
            out.append(line.text)
        previous = line
    return "\n".join(out)


def _wrapped(previous: Line, line: Line, right: float) -> bool:
    """Tell whether `line` starts where `previous` had no room for its first word."""
    if _LIST_START.match(line.text) or _NOT_PROSE.search(previous.text):
        return False
    if previous.text.endswith((".", "!", "?", ":")) and line.text[:1].isupper():
        return False  # a line break between sentences costs nothing; a wrong join merges lines
    first = line.words[0]
    room = right - previous.x_max
    return room < (first.x_max - first.x_min) + 6.0


def join_wrapped(left: str, right: str, vocabulary: str) -> str:
    """Join two pieces of a wrapped line, mending a word split by a hyphen."""
    if not left.endswith("-") or len(left) < 2 or not left[-2].isalnum():
        return f"{left} {right}"
    if _OPEN_COMPOUND.match(right):
        return f"{left} {right}"  # "dagtilbuds- og skoleområdet"
    head = re.findall(r"\w+$", left[:-1])
    tail = re.findall(r"^\w+", right)
    if head and tail and len(head[0]) >= 2 and (head[0] + tail[0]).lower() in vocabulary:
        return left[:-1] + right  # a word hyphenated at the line end: "Ravn-bakkeskole"
    return left + right  # a real hyphen: "p-huse", "2030-fremskrivning"


def drop_running_blocks(pages: list[Page]) -> list[Page]:
    """Remove page numbers and headers or footers repeated on many pages."""
    counts: dict[str, int] = {}
    for page in pages:
        for key in {_running_key(block) for block in _margin_blocks(page)}:
            counts[key] = counts.get(key, 0) + 1
    repeated = {key for key, count in counts.items() if count >= max(3, len(pages) // 2)}
    for number, page in enumerate(pages):
        margin = {id(block) for block in _margin_blocks(page)}
        running = repeated if number else set()  # the first page's title stays
        page.blocks = [
            block
            for block in page.blocks
            if id(block) not in margin
            or not (_PAGE_NUMBER.fullmatch(block.text.strip()) or _running_key(block) in running)
        ]
    return pages


def _margin_blocks(page: Page) -> list[Block]:
    top, bottom = page.height * 0.1, page.height * 0.9
    return [b for b in page.blocks if b.y_max <= top or b.y_min >= bottom]


def _running_key(block: Block) -> str:
    return re.sub(r"\d+", "#", block.text.strip().lower())
