"""Gentofte Kommune's layout: a combined document with agenda and minutes.

The first line reads "REFERAT <committee> (2019 - 2019) d. 04-06-2019". The
document may hold parts "Punkt 1: Dagsorden med bilag" and "Punkt 2: Referat";
each part has its own meeting facts, a table of contents and items headed
"1 (Åben) Title" or "2 (Lukket) Title" with sections such as "Resumé",
"Baggrund", "Indstilling", "Beslutninger:" and "Bilag".
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from .document import Attachment, IncompleteDocument, Item, Minutes, WorkingGroup

HEADER = re.compile(
    r"^(REFERAT|DAGSORDEN)\s+(.+?)\s+(?:\(\d{4}\s*-\s*\d{4}\)\s+)?d\.\s*(\d{2})-(\d{2})-(\d{4})\s*$"
)
ITEM = re.compile(r"^(\d+)\s+\((Åben|Lukket)\)\s+(.+?)\s*$")
PART = re.compile(r"^Punkt\s+\d+:\s*((?:Tillægs)?dagsorden(?: med bilag)?|Referat)\s*$", re.I)
PAGE_REF = re.compile(r"(?:\t|\s{3,}|\.{3,})\s*\d+\s*$")
NUMERIC_DATETIME = re.compile(r"(\d{2})-(\d{2})-(\d{4})\s+(\d{1,2})[:.](\d{2})")
FIELD_LABELS = ("Mødetidspunkt", "Mødeafholdelse", "Protokollen", "Tilstede", "Fraværende")
IGNORED_LINES = {"indholdsfortegnelse", "offentlig titel"}
RULE = re.compile(r"^[-\s]+$")  # "---\t------" under a table heading
SECTIONS = {
    "resumé": "summary",
    "resume": "summary",
    "baggrund": "background",
    "indstilling": "recommendations",
    "tidligere beslutninger": "previous_decisions",
    "beslutninger": "decisions",
    "beslutning": "decisions",
    "bilag": "attachments",
    "offentlig titel": "",
}
OTHER_SECTIONS = [
    "Sagsfremstilling", "Vurdering", "Økonomi", "Økonomiske konsekvenser", "Høring",
    "Lovgrundlag", "Retsgrundlag", "Sagsforløb", "Kommunikation", "Tidsplan", "Proces",
]  # fmt: skip
ATTACHMENT = re.compile(r"^(\d+)\.\s+(.+?)(?:\s+\((\d+)\s*-\s*[^)]*\))?\s*$")
APPENDIX_META = re.compile(
    r"^(Dokument Navn|Dokument Titel|Dokument ID|Placering|Dagsordens titel|"
    r"Dagsordenspunkt nr|Appendix nr|Relaterede Dokumenter)\b:?\s*(.*)$"
)
GROUPS_SENTENCE = re.compile(r"(etabler|nedsæt|nedsat|opret)\w*\b.*\barbejdsgrupper?", re.I)
BULLET = re.compile(r"^[-•*]\s+(.+)$")
SUBSTITUTE_FOR = re.compile(r"^(.+?)\s*\((?:stedfortræder|suppleant)\s+for\s+(.+?)\)$", re.I)
SUBSTITUTED_BY = re.compile(
    r"^(.+?)\s*\((?:stedfortræder|suppleant|afløst af|i stedet)\s*:?\s*(.+?)\)$", re.I
)


@dataclass
class Part:
    """One part of the combined document: the agenda or the minutes."""

    title: str
    lines: list[str] = field(default_factory=list)

    @property
    def is_minutes(self) -> bool:
        return self.title.lower().startswith("referat") or any(
            line.startswith(("Referat af møde", "Tilstede:")) for line in self.lines
        )


class GentofteParser:
    """Gentofte Kommune's agenda and minutes."""

    layout = "gentofte"
    source_kinds = ("text", "pdf")

    def recognises(self, text: str) -> bool:
        lines = [line.strip().strip("*").strip() for line in text.splitlines() if line.strip()]
        header = find_header(lines)
        if header is None:
            return False
        has_period = bool(re.search(r"\(\d{4}\s*-\s*\d{4}\)", header.group(0)))
        return has_period or any(ITEM.match(line) or PART.match(line) for line in lines)

    def parse(self, text: str) -> Minutes:
        lines = [line.replace("**", "").rstrip() for line in text.splitlines()]
        header = find_header([line.strip() for line in lines if line.strip()])
        if header is None:
            raise IncompleteDocument("Dokumentets overskrift mangler.")
        contents, parts = split_parts(lines)
        check_parts(contents, parts)
        main = pick_main_part(header.group(1), parts)
        minutes = Minutes(
            layout=self.layout,
            kind="minutes" if main.is_minutes else "agenda",
            body=header.group(2).strip(),
            starts_at=datetime(*(int(p) for p in header.group(5, 4, 3))),
        )
        read_meeting_facts(main, minutes, lines)
        read_items(main, minutes)
        for part in parts:
            minutes.appendix_texts.update(appendix_texts(part))
        return minutes


