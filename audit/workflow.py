"""The one way a workflow object changes state.

Each workflow (campaign, campaign question, dossier, nominee, and the council sessions and
decisions to come) declares a `Workflow`: its model, the field that holds the state, the actions
with their allowed source states, target state and the permission (a django-rules name, defined in
the owning app's `rules.py`) that says who may take them. `transition()` and `transition_many()`
are the only code that assigns a workflow state; a test greps the code for any other assignment.

Each call, in one database transaction:
  1. locks the row(s) (`select_for_update`, many rows in primary-key order),
  2. checks, on the locked row, the actor's permission, the expected version and that the action
     is allowed from the current state,
  3. runs the caller's `prepare(locked)`: it may refuse (raise TransitionError) and set the fields
     that go with the action, but never the state (checked),
  4. sets the target state, bumps the version, saves,
  5. writes one audit entry per object,
  6. runs the caller's `after(locked)` for records written with the change (notifications, outbox
     messages, snapshots); side effects outside the database leave through the outbox on commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from django.db import connections, models, transaction
from django.utils.translation import gettext as _

from .context import note_refusal
from .services import record

M = TypeVar("M", bound=models.Model)


class TransitionError(Exception):
    """A refused action. Its message is shown to the user as it is (Vietnamese).

    `errors` optionally maps form field names to messages, for forms that show them next to the
    field; `code` tells refusals apart for callers and tests.
    """

    def __init__(
        self,
        message: str = "",
        *,
        code: str = "refused",
        errors: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        self.code = code
        self.errors = {k: list(v) for k, v in (errors or {}).items()}
        if not message and self.errors:
            message = " ".join(m for msgs in self.errors.values() for m in msgs)
        self.message = str(message)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    @property
    def messages(self) -> list[str]:
        """Every message: the field errors', or the one message."""
        found = [m for msgs in self.errors.values() for m in msgs]
        return found or [self.message]


@dataclass(frozen=True)
class Transition:
    """One action: the states it may start from, the state it leads to, who may take it."""

    sources: frozenset[str]
    target: str
    permission: str


@dataclass(frozen=True)
class Workflow(Generic[M]):
    """The states and actions of one model, and how to name them in messages and the audit."""

    name: str  # audit action prefix: "dossier" → "dossier.submit"
    model: type[M]
    states: type[models.TextChoices]
    actions: type[models.TextChoices]
    transitions: Mapping[str, Transition]
    refused_message: str  # "… quyền thực hiện thao tác “%(action)s” với hồ sơ này."
    state_message: str  # "Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(state)s”."
    stale_message: str  # "Hồ sơ vừa được người khác thay đổi…"
    state_field: str = "status"
    version_field: str | None = "version"
    select_related: tuple[str, ...] = ()
    authority_of: Callable[[M], Any] = field(default=lambda obj: getattr(obj, "authority", None))
    # Why a refused actor may not act although his role would let him (separation of duties):
    # a message, or None for the generic refusal. It explains a refusal; the rules decide it.
    refusal_reason: Callable[[Any, M, str], str | None] | None = None

    def __post_init__(self) -> None:
        states = set(self.states.values)
        for action, t in self.transitions.items():
            if action not in self.actions.values:
                raise ValueError(f"{self.name}: unknown action {action!r}")
            if not t.sources <= states or t.target not in states:
                raise ValueError(f"{self.name}.{action}: unknown state")

    def state_of(self, obj: M) -> str:
        return getattr(obj, self.state_field)

    def can(self, actor: Any, obj: M, action: str) -> bool:
        """Whether the actor may take the action on the object now (state and permission), for
        showing or hiding buttons. The service call re-checks on the locked row."""
        t = self.transitions.get(action)
        return (
            t is not None
            and self.state_of(obj) in t.sources
            and bool(actor.has_perm(t.permission, obj))
        )

    def actions_from(self, state: str) -> list[str]:
        return [a for a, t in self.transitions.items() if state in t.sources]

    def _label(self, choices: type[models.TextChoices], value: str) -> str:
        try:
            return str(choices(value).label)
        except ValueError:
            return value

    def check(
        self, *, actor: Any, locked: M, action: str, expected_version: int | None = None
    ) -> Transition:
        """Refuse with TransitionError unless the actor may take `action` on the locked row."""
        t = self.transitions.get(action)
        if t is None:
            raise TransitionError(_("Thao tác không hợp lệ."), code="unknown_action")
        label = self._label(self.actions, action)
        if actor is None or not getattr(actor, "is_authenticated", False):
            raise TransitionError(self.refused_message % {"action": label}, code="forbidden")
        if not actor.is_active or not actor.has_perm(t.permission, locked):
            note_refusal(
                action=f"{self.name}.{action}", target=locked, authority=self.authority_of(locked)
            )
            reason = self.refusal_reason(actor, locked, action) if self.refusal_reason else None
            if reason:
                raise TransitionError(reason, code="conflict")
            raise TransitionError(self.refused_message % {"action": label}, code="forbidden")
        if (
            expected_version is not None
            and self.version_field
            and getattr(locked, self.version_field) != expected_version
        ):
            raise TransitionError(self.stale_message, code="stale")
        state = self.state_of(locked)
        if state not in t.sources:
            raise TransitionError(
                self.state_message % {"action": label, "state": self._label(self.states, state)},
                code="illegal_state",
            )
        return t


