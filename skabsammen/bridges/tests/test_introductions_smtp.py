"""The e-mail with everybody's details reaches both sides over real SMTP: one message,
to one side and cc the other."""

import pytest

from skabsammen.bridges.models import Answer
from skabsammen.bridges.services import introductions as services
from skabsammen.mail.models import Email

from .introduction_helpers import NOTE, propose, with_contact
from .suggestion_helpers import _suggestion_settings  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db(transaction=True)


def test_both_addresses_receive_the_accepted_email(smtp_inbox, settings):
    settings.EMAIL_OUTBOX = True  # keep the link's secret after sending, to follow it here
    sides = with_contact()
    introduction = propose(sides)
    services.introduction_answer_owner(
        actor=sides.owner, introduction=introduction, answer=Answer.YES
    )
    asked = Email.objects.get(kind="bridges_intro_asked_contact")
    (sent_to_contact,) = smtp_inbox.to(sides.contact.email)
    body = sent_to_contact.get_body().get_content()
    assert asked.secret in body  # the working link left with the e-mail
    services.introduction_answer_contact(token=asked.secret, answer=Answer.YES)

    accepted = [m for m in smtp_inbox.messages if "begge sagt ja" in m["Subject"]]
    assert len(accepted) == 1
    message = accepted[0]
    assert message["To"] == sides.owner.email and message["Cc"] == sides.contact.email
    text = message.get_body().get_content()
    for detail in ("Annelise Hemmeligsen", "Kirsten Kontaktsen", "99 88 77 66", NOTE):
        assert detail in text
    assert Email.objects.get(kind="bridges_intro_accepted").status == Email.Status.SENT
