"""/api/v1/lotteries: every draw's public record, anonymised as on its page.

The pool is rows only (no names, e-mail addresses or households); the downloads are
the command line's own files, so anyone can run the draw again.
"""

from datetime import datetime

from django.conf import settings
from django.urls import reverse
from ninja import Router, Schema

from . import selectors
from .models import Draw

router = Router(tags=["lotteries"])


class QuotaOut(Schema):
    category: str
    value: str
    min: int
    max: int


class DownloadsOut(Schema):
    categories: str
    respondents: str
    result: str | None


class DrawOut(Schema):
    id: int
    url: str
    purpose: str
    body: str | None
    status: str
    algorithm: str
    k: int
    pool_size: int
    household_rule: bool
    inputs_sha256: str
    inputs_fixed_at: datetime | None
    seed: str
    seed_set_at: datetime | None
    drawn_at: datetime | None


class DrawDetailOut(DrawOut):
    quotas: list[QuotaOut]
    panel: list[int]
    probabilities: list[float]
    min_probability: float | None
    panels: int
    failure: str
    record: dict
    downloads: DownloadsOut


def _url(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, args=[pk])


def _draw_out(draw: Draw) -> dict:
    return {
        "id": draw.pk,
        "url": settings.SITE_URL + draw.get_absolute_url(),
        "purpose": draw.purpose,
        "body": draw.body.slug if draw.body_id else None,
        "status": draw.status,
        "algorithm": draw.algorithm,
        "k": draw.k,
        "pool_size": draw.pool_size,
        "household_rule": draw.household_rule,
        "inputs_sha256": draw.inputs_sha256,
        "inputs_fixed_at": draw.inputs_fixed_at,
        "seed": draw.seed,
        "seed_set_at": draw.seed_set_at,
        "drawn_at": draw.drawn_at,
    }


@router.get("", response=list[DrawOut], summary="Draws: purpose, inputs' SHA-256, seed, status")
def list_draws(request):
    return [_draw_out(d) for d in selectors.draws_public()]


@router.get(
    "/{int:draw_id}",
    response=DrawDetailOut,
    summary="One draw: quotas, the drawn rows and every row's chance",
)
def get_draw(request, draw_id: int):
    page = selectors.draw_page(draw_id)
    draw = page.draw
    return _draw_out(draw) | {
        "quotas": [
            {"category": q.category, "value": q.value, "min": q.min, "max": q.max}
            for q in draw.quota_list
        ],
        "panel": page.panel,
        "probabilities": [c.probability for c in page.chances],
        "min_probability": page.min_probability,
        "panels": page.panels,
        "failure": draw.failure,
        "record": draw.record,
        "downloads": {
            "categories": _url("lotteries:categories", draw.pk),
            "respondents": _url("lotteries:respondents", draw.pk),
            "result": _url("lotteries:result", draw.pk) if draw.is_drawn else None,
        },
    }
