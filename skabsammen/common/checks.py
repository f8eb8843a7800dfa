from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def outbox_is_off_in_production(app_configs, **kwargs):
    """The outbox page shows every e-mail, sign-in links included: development only."""
    if settings.EMAIL_OUTBOX:
        return [
            Error(
                "EMAIL_OUTBOX is on: staff can read every e-mail, sign-in links included.",
                hint="Set EMAIL_OUTBOX=false in production.",
                id="skabsammen.E001",
            )
        ]
    return []
