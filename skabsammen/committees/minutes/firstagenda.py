"""FirstAgenda's layout (Aarhus and others): as PDF text and as published HTML.

A PDF reads "REFERAT Aarhus Byråd d. 27-08-2025", "Mødedato", "Mødested", a
table of contents, then items "Punkt N: Title" with the case ID on the next
line and sections such as "Beslutninger", "Resume", "Beslutningspunkter",
"Sagsforløb" and "Bilag". The HTML page carries the same items in a table
(`tr.punktrow`), each section an `h3` followed by `span.resume`.

The text printed after the decision without a heading of its own (a party's
proposal, a one-line description of the case) is kept apart from the decision
in `other_sections["Uden overskrift"]`.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from html.parser import HTMLParser

from .document import Attachment, IncompleteDocument, Item, Minutes

UNTITLED = "Uden overskrift"
CASE_ID = re.compile(r"[A-ZÆØÅ]{2,6}-\d{4}-\d{3,}")
ITEM_HEADING = re.compile(r"^Punkt (\d+):\s*(.+)$")
HEADER = re.compile(r"^(REFERAT|DAGSORDEN)\s+(.+?)\s+d\.\s*(\d{1,2})-(\d{1,2})-(\d{4})\s*$")
MONTHS = [
    "januar", "februar", "marts", "april", "maj", "juni",
    "juli", "august", "september", "oktober", "november", "december",
]  # fmt: skip
DANISH_DATE = re.compile(
    r"(\d{1,2})\.\s*(" + "|".join(MONTHS) + r")\s+(\d{4})(?:\D*?kl\.?\s*(\d{1,2})[.:](\d{2}))?",
    re.IGNORECASE,
)
RECOMMENDATION = re.compile(r"^[-•]?\s*(At|at)\b")
NUMBERED_ATTACHMENT = re.compile(r"^Bilag\s+(\d+)\s*[:.]\s*(.+)$")
LEFTOVER_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>")

# Section headings, mapped to the Item field they fill; other_sections keeps the rest.
SECTIONS = {
    "beslutninger": "decisions",
    "beslutning": "decisions",
    "resume": "summary",
    "resumé": "summary",
    "baggrund": "background",
    "beslutningspunkter": "recommendations",
    "indstilling": "recommendations",
    "tidligere beslutninger": "previous_decisions",
    "bilag": "attachments",
}
OTHER_SECTIONS = {
    "sagsforløb",
    "sagsfremstilling",
    "borgmesterens afdelings påtegning",
    "økonomi",
    "økonomiske konsekvenser",
    "høring",
    "lovgrundlag",
    "vurdering",
}
# In PDF text these only count as headings when they stand alone as a paragraph.
WEAK_HEADINGS = {"baggrund", "indstilling", "økonomi", "vurdering", "høring"}


def heading_key(line: str) -> str:
    """Return the lower-case heading a line would be, without a colon."""
    return line.strip().rstrip(":").strip().lower()


def is_heading(line: str) -> bool:
    key = heading_key(line)
    return key in SECTIONS or key in OTHER_SECTIONS


def parse_danish_datetime(text: str) -> datetime | None:
    """Read "Onsdag d. 27. august 2025 kl. 16:00" into a naive datetime."""
    found = DANISH_DATE.search(text)
    if not found:
        return None
    day, month, year, hour, minute = found.groups()
    return datetime(
        int(year), MONTHS.index(month.lower()) + 1, int(day), int(hour or 0), int(minute or 0)
    )


def apply_section(item: Item, heading: str, lines: list[str]) -> None:
    """Put a section's lines into the item field its heading names."""
    lines = [line for line in lines if line.strip()]
    target = SECTIONS.get(heading_key(heading))
    text = "\n".join(lines).strip()
    if target == "recommendations":
        item.recommendation_intro, item.recommendations = split_recommendations(lines)
    elif target == "attachments":
        item.attachments.extend(attachment_from(line) for line in lines)
    elif target:
        current = getattr(item, target)
        setattr(item, target, f"{current}\n{text}".strip() if current else text)
    elif text and text != ".":
        name = heading.strip().rstrip(":") or UNTITLED
        item.other_sections[name] = f"{item.other_sections.get(name, '')}\n{text}".strip()


