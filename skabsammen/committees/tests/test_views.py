"""Pages and API of committees: what each reader sees, and what no reader outside the
secretariat ever sees (the content of closed items, draft agendas)."""

import json
from datetime import date

import pytest
from django.urls import reverse

from skabsammen.committees.models import Attendance, MeetingStatus, Membership, Presence

from .factories import AgendaItemFactory, BodyFactory, MeetingFactory

pytestmark = pytest.mark.django_db

SECRET = "Købesummen er 4,2 mio. kr."


def page(response) -> str:
    return response.content.decode()


@pytest.fixture
def meeting_with_closed_item():
    meeting = MeetingFactory(status=MeetingStatus.MINUTES_APPROVED)
    AgendaItemFactory(meeting=meeting, number=1, title="Godkendelse af dagsorden")
    closed = AgendaItemFactory(
        meeting=meeting,
        number=2,
        title="Køb af landbrugsejendom",
        is_closed=True,
        case_id="EMN-2025-000001",
        summary=SECRET,
        background=SECRET,
        decisions=SECRET,
        recommendations=[SECRET],
    )
    closed.attachments.create(number=1, title="Købsaftale", document_id="999", text=SECRET)
    Attendance.objects.create(meeting=meeting, name="Hans Toft", presence=Presence.PRESENT)
    return meeting


def test_a_closed_item_shows_only_its_title_to_the_public(
    client, client_for, citizen, staff, meeting_with_closed_item
):
    url = meeting_with_closed_item.get_absolute_url()
    for reader in (client, client_for(citizen), client_for(staff)):
        html = page(reader.get(url))
        assert "Køb af landbrugsejendom" in html and "Lukket" in html
        assert SECRET not in html and "EMN-2025-000001" not in html and "Købsaftale" not in html
        assert "Godkendt." in html  # the open item's decision


def test_the_secretariat_reads_closed_items(client_for, secretariat, meeting_with_closed_item):
    html = page(client_for(secretariat).get(meeting_with_closed_item.get_absolute_url()))
    assert SECRET in html and "Købsaftale" in html


def test_a_closed_items_attachment_cannot_be_fetched(
    client, client_for, secretariat, meeting_with_closed_item
):
    attachment = meeting_with_closed_item.items.get(is_closed=True).attachments.get()
    url = reverse("committees:attachment", args=[attachment.pk])
    assert client.get(url).status_code == 404
    response = client_for(secretariat).get(url)
    assert response.status_code == 200 and SECRET in page(response)


def test_the_api_never_hands_out_a_closed_items_content(client, meeting_with_closed_item):
    response = client.get(f"/api/v1/meetings/{meeting_with_closed_item.pk}")
    assert response.status_code == 200
    body = response.json()
    closed = next(item for item in body["items"] if item["closed"])
    assert closed["title"] == "Køb af landbrugsejendom"
    assert SECRET not in json.dumps(body, ensure_ascii=False)
    assert "EMN-2025-000001" not in json.dumps(body)
    assert body["attendance"] == [{"name": "Hans Toft", "presence": "present", "substitute": ""}]


def test_a_draft_agenda_is_the_secretariats_alone(client, client_for, secretariat):
    draft = MeetingFactory(status=MeetingStatus.PLANNED)
    AgendaItemFactory(meeting=draft, title="Udkast til punkt")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/meetings/{draft.pk}").json()["code"] == "not_found"
    assert client.get("/api/v1/meetings").json()["count"] == 0
    assert client.get(reverse("committees:archive")).status_code == 200
    assert "Udkast til punkt" in page(client_for(secretariat).get(draft.get_absolute_url()))


def test_an_agenda_shows_no_decisions_before_the_minutes_are_approved(client):
    meeting = MeetingFactory(status=MeetingStatus.AGENDA_PUBLISHED)
    AgendaItemFactory(meeting=meeting, decisions="Foreløbig beslutning")
    Attendance.objects.create(meeting=meeting, name="Hans Toft", presence=Presence.PRESENT)
    html = page(client.get(meeting.get_absolute_url()))
    assert "Dagsorden" in html and "Foreløbig beslutning" not in html
    api = client.get(f"/api/v1/meetings/{meeting.pk}").json()
    assert api["items"][0]["decisions"] == "" and api["attendance"] == []


def test_the_body_page_shows_current_members_and_working_groups(client):
    body = BodyFactory(name="Opgaveudvalget Vi Skaber Sammen", mandate="At skabe mere sammen.")
    Membership.objects.create(body=body, name="Hans Toft", role="chair", starts_on=date(2019, 1, 1))
    Membership.objects.create(
        body=body, name="Tidligere Medlem", starts_on=date(2019, 1, 1), ends_on=date(2019, 5, 1)
    )
    group = BodyFactory(name="Principper", kind="working_group", parent=body)
    Membership.objects.create(body=group, name="Peter Flinth", starts_on=date(2019, 6, 4))
    html = page(client.get(body.get_absolute_url()))
    assert "Hans Toft" in html and "Formand" in html and "At skabe mere sammen." in html
    assert "Tidligere Medlem" not in html
    assert "Principper" in html and "Peter Flinth" in html
    api = client.get(f"/api/v1/bodies/{body.slug}").json()
    assert [m["name"] for m in api["members"]] == ["Hans Toft"]
    assert api["working_groups"][0]["name"] == "Principper"


