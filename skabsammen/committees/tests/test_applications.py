"""Applying for a seat, appointing, and inviting the applicants not appointed into a
working group: the e-mails, the consent, and the rules."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from skabsammen.accounts.tests.factories import UserFactory
from skabsammen.committees import services
from skabsammen.committees.models import Application, ApplicationStatus, Membership
from skabsammen.common.permissions import Forbidden
from skabsammen.mail.models import Email
from skabsammen.municipality.tests.factories import DistrictFactory

from .factories import BodyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee():
    body = BodyFactory(
        name="Opgaveudvalget Grønne Fællesskaber",
        slug="groenne-faellesskaber",
        applications_open_until=timezone.localdate() + timedelta(days=10),
        period_start=timezone.localdate() + timedelta(days=30),
        period_end=timezone.localdate() + timedelta(days=400),
    )
    BodyFactory(name="Naturen i byen", slug="naturen-i-byen", kind="working_group", parent=body)
    return body


def close_applications(body):
    body.applications_open_until = timezone.localdate() - timedelta(days=1)
    body.save(update_fields=["applications_open_until"])


def apply(person, body, **fields):
    return services.application_submit(
        actor=person,
        body=body,
        motivation=fields.pop("motivation", "Jeg vil gerne bidrage."),
        **fields,
    )


def test_a_citizen_applies_and_gets_a_receipt(committee, citizen):
    district = DistrictFactory(name="Vangede")
    application = apply(citizen, committee, gender="woman", district=district, age_band="35_44")
    assert application.status == ApplicationStatus.APPLIED
    receipt = Email.objects.get(to=citizen.email, kind="application_received")
    assert "Opgaveudvalget Grønne Fællesskaber" in receipt.subject + receipt.body


def test_applications_are_refused_when_closed_twice_or_empty(committee, citizen, staff):
    with pytest.raises(ValidationError) as error:
        apply(citizen, committee, motivation="   ")
    assert "motivation" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        apply(citizen, committee, gender="unknown")
    assert "gender" in error.value.message_dict
    apply(citizen, committee)
    with pytest.raises(ValidationError) as error:
        apply(citizen, committee)
    assert error.value.code == "duplicate"
    with pytest.raises(Forbidden):
        apply(staff, committee)
    committee.applications_open_until = timezone.localdate() - timedelta(days=1)
    committee.save()
    with pytest.raises(ValidationError) as error:
        apply(UserFactory(), committee)
    assert error.value.code == "closed"
    assert Application.objects.count() == 1


def test_appointing_gives_a_seat_for_the_period_and_an_email(committee, citizen, secretariat):
    application = apply(citizen, committee)
    with pytest.raises(Forbidden):
        services.application_appoint(actor=citizen, application=application)
    services.application_appoint(actor=secretariat, application=application)
    seat = Membership.objects.get(body=committee, user=citizen)
    assert (seat.starts_on, seat.ends_on) == (committee.period_start, committee.period_end)
    assert seat.group == "citizen"
    assert Email.objects.filter(to=citizen.email, kind="application_appointed").exists()
    with pytest.raises(ValidationError):
        services.application_appoint(actor=secretariat, application=application)


def test_the_ones_not_appointed_are_invited_and_join_only_by_saying_yes(
    committee, secretariat, smtp_inbox, django_capture_on_commit_callbacks
):
    chosen, yes, no = (UserFactory(name=n) for n in ("Anna Valgt", "Bo Ja", "Cy Nej"))
    for person in (chosen, yes, no):
        apply(person, committee)
    services.application_appoint(
        actor=secretariat, application=Application.objects.get(applicant=chosen)
    )
    group = committee.working_groups.get()
    with pytest.raises(ValidationError) as error:  # undecided applicants could still get a seat
        services.applications_invite_to_working_group(
            actor=secretariat, body=committee, group=group
        )
    assert error.value.code == "still_open"
    close_applications(committee)
    with django_capture_on_commit_callbacks(execute=True):
        invited = services.applications_invite_to_working_group(
            actor=secretariat, body=committee, group=group
        )
    assert invited == 2
    # The invitations arrive over SMTP, with a link to answer.
    invitations = [m for m in smtp_inbox.messages if "Naturen i byen" in m["Subject"]]
    assert sorted(m["To"] for m in invitations) == sorted([yes.email, no.email])
    assert not Membership.objects.filter(body=group).exists()  # nobody is a member unasked

    yes_application = Application.objects.get(applicant=yes)
    url = reverse("committees:invitation", args=[yes_application.pk])
    [to_yes] = smtp_inbox.to(yes.email)
    assert url in to_yes.get_content()
    services.application_answer_invitation(actor=yes, application=yes_application, accept=True)
    services.application_answer_invitation(
        actor=no, application=Application.objects.get(applicant=no), accept=False
    )
    assert [m.user for m in Membership.objects.filter(body=group)] == [yes]
    with pytest.raises(ValidationError):
        services.application_answer_invitation(actor=yes, application=yes_application, accept=False)
    with pytest.raises(Forbidden):
        services.application_answer_invitation(actor=no, application=yes_application, accept=True)


def test_only_the_committees_own_working_groups_can_be_chosen(committee, secretariat):
    other = BodyFactory(kind="working_group", parent=BodyFactory())
    with pytest.raises(ValidationError) as error:
        services.applications_invite_to_working_group(
            actor=secretariat, body=committee, group=other
        )
    assert error.value.code == "not_a_working_group"


def test_the_pages_apply_appoint_and_invite(client_for, committee, citizen, secretariat):
    form = client_for(citizen).get(reverse("committees:apply", args=[committee.slug]))
    # The optional answers may become a public row of a draw: the form says so.
    assert "uden dit navn, som én nummereret række" in form.content.decode()
    assert "Kun sekretariatet ser dine svar" not in form.content.decode()
    response = client_for(citizen).post(
        reverse("committees:apply", args=[committee.slug]),
        {"motivation": "Jeg driver en fælleshave.", "gender": "woman"},
    )
    assert response.status_code == 302
    html = client_for(citizen).get(committee.get_absolute_url()).content.decode()
    assert "Du har søgt" in html
    bad = client_for(UserFactory()).post(reverse("committees:apply", args=[committee.slug]), {})
    assert bad.status_code == 400 and "Fortæl os, hvorfor" in bad.content.decode()

    secretariat_client = client_for(secretariat)
    page = secretariat_client.get(reverse("committees:applications", args=[committee.slug]))
    html = page.content.decode()
    assert "Jeg driver en fælleshave." in html and "Kvinde" in html
    assert (
        client_for(citizen)
        .get(reverse("committees:applications", args=[committee.slug]))
        .status_code
        == 403
    )
    application = Application.objects.get()
    response = secretariat_client.post(
        reverse("committees:appoint", args=[committee.slug]), {"applications": [application.pk]}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPOINTED


def test_the_invitation_page_is_the_applicants_alone(client_for, committee, secretariat):
    person = UserFactory()
    application = apply(person, committee)
    close_applications(committee)
    services.applications_invite_to_working_group(
        actor=secretariat, body=committee, group=committee.working_groups.get()
    )
    url = reverse("committees:invitation", args=[application.pk])
    assert client_for(UserFactory()).get(url).status_code == 404
    client_for(person).post(url, {"answer": "maybe"})  # neither yes nor no: nothing happens
    application.refresh_from_db()
    assert application.status == ApplicationStatus.INVITED
    response = client_for(person).post(url, {"answer": "yes"})
    assert response.status_code == 302
    assert Membership.objects.filter(body=committee.working_groups.get(), user=person).exists()


def test_an_applicant_withdraws_while_undecided(client_for, committee, citizen, secretariat):
    application = apply(citizen, committee)
    response = client_for(citizen).post(reverse("committees:withdraw", args=[committee.slug]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    with pytest.raises(ValidationError):
        services.application_appoint(actor=secretariat, application=application)
