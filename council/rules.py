"""Who may do what with the council (django-rules): the only place these rights are decided.
Whether an action is legal in a session's state is the transitions table's business
(enums.SESSION_TRANSITIONS); whether a ballot may still change is the services'."""

from __future__ import annotations

import rules
from django.utils.translation import gettext as _

from campaigns.enums import RecipientKind
from organizations.models import Authority
from organizations.rules import is_administrator, is_council_secretary, is_signer
from organizations.vietnamese import fold


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


def conflict_of_interest(person, nominee, *, own_unit_rule: bool) -> str | None:
    """Why `person` may not vote on `nominee` (he is the nominee, or of the nominee's unit where
    the council's setting says so), or None. Users hold no birth date and nominees no linked
    account, so "the same person" is the same folded name in the same authority."""
    dossier = nominee.dossier
    if (
        nominee.kind == RecipientKind.INDIVIDUAL
        and person.authority_id == dossier.campaign.authority_id
        and fold(person.full_name)[:255] == nominee.name_key
    ):
        return _("Thành viên là người được đề nghị khen thưởng.")
    if own_unit_rule and person.unit_id is not None and person.unit_id == dossier.unit_id:
        return _("Thành viên thuộc đơn vị có tập thể, cá nhân được đề nghị.")
    return None
