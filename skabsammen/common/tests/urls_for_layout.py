"""A URLconf for the layout tests: the common pages plus stand-ins for every URL name the
layout links to, so that the layout can be tested on its own."""

from django.urls import include, path

from skabsammen.common import views


def _stand_ins(namespace, *routes):
    patterns = [path(route, views.home, name=name) for route, name in routes]
    return include((patterns, namespace))


urlpatterns = [
    path("", include("skabsammen.common.urls")),
    path("konto/", _stand_ins("accounts", ("log-ind/", "sign_in"), ("log-ud/", "sign_out"))),
    path(
        "initiativer/",
        _stand_ins(
            "initiatives",
            ("", "list"),
            ("ny/", "create"),
            ("mine/", "mine"),
            ("medarbejder/", "dashboard"),
        ),
    ),
    path("udvalg/", _stand_ins("committees", ("", "list"))),
    path("politikker/", _stand_ins("policies", ("", "list"))),
    path("lodtraekninger/", _stand_ins("lotteries", ("", "list"))),
    path("henvendelser/", _stand_ins("outreach", ("", "list"))),
    path("temaer/", _stand_ins("themes", ("", "page"))),
    path("broer/", _stand_ins("bridges", ("organisationer/", "directory"), ("", "overview"))),
    path("udbakke/", _stand_ins("mail", ("", "outbox"))),
    path("revisionslog/", _stand_ins("audit", ("", "list"))),
    path("i18n/", include("django.conf.urls.i18n")),
]