def find_header(lines: list[str]) -> re.Match[str] | None:
    """Find "REFERAT … d. 04-06-2019" among the first lines."""
    return next(filter(None, (HEADER.match(line) for line in lines[:5])), None)


def split_parts(lines: list[str]) -> tuple[list[str], list[Part]]:
    """Return the document's table of contents and its parts."""
    contents: list[str] = []
    parts: list[Part] = []
    for line in lines:
        heading = PART.match(line.strip())
        if heading:
            parts.append(Part(title=heading.group(1)))
        elif parts:
            parts[-1].lines.append(line)
        elif PAGE_REF.search(line) and not ITEM.match(PAGE_REF.sub("", line).strip()):
            contents.append(PAGE_REF.sub("", line).rstrip(". \t"))
    if not parts and not contents:  # one part without a "Punkt N:" heading
        parts.append(Part(title="", lines=lines[1:]))
    return contents, parts


def check_parts(contents: list[str], parts: list[Part]) -> None:
    """Raise IncompleteDocument when a part the contents list is missing."""
    titles = {part.title.lower() for part in parts}
    for entry in contents:
        if entry and entry.lower() not in titles:
            raise IncompleteDocument(
                f"Delen »{entry}« står i indholdsfortegnelsen, men mangler i dokumentet. "
                "Dokumentet er måske afskåret."
            )


def pick_main_part(word: str, parts: list[Part]) -> Part:
    """Prefer the minutes; an agenda-only document must not claim to be minutes."""
    minutes = [part for part in parts if part.is_minutes]
    if minutes:
        return minutes[0]
    if word == "REFERAT":
        raise IncompleteDocument(
            "Dokumentet er et referat, men selve referatet mangler; kun dagsordenen er med."
        )
    return parts[0]


def meeting_fields(part: Part) -> list[str]:
    """Return the labelled facts before the first item, each on one line."""
    fields: list[str] = []
    for raw in part.lines:
        line = raw.strip()
        if ITEM.match(line) or line == "Indholdsfortegnelse":
            break
        if not line:
            fields.append("")
        elif line.startswith(FIELD_LABELS) or not fields or not fields[-1]:
            fields.append(line)
        else:
            fields[-1] = f"{fields[-1]} {line}"  # a fact wrapped onto the next line
    return [field for field in fields if field]


def read_meeting_facts(part: Part, minutes: Minutes, lines: list[str]) -> None:
    """Fill time, place, closing, attendance from the part's opening facts."""
    fields = meeting_fields(part)
    for fact in fields:
        label, _, value = fact.partition(" ")
        timed = NUMERIC_DATETIME.search(fact)
        if label == "Mødetidspunkt" and timed:
            day, month, year, hour, minute = (int(p) for p in timed.groups())
            minutes.starts_at = datetime(year, month, day, hour, minute)
        elif label == "Mødeafholdelse":
            minutes.place = value.strip()
        elif label == "Protokollen":
            read_closing(fact, minutes)
    if not any(fact.startswith("Mødetidspunkt") for fact in fields):
        read_fallback_time(lines, minutes)
    if not minutes.place:
        places = (re.match(r"^Mødested\s+(.+)$", line.strip()) for line in lines[:12])
        minutes.place = next((found.group(1) for found in places if found), "")
    attendance = [f for f in fields if f.startswith(("Tilstede", "Fraværende"))]
    if minutes.kind == "minutes":
        read_attendance(attendance, minutes, lines)


