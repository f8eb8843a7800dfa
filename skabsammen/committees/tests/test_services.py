"""The rules of committees, meetings, agendas and minutes, one test per rule."""

import io
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from skabsammen.audit.models import AuditEvent
from skabsammen.committees import services
from skabsammen.committees.models import (
    Attachment,
    BodyKind,
    Meeting,
    MeetingStatus,
    MemberGroup,
    Membership,
    Presence,
)
from skabsammen.common.permissions import Forbidden

from .factories import AgendaItemFactory, BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


def at(*args) -> datetime:
    return timezone.make_aware(datetime(*args))


def planned(secretariat, **kwargs) -> Meeting:
    return services.meeting_create(
        actor=secretariat,
        body=kwargs.pop("body", None) or BodyFactory(),
        starts_at=kwargs.pop("starts_at", timezone.now() + timedelta(days=30)),
        place="Rådhuset",
        **kwargs,
    )


def test_only_the_secretariat_runs_committees(citizen, staff, secretariat, administrator):
    for outsider in (citizen, staff):
        with pytest.raises(Forbidden):
            services.body_create(actor=outsider, name="Grønt Råd", kind=BodyKind.COUNCIL)
    for insider in (secretariat, administrator):
        body = services.body_create(actor=insider, name=f"Råd {insider.pk}", kind=BodyKind.COUNCIL)
        assert AuditEvent.objects.filter(action="body.create", object_id=str(body.pk)).exists()


def test_a_working_group_belongs_under_a_body(secretariat):
    with pytest.raises(ValidationError) as error:
        services.body_create(actor=secretariat, name="Principper", kind=BodyKind.WORKING_GROUP)
    assert codes(error.value) == {"parent"}
    committee = BodyFactory()
    group = services.body_create(
        actor=secretariat, name="Principper", kind=BodyKind.WORKING_GROUP, parent=committee
    )
    assert group.slug.startswith(committee.slug) and list(committee.working_groups.all()) == [group]


def test_overlapping_memberships_are_refused(secretariat):
    body = BodyFactory()
    services.membership_add(
        actor=secretariat,
        body=body,
        name="Peter Flinth",
        starts_on=date(2019, 1, 1),
        ends_on=date(2019, 12, 31),
    )
    with pytest.raises(ValidationError) as error:
        services.membership_add(
            actor=secretariat, body=body, name="peter flinth", starts_on=date(2019, 6, 1)
        )
    assert codes(error.value) == {"overlapping_membership"}
    assert "Peter Flinth" in error.value.messages[0]
    # After the first seat ends, a new one may begin.
    services.membership_add(
        actor=secretariat, body=body, name="Peter Flinth", starts_on=date(2020, 1, 1)
    )
    assert Membership.objects.filter(body=body).count() == 2


def test_a_membership_cannot_end_before_it_starts(secretariat):
    with pytest.raises(ValidationError) as error:
        services.membership_add(
            actor=secretariat,
            body=BodyFactory(),
            name="Anna",
            starts_on=date(2019, 6, 1),
            ends_on=date(2019, 5, 1),
        )
    assert codes(error.value) == {"period"}
    assert not Membership.objects.exists()


def test_a_body_meets_once_at_a_time(secretariat):
    meeting = planned(secretariat)
    with pytest.raises(ValidationError) as error:
        planned(secretariat, body=meeting.body, starts_at=meeting.starts_at)
    assert codes(error.value) == {"duplicate"}


def test_case_ids_follow_the_configured_format(secretariat, settings):
    meeting = planned(secretariat)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_add(actor=secretariat, meeting=meeting, title="Punkt", case_id="12345")
    assert "EMN-2018-05565" in error.value.messages[0]
    item = services.agenda_item_add(
        actor=secretariat, meeting=meeting, title="Punkt", case_id=" emn-2018-05565 "
    )
    assert item.case_id == "EMN-2018-05565"
    settings.CASE_ID_PATTERN = r"^\d{2}\.\d{2}\.\d{2}-[A-Z]\d{2}-\d+-\d{2}$"  # KLE-style
    settings.CASE_ID_EXAMPLE = "00.01.00-A00-1-19"
    with pytest.raises(ValidationError) as error:
        services.agenda_item_add(
            actor=secretariat, meeting=meeting, title="Punkt", case_id="EMN-2018-05565"
        )
    assert "00.01.00-A00-1-19" in error.value.messages[0]


def test_items_are_numbered_in_order(secretariat):
    meeting = planned(secretariat)
    first = services.agenda_item_add(actor=secretariat, meeting=meeting, title="Velkomst")
    second = services.agenda_item_add(
        actor=secretariat,
        meeting=meeting,
        title="Principper",
        recommendations=["At udvalget kvalificerer principperne.", "  "],
    )
    assert (first.number, second.number) == (1, 2)
    assert second.recommendations == ["At udvalget kvalificerer principperne."]


