"""Every change to an idea goes through these functions: the rule, the permission, the
audit event and the e-mail. Views, the API, commands and the demo call them."""

from skabsammen.accounts.services import RateLimited

from .base import clean_content
from .intake import (
    CONFIRM_LINK_LIFETIME,
    OWNERSHIP_LINK_LIFETIME,
    initiative_register_on_behalf,
    initiative_request_confirmation,
    initiative_submit,
    owner_invite,
    ownership_add,
    ownership_invitation_resend,
)
from .reminders import reminders_send
from .workflow import (
    initiative_assign,
    initiative_edit,
    initiative_transition,
    message_post,
    partner_role_add,
    partner_role_remove,
)

__all__ = [
    "CONFIRM_LINK_LIFETIME",
    "OWNERSHIP_LINK_LIFETIME",
    "RateLimited",
    "clean_content",
    "initiative_assign",
    "initiative_edit",
    "initiative_register_on_behalf",
    "initiative_request_confirmation",
    "initiative_submit",
    "initiative_transition",
    "message_post",
    "owner_invite",
    "ownership_add",
    "ownership_invitation_resend",
    "partner_role_add",
    "partner_role_remove",
    "reminders_send",
]
