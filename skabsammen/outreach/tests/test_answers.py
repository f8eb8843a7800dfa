"""Answering a personal invitation from the e-mail's link or the letter's code."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.committees.tests.factories import BodyFactory
from skabsammen.mail.models import Email
from skabsammen.outreach.models import Answer, CampaignStatus, CodeAttempt, Invitation
from skabsammen.outreach.services import answers as services

from .factories import AnswerFactory, InvitationFactory

pytestmark = pytest.mark.django_db

ALREADY = "Du har allerede svaret – tak"


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def token_url(invitation) -> str:
    return reverse("answers:token", args=[invitation.token])


def test_the_link_shows_the_question_and_how_the_data_is_used(client):
    invitation = InvitationFactory(campaign__body=BodyFactory(name="Borgerpanelet"))
    response = client.get(token_url(invitation))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Hvad skal kommunen arbejde med de næste år?" in content
    assert "Ja, jeg vil gerne være med i lodtrækningen om en plads i Borgerpanelet" in content
    assert "Ja, jeg vil gerne være med i en arbejdsgruppe" in content
    assert "Når henvendelsen lukker, sletter vi listen fra registeret" in content
    assert (
        "Ja, jeg vil gerne være med i lodtrækningen"
        not in client.get(token_url(InvitationFactory())).content.decode()
    )


def test_an_answer_by_link_is_stored_with_the_stratum_and_joins_the_stream(client, committed):
    invitation = InvitationFactory(district="Vangede", age_band="18_24", gender="man")
    with committed():
        response = client.post(token_url(invitation), {"text": "  Flere bænke ved søen. "})
    assert response["Location"] == reverse("answers:thanks")
    answer = Answer.objects.get()
    assert (answer.text, answer.district, answer.age_band, answer.gender) == (
        "Flere bænke ved søen.",
        "Vangede",
        "18_24",
        "man",
    )
    assert (answer.name, answer.email, answer.phone) == ("", "", "")
    invitation.refresh_from_db()
    assert invitation.answered_at == answer.created_at
    stream = CitizenInput.objects.get(source="outreach.answer")
    assert (stream.text, stream.channel, stream.district, stream.age_band, stream.quotable) == (
        "Flere bænke ved søen.",
        "outreach",
        "Vangede",
        "18_24",
        True,
    )
    assert "Tak for dit svar" in client.get(reverse("answers:thanks")).content.decode()
    assert not Email.objects.exists()  # no contact details, no e-mail


def test_a_used_link_says_thank_you_and_takes_no_second_answer(client):
    answer = AnswerFactory(text="Første svar")
    url = token_url(answer.invitation)
    assert ALREADY in client.get(url).content.decode()
    response = client.post(url, {"text": "Andet svar"})
    assert ALREADY in response.content.decode()
    assert list(Answer.objects.values_list("text", flat=True)) == ["Første svar"]


def test_an_unknown_link_gets_a_danish_page(client):
    response = client.get(reverse("answers:token", args=["no-such-token"]))
    assert response.status_code == 404
    assert "Vi kan ikke finde en henvendelse til dette link" in response.content.decode()


def test_the_code_is_found_whatever_the_case_spaces_and_dashes(client, committed):
    invitation = InvitationFactory(code="K7P4MX9A", channel="letter")
    response = client.post(reverse("answers:code"), {"code": " k7p-4mx 9a "})
    assert response["Location"] == reverse("answers:form")
    form = client.get(reverse("answers:form"))
    assert "Hvad skal kommunen arbejde med de næste år?" in form.content.decode()
    with committed():
        response = client.post(reverse("answers:form"), {"text": "Legepladser"})
    assert response["Location"] == reverse("answers:thanks")
    assert Answer.objects.get().invitation == invitation
    # The form page forgets the code once answered.
    assert client.get(reverse("answers:form"))["Location"] == reverse("answers:code")


def test_the_form_page_without_a_code_sends_one_to_type_it(client):
    assert client.get(reverse("answers:form"))["Location"] == reverse("answers:code")


def test_an_unknown_code_gets_a_danish_message_and_changes_nothing(client):
    InvitationFactory(code="K7P4MX9A")
    response = client.post(reverse("answers:code"), {"code": "AAAA-BBBB"})
    assert response.status_code == 400
    assert "Vi kender ikke den kode" in response.content.decode()
    assert not Answer.objects.exists()
    empty = client.post(reverse("answers:code"), {"code": "  "})
    assert "Skriv koden fra brevet." in empty.content.decode()


def test_a_used_code_says_thank_you(client):
    AnswerFactory(invitation__code="USED1234")
    response = client.post(reverse("answers:code"), {"code": "used-1234"})
    assert ALREADY in response.content.decode()
    assert "answers:form" not in response.get("Location", "")
    assert Answer.objects.count() == 1


def test_guessing_codes_is_rate_limited(client, settings):
    settings.OUTREACH_CODE_ATTEMPTS_PER_HOUR = 3
    invitation = InvitationFactory(code="RIGHT123")
    for attempt in range(3):
        assert client.post(reverse("answers:code"), {"code": f"WRONG{attempt}"}).status_code == 400
    response = client.post(reverse("answers:code"), {"code": "RIGHT123"})
    assert response.status_code == 429
    assert "For mange forsøg" in response.content.decode()
    # Another client is not affected; old attempts expire.
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert other.post(reverse("answers:code"), {"code": "RIGHT123"}).status_code == 302
    CodeAttempt.objects.update(created_at=timezone.now() - timedelta(hours=2))
    assert client.post(reverse("answers:code"), {"code": "right123"}).status_code == 302
    assert invitation.answered_at is None


@pytest.mark.parametrize(
    ("status", "days", "message"),
    [
        (
            CampaignStatus.CLOSED,
            5,
            "Henvendelsen er lukket, så det er ikke længere muligt at svare",
        ),
        (CampaignStatus.SENT, -1, "Fristen for at svare var"),
        (CampaignStatus.SAMPLED, 5, "Der kan ikke svares på henvendelsen endnu."),
    ],
)
def test_a_closed_or_late_campaign_says_so_and_takes_no_answer(client, status, days, message):
    until = timezone.localdate() + timedelta(days=days)
    invitation = InvitationFactory(campaign__status=status, campaign__answer_until=until)
    assert message in client.get(token_url(invitation)).content.decode()
    client.post(token_url(invitation), {"text": "For sent"})
    assert not Answer.objects.exists()
    with pytest.raises(ValidationError) as error:
        services.answer_submit(invitation=invitation, text="For sent")
    assert message in error.value.messages[0]


def test_the_last_day_still_takes_answers(client):
    invitation = InvitationFactory(campaign__answer_until=timezone.localdate())
    assert client.post(token_url(invitation), {"text": "I sidste øjeblik"}).status_code == 302


def test_an_empty_answer_is_refused_in_danish(client):
    invitation = InvitationFactory()
    response = client.post(token_url(invitation), {"text": "  "})
    assert response.status_code == 400
    assert "Skriv et svar, eller sig ja til at være med." in response.content.decode()
    assert not Answer.objects.exists()
    assert Invitation.objects.get().answered_at is None


def test_a_volunteer_must_say_how_to_be_contacted(client):
    invitation = InvitationFactory(campaign__body=BodyFactory())
    response = client.post(token_url(invitation), {"wants_assembly": "on", "phone": "abc"})
    content = response.content.decode()
    assert response.status_code == 400
    assert "Skriv dit navn, så vi kan kontakte dig." in content
    assert "Skriv telefonnummeret med tal" in content
    response = client.post(token_url(invitation), {"wants_working_group": "on", "name": "Ib"})
    assert "Skriv en e-mailadresse eller et telefonnummer" in response.content.decode()
    assert not Answer.objects.exists()


def test_a_volunteer_gets_a_receipt_saying_what_happens_next(client, committed):
    invitation = InvitationFactory(campaign__body=BodyFactory(name="Borgerpanelet om klima"))
    with committed():
        client.post(
            token_url(invitation),
            {
                "text": "Klima",
                "wants_assembly": "on",
                "name": "Ida Frivillig",
                "email": "IDA@example.dk",
                "phone": "12 34 56 78",
                "education": "vocational",
            },
        )
    answer = Answer.objects.get()
    assert (answer.wants_assembly, answer.email, answer.education) == (
        True,
        "ida@example.dk",
        "vocational",
    )
    email = Email.objects.get(kind="outreach_volunteer_confirm")
    assert email.to == "ida@example.dk"
    assert "Hej Ida Frivillig" in email.body
    assert "Medlemmerne af Borgerpanelet om klima trækkes ved lodtrækning" in email.body
    assert "Når henvendelsen lukker, sletter vi dem." in email.body
    assert "Vi har sendt dig en e-mail" in client.get(reverse("answers:thanks")).content.decode()


def test_contact_details_without_a_yes_are_not_kept():
    invitation = InvitationFactory()
    answer = services.answer_submit(
        invitation=invitation, text="Stier", name="Ib", email="ib@example.dk", education="primary"
    )
    assert (answer.name, answer.email, answer.education) == ("", "", "")


def test_the_assembly_cannot_be_chosen_without_a_body():
    answer = services.answer_submit(
        invitation=InvitationFactory(), text="Ja", wants_assembly=True, name="Ib", phone="12345678"
    )
    assert answer.wants_assembly is False


def test_a_stale_invitation_cannot_answer_twice():
    invitation = InvitationFactory()
    stale = Invitation.objects.get(pk=invitation.pk)
    services.answer_submit(invitation=invitation, text="Først")
    with pytest.raises(services.AlreadyAnswered):
        services.answer_submit(invitation=stale, text="Igen")
    assert Answer.objects.count() == 1


def test_the_database_holds_one_answer_per_invitation():
    """If an answer exists that the invitation does not yet show (a crossing request),
    the one-to-one key refuses the second and the service says so."""
    invitation = InvitationFactory()
    Answer.objects.create(invitation=invitation, campaign=invitation.campaign, text="Først")
    with pytest.raises(services.AlreadyAnswered):
        services.answer_submit(invitation=invitation, text="Igen")
    assert Answer.objects.count() == 1
    assert Invitation.objects.get().answered_at is None  # nothing half-done
