"""Who may do what to policies: the municipality's staff keep the register and link ideas
to it; everyone reads the active policies."""

import rules

from skabsammen.common.rules import is_municipal_staff

rules.add_rule("policies.manage", is_municipal_staff)
rules.add_rule("policies.view_inactive", is_municipal_staff)
# The contact person, or any colleague building bridges, links an idea to a policy.
rules.add_rule("policies.link_initiative", is_municipal_staff)
