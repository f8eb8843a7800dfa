"""Who may do what with lotteries: the secretariat prepares and runs draws; everyone may
read a draw's public page and download its anonymised inputs."""

import rules

from skabsammen.committees.rules import is_secretariat

rules.add_rule("lotteries.manage", is_secretariat)