def split_recommendations(lines: list[str]) -> tuple[str, list[str]]:
    """Split "Det indstilles:" from the points "At 1) …", one line each."""
    intro: list[str] = []
    points: list[str] = []
    for raw in lines:
        line = raw.strip()
        if _starts_point(line, points):
            points.append(re.sub(r"^[-•]\s*", "", line))
        elif points:
            points[-1] = f"{points[-1]} {line}"
        elif not intro or not intro[-1].endswith((":", " at")):
            intro.append(line)
        else:
            points.append(line)  # "Det indstilles, at" / "Forslag … vedtages endeligt."
    return "\n".join(intro), points


def _starts_point(line: str, points: list[str]) -> bool:
    """ "At …" starts a point; "at …" only when no sentence is left open."""
    found = RECOMMENDATION.match(line)
    if not found:
        return False
    return found.group(1) == "At" or not points or points[-1].endswith((".", ";"))


def attachment_from(line: str) -> Attachment:
    """Read "Bilag 1: Title" or a plain title; "PDF" is an icon label, not title."""
    title = re.sub(r"^PDF\s+", "", line.strip())
    numbered = NUMBERED_ATTACHMENT.match(title)
    if numbered:
        return Attachment(title=numbered.group(2).strip(), number=int(numbered.group(1)))
    return Attachment(title=title)


def close_item(item: Item, notes: list[str]) -> Item:
    """Keep only a closed item's number and title."""
    had_content = bool(item.decisions or item.summary or item.other_sections)
    if had_content:
        notes.append(
            f"Punkt {item.number} er lukket; kun titlen er læst, "
            "og teksten under punktet er udeladt."
        )
    return Item(number=item.number, title=item.title, closed=True)


def closed_title(title: str) -> tuple[str, bool]:
    """Strip "Lukket:" from a title and tell whether it was there."""
    stripped = re.sub(r"^Lukket\s*:\s*", "", title)
    return stripped, stripped != title


# --- PDF text ---------------------------------------------------------------


class FirstAgendaPdfParser:
    """FirstAgenda minutes or agenda, as text extracted from the PDF."""

    layout = "firstagenda-pdf"
    source_kinds = ("pdf", "text")

    def recognises(self, text: str) -> bool:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if not any(HEADER.match(line) for line in lines[:5]):
            return False
        if any(re.match(r"^\d+\s+\((Åben|Lukket)\)\s", line) for line in lines):
            return False  # Gentofte's items
        return any(
            ITEM_HEADING.match(line) and (CASE_ID.match(following) or is_heading(following))
            for line, following in itertools.pairwise(lines)
        )

    def parse(self, text: str) -> Minutes:
        paragraphs = split_paragraphs(text)
        minutes = read_pdf_header(paragraphs, self.layout)
        toc = read_toc(paragraphs)
        for number, title, body in split_items(paragraphs):
            minutes.items.append(read_pdf_item(number, title, body, minutes.notes))
        check_against_toc(minutes.items, toc)
        read_pdf_attendance(paragraphs, minutes)
        return minutes


