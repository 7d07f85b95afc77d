"""Who may read the audit trail: the authority's administrators and signers (its own entries)."""

import rules

from organizations.rules import is_administrator, is_signer

rules.add_perm("audit.view_trail", is_administrator | is_signer)
