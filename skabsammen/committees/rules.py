"""Who may do what in committees: the secretariat runs them, everyone reads what is public.

Closed agenda items (Lukket) show only their title to anyone but the secretariat and
administrators, in pages, documents and the API alike.
"""

import rules

from skabsammen.accounts.models import Role
from skabsammen.common.rules import is_municipal_staff, is_signed_in


@rules.predicate
def is_secretariat(user) -> bool:
    return is_signed_in(user) and user.role in (Role.SECRETARIAT, Role.ADMINISTRATOR)


rules.add_rule("committees.manage", is_secretariat)
rules.add_rule("committees.view_closed_items", is_secretariat)
rules.add_rule("committees.view_planned_meetings", is_secretariat)
rules.add_rule("committees.import_minutes", is_secretariat)
# Kvalificering: anyone signed in may comment on a draft of the principles.
rules.add_rule("committees.comment_principles", is_signed_in)
# Seats for citizens: the municipality's own staff do not apply.
rules.add_rule("committees.apply", is_signed_in & ~is_municipal_staff)
