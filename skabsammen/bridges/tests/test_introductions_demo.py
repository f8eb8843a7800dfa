"""The demo's introductions: one where both said yes (on the timeline), one waiting for a
contact, one waiting for the idea's owners; loading twice adds nothing."""

import pytest

from skabsammen.bridges import demo_introductions
from skabsammen.bridges.models import Introduction, IntroductionStatus, Organisation
from skabsammen.initiatives import demo as initiatives_demo
from skabsammen.initiatives.models import TimelineEvent
from skabsammen.mail.models import Email
from skabsammen.municipality import demo as municipality_demo

pytestmark = pytest.mark.django_db


def test_the_demo_introductions_load_once_with_their_directory(client):
    initiatives_demo.load(municipality_demo.load())
    assert not Organisation.objects.exists()
    assert demo_introductions.load_introductions() == 3
    assert Organisation.objects.exists()  # the demo directory was loaded first
    statuses = sorted(Introduction.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [
            IntroductionStatus.ACCEPTED,
            IntroductionStatus.ASKING_OTHER,
            IntroductionStatus.ASKING_OWNERS,
        ]
    )
    accepted = Introduction.objects.get(status=IntroductionStatus.ACCEPTED)
    event = TimelineEvent.objects.get(kind=TimelineEvent.Kind.BRIDGE)
    assert event.initiative == accepted.initiative and event.text == "Ordrup Naturvenner"
    waiting = Introduction.objects.get(status=IntroductionStatus.ASKING_OTHER)
    assert waiting.contact_token_hash  # the contact's link works
    assert not Email.objects.filter(kind__startswith="bridges_intro").exists()  # muted

    assert demo_introductions.load_introductions() == 0
    assert Introduction.objects.count() == 3
    html = client.get(accepted.initiative.get_absolute_url()).content.decode()
    assert "I kontakt med Ordrup Naturvenner" in html and "Birthe" not in html
