"""API: the public directory, suggestions for an idea (staff), introductions."""

from ninja import Router

router = Router(tags=["bridges"])
