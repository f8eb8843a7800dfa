"""Who may do what with personal invitations: the secretariat runs the campaigns.

The people in a register extract are never shown to anyone else; the answer pages need
only the personal link or code.
"""

import rules

from skabsammen.committees.rules import is_secretariat

rules.add_rule("outreach.manage", is_secretariat)
