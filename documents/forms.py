"""Input of the signer's page. Writes happen in services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _lazy

from organizations.forms import CleanInputMixin


class DecisionForm(CleanInputMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReturnForm(CleanInputMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label=_lazy("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=4000,
        error_messages={"required": _lazy("Vui lòng ghi lý do trả lại.")},
    )
