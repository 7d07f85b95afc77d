"""Who may do what with documents waiting for signature: the only place these rights are decided.
Whether a move is legal in the current state is decided by SIGNOFF_TRANSITIONS (enums.py)."""

from __future__ import annotations

import rules


@rules.predicate
def is_the_signer(user, request) -> bool:
    return request is not None and user.is_authenticated and request.signer_id == user.pk


@rules.predicate
def may_withdraw(user, request) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    from .signoff import UnknownProvider, get_provider

    if request is None or not user.is_authenticated:
        return False
    try:
        provider = get_provider(request.kind)
        obj = provider.load(request.object_id)
    except (UnknownProvider, ObjectDoesNotExist, ValueError):
        return False
    return bool(provider.can_withdraw(user, obj))


@rules.predicate
def has_signer_page(user) -> bool:
    """Leaders, and anyone something was ever sent to for signature (an office's head)."""
    from organizations.enums import SIGNER_ROLES

    from .models import SignOffRequest

    if not user.is_authenticated:
        return False
    return user.has_role(*SIGNER_ROLES) or SignOffRequest.objects.filter(signer=user).exists()


rules.add_perm("documents.decide_signoff", is_the_signer)
rules.add_perm("documents.withdraw_signoff", may_withdraw)
rules.add_perm("documents.view_signoff", is_the_signer | may_withdraw)
rules.add_perm("documents.use_signer_page", has_signer_page)


@rules.predicate
def passes_two_factor(user) -> bool:
    """A signer whose authority requires two-factor login signs only after entering a code."""
    from organizations.two_factor import passes_two_factor as passes

    return passes(user)


# Approving is signing: it also needs the two-factor code where the authority requires it, so
# every stage's signing (plans, decisions, certificates) inherits the rule.
rules.add_perm("documents.approve_signoff", is_the_signer & passes_two_factor)
