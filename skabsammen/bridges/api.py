"""API: the public directory, suggestions for an idea (staff), introductions."""

from ninja import Router

from .api_directory import router as directory_router
from .api_introductions import router as introductions_router
from .api_suggestions import router as suggestions_router

router = Router(tags=["bridges"])
router.add_router("", directory_router)
router.add_router("", suggestions_router)
router.add_router("", introductions_router)
