"""Who may do what with the council (django-rules): the only place these rights are decided.
Whether an action is legal in a session's state is the transitions table's business
(enums.SESSION_TRANSITIONS); whether a ballot may still change is the services'."""

from __future__ import annotations

import rules

from organizations.models import Authority
from organizations.rules import is_administrator, is_council_secretary, is_signer


def _authority_id(obj) -> int | None:
    """The authority (or the authority of a council, a session, a session member, an item)."""
    if isinstance(obj, Authority):
        return obj.pk
    for path in ("authority_id", "council.authority_id", "session.council.authority_id"):
        value = obj
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    return None


def _session(obj):
    return getattr(obj, "session", obj)


@rules.predicate
def is_of_authority(user, obj) -> bool:
    if obj is None:
        return user.authority_id is not None
    return user.authority_id is not None and user.authority_id == _authority_id(obj)


@rules.predicate
def is_session_member(user, obj) -> bool:
    if obj is None:
        return False
    session = _session(obj)
    return session.members.filter(person_id=user.pk).exists()


@rules.predicate
def is_voting_member(user, obj) -> bool:
    if obj is None:
        return False
    session = _session(obj)
    return session.members.filter(person_id=user.pk, votes=True).exists()


is_authority_secretary = is_council_secretary & is_of_authority
is_authority_admin = is_administrator & is_of_authority

# The council, its members and its rules: the administrator or the secretary.
rules.add_perm("council.manage", is_authority_admin | is_authority_secretary)
# Calling, opening, attendance, written ballots, reminders, closing: the secretary.
rules.add_perm("council.run_session", is_authority_secretary)
rules.add_perm("council.close_session", is_authority_secretary)
# Reading a session (agenda, results, documents): its members, the secretary, the signers and
# the administrator of the authority.
rules.add_perm(
    "council.view_session",
    (is_session_member & is_of_authority)
    | is_authority_secretary
    | (is_signer & is_of_authority)
    | is_authority_admin,
)
# Casting a ballot: a member of the session with a vote.
rules.add_perm("council.vote", is_voting_member & is_of_authority)
