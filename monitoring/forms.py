from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.models import Unit

from .services import REMINDER_MAX_LENGTH


class ReminderForm(forms.Form):
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị được nhắc"),
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Vui lòng chọn ít nhất một đơn vị."),
            "invalid_choice": _("Chỉ nhắc được các đơn vị tham gia kế hoạch này."),
            "invalid_pk_value": _("Chỉ nhắc được các đơn vị tham gia kế hoạch này."),
        },
    )
    message = forms.CharField(
        label=_("Nội dung nhắc nhở"),
        max_length=REMINDER_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": _("Vui lòng nhập nội dung nhắc nhở."),
            "max_length": _("Nội dung nhắc nhở dài quá %(limit_value)d ký tự."),
        },
    )

    def __init__(self, *args, units=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["units"].queryset = units


class GuidanceForm(forms.Form):
    title = forms.CharField(
        label=_("Tiêu đề"),
        max_length=255,
        error_messages={"required": _("Vui lòng nhập tiêu đề hướng dẫn.")},
    )
    body = forms.CharField(
        label=_("Nội dung hướng dẫn (số lượng, thành phần, đối tượng, điều kiện, tiêu chuẩn)"),
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": _("Vui lòng nhập nội dung hướng dẫn.")},
    )
