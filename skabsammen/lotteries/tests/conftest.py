import pytest

from skabsammen.lotteries import services


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run a draw and its task (queued on commit) to the end."""

    def go(draw, actor, seed="42"):
        with django_capture_on_commit_callbacks(execute=True):
            services.draw_run(actor=actor, draw=draw, seed=seed)
        draw.refresh_from_db()
        return draw

    return go