def _apply(
    workflow: Workflow[M],
    *,
    actor: Any,
    locked: M,
    action: str,
    transition: Transition,
    comment: str,
    data: dict[str, Any] | None,
    prepare: Callable[[M], None] | None,
) -> tuple[str, dict[str, Any]]:
    from_state = workflow.state_of(locked)
    audit_data = data if data is not None else {}
    if prepare is not None:
        prepare(locked)
        if workflow.state_of(locked) != from_state:
            raise RuntimeError(f"{workflow.name}.{action}: prepare() must not change the state")
    setattr(locked, workflow.state_field, transition.target)
    if workflow.version_field:
        setattr(locked, workflow.version_field, getattr(locked, workflow.version_field) + 1)
    locked.save()
    record(
        actor=actor,
        action=f"{workflow.name}.{action}",
        target=locked,
        authority=workflow.authority_of(locked),
        from_state=from_state,
        to_state=transition.target,
        comment=comment,
        data=audit_data,
    )
    return from_state, audit_data


def _lock(workflow: Workflow[M], pks: Iterable[Any]) -> list[M]:
    """Lock the workflow's own rows (not the related rows read with them) in primary-key order."""
    manager = workflow.model._default_manager
    if connections[manager.db].features.has_select_for_update_of:
        qs = manager.select_for_update(of=("self",))
    else:
        qs = manager.select_for_update()
    return list(qs.select_related(*workflow.select_related).filter(pk__in=list(pks)).order_by("pk"))


def transition(
    workflow: Workflow[M],
    *,
    actor: Any,
    obj: M,
    action: str,
    expected_version: int | None = None,
    comment: str = "",
    data: dict[str, Any] | None = None,
    prepare: Callable[[M], None] | None = None,
    after: Callable[[M], None] | None = None,
) -> M:
    """Move one object by `action`, or refuse with TransitionError and change nothing.

    `data` is recorded in the audit entry; `prepare` and `after` may add to it (it is the same
    dict). Returns the object, refreshed from the database.
    """
    data = {} if data is None else data
    with transaction.atomic():
        found = _lock(workflow, [obj.pk])
        if not found:
            raise TransitionError(_("Không tìm thấy đối tượng cần xử lý."), code="missing")
        locked = found[0]
        t = workflow.check(
            actor=actor, locked=locked, action=action, expected_version=expected_version
        )
        _apply(
            workflow,
            actor=actor,
            locked=locked,
            action=action,
            transition=t,
            comment=comment,
            data=data,
            prepare=prepare,
        )
        if after is not None:
            after(locked)
            if workflow.state_of(locked) != t.target:
                raise RuntimeError(f"{workflow.name}.{action}: after() must not change the state")
    obj.refresh_from_db()
    return obj


def transition_many(
    workflow: Workflow[M],
    *,
    actor: Any,
    objs: Iterable[M],
    action: str | Callable[[M], str],
    comment: str = "",
    data: Callable[[M], dict[str, Any]] | None = None,
    prepare: Callable[[M], None] | None = None,
    after: Callable[[list[M]], None] | None = None,
) -> list[M]:
    """Move many objects in one transaction (closing a council session, signing a decision).

    Rows are locked in primary-key order (so two batches never deadlock), every one is checked
    before any is changed (all or nothing), one audit entry is written per object, and `after`
    runs once with every moved row (one commit hook for the batch). `action` may be a function
    of the locked row, for batches whose rows go to different states.
    """
    pks = sorted({o.pk for o in objs})
    with transaction.atomic():
        locked_rows = _lock(workflow, pks)
        if len(locked_rows) != len(pks):
            raise TransitionError(_("Không tìm thấy đối tượng cần xử lý."), code="missing")
        plan = []
        for locked in locked_rows:
            name = action(locked) if callable(action) else action
            plan.append((locked, name, workflow.check(actor=actor, locked=locked, action=name)))
        for locked, name, t in plan:
            _apply(
                workflow,
                actor=actor,
                locked=locked,
                action=name,
                transition=t,
                comment=comment,
                data=data(locked) if data else None,
                prepare=prepare,
            )
        if after is not None:
            after(locked_rows)
            for locked, _name, t in plan:
                if workflow.state_of(locked) != t.target:
                    raise RuntimeError(f"{workflow.name}: after() must not change the state")
    return locked_rows
