"""The demo campaign loads quickly and gives the results page something to show."""

import time

import pytest
from django.urls import reverse

from skabsammen.citizeninput.models import CitizenInput
from skabsammen.mail.services import muted
from skabsammen.outreach import demo
from skabsammen.outreach.models import Campaign

pytestmark = pytest.mark.django_db


def test_the_demo_campaign(client_for, secretariat, django_capture_on_commit_callbacks):
    started = time.monotonic()
    with muted(), django_capture_on_commit_callbacks(execute=True):
        answered = demo.load()
    assert time.monotonic() - started < 5
    campaign = Campaign.objects.get()
    assert answered > 10 and campaign.answers.count() == answered
    assert campaign.answers.filter(wants_assembly=True).exists()
    assert CitizenInput.objects.filter(channel="outreach").count() == answered
    page = client_for(secretariat).get(reverse("outreach:results", args=[campaign.pk]))
    content = page.content.decode()
    assert '<th scope="row">Hellerup</th>' in content
    assert "Træk et borgerpanel blandt de frivillige" in content
