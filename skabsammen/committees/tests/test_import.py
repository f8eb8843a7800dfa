"""Importing published minutes: every fact of Gentofte's 4 June 2019 minutes lands in the
meeting, Aarhus' FirstAgenda documents too, and bad documents change nothing."""

from datetime import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from skabsammen.committees import services
from skabsammen.committees.models import (
    AgendaItem,
    Attendance,
    Body,
    BodyKind,
    Meeting,
    MeetingStatus,
    Membership,
    Presence,
)

from .factories import BodyFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[4] / "shared" / "data"
GENTOFTE = DATA / "referat-opgaveudvalg-vi-skaber-sammen-2019-06-04.txt"
AARHUS_PDF = DATA / "minutes" / "aarhus-byraad-2025-08-27.pdf"
AARHUS_HTML = DATA / "minutes" / "aarhus-teknisk-udvalg-2025-10-01.html"

PRESENT = [
    "Hans Toft", "Kristine Kryger", "Brigitta Rick", "Kim Ege Møller", "Peter Flinth",
    "Zelis Nielgaard", "Charlotte Skovmand", "Christina Wex", "Carl Bredholt",
    "Freddy Svitring", "Caroline Falholt", "Vivi Mindedal",
]  # fmt: skip
ABSENT = ["Morten Løkkegaard", "Søren B. Heisel", "Ayesha Khawajazada"]


def imported(path: Path, **kwargs) -> Meeting:
    return services.meeting_import(
        actor=kwargs.pop("actor", None), data=path.read_bytes(), filename=path.name, **kwargs
    )


def test_every_fact_of_gentoftes_minutes_is_imported():
    meeting = imported(GENTOFTE)
    assert meeting.body.name == "Opgaveudvalg Vi Skaber Sammen"
    assert meeting.body.kind == BodyKind.TASK_COMMITTEE
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == datetime(2019, 6, 4, 19)
    assert timezone.localtime(meeting.ends_at).strftime("%H.%M") == "21.02"
    assert meeting.place == "Mødelokale A+B"
    assert meeting.number == 4
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert meeting.closing_note == "Protokollen blev læst og mødet hævet kl. 21.02"
    attendance = list(meeting.attendance.all())
    assert [a.name for a in attendance if a.presence == Presence.PRESENT] == PRESENT
    assert [a.name for a in attendance if a.presence == Presence.ABSENT] == ABSENT
    item = meeting.items.get()
    assert (item.number, item.title, item.is_closed) == (
        1, "4. møde i Opgaveudvalget Vi Skaber Sammen", False,
    )  # fmt: skip
    assert item.case_id == "EMN-2018-05565"
    assert item.summary.startswith("Formålet med det fjerde møde er at kvalificere")
    assert (
        "26. november 2018" in item.background
        and "- Kvalificering af principper" in item.background
    )
    assert item.recommendations == [
        "At opgaveudvalget kvalificerer forslag til principper.",
        "At opgaveudvalget arbejder med konkrete metoder, der kan understøtte borgernes virkelyst.",
        "At opgaveudvalget tager stilling til, om der skal etableres arbejdsgrupper.",
    ]
    assert item.previous_decisions == ""
    assert "besluttede at etablere tre arbejdsgrupper" in item.decisions
    attachment = item.attachments.get()
    assert (attachment.number, attachment.title, attachment.document_id) == (
        1, "Udkast til principper til hvordan vi skaber sammen", "2978596",
    )  # fmt: skip
    assert "Lytter først" in attachment.text and "Skaber engagerende rammer" in attachment.text
    groups = {
        g.name: sorted(m.name for m in g.memberships.all())
        for g in meeting.body.working_groups.all()
    }
    assert groups == {
        "Principper": ["Peter Flinth"],
        "Kommunens møde med borgere, der vil realisere en idé": ["Brigitta Rick", "Peter Flinth"],
        "Metoder der kan give Kommunalbestyrelsen indblik i, hvilke temaer, "
        "der ligger borgerne på sinde": [
            "Charlotte Skovmand",
            "Christina Wex",
            "Kim Ege Møller",
            "Kristine Kryger",
        ],
    }
    report = meeting.import_report
    assert report["layout"] == "gentofte" and report["present"] == 12 and report["absent"] == 3
    assert any("Zelis Nielgaard" in note for note in report["notes"])


def test_the_import_finds_the_registered_body_and_its_members():
    body = BodyFactory(name="Opgaveudvalget Vi Skaber Sammen", slug="vi-skaber-sammen")
    seat = Membership.objects.create(
        body=body,
        name="Peter Flinth",
        starts_on=datetime(2018, 11, 26).date(),
        group="citizen",
        email="peter@example.dk",
    )
    meeting = imported(GENTOFTE)
    assert meeting.body == body and Body.objects.filter(kind=BodyKind.TASK_COMMITTEE).count() == 1
    assert Attendance.objects.get(meeting=meeting, name="Peter Flinth").membership == seat
    principles = body.working_groups.get(name="Principper").memberships.get()
    assert principles.email == "peter@example.dk"


