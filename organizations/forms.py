"""The login form, and what every form of the app shares: cleaning of what browsers send."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

KEEP_CONTROLS = {"\n", "\r", "\t"}


def strip_controls(value: str) -> str:
    """Remove control characters (NUL and friends, which PostgreSQL refuses or pages cannot show)."""
    return "".join(ch for ch in value if ch in KEEP_CONTROLS or unicodedata.category(ch) != "Cc")


def clean_submitted(data: Any) -> Any:
    """A copy of submitted form data (QueryDict or dict) with control characters stripped from
    every value, repeated keys included."""
    if hasattr(data, "setlist"):
        data = data.copy()
        for key, values in list(data.lists()):
            data.setlist(key, [strip_controls(v) if isinstance(v, str) else v for v in values])
        return data
    return {k: strip_controls(v) if isinstance(v, str) else v for k, v in data.items()}


def _too_big(value: Any) -> bool:
    text = str(value).strip() if value is not None else ""
    digits = text.lstrip("+-")
    # ASCII digits only: "²".isdigit() is true but int("²") raises.
    return digits.isascii() and digits.isdigit() and abs(int(text)) >= 2**63


class CleanInputMixin:
    """Strips control characters from every submitted value before validation. Text pasted from
    Word or a PDF often carries such characters; PostgreSQL refuses NUL in text and JSON.
    Use it first in the bases of every form that takes user input."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("data") is not None:
            kwargs["data"] = clean_submitted(kwargs["data"])
        elif args and isinstance(args[0], Mapping):
            args = (clean_submitted(args[0]), *args[1:])
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        if self.is_bound:
            self._bound_choice_ids()

    def _bound_choice_ids(self) -> None:
        """A model choice sent as a number no database column can hold (2⁶³ and beyond) would
        raise OverflowError deep in the database driver: make it an ordinary invalid choice."""
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            if not isinstance(field, forms.ModelChoiceField):
                continue
            key = self.add_prefix(name)  # type: ignore[attr-defined]
            data = self.data  # type: ignore[attr-defined]
            values = data.getlist(key) if hasattr(data, "getlist") else [data.get(key)]
            if not any(_too_big(v) for v in values):
                continue
            kept = ["-" if _too_big(v) else v for v in values]
            field.error_messages["invalid_pk_value"] = _("Lựa chọn không hợp lệ.")
            field.error_messages["invalid_choice"] = _("Lựa chọn không hợp lệ.")
            if hasattr(data, "setlist"):
                data.setlist(key, kept)
            else:
                data[key] = kept if isinstance(data.get(key), list | tuple) else kept[0]


class LoginForm(CleanInputMixin, AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Tên đăng nhập hoặc mật khẩu không đúng. Lưu ý: mật khẩu phân biệt chữ hoa, chữ thường."
        ),
        "inactive": _("Tài khoản này đã bị khóa. Vui lòng liên hệ quản trị viên."),
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("Tên đăng nhập")
        self.fields["password"].label = _("Mật khẩu")
        self.fields["username"].widget = forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "username", "class": "form-control"}
        )
        self.fields["password"].widget.attrs.update(
            {"autocomplete": "current-password", "class": "form-control"}
        )
