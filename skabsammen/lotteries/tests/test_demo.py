import time

import pytest

from skabsammen.committees.models import ApplicationStatus
from skabsammen.lotteries import demo
from skabsammen.lotteries.models import DrawStatus
from skabsammen.mail.models import Email
from skabsammen.mail.services import muted
from skabsammen.municipality import demo as municipality_demo

pytestmark = pytest.mark.django_db


def test_the_demo_lottery_is_drawn_quickly_and_tells_no_one(django_capture_on_commit_callbacks):
    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=True), muted():
        draw = demo.load(municipality_demo.load())
    assert time.monotonic() - started < 10
    draw.refresh_from_db()
    assert draw.status == DrawStatus.DRAWN and draw.seed == demo.SEED
    appointed = draw.body.applications.filter(status=ApplicationStatus.APPOINTED)
    assert appointed.count() == demo.SEATS == draw.entries.filter(selected=True).count()
    assert draw.body.applications.filter(status=ApplicationStatus.APPLIED).count() == 13
    assert not Email.objects.exists()