def split_paragraphs(text: str) -> list[list[str]]:
    """Split text at blank lines; headings and item headings stand alone."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for raw in text.replace("\f", "\n").splitlines():
        line = raw.strip()
        if not line or _stands_alone(line):
            if current:
                paragraphs.append(current)
            current = []
            if line:
                paragraphs.append([line])
            continue
        current.append(line)
    if current:
        paragraphs.append(current)
    return paragraphs


def _stands_alone(line: str) -> bool:
    strong = is_heading(line) and heading_key(line) not in WEAK_HEADINGS
    return bool(ITEM_HEADING.match(line) or CASE_ID.fullmatch(line)) or strong


def read_pdf_header(paragraphs: list[list[str]], layout: str) -> Minutes:
    """Read kind, body, date and place from the first page."""
    opening = [line for paragraph in paragraphs[:5] for line in paragraph][:5]
    header = next(filter(None, (HEADER.match(line) for line in opening)), None)
    if not header:
        raise IncompleteDocument("Dokumentets overskrift (»REFERAT … d. dato«) mangler.")
    kind = "minutes" if header.group(1) == "REFERAT" else "agenda"
    day, month, year = (int(part) for part in header.group(3, 4, 5))
    starts_at = parse_danish_datetime(labelled_value(paragraphs, "Mødedato"))
    notes: list[str] = []
    if starts_at is None:
        starts_at = datetime(year, month, day)
        notes.append("Mødets klokkeslæt står ikke i dokumentet; det er sat til 00:00.")
    return Minutes(
        layout=layout,
        kind=kind,
        body=header.group(2).strip(),
        starts_at=starts_at,
        place=labelled_value(paragraphs, "Mødested"),
        notes=notes,
    )


def read_pdf_attendance(paragraphs: list[list[str]], minutes: Minutes) -> None:
    """Read "Mødedeltagere" and "Afbud" from the first page when they are there."""
    for label, names in (("Mødedeltagere", minutes.present), ("Afbud", minutes.absent)):
        value = labelled_value(paragraphs, label)
        names.extend(n.strip(" .") for n in re.split(r",|\s+og\s+", value) if n.strip(" ."))
    if not minutes.present and not minutes.absent:
        minutes.notes.append(
            "Dokumentet oplyser ikke, hvem der deltog i mødet; fremmøde er ikke udfyldt."
        )


def labelled_value(paragraphs: list[list[str]], label: str) -> str:
    """Return the value after a label on its line or on the next one."""
    lines = [line for paragraph in paragraphs[:12] for line in paragraph]
    for index, line in enumerate(lines):
        if line.startswith(label):
            rest = line[len(label) :].strip(" :\t")
            if rest:
                return rest
            following = lines[index + 1] if index + 1 < len(lines) else ""
            return "" if _looks_like_label(following) else following
    return ""


def _looks_like_label(line: str) -> bool:
    labels = ("Mødedato", "Mødested", "Mødedeltagere", "Afbud", "Indholdsfortegnelse")
    return line.startswith(labels) or bool(ITEM_HEADING.match(line))


def read_toc(paragraphs: list[list[str]]) -> list[str]:
    """Return the titles in the table of contents, in order."""
    titles: list[str] = []
    inside = False
    for paragraph in paragraphs:
        if paragraph[0] == "Indholdsfortegnelse":
            inside = True
            paragraph = paragraph[1:]
        elif ITEM_HEADING.match(paragraph[0]):
            break
        if inside:
            for line in paragraph:
                title = re.sub(r"\s*\.{2,}[\s\d]*$", "", line).strip()
                if title and not re.fullmatch(r"[\d\s]+", title):
                    titles.append(title)
    return titles


def split_items(paragraphs: list[list[str]]) -> Iterator[tuple[int, str, list[list[str]]]]:
    """Yield each item's number, title and paragraphs."""
    current: tuple[int, str, list[list[str]]] | None = None
    for paragraph in paragraphs:
        heading = ITEM_HEADING.match(paragraph[0])
        if heading:
            if current:
                yield current
            current = (int(heading.group(1)), heading.group(2).strip(), [])
        elif current:
            current[2].append(paragraph)
    if current:
        yield current


def read_pdf_item(number: int, title: str, body: list[list[str]], notes: list[str]) -> Item:
    """Read one item: title continuation, case ID and sections."""
    for _ in range(2):  # a title wrapped onto a short paragraph of its own
        if not body or len(body[0]) > 2 or CASE_ID.match(body[0][0]) or is_heading(body[0][0]):
            break
        title = f"{title} {' '.join(body.pop(0))}"
    title, closed = closed_title(title)
    item = Item(number=number, title=title)
    if body and CASE_ID.match(body[0][0]):
        item.case_id = CASE_ID.match(body[0][0]).group(0)
        body[0] = body[0][1:]
    for heading, lines in sections_of(body):
        apply_section(item, heading, lines)
    return close_item(item, notes) if closed else item