def read_fallback_time(lines: list[str], minutes: Minutes) -> None:
    """Use "Mødedato … kl. HH:MM" from the header unless it is the 00:00 placeholder."""
    for line in lines[:12]:
        found = re.search(r"^Mødedato\b.*\bkl\.\s*(\d{1,2})[:.](\d{2})", line.strip())
        if found and found.groups() != ("00", "00"):
            minutes.starts_at = minutes.starts_at.replace(
                hour=int(found.group(1)), minute=int(found.group(2))
            )
            return
    minutes.notes.append("Mødets klokkeslæt står ikke i dokumentet; det er sat til 00:00.")


def read_closing(fact: str, minutes: Minutes) -> None:
    """Read "Protokollen blev læst og mødet hævet kl.: 21.02"."""
    note = re.sub(r"\bkl\.\s*:\s*", "kl. ", " ".join(fact.split()))
    minutes.closing_note = note
    found = re.search(r"hævet\s+kl\.\s*(\d{1,2})[.:](\d{2})", note)
    if found:
        minutes.ends_at = minutes.starts_at.replace(
            hour=int(found.group(1)), minute=int(found.group(2))
        )


def read_attendance(facts: list[str], minutes: Minutes, lines: list[str]) -> None:
    """Read "Tilstede:" and "Fraværende:" into names and substitutes."""
    elsewhere = " ".join(" ".join(lines).split())
    for fact in facts:
        elsewhere = elsewhere.replace(fact, " ")
    for fact in facts:
        label, _, value = fact.partition(":")
        names = split_names(value, elsewhere, minutes.notes)
        if label.strip() == "Tilstede":
            minutes.present = record_substitutes(names, minutes.substitutes, present=True)
        else:
            minutes.absent = record_substitutes(names, minutes.substitutes, present=False)
    if not facts:
        minutes.notes.append("Referatet oplyser ikke, hvem der var til stede.")


def record_substitutes(
    names: list[str], substitutes: dict[str, str], *, present: bool
) -> list[str]:
    """Strip "(stedfortræder for X)" / "(stedfortræder: Y)" and record who stood in."""
    clean: list[str] = []
    for name in names:
        standing_in = SUBSTITUTE_FOR.match(name) if present else None
        replaced = SUBSTITUTED_BY.match(name) if not present else None
        if standing_in:
            substitutes[standing_in.group(2).strip()] = standing_in.group(1).strip()
            name = standing_in.group(1)
        elif replaced:
            substitutes[replaced.group(1).strip()] = replaced.group(2).strip()
            name = replaced.group(1)
        clean.append(name.strip())
    return clean


def split_names(text: str, elsewhere: str, notes: list[str]) -> list[str]:
    """Split "A, B og C" into names; mend names written without a comma between them."""
    names: list[str] = []
    for chunk in re.split(r",|\s+og\s+|\s+&\s+", text):
        chunk = " ".join(chunk.split()).strip(" .")
        if chunk:
            names.extend(split_run_on(chunk, elsewhere, notes))
    return names


def split_run_on(chunk: str, elsewhere: str, notes: list[str]) -> list[str]:
    """Split a chunk of 4+ words where one part is a name found elsewhere in the document.

    "Zelis Nielgaard Charlotte Skovmand" becomes two names when "Charlotte
    Skovmand" appears on its own elsewhere, say in a working group's list.
    """
    words = chunk.split()
    if len(words) < 4 or "(" in chunk or _found(chunk, elsewhere):
        return [chunk]
    best: tuple[int, int] = (0, 0)
    for cut in range(2, len(words) - 1):
        left, right = " ".join(words[:cut]), " ".join(words[cut:])
        score = _found(left, elsewhere) + _found(right, elsewhere)
        if score > best[0]:
            best = (score, cut)
    if not best[0]:
        return [chunk]
    left, right = " ".join(words[: best[1]]), " ".join(words[best[1] :])
    notes.append(
        f"Navnene »{chunk}« er læst som to personer: »{left}« og »{right}«, fordi der "
        "mangler et komma, og den ene del står som navn andetsteds i dokumentet."
    )
    return [left, right]


