from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Entries that record an attempt refused, not a change (written after the request).
REFUSAL_ACTIONS = ("audit.refusal", "access.denied")
# Entries that record a session event or a refused attempt: nothing in the data changed.
NON_CHANGE_ACTIONS = (
    *REFUSAL_ACTIONS,
    "auth.login",
    "auth.logout",
    "auth.login_failed",
    "auth.locked_out",
    "auth.two_factor_verified",
    "auth.two_factor_failed",
)


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def changes(self) -> AuditEntryQuerySet:
        """Entries that record a change (not logins, logouts or refused attempts)."""
        return self.exclude(action__in=NON_CHANGE_ACTIONS)

    def for_object(self, obj: models.Model) -> AuditEntryQuerySet:
        return self.filter(
            target_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            target_id=str(obj.pk),
        )

    def delete(self):  # type: ignore[override]
        raise PermissionError("The audit trail is append-only.")

    def update(self, **kwargs):  # type: ignore[override]
        raise PermissionError("The audit trail is append-only.")


class AuditEntry(models.Model):
    """One recorded action: who did what to which object, from which state to which, and why.

    Written only by audit.services.record(), inside the transaction of the change it records.
    Append-only: the app never edits or deletes entries.
    """

    # Position in the hash chain (audit/chain.py): 1, 2, 3, … with no gap.
    seq = models.PositiveBigIntegerField(_("số thứ tự"), unique=True, null=True, editable=False)
    created_at = models.DateTimeField(
        _("thời điểm"), default=timezone.now, db_index=True, editable=False
    )
    authority = models.ForeignKey(
        "organizations.Authority",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan ban hành"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người thực hiện"),
    )
    # The actor's name as it was when he acted (a later rename does not rewrite the trail).
    actor_name = models.CharField(_("tên người thực hiện"), max_length=255, blank=True)
    action = models.CharField(_("hành động"), max_length=64)
    # Empty for an event without an object (a failed login for an unknown account).
    target_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("loại đối tượng"),
    )
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    target_repr = models.CharField(_("đối tượng"), max_length=255, blank=True)
    from_state = models.CharField(_("từ trạng thái"), max_length=32, blank=True)
    to_state = models.CharField(_("sang trạng thái"), max_length=32, blank=True)
    comment = models.TextField(_("ghi chú"), blank=True)
    data = models.JSONField(_("dữ liệu"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    prev_hash = models.CharField(_("mã băm mục trước"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("mã băm"), max_length=64, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("mục nhật ký")
        verbose_name_plural = _("nhật ký")
        ordering = ["seq", "id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise PermissionError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise PermissionError("The audit trail is append-only.")
