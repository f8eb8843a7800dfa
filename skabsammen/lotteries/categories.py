"""The facts a draw of citizens may balance on, and their Danish names.

Committee applications and outreach volunteers both give these four; the pool's columns
are named in Danish whatever the reader's language, so that the downloads are the same
for everyone.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

# In the order the quotas list them.
CATEGORIES = ("gender", "age_band", "district", "education")


def category_names() -> dict[str, str]:
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "gender": _("Gender"),
            "age_band": _("Age band"),
            "district": _("District"),
            "education": _("Education"),
        }
