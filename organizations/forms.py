"""The login form, and what every form of the app shares: cleaning of what browsers send."""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .vietnamese import has_hidden_marks, strip_hidden_marks

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


# Fields that hold a name (of a person, a collective, a unit, a signer): hidden direction and
# zero-width characters are refused there, stripped from every other field.
NAME_FIELDS = frozenset(
    {"full_name", "name", "short_name", "letter_signer", "signer_name", "parent_unit_name"}
)
HIDDEN_MARKS_MESSAGE = _(
    "Tên có ký tự ẩn (ký tự đảo chiều hoặc ký tự không độ rộng, thường do sao chép từ tệp "
    "khác). Vui lòng gõ lại tên."
)
EMPTY_CHOICE = _("— Chọn —")
LINE_BREAK_MESSAGE = _("Trường này chỉ nhập trên một dòng, không xuống dòng.")


def _is_single_line(field: forms.Field) -> bool:
    widget = field.widget
    return (
        isinstance(field, forms.CharField)
        and isinstance(widget, forms.TextInput | forms.HiddenInput)
        and not isinstance(widget, forms.PasswordInput)
    )


DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"]
DATE_PATTERN = r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{4}"


class DateTextInput(forms.DateInput):
    """A date typed as dd/mm/yyyy in a text box. A native date picker shows the browser's own
    order (mm/dd/yyyy on an English system), which clerks misread; this never does."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            format="%d/%m/%Y",
            attrs={
                "placeholder": "dd/mm/yyyy",
                "inputmode": "numeric",
                "pattern": DATE_PATTERN,
                "autocomplete": "off",
                "title": _("Ngày/tháng/năm, ví dụ 05/04/2024"),
                **(attrs or {}),
            },
        )


class DateTextField(forms.DateField):
    """dd/mm/yyyy in, dd/mm/yyyy shown, with a Vietnamese error."""

    widget = DateTextInput
    input_formats = DATE_INPUT_FORMATS
    default_error_messages = {
        "invalid": _("Ngày không hợp lệ: nhập theo dạng ngày/tháng/năm, ví dụ 05/04/2024.")
    }


class CleanInputMixin:
    """Strips control characters from every submitted value before validation. Text pasted from
    Word or a PDF often carries such characters; PostgreSQL refuses NUL in text and JSON.
    Refuses a line break in a single-line field (it would reach a mail subject or a printed
    number) and hidden direction or zero-width characters in a name (NAME_FIELDS), which it
    strips from every other field. Use it first in the bases of every form that takes input."""

    name_fields: frozenset[str] = NAME_FIELDS
    # What an empty choice reads as ("— Chọn —"; a filter form says "Tất cả").
    empty_choice_label: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if kwargs.get("data") is not None:
            kwargs["data"] = clean_submitted(kwargs["data"])
        elif args and isinstance(args[0], Mapping):
            args = (clean_submitted(args[0]), *args[1:])
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]
        self._name_empty_choices()
        self._input_errors: dict[str, Any] = {}
        if self.is_bound:
            self._bound_choice_ids()
            self._check_text()

    def _name_empty_choices(self) -> None:
        """Django's "---------" for "nothing chosen" means nothing to a clerk: say it."""
        label = self.empty_choice_label or EMPTY_CHOICE
        for field in self.fields.values():  # type: ignore[attr-defined]
            if isinstance(field, forms.ModelChoiceField):
                if field.empty_label == "---------":
                    field.empty_label = label
            elif isinstance(field, forms.ChoiceField):
                choices = list(field.choices)
                if any(value == "" and text == "---------" for value, text in choices):
                    field.choices = [
                        (value, label if value == "" and text == "---------" else text)
                        for value, text in choices
                    ]

    def _check_text(self) -> None:
        data = self.data  # type: ignore[attr-defined]
        listed = hasattr(data, "setlist")
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            key = self.add_prefix(name)  # type: ignore[attr-defined]
            if listed:
                values = data.getlist(key)
            elif isinstance(data.get(key), str):
                values = [data[key]]
            else:
                continue
            if not any(isinstance(v, str) for v in values):
                continue
            if name in self.name_fields and any(has_hidden_marks(v) for v in values):
                self._input_errors[name] = HIDDEN_MARKS_MESSAGE
                continue
            if _is_single_line(field) and any("\n" in v or "\r" in v for v in values):
                self._input_errors[name] = LINE_BREAK_MESSAGE
                continue
            kept = [strip_hidden_marks(v) if isinstance(v, str) else v for v in values]
            if listed:
                data.setlist(key, kept)
            else:
                data[key] = kept[0]

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name, message in self._input_errors.items():
            if name in self.fields and not self.has_error(name):  # type: ignore[attr-defined]
                self.add_error(name, message)  # type: ignore[attr-defined]

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
