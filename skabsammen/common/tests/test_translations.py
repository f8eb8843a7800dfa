"""The Danish catalogue is complete, keeps every placeholder and is what Django serves."""

import ast
import gettext as gettext_module
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.utils import translation

LC_MESSAGES = Path(__file__).resolve().parents[2] / "locale" / "da" / "LC_MESSAGES"
PO = LC_MESSAGES / "django.po"
MO = LC_MESSAGES / "django.mo"

# A named printf-style placeholder: %(name)s, %(max)d, %(share).1f …
PLACEHOLDER = re.compile(r"%\((\w+)\)[-#0 +]*(?:\d+)?(?:\.\d+)?[diouxXeEfFgGcrsa]")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@dataclass
class Entry:
    line: int
    flags: set[str] = field(default_factory=set)
    msgctxt: str | None = None
    msgid: str = ""
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        context = f"[{self.msgctxt}] " if self.msgctxt else ""
        return f"{PO.name}:{self.line}: {context}{self.msgid!r}"


def parse_po(text: str) -> list[Entry]:
    """Every active entry of a PO file (obsolete "#~" entries are left out).

    msgstr without an index is stored under -1; msgstr[n] under n.
    """
    entries: list[Entry] = []
    entry: Entry | None = None
    target: tuple[str, int] | None = None

    def start(number: int) -> Entry:
        nonlocal entry
        if entry is None or entry.msgstr:
            entry = Entry(line=number)
            entries.append(entry)
        return entry

    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#,"):
            start(number).flags |= {flag.strip() for flag in line[2:].split(",")}
            continue
        if line.startswith("#"):
            start(number)
            continue
        keyword = re.match(r'(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line)
        if keyword:
            name, index, value = keyword.groups()
            if name in ("msgctxt", "msgid"):
                current = start(number)
                if name == "msgid" and current.msgid:
                    raise AssertionError(f"{PO.name}:{number}: a second msgid in one entry")
            else:
                current = entry
            target = (name, int(index) if index is not None else -1)
            append(current, target, "")
        elif line.startswith('"') and entry is not None and target is not None:
            current, value = entry, line
        else:
            raise AssertionError(f"{PO.name}:{number}: cannot read {raw!r}")
        append(current, target, ast.literal_eval(value))
    return entries


def append(entry: Entry, target: tuple[str, int], value: str) -> None:
    name, index = target
    if name == "msgstr":
        entry.msgstr[index] = entry.msgstr.get(index, "") + value
    elif name == "msgctxt":
        entry.msgctxt = (entry.msgctxt or "") + value
    else:
        setattr(entry, name, (getattr(entry, name) or "") + value)


def placeholders(text: str) -> set[str]:
    return {match.group(0) for match in PLACEHOLDER.finditer(text)}


def tags(text: str) -> Counter:
    return Counter(TAG.findall(text))


@pytest.fixture(scope="module")
def catalogue() -> list[Entry]:
    return parse_po(PO.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def messages(catalogue) -> list[Entry]:
    return [entry for entry in catalogue if entry.msgid != "" or entry.msgctxt]


def test_the_header_says_danish_with_two_plural_forms(catalogue):
    (header,) = [entry for entry in catalogue if entry.msgid == "" and not entry.msgctxt]
    fields = dict(line.split(": ", 1) for line in header.msgstr[-1].splitlines() if ": " in line)
    assert "fuzzy" not in header.flags
    assert fields["Language"] == "da"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert "charset=UTF-8" in fields["Content-Type"]


def test_the_catalogue_has_messages(messages):
    assert len(messages) > 100


def test_every_entry_is_translated_and_checked(messages):
    problems = []
    for entry in messages:
        if "fuzzy" in entry.flags:
            problems.append(f"{entry.name} is fuzzy")
        expected = {0, 1} if entry.msgid_plural is not None else {-1}
        if set(entry.msgstr) != expected:
            problems.append(f"{entry.name} has msgstr forms {sorted(entry.msgstr)}")
        if any(not text.strip() for text in entry.msgstr.values()):
            problems.append(f"{entry.name} is not translated")
    assert not problems, "\n".join(problems)


def test_every_translation_keeps_the_placeholders_and_tags(messages):
    problems = []
    for entry in messages:
        if entry.msgid_plural is None:
            wanted = {-1: placeholders(entry.msgid)}
            allowed = wanted[-1]
        else:
            # Danish: msgstr[0] is for n == 1 (msgid), msgstr[1] for the rest (msgid_plural).
            # The singular may also use what the plural names, since Django passes both.
            wanted = {0: placeholders(entry.msgid), 1: placeholders(entry.msgid_plural)}
            allowed = wanted[0] | wanted[1]
        for index, text in entry.msgstr.items():
            found = placeholders(text)
            if missing := wanted.get(index, set()) - found:
                problems.append(f"{entry.name} drops {sorted(missing)}")
            if extra := found - allowed:
                problems.append(f"{entry.name} has unknown {sorted(extra)}")
            source = entry.msgid if index in (-1, 0) else entry.msgid_plural
            if tags(text) != tags(source):
                problems.append(f"{entry.name} changes the HTML tags")
    assert not problems, "\n".join(problems)


def test_the_parser_sees_untranslated_fuzzy_and_broken_entries():
    sample = "\n".join(
        [
            'msgid ""',
            'msgstr "Language: da\\n"',
            "",
            "#, fuzzy, python-format",
            'msgid "Hello %(name)s"',
            'msgstr "Hej %(navn)s"',
            "",
            'msgctxt "main menu"',
            'msgid "Staff"',
            'msgstr ""',
            "",
            'msgid "%(counter)s idea"',
            'msgid_plural "%(counter)s ideas"',
            'msgstr[0] "%(counter)s idé"',
            'msgstr[1] ""',
            '"%(counter)s idéer"',
            "",
            '#~ msgid "Old"',
            '#~ msgstr "Gammel"',
        ]
    )
    header, hello, staff, ideas = parse_po(sample)
    assert header.msgstr == {-1: "Language: da\n"}
    assert "fuzzy" in hello.flags
    assert placeholders(hello.msgid) - placeholders(hello.msgstr[-1]) == {"%(name)s"}
    assert (staff.msgctxt, staff.msgstr) == ("main menu", {-1: ""})
    assert ideas.msgstr == {0: "%(counter)s idé", 1: "%(counter)s idéer"}


MSGFMT = shutil.which("msgfmt") or "msgfmt"  # `make install` installs GNU gettext


def test_msgfmt_accepts_the_catalogue():
    result = subprocess.run(
        [MSGFMT, "--check", "--statistics", "-o", "/dev/null", str(PO)],
        capture_output=True,
        text=True,
        check=False,
        env={"LC_ALL": "C"},
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_compiled_catalogue_matches_the_po_file(messages):
    """Run compilemessages after changing django.po; Django reads only django.mo."""
    with MO.open("rb") as file:
        compiled = gettext_module.GNUTranslations(file)
    stale = []
    for entry in messages:
        if entry.msgid_plural is None:
            served = (
                compiled.pgettext(entry.msgctxt, entry.msgid)
                if entry.msgctxt
                else compiled.gettext(entry.msgid)
            )
            if served != entry.msgstr.get(-1):
                stale.append(entry.name)
        elif [compiled.ngettext(entry.msgid, entry.msgid_plural, n) for n in (1, 2)] != [
            entry.msgstr.get(0),
            entry.msgstr.get(1),
        ]:
            stale.append(entry.name)
    assert not stale, "django.mo is out of date:\n" + "\n".join(stale)


def test_django_serves_the_danish_translation():
    with translation.override("da"):
        assert translation.gettext("Received") == "Modtaget"
        assert translation.pgettext("main menu", "Staff") == "Medarbejder"
