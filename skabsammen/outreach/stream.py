"""Answers in the common stream of citizen input (see skabsammen.citizeninput).

The answers are anonymous, so they may be quoted; the stream gets the text and the
stratum, never the volunteer's contact details, so nothing there needs deleting when
the campaign closes.
"""

from django.utils.translation import gettext_lazy as _

from skabsammen.citizeninput.sources import Entry, Source, register

from .models import Answer

CHANNEL = "outreach"


def answer_entry(answer: Answer) -> Entry:
    return Entry(
        text=answer.text,
        said_at=answer.created_at,
        channel=CHANNEL,
        district=answer.district,
        age_band=answer.age_band,
        quotable=True,
    )


def register_source() -> None:
    register(
        Source(
            name="outreach.answer",
            label=_("Answers to personal invitations"),
            model=Answer,
            entry=answer_entry,
            queryset=lambda: Answer.objects.only(
                "pk", "text", "created_at", "district", "age_band"
            ),
        )
    )
