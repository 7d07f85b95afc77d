"""Who may use Phòng Nội vụ's desk (django-rules). Whether an action is legal for the dossier's
state is decided by the services."""

import rules

from organizations.rules import is_appraiser

rules.add_perm("nominations.appraise", is_appraiser)