def test_the_same_minutes_are_not_imported_twice():
    imported(GENTOFTE)
    with pytest.raises(ValidationError) as error:
        imported(GENTOFTE)
    assert error.value.code == "duplicate"
    # The same meeting from a file that differs (another encoding) is caught too.
    latin1 = GENTOFTE.read_text(encoding="utf-8").encode("latin-1", errors="replace")
    with pytest.raises(ValidationError) as error:
        services.meeting_import(actor=None, data=latin1, filename="referat.txt")
    assert error.value.code == "duplicate"
    assert Meeting.objects.count() == 1 and AgendaItem.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "data", "code"),
    [
        ("referat.txt", b"", "unreadable"),
        ("referat.pdf", b"%PDF-1.4 this is not really a PDF", "unreadable"),
        ("referat.pdf", "Referat\n\nVi mødtes.".encode(), "unreadable"),  # not a PDF at all
        ("referat.txt", "Indkøbsliste\n\nMælk\nBrød\n".encode(), "unknown_layout"),
    ],
)
def test_a_bad_document_changes_nothing(name, data, code):
    with pytest.raises(ValidationError) as error:
        services.meeting_import(actor=None, data=data, filename=name)
    assert error.value.code == code
    assert error.value.messages[0]  # a message for a person, in Danish
    assert not Meeting.objects.exists() and not Body.objects.exists()


def test_minutes_cut_off_half_way_change_nothing():
    text = GENTOFTE.read_text(encoding="utf-8")
    cut = text[: text.index("Punkt 2: Referat") + 400].encode()
    with pytest.raises(ValidationError) as error:
        services.meeting_import(actor=None, data=cut, filename="referat.txt")
    assert error.value.code == "incomplete"
    assert not Meeting.objects.exists() and not Body.objects.exists()


def test_aarhus_firstagenda_pdf_is_imported():
    meeting = imported(AARHUS_PDF)
    assert meeting.body.name == "Aarhus Byråd"
    assert meeting.body.kind == BodyKind.MUNICIPAL_COUNCIL
    assert timezone.localtime(meeting.starts_at).replace(tzinfo=None) == datetime(2025, 8, 27, 16)
    assert meeting.place == "Byrådssalen"
    items = list(meeting.items.all())
    assert len(items) == 21
    assert items[0].title == "Godkendelse af dagsorden" and items[0].decisions == "Godkendt."
    assert items[0].case_id == "EMN-2023-009832"
    assert items[1].case_id == "EMN-2025-003383"
    assert items[1].recommendations[0].startswith("At 1) der i forbindelse med den kommende")
    closed = items[-1]
    assert closed.is_closed and closed.title == "Køb af landbrugsejendom"
    assert meeting.import_report["closed_items"] == 1


def test_aarhus_firstagenda_html_is_imported():
    meeting = imported(AARHUS_HTML)
    assert meeting.body.name == "Teknisk Udvalg"
    assert timezone.localtime(meeting.starts_at).strftime("%d-%m-%Y %H.%M") == "01-10-2025 15.45"
    assert meeting.place == "Udvalgsværelse 398"
    first, second = meeting.items.all()[:2]
    assert first.case_id == "EMN-2025-010561" and first.decisions == "Ingen bemærkninger."
    assert second.case_id == "EMN-2025-009242"
    assert "Solveig Munk kunne ikke tiltræde indstillingen." in second.decisions
    attachments = [(a.number, a.title) for a in second.attachments.all()]
    assert (2, "Høringssvar") in attachments  # "Bilag 2: Høringssvar"
    assert not any(title.startswith("PDF") for _, title in attachments)


def test_the_secretariat_imports_through_the_upload_page(client_for, secretariat, citizen):
    url = reverse("committees:import")
    upload = SimpleUploadedFile(GENTOFTE.name, GENTOFTE.read_bytes(), "text/plain")
    assert client_for(citizen).post(url, {"file": upload}).status_code == 403
    upload.seek(0)
    response = client_for(secretariat).post(url, {"file": upload})
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "committees:import_report", args=[meeting.pk]
    )
    html = client_for(secretariat).get(response["Location"]).content.decode()
    assert "Mødelokale A+B" in html and "12 til stede, 3 fraværende" in html
    assert "Principper" in html and "Zelis Nielgaard" in html
    # The upload page refuses a second import with a clear message and a 400.
    upload.seek(0)
    again = client_for(secretariat).post(url, {"file": upload})
    assert again.status_code == 400 and "allerede importeret" in again.content.decode()


def test_an_unknown_layout_gets_a_clear_message_on_the_page(client_for, secretariat):
    upload = SimpleUploadedFile("noter.txt", "Noter fra mødet\n\nVi talte om vejret.".encode())
    response = client_for(secretariat).post(reverse("committees:import"), {"file": upload})
    assert response.status_code == 400
    assert "layout, vi ikke kan læse" in response.content.decode()
    assert not Meeting.objects.exists()


def test_the_command_imports_and_reports(capsys):
    call_command("import_minutes", str(GENTOFTE))
    out = capsys.readouterr().out
    assert "Mødelokale A+B" in out and "12 til stede, 3 fraværende" in out
    with pytest.raises(CommandError, match="allerede importeret"):
        call_command("import_minutes", str(GENTOFTE))
    with pytest.raises(CommandError):
        call_command("import_minutes", "/findes/ikke.pdf")


def test_an_oversized_file_is_refused_before_it_is_read(settings):
    settings.MINUTES_IMPORT_MAX_MB = 1
    with pytest.raises(ValidationError) as error:
        services.meeting_import(actor=None, data=b"x" * (1024 * 1024 + 1), filename="stor.txt")
    assert error.value.code == "too_large"
