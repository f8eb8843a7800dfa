"""Who may do what with the directory, suggestions and introductions.

Staff keep the directory and see suggestions and figures; a citizen answers for her own
idea; a contact answers through an e-mail link and needs no account.
"""

import rules

from skabsammen.common.rules import is_municipal_staff
from skabsammen.initiatives.rules import is_owner

rules.add_rule("bridges.manage_directory", is_municipal_staff)
rules.add_rule("bridges.view_suggestions", is_municipal_staff)
rules.add_rule("bridges.propose_introduction", is_municipal_staff)
rules.add_rule("bridges.view_figures", is_municipal_staff)
# The owners of an idea answer for it, and may ask for contact with a similar public idea.
rules.add_rule("bridges.answer_for_initiative", is_owner)
rules.add_rule("bridges.request_contact", is_owner)