def test_an_empty_or_overlong_title_is_refused(secretariat):
    meeting = planned(secretariat)
    for title in ("", "x" * 301):
        with pytest.raises(ValidationError):
            services.agenda_item_add(actor=secretariat, meeting=meeting, title=title)
    assert not meeting.items.exists()


def test_an_agenda_needs_items_before_it_is_published(secretariat):
    meeting = planned(secretariat)
    with pytest.raises(ValidationError) as error:
        services.meeting_publish_agenda(actor=secretariat, meeting=meeting)
    assert codes(error.value) == {"no_items"}


@pytest.mark.parametrize(
    ("today", "late"),
    [
        # The meeting is Monday 2 September 2019: four working days before is Tuesday 27 August.
        (date(2019, 8, 27), False),
        (date(2019, 8, 28), True),
        (date(2019, 8, 30), True),
    ],
)
def test_publishing_less_than_four_working_days_before_warns(secretariat, today, late):
    meeting = planned(secretariat, starts_at=at(2019, 9, 2, 19))
    services.agenda_item_add(actor=secretariat, meeting=meeting, title="Punkt")
    with time_machine.travel(datetime(today.year, today.month, today.day, 10), tick=False):
        assert services.meeting_publish_agenda(actor=secretariat, meeting=meeting) is late
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.AGENDA_PUBLISHED


def test_holidays_count_against_the_notice(secretariat):
    # Meeting Tuesday 22 April 2025: Easter Monday (21st), Good Friday (18th) and Maundy
    # Thursday (17th) are holidays; the working days before are the 16th, 15th, 14th and
    # 11th, so the agenda must be out on Friday 11 April.
    meeting = planned(secretariat, starts_at=at(2025, 4, 22, 17))
    assert services.agenda_notice_deadline(meeting) == date(2025, 4, 11)


def test_the_meeting_moves_through_its_statuses_in_order(secretariat):
    meeting = planned(secretariat, starts_at=timezone.now() + timedelta(days=10))
    item = services.agenda_item_add(actor=secretariat, meeting=meeting, title="Punkt")
    for wrong in (services.meeting_mark_held, services.meeting_approve_minutes):
        with pytest.raises(ValidationError) as error:
            wrong(actor=secretariat, meeting=meeting)
        assert codes(error.value) == {"wrong_status"}
    services.meeting_publish_agenda(actor=secretariat, meeting=meeting)
    with pytest.raises(ValidationError) as error:
        services.meeting_mark_held(actor=secretariat, meeting=meeting)
    assert codes(error.value) == {"not_yet"}
    with time_machine.travel(meeting.starts_at + timedelta(hours=3), tick=False):
        with pytest.raises(ValidationError):
            services.agenda_item_decide(actor=secretariat, item=item, decisions="Godkendt.")
        services.meeting_mark_held(actor=secretariat, meeting=meeting)
        services.agenda_item_decide(actor=secretariat, item=item, decisions="Godkendt.")
        with pytest.raises(ValidationError) as error:
            services.meeting_approve_minutes(actor=secretariat, meeting=meeting)
        assert codes(error.value) == {"no_attendance"}
        services.meeting_record_attendance(
            actor=secretariat, meeting=meeting, rows=[("Anna Borger", Presence.PRESENT, "")]
        )
        services.meeting_approve_minutes(
            actor=secretariat, meeting=meeting, closing_note="Mødet hævet kl. 21.02"
        )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.MINUTES_APPROVED
    assert meeting.closing_note == "Mødet hævet kl. 21.02"
    # Approved minutes are not changed.
    with pytest.raises(ValidationError):
        services.agenda_item_update(actor=secretariat, item=item, title="Nyt")
    with pytest.raises(ValidationError):
        services.agenda_item_add(actor=secretariat, meeting=meeting, title="Nyt")