def sections_of(body: list[list[str]]) -> Iterator[tuple[str, list[str]]]:
    """Yield (heading, lines); after "Beslutninger" only the first paragraph is the decision."""
    heading, lines, paragraphs_seen = UNTITLED, [], 0
    for paragraph in body:
        if len(paragraph) == 1 and is_heading(paragraph[0]) and heading_key(heading) != "bilag":
            yield heading, lines
            heading, lines, paragraphs_seen = paragraph[0], [], 0
            continue
        if SECTIONS.get(heading_key(heading)) == "decisions" and paragraphs_seen == 1:
            yield heading, lines
            heading, lines = UNTITLED, []
        lines.extend(paragraph)
        paragraphs_seen += 1
    yield heading, lines


def check_against_toc(items: list[Item], toc: list[str]) -> None:
    """Raise IncompleteDocument when an item in the contents is missing."""
    if not items:
        raise IncompleteDocument("Dokumentet indeholder ingen dagsordenspunkter.")
    titles = [(f"Lukket: {item.title}" if item.closed else item.title) for item in items]
    for number, entry in enumerate(toc, start=1):
        wanted = " ".join(entry.split())
        if not any(" ".join(title.split()).startswith(wanted) for title in titles):
            raise IncompleteDocument(
                f"Punkt {number} »{entry}« står i indholdsfortegnelsen, men mangler i "
                "dokumentet. Dokumentet er måske ufuldstændigt."
            )


# --- Published HTML ---------------------------------------------------------

VOID_TAGS = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr",
}  # fmt: skip
SKIPPED_TAGS = {"script", "style", "template", "noscript"}
BLOCK_TAGS = {
    "div", "p", "li", "tr", "td", "th", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip


@dataclass
class Node:
    """An element of a parsed HTML page."""

    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Node | str] = field(default_factory=list)

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()

    def select(self, predicate: Callable[[Node], bool]) -> Iterator[Node]:
        """Yield matching descendants in document order, not looking inside a match."""
        for child in self.children:
            if isinstance(child, Node):
                if predicate(child):
                    yield child
                else:
                    yield from child.select(predicate)

    def first(self, tag: str, cls: str = "") -> Node | None:
        return next(self.select(lambda n: n.tag == tag and (not cls or n.has_class(cls))), None)

    def lines(self) -> list[str]:
        """Return the text as lines, one per block element."""
        parts: list[str] = []
        self._collect(parts)
        joined = "".join(parts).replace("\u00a0", " ")
        return [" ".join(line.split()) for line in joined.split("\n") if line.strip()]

    def text(self) -> str:
        return " ".join(self.lines())

    def _collect(self, parts: list[str]) -> None:
        for child in self.children:
            if isinstance(child, str):
                parts.append(child.replace("\n", " "))
            elif child.tag == "br":
                parts.append("\n")
            else:
                block = child.tag in BLOCK_TAGS
                parts.append("\n" if block else "")
                child._collect(parts)
                parts.append("\n" if block else "")