def _found(name: str, text: str) -> bool:
    """Tell whether `name` stands as a name of its own in a list elsewhere ("A, B og C")."""
    if not all(word[0].isupper() for word in name.split()):
        return False
    before = r"(?:^|[,:]\s*|\sog\s+)"
    after = r"(?:\s*[,.;)]|\s+og\s|\s*$)"
    return re.search(before + re.escape(name) + after, text) is not None


def item_blocks(part: Part) -> tuple[dict[int, str], list[tuple[int, bool, str, list[str]]]]:
    """Return the part's contents (number → title) and its items' lines."""
    contents: dict[int, str] = {}
    items: list[tuple[int, bool, str, list[str]]] = []
    for raw in part.lines:
        line = raw.strip()
        heading = ITEM.match(PAGE_REF.sub("", line))
        if heading and PAGE_REF.search(line):
            contents[int(heading.group(1))] = heading.group(3)
        elif heading:
            closed = heading.group(2) == "Lukket"
            items.append((int(heading.group(1)), closed, heading.group(3), []))
        elif items and not _ignored(line):
            items[-1][3].append(line)
    return contents, items


def _ignored(line: str) -> bool:
    return line.lower() in IGNORED_LINES or bool(line and RULE.match(line))


def read_items(part: Part, minutes: Minutes) -> None:
    """Read the part's items and check them against its contents."""
    contents, blocks = item_blocks(part)
    found = {number for number, *_ in blocks}
    for number, title in contents.items():
        if number not in found:
            raise IncompleteDocument(
                f"Punkt {number} »{title}« står i indholdsfortegnelsen, men mangler i teksten. "
                "Dokumentet er måske afskåret."
            )
    if not blocks:
        raise IncompleteDocument("Dokumentet indeholder ingen dagsordenspunkter.")
    for number, closed, title, lines in blocks:
        if closed:
            minutes.items.append(Item(number=number, title=title, closed=True))
            if any(line for line in lines):
                minutes.notes.append(f"Punkt {number} er lukket; kun titlen er læst.")
            continue
        item = read_item(number, title, lines, minutes)
        if minutes.kind == "minutes" and not item.decisions:
            raise IncompleteDocument(
                f"Punkt {number} »{title}« har ingen beslutning; referatet er måske afskåret."
            )
        minutes.items.append(item)
    minutes.number = meeting_number(minutes)


def sections(lines: list[str]) -> list[tuple[str, list[str]]]:
    """Split an item's lines at section headings; "Sags ID:" is inline."""
    found: list[tuple[str, list[str]]] = [("", [])]
    headings = {key: key for key in SECTIONS} | {name.lower(): name for name in OTHER_SECTIONS}
    for line in lines:
        key = line.rstrip(":").strip().lower()
        if found[-1][0] == "bilag":
            found[-1][1].append(line)  # an appendix's own headings are its text
        elif key in headings:
            found.append((headings[key], []))
        elif line.startswith("Sags ID:"):
            found.append(("sags id", [line.partition(":")[2].strip()]))
        else:
            found[-1][1].append(line)
    return found


def read_item(number: int, title: str, lines: list[str], minutes: Minutes) -> Item:
    """Fill an open item's fields from its sections."""
    item = Item(number=number, title=title)
    for heading, body in sections(lines):
        target = SECTIONS.get(heading)
        if target == "recommendations":
            read_recommendations(item, body)
            continue
        if target == "attachments":
            item.attachments = attachments(body)
            continue
        text = paragraphs_text(body, f"punkt {number}", minutes.notes)
        if heading == "sags id":
            item.case_id = text
        elif target == "previous_decisions":
            item.previous_decisions = "" if text.strip(" .") == "" else text
        elif target:
            setattr(item, target, text)
        elif heading and text:
            item.other_sections[heading] = text
        elif text:
            minutes.not_understood.append(
                f"Punkt {number}: tekst uden overskrift er udeladt: »{text[:80]}«"
            )
    if minutes.kind == "minutes":
        minutes.working_groups.extend(working_groups(item.decisions, minutes))
    return item