def test_attendance_links_members_and_needs_a_substitutes_name(secretariat):
    meeting = MeetingFactory(status=MeetingStatus.HELD)
    seat = Membership.objects.create(
        body=meeting.body,
        name="Kristine Kryger",
        starts_on=date(2019, 1, 1),
        group=MemberGroup.CITIZEN,
    )
    with pytest.raises(ValidationError) as error:
        services.meeting_record_attendance(
            actor=secretariat, meeting=meeting, rows=[("Hans Toft", Presence.SUBSTITUTED, "")]
        )
    assert codes(error.value) == {"substitute_required"}
    rows = services.meeting_record_attendance(
        actor=secretariat,
        meeting=meeting,
        rows=[
            ("Kristine Kryger", Presence.PRESENT, ""),
            ("kristine kryger", Presence.ABSENT, ""),  # the same person twice: first wins
            ("Hans Toft", Presence.SUBSTITUTED, "Anne Nielsen"),
        ],
    )
    assert [(r.name, r.presence, r.substitute) for r in rows] == [
        ("Kristine Kryger", Presence.PRESENT, ""),
        ("Hans Toft", Presence.SUBSTITUTED, "Anne Nielsen"),
    ]
    assert rows[0].membership == seat


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content"),
    [("bilag.pdf", PDF), ("foto.png", PNG), ("notat.docx", None)],
)
def test_attachments_of_the_allowed_kinds_are_kept(secretariat, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItemFactory(meeting__status=MeetingStatus.PLANNED)
    content = content if content is not None else docx_bytes()
    upload = SimpleUploadedFile(name, content)
    attachment = services.attachment_add(
        actor=secretariat, item=item, file=upload, title="Udkast", document_id="2978596"
    )
    assert attachment.number == 1 and attachment.size == len(content)
    assert attachment.file.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("falsk.pdf", b"<html>not a pdf</html>"),  # claims to be a PDF
        ("script.exe", b"MZ\x90\x00"),
        ("billede.pdf", PNG),  # a real image calling itself a PDF
        ("arkiv.docx", b"PK\x03\x04" + b"\x00" * 30),  # a broken zip
    ],
)
def test_attachments_of_other_kinds_are_refused(secretariat, settings, tmp_path, name, content):
    settings.MEDIA_ROOT = tmp_path
    item = AgendaItemFactory(meeting__status=MeetingStatus.PLANNED)
    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            actor=secretariat, item=item, file=SimpleUploadedFile(name, content)
        )
    assert codes(error.value) == {"file_type"}
    assert not Attachment.objects.exists() and not list(tmp_path.rglob("*.*"))


def test_an_attachment_over_the_size_limit_is_refused(secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.ATTACHMENT_MAX_MB = 1
    item = AgendaItemFactory(meeting__status=MeetingStatus.PLANNED)
    big = SimpleUploadedFile("stor.pdf", PDF + b"0" * (1024 * 1024))
    with pytest.raises(ValidationError) as error:
        services.attachment_add(actor=secretariat, item=item, file=big)
    assert codes(error.value) == {"too_large"}
    assert not Attachment.objects.exists()


def test_members_with_an_address_are_told_when_the_agenda_and_minutes_are_out(
    secretariat, smtp_inbox, django_capture_on_commit_callbacks
):
    from skabsammen.accounts.tests.factories import UserFactory

    body = BodyFactory(name="Grønt Råd")
    member = UserFactory(name="Bo Skov")
    services.membership_add(
        actor=secretariat, body=body, name="Bo Skov", user=member, starts_on=date(2020, 1, 1)
    )
    services.membership_add(
        actor=secretariat, body=body, name="Uden Adresse", starts_on=date(2020, 1, 1)
    )
    meeting = planned(secretariat, body=body, starts_at=timezone.now() + timedelta(days=20))
    services.agenda_item_add(actor=secretariat, meeting=meeting, title="Grønne tage")
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_publish_agenda(actor=secretariat, meeting=meeting)
    [message] = smtp_inbox.messages
    assert message["To"] == member.email and "Grønt Råd" in message["Subject"]
    assert meeting.get_absolute_url() in message.get_content()


def test_limits_on_points_names_titles_and_periods(secretariat, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    meeting = planned(secretariat)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_add(
            actor=secretariat, meeting=meeting, title="Punkt", recommendations=["At …"] * 51
        )
    assert "recommendations" in error.value.message_dict
    item = AgendaItemFactory(meeting__status=MeetingStatus.PLANNED)
    with pytest.raises(ValidationError) as error:  # nothing left of the name for a title
        services.attachment_add(actor=secretariat, item=item, file=SimpleUploadedFile(".pdf", PDF))
    assert codes(error.value) == {"required"}
    held = MeetingFactory(status=MeetingStatus.HELD)
    with pytest.raises(ValidationError):
        services.meeting_record_attendance(
            actor=secretariat, meeting=held, rows=[("x" * 201, Presence.PRESENT, "")]
        )
    assert not held.attendance.exists()
    seat = services.membership_add(
        actor=secretariat, body=BodyFactory(), name="Anna", starts_on=date(2020, 1, 1)
    )
    with pytest.raises(ValidationError) as error:
        services.membership_end(actor=secretariat, membership=seat, ends_on=date(2019, 12, 31))
    assert codes(error.value) == {"period"}