def test_the_archive_filters_by_body_and_year(client):
    gentofte = BodyFactory(name="Grønt Råd", slug="groent-raad")
    MeetingFactory(body=gentofte)
    MeetingFactory()
    html = page(client.get(reverse("committees:archive"), {"body": "groent-raad"}))
    assert "1 møde" in html
    html = page(client.get(reverse("committees:archive"), {"year": "2019"}))
    assert "2 møder" in html
    response = client.get("/api/v1/meetings", {"body": "findes-ikke"})
    assert response.status_code == 400 and response.json()["code"] == "invalid_filter"


@pytest.mark.parametrize("meetings", [1, 8])
def test_pages_make_a_fixed_number_of_queries(client, django_assert_max_num_queries, meetings):
    body = BodyFactory()
    for n in range(meetings):
        meeting = MeetingFactory(body=body)
        for _ in range(3):
            item = AgendaItemFactory(meeting=meeting)
            item.attachments.create(title="Bilag", document_id=str(n))
        Attendance.objects.create(meeting=meeting, name=f"M {n}", presence=Presence.PRESENT)
    with django_assert_max_num_queries(8):
        client.get(reverse("committees:list"))
    with django_assert_max_num_queries(8):
        client.get(body.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get(meeting.get_absolute_url())
    with django_assert_max_num_queries(8):
        client.get(reverse("committees:archive"))
    with django_assert_max_num_queries(8):
        client.get(f"/api/v1/meetings/{meeting.pk}")


def test_markup_in_minutes_is_shown_as_text(client):
    meeting = MeetingFactory()
    AgendaItemFactory(meeting=meeting, title="<script>alert(1)</script>", summary="<b>fed</b>")
    html = page(client.get(meeting.get_absolute_url()))
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html
    assert "<b>fed</b>" not in html


def test_the_secretariat_sets_up_a_body_and_its_members(client_for, secretariat, citizen):
    manager = client_for(secretariat)
    assert client_for(citizen).get(reverse("committees:body_create")).status_code == 403
    response = manager.post(
        reverse("committees:body_create"),
        {"name": "Arkiv", "kind": "council", "mandate": "Rådet om arkiver."},
    )
    assert response.status_code == 302
    from skabsammen.committees.models import Body

    body = Body.objects.get(name="Arkiv")
    assert body.slug != "arkiv"  # /udvalg/arkiv/ is the archive
    lonely = manager.post(
        reverse("committees:body_create"), {"name": "Principper", "kind": "working_group"}
    )
    assert lonely.status_code == 400 and "hører under et organ" in lonely.content.decode()

    edit = reverse("committees:body_edit", args=[body.slug])
    member = {
        "add_member": "1",
        "member-name": "Anna Arkivar",
        "member-role": "chair",
        "member-group": "citizen",
        "member-starts_on": "01-01-2026",
    }
    assert manager.post(edit, member).status_code == 302
    again = manager.post(edit, member)
    assert again.status_code == 400 and "allerede medlem" in again.content.decode()
    seat = Membership.objects.get(body=body)
    end = reverse("committees:membership_end", args=[body.slug, seat.pk])
    assert manager.post(end, {"ends_on": "2026-06-30"}).status_code == 302
    seat.refresh_from_db()
    assert seat.ends_on == date(2026, 6, 30)
    renamed = manager.post(edit, {"name": "Arkivrådet", "mandate": "Nyt kommissorium."})
    assert renamed.status_code == 302
    body.refresh_from_db()
    assert (body.name, body.mandate) == ("Arkivrådet", "Nyt kommissorium.")


def test_attendance_rows_belong_to_the_person_they_were_shown_for(client_for, secretariat):
    meeting = MeetingFactory(status=MeetingStatus.HELD)
    for name in ("Anna", "Bent", "Carl"):
        Membership.objects.create(body=meeting.body, name=name, starts_on=date(2019, 1, 1))
    # The form was shown with Anna, Bent and Carl; Bent's seat was removed meanwhile.
    Membership.objects.filter(name="Bent").delete()
    response = client_for(secretariat).post(
        reverse("committees:attendance", args=[meeting.pk]),
        {
            "name_0": "Anna", "presence_0": "present", "substitute_0": "",
            "name_1": "Bent", "presence_1": "present", "substitute_1": "",
            "name_2": "Carl", "presence_2": "substituted", "substitute_2": "Dorte",
            "guests": "",
        },
    )  # fmt: skip
    assert response.status_code == 302
    rows = {a.name: (a.presence, a.substitute) for a in meeting.attendance.all()}
    assert rows["Carl"] == ("substituted", "Dorte") and rows["Anna"] == ("present", "")


def test_draft_decisions_stay_out_of_public_pages_and_api(client, client_for, secretariat):
    meeting = MeetingFactory(status=MeetingStatus.HELD)
    AgendaItemFactory(meeting=meeting, decisions="Foreløbigt udkast til beslutning")
    assert "Foreløbigt udkast" not in page(client.get(meeting.get_absolute_url()))
    assert "Foreløbigt udkast" not in client.get(f"/api/v1/meetings/{meeting.pk}").content.decode()
    from .test_documents import docx_text

    url = reverse("committees:document", args=[meeting.pk, "dagsorden", "docx"])
    assert "Foreløbigt udkast" not in docx_text(client.get(url).content)
    manage = client_for(secretariat).get(reverse("committees:manage", args=[meeting.pk]))
    assert manage.status_code == 200
