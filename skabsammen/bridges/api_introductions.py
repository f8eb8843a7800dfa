"""API: introductions."""

from ninja import Router

router = Router(tags=["bridges"])
