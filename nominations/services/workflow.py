"""The single place where a dossier changes state."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import record
from organizations.enums import Role
from organizations.models import User

from ..enums import TRANSITIONS, DossierAction, DossierStatus
from ..models import Dossier


class DossierTransitionError(Exception):
    """A refused action; its message is shown to the user as is (Vietnamese)."""


def actor_may(actor: User, action: str, dossier: Dossier) -> bool:
    """Who may do it: the role the table names, within the dossier's scope."""
    transition = TRANSITIONS[action]
    if not actor.is_authenticated or not actor.is_active:
        return False
    if not actor.has_role(*transition.roles):
        return False
    if Role.CLERK in transition.roles and actor.has_role(Role.CLERK):
        if actor.unit_id == dossier.unit_id:
            return True
        if not actor.has_role(*(transition.roles - {Role.CLERK})):
            return False
    return actor.authority_id == dossier.campaign.authority_id


def transition_dossier(
    *,
    actor: User,
    dossier: Dossier,
    action: str,
    comment: str = "",
    data: dict[str, Any] | None = None,
    expected_version: int | None = None,
    guard: Callable[[Dossier], None] | None = None,
    apply: Callable[[Dossier], None] | None = None,
) -> Dossier:
    """Move a dossier by `action`, or refuse with DossierTransitionError.

    Locks the row, re-checks the actor's right and the transition's legality on the locked row,
    runs `guard` (raise DossierTransitionError to refuse) and `apply` (set the fields that go
    with the action), saves, and writes the audit entry in the same transaction.
    Side effects (mail, notifications) belong in transaction.on_commit in the caller's service.
    """
    if action not in TRANSITIONS:
        raise DossierTransitionError(_("Thao tác không hợp lệ."))
    transition = TRANSITIONS[action]
    with transaction.atomic():
        locked = (
            Dossier.objects.select_for_update()
            .select_related("campaign", "unit")
            .get(pk=dossier.pk)
        )
        if not actor_may(actor, action, locked):
            raise DossierTransitionError(
                _("Anh/chị không có quyền thực hiện thao tác “%(action)s” với hồ sơ này.")
                % {"action": DossierAction(action).label}
            )
        if expected_version is not None and locked.version != expected_version:
            raise DossierTransitionError(
                _("Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem bản mới nhất.")
            )
        if locked.status not in transition.sources:
            raise DossierTransitionError(
                _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
                % {
                    "action": DossierAction(action).label,
                    "status": DossierStatus(locked.status).label,
                }
            )
        if guard is not None:
            guard(locked)
        from_state = locked.status
        locked.status = transition.target
        if apply is not None:
            apply(locked)
        locked.version += 1
        locked.save()
        record(
            actor=actor,
            action=f"dossier.{action}",
            target=locked,
            authority=locked.campaign.authority,
            from_state=from_state,
            to_state=locked.status,
            comment=comment,
            data=data,
        )
    dossier.refresh_from_db()
    return dossier
