"""Forms after the signature: input validation only (the services decide)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .enums import CertificateMode
from .models import OFFSET_LIMIT_MM

OFFSET_ERRORS = {
    "invalid": _("Nhập một số milimét, ví dụ 2,5 hoặc -3."),
    "max_value": _("Độ dịch phải trong khoảng từ -50 đến 50 mm."),
    "min_value": _("Độ dịch phải trong khoảng từ -50 đến 50 mm."),
    "max_decimal_places": _("Chỉ nhập tối đa một chữ số thập phân."),
    "max_digits": _("Độ dịch phải trong khoảng từ -50 đến 50 mm."),
    "required": _("Nhập độ dịch (0 nếu không dịch)."),
}


class OffsetField(forms.DecimalField):
    """Millimetres, typed with a decimal comma (2,5) or point (2.5)."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        return super().to_python(value)


def _offset(label) -> forms.DecimalField:
    return OffsetField(
        label=label,
        max_digits=4,
        decimal_places=1,
        min_value=-OFFSET_LIMIT_MM,
        max_value=OFFSET_LIMIT_MM,
        initial=Decimal("0"),
        error_messages=OFFSET_ERRORS,
        help_text=_("Milimét; số dương: dịch xuống dưới / sang phải."),
    )


class PrintSettingsForm(forms.Form):
    mode = forms.ChoiceField(
        choices=CertificateMode.choices,
        label=_("Cách in"),
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Chọn một cách in.")},
    )
    offset_top_mm = _offset(_("Dịch dọc (mm)"))
    offset_left_mm = _offset(_("Dịch ngang (mm)"))


class SearchForm(forms.Form):
    q = forms.CharField(required=False, max_length=100, strip=True, label=_("Tìm theo tên"))
