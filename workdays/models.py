from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class HolidayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Ngày nghỉ")
    # A Saturday worked to make up for a bridged weekday (ngày làm bù).
    MAKE_UP = "make_up", _("Ngày làm việc bù")


class Holiday(models.Model):
    """One day that breaks the Monday–Friday rule: a public holiday (or a day off that bridges
    one), or a weekend day worked in exchange. Rows without an authority are national."""

    authority = models.ForeignKey(
        "organizations.Authority",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="holidays",
        verbose_name=_("cơ quan ban hành"),
        help_text=_("Để trống nếu áp dụng toàn quốc."),
    )
    date = models.DateField(_("ngày"))
    name = models.CharField(_("tên ngày nghỉ"), max_length=150)
    kind = models.CharField(
        _("loại"), max_length=10, choices=HolidayKind.choices, default=HolidayKind.DAY_OFF
    )
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("ngày nghỉ lễ, Tết")
        verbose_name_plural = _("lịch ngày nghỉ lễ, Tết")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"], condition=Q(authority__isnull=True), name="holiday_national_unique"
            ),
            models.UniqueConstraint(
                fields=["authority", "date"],
                condition=Q(authority__isnull=False),
                name="holiday_authority_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.name}"
