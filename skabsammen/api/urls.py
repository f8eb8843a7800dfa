from ninja import NinjaAPI

from skabsammen.bridges.api import router as bridges_router
from skabsammen.committees.api import router as committees_router
from skabsammen.initiatives.api import router as initiatives_router
from skabsammen.lotteries.api import router as lotteries_router
from skabsammen.policies.api import router as policies_router
from skabsammen.themes.api import router as themes_router

from .base import install_error_handlers

api = NinjaAPI(
    title="Skab Sammen API",
    version="1",
    description=(
        "Public data about citizens' ideas and the municipality's work with them, "
        "the agendas and minutes of its committees, and its lotteries (anonymised). "
        "Reading public data needs no token; writing needs a personal token "
        "(`manage.py create_api_token EMAIL --role ROLE`) sent as "
        '`Authorization: Bearer TOKEN`. Errors are JSON `{"detail", "code"}`.'
    ),
    urls_namespace="api",
)
install_error_handlers(api)
api.add_router("/initiatives", initiatives_router)
api.add_router("", committees_router)
api.add_router("/lotteries", lotteries_router)
api.add_router("/themes", themes_router)
api.add_router("/policies", policies_router)
api.add_router("", bridges_router)
