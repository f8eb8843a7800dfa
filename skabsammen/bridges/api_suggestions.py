"""API: suggestions."""

from ninja import Router

router = Router(tags=["bridges"])
