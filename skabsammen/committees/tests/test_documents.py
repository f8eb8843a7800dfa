"""The agenda and minutes as PDF and DOCX: the facts of the 4 June 2019 meeting, in
Gentofte's order, read back out of the files."""

import io
import subprocess

import pytest
from django.urls import reverse

from skabsammen.committees import demo
from skabsammen.committees.models import Meeting, MeetingStatus
from skabsammen.municipality import demo as municipality_demo

from .factories import AgendaItemFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def fourth_meeting(settings) -> Meeting:
    settings.LANGUAGE_CODE = "da"
    demo.load(municipality_demo.load())
    return Meeting.objects.get(number=4)


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode()


def docx_text(data: bytes) -> str:
    """The document's text in reading order, tables included."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    document = Document(io.BytesIO(data))
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif isinstance(block, Table):
            lines += [" ".join(cell.text for cell in row.cells) for row in block.rows]
    return "\n".join(lines)


def in_order(text: str, facts: list[str]) -> None:
    """Each fact is in the text, after the one before it."""
    flat = " ".join(text.split())
    position = 0
    for fact in facts:
        found = flat.find(" ".join(fact.split()), position)
        assert found >= 0, f"{fact!r} is missing or out of order"
        position = found + 1


FACTS_BEFORE_ITEMS = ["Opgaveudvalget Vi Skaber Sammen", "04-06-2019 19:00", "Mødelokale A+B"]
ITEM_FACTS = [
    "1 (Åben) 4. møde i Opgaveudvalget Vi Skaber Sammen",
    "Sags ID: EMN-2018-05565",
    "Resumé",
    "Formålet med det fjerde møde er at kvalificere første udkast til principper",
    "Baggrund",
    "På Kommunalbestyrelsens møde den 26. november 2018",
    "Indstilling",
    "At opgaveudvalget kvalificerer forslag til principper.",
    "At opgaveudvalget arbejder med konkrete metoder, der kan understøtte borgernes virkelyst.",
    "At opgaveudvalget tager stilling til, om der skal etableres arbejdsgrupper.",
    "Tidligere beslutninger",
]


def minutes_facts() -> list[str]:
    return [
        *FACTS_BEFORE_ITEMS,
        "Protokollen blev læst og mødet hævet kl. 21.02",
        "Til stede",
        "Hans Toft",
        "Vivi Mindedal",
        "Fraværende",
        "Morten Løkkegaard",
        "Ayesha Khawajazada",
        "Indholdsfortegnelse",
        *ITEM_FACTS,
        "Beslutninger",
        "Opgaveudvalget besluttede at etablere tre arbejdsgrupper",
        "Bilag",
        "1. Udkast til principper til hvordan vi skaber sammen (2978596 - EMN-2018-05565)",
    ]


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_minutes_hold_the_meetings_facts_in_gentoftes_order(client, fourth_meeting, fmt):
    url = reverse("committees:document", args=[fourth_meeting.pk, "referat", fmt])
    response = client.get(url)
    assert response.status_code == 200
    data = b"".join(response.streaming_content) if response.streaming else response.content
    text = pdf_text(data) if fmt == "pdf" else docx_text(data)
    in_order(text, minutes_facts())
    present = text.split("Fraværende")[0]
    for name in ("Kristine Kryger", "Zelis Nielgaard", "Charlotte Skovmand", "Caroline Falholt"):
        assert name in " ".join(present.split())
    assert f"referat-{fourth_meeting.body.slug}-2019-06-04.{fmt}" in response["Content-Disposition"]


def test_the_pdfs_table_of_contents_has_page_numbers(client, fourth_meeting):
    url = reverse("committees:document", args=[fourth_meeting.pk, "referat", "pdf"])
    text = pdf_text(client.get(url).content)
    toc = text.split("Indholdsfortegnelse")[1].splitlines()
    line = next(line for line in toc if "4. møde i Opgaveudvalget" in line)
    assert line.rstrip().endswith(" 2")  # the item starts on page 2


def test_the_agenda_has_no_decisions_or_attendance(client, fourth_meeting):
    url = reverse("committees:document", args=[fourth_meeting.pk, "dagsorden", "pdf"])
    text = pdf_text(client.get(url).content)
    in_order(text, ["Dagsorden", *FACTS_BEFORE_ITEMS, "Indholdsfortegnelse", *ITEM_FACTS])
    assert "Beslutninger" not in text and "Fraværende" not in text


def test_a_closed_item_is_its_title_alone_in_public_documents(client, client_for, secretariat):
    meeting = MeetingFactory(status=MeetingStatus.MINUTES_APPROVED)
    AgendaItemFactory(
        meeting=meeting, title="Køb af ejendom", is_closed=True, summary="Prisen er hemmelig"
    )
    for fmt in ("pdf", "docx"):
        url = reverse("committees:document", args=[meeting.pk, "referat", fmt])
        data = client.get(url).content
        text = pdf_text(data) if fmt == "pdf" else docx_text(data)
        assert "Køb af ejendom" in text and "Prisen er hemmelig" not in text
        full = client_for(secretariat).get(url).content
        assert "Prisen er hemmelig" in (pdf_text(full) if fmt == "pdf" else docx_text(full))
        public = client_for(secretariat).get(url + "?offentlig=1").content
        assert "Prisen er hemmelig" not in (pdf_text(public) if fmt == "pdf" else docx_text(public))


def test_minutes_are_not_out_before_they_are_approved(client, client_for, secretariat):
    meeting = MeetingFactory(status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=meeting)
    url = reverse("committees:document", args=[meeting.pk, "referat", "pdf"])
    assert client.get(url).status_code == 404
    assert client_for(secretariat).get(url).status_code == 200  # the draft, for checking
    assert (
        client.get(reverse("committees:document", args=[meeting.pk, "referat", "odt"])).status_code
        == 404
    )


def test_internal_and_draft_versions_say_so_and_are_not_cached(client_for, secretariat):
    meeting = MeetingFactory(status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=meeting, title="Køb af ejendom", is_closed=True)
    url = reverse("committees:document", args=[meeting.pk, "referat", "pdf"])
    response = client_for(secretariat).get(url)
    text = pdf_text(response.content)
    assert "UDKAST" in text and "Intern version" in text
    assert "-udkast-intern.pdf" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    public = client_for(secretariat).get(url + "?offentlig=1")
    assert "Intern version" not in pdf_text(public.content)
    assert public["Cache-Control"] == "private, no-store"  # still a draft


def test_every_page_after_the_first_names_the_meeting(client, fourth_meeting):
    url = reverse("committees:document", args=[fourth_meeting.pk, "referat", "pdf"])
    pages = pdf_text(client.get(url).content).split("\f")
    assert "Referat af møde i Opgaveudvalget Vi Skaber Sammen, 04-06-2019 19:00" in pages[1]
    assert client.get(url)["Cache-Control"] == "public, max-age=300"
