"""Who may use Phòng Nội vụ's desk (django-rules). The actions on a dossier or a nominee are the
nominations tables' permissions (nominations/rules.py); whether an action is legal in the current
state is decided by those tables."""

import rules

from organizations.rules import is_appraiser

rules.add_perm("appraisal.use_desk", is_appraiser)