def paragraphs_text(lines: list[str], where: str, notes: list[str]) -> str:
    """Join lines, one blank line between paragraphs; mend a paragraph split mid-sentence."""
    mended: list[list[str]] = []
    for paragraph in paragraph_lines(lines):
        current = paragraph.split("\n")
        previous = mended[-1][-1] if mended else ""
        if _split_mid_sentence(previous, current[0]):
            mended[-1][-1] = f"{previous} {current[0]}"
            mended[-1].extend(current[1:])
            notes.append(
                f"Et afsnit i {where} var delt midt i en sætning (»…{_tail(previous)}« / "
                f"»{_head(current[0])}…«) og er sat sammen."
            )
        else:
            mended.append(current)
    return "\n\n".join("\n".join(p) for p in mended)


def _split_mid_sentence(previous: str, following: str) -> bool:
    ends_open = not previous.endswith((".", ":", "!", "?", ";"))
    return bool(previous) and ends_open and not BULLET.match(previous) and following[:1].islower()


def _tail(text: str) -> str:
    return " ".join(text.split()[-3:])


def _head(text: str) -> str:
    return " ".join(text.split()[:3])


def read_recommendations(item: Item, lines: list[str]) -> None:
    """Split "Det indstilles … :" from the "- At …" points."""
    intro: list[str] = []
    for line in lines:
        bullet = BULLET.match(line)
        point = bullet.group(1) if bullet else line
        if re.match(r"^At\b", point, re.IGNORECASE):
            item.recommendations.append(point)
        elif item.recommendations and line:
            item.recommendations[-1] = f"{item.recommendations[-1]} {line}"
        elif line:
            intro.append(line)
    item.recommendation_intro = "\n\n".join(intro)


def attachments(lines: list[str]) -> list[Attachment]:
    """Read "1. Title (2978596 - EMN-2018-05565)" lines up to the first appendix."""
    found: list[Attachment] = []
    for line in lines:
        if APPENDIX_META.match(line):
            break
        numbered = ATTACHMENT.match(line)
        if numbered:
            number, title, document_id = numbered.groups()
            found.append(Attachment(title=title, number=int(number), document_id=document_id or ""))
        elif line:
            found.append(Attachment(title=line))
    return found


def appendix_texts(part: Part) -> dict[str, str]:
    """Return document ID → text for each appendix the part carries in full."""
    texts: dict[str, str] = {}
    document_id, body, in_meta = "", [], False
    for raw in [*part.lines, ""]:
        line = raw.strip()
        meta = APPENDIX_META.match(line)
        starts_item = bool(ITEM.match(line)) and not PAGE_REF.search(line)
        if (meta and not in_meta) or starts_item:
            if document_id and body:
                texts[document_id] = "\n\n".join(paragraph_lines(body))
            document_id, body = "", []
        if meta:
            in_meta = True
            if meta.group(1) == "Dokument ID":
                document_id = meta.group(2).strip()
        elif not (in_meta and not line):
            in_meta = False
            if document_id:
                body.append(line)
    if document_id and body:
        texts[document_id] = "\n\n".join(paragraph_lines(body))
    return texts


def paragraph_lines(lines: list[str]) -> list[str]:
    """Group lines into paragraphs at blank lines."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in [*lines, ""]:
        if line:
            current.append(line)
        elif current:
            paragraphs.append("\n".join(current))
            current = []
    return paragraphs


def working_groups(decisions: str, minutes: Minutes) -> list[WorkingGroup]:
    """Read the bullet list after "… besluttede at etablere tre arbejdsgrupper …"."""
    groups: list[WorkingGroup] = []
    lines = decisions.splitlines()
    elsewhere = " ".join(decisions.split())
    for index, line in enumerate(lines):
        if not GROUPS_SENTENCE.search(line):
            continue
        for following in lines[index + 1 :]:
            bullet = BULLET.match(following.strip())
            if not following.strip():
                continue
            if not bullet or ":" not in bullet.group(1):
                break
            name, _, members = bullet.group(1).partition(":")
            members_named = split_names(members, elsewhere, minutes.notes)
            groups.append(WorkingGroup(name.strip(), members_named))
    return groups


def meeting_number(minutes: Minutes) -> int | None:
    """Read "4. møde i …" from an item title."""
    for item in minutes.items:
        found = re.match(r"^(\d+)\.\s*møde\b", item.title)
        if found:
            return int(found.group(1))
    return None
