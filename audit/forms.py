from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class TrailFilterForm(forms.Form):
    action = forms.CharField(
        label=_("Hành động (bắt đầu bằng)"),
        required=False,
        max_length=64,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "auth."}),
    )
    actor = forms.CharField(
        label=_("Người thực hiện"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    target = forms.CharField(
        label=_("Đối tượng"),
        required=False,
        max_length=150,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    since = forms.DateField(
        label=_("Từ ngày"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.")},
    )
    until = forms.DateField(
        label=_("Đến ngày"),
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control", "placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ, nhập theo dạng dd/mm/yyyy.")},
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("Ngày kết thúc phải sau ngày bắt đầu."))
        return data