class _TreeBuilder(HTMLParser):
    """Build a forgiving tree of Nodes; scripts and styles are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("document")
        self.stack = [self.root]
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping += 1
            return
        node = Node(tag, {name: value or "" for name, value in attrs})
        self.stack[-1].children.append(node)
        if tag not in VOID_TAGS:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.stack[-1].children.append(data)


def parse_html(markup: str) -> Node:
    builder = _TreeBuilder()
    builder.feed(markup)
    builder.close()
    return builder.root


class FirstAgendaHtmlParser:
    """FirstAgenda minutes or agenda as published HTML."""

    layout = "firstagenda-html"
    source_kinds = ("html",)

    def recognises(self, text: str) -> bool:
        return 'id="dagsordenDetaljer"' in text or (
            "punktrow" in text and 'class="sagsnummer"' in text
        )

    def parse(self, text: str) -> Minutes:
        root = parse_html(text)
        minutes = read_html_header(root, self.layout)
        read_participants(root, minutes)
        rows = root.select(lambda n: n.tag == "tr" and n.has_class("punktrow"))
        minutes.items = [read_html_item(row, minutes.notes) for row in rows]
        if not minutes.items:
            raise IncompleteDocument("Dokumentet indeholder ingen dagsordenspunkter.")
        strip_leftover_tags(minutes)
        return minutes


def read_html_header(root: Node, layout: str) -> Minutes:
    """Read kind, body, date and place from the page's title and info table."""
    heading = root.first("h1")
    heading_text = heading.text() if heading else ""
    date_node = root.first("span", "dato")
    starts_at = parse_danish_datetime(date_node.text() if date_node else "")
    starts_at = starts_at or parse_danish_datetime(heading_text)
    if starts_at is None:
        raise IncompleteDocument("Mødedatoen mangler i dokumentet.")
    body = root.first("span", "udvalg")
    place = root.first("span", "sted")
    return Minutes(
        layout=layout,
        kind="agenda" if heading_text.lower().startswith("dagsorden") else "minutes",
        body=body.text() if body else "",
        starts_at=starts_at,
        place=place.text() if place else "",
    )


def read_participants(root: Node, minutes: Minutes) -> None:
    """Read "Mødedeltagere" when the page carries the names."""
    cell = root.first("td", "deltagere")
    names = [name.strip() for line in (cell.lines() if cell else []) for name in line.split(",")]
    names = [name for name in names if name]
    if not names:
        minutes.notes.append(
            "Feltet »Mødedeltagere« er tomt i dokumentet (siden henter navnene med "
            "JavaScript); fremmøde er ikke udfyldt."
        )
        return
    for name in names:
        absent = re.search(r"\((afbud|fraværende)\)|^afbud:?\s*", name, re.IGNORECASE)
        clean = re.sub(r"\s*\((afbud|fraværende)\)|^afbud:?\s*", "", name, flags=re.IGNORECASE)
        (minutes.absent if absent else minutes.present).append(clean.strip())


def read_html_item(row: Node, notes: list[str]) -> Item:
    """Read one `tr.punktrow`: number, title, case ID, sections, attachments."""
    label = row.first("span", "label")
    title_node = row.first("h2", "overskrift")
    title, closed = closed_title(title_node.text() if title_node else "")
    number = int(re.sub(r"\D", "", label.text()) or 0) if label else 0
    item = Item(number=number, title=title, closed=closed or row.has_class("lukket"))
    case = row.first("span", "sagsnummer")
    item.case_id = case.text() if case else ""
    heading = UNTITLED
    for node in row.select(_is_section_part):
        if node.tag == "h3":
            heading = node.text() or UNTITLED
        elif node.tag == "a":
            item.attachments.append(attachment_from(node.text()))
        else:
            apply_section(item, heading, node.lines())
    return close_item(item, notes) if item.closed else item


def _is_section_part(node: Node) -> bool:
    return (
        node.tag == "h3"
        or (node.tag == "span" and node.has_class("resume"))
        or (node.tag == "a" and node.has_class("bilag-link"))
    )


def strip_leftover_tags(minutes: Minutes) -> None:
    """Remove markup that was escaped into the text, and say so."""
    for item in minutes.items:
        for name in ("summary", "background", "decisions", "previous_decisions"):
            value = getattr(item, name)
            if LEFTOVER_TAG.search(value):
                setattr(item, name, LEFTOVER_TAG.sub("", value))
                minutes.not_understood.append(
                    f"Punkt {item.number}: HTML-koder i teksten er fjernet."
                )
        item.title = LEFTOVER_TAG.sub("", item.title)
        item.recommendations = [LEFTOVER_TAG.sub("", point) for point in item.recommendations]
        for attachment in item.attachments:
            attachment.title = LEFTOVER_TAG.sub("", attachment.title)
        item.other_sections = {k: LEFTOVER_TAG.sub("", v) for k, v in item.other_sections.items()}
