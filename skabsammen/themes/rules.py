"""Who may do what with themes: the municipality's staff start runs and curate; the
current themes are public through the API (labels, sizes and growth only)."""

import rules

from skabsammen.common.rules import is_municipal_staff

rules.add_rule("themes.view", is_municipal_staff)
rules.add_rule("themes.manage", is_municipal_staff)
