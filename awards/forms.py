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


class ProposalDraftForm(forms.Form):
    campaign = forms.ModelChoiceField(
        queryset=None, label=_("Kế hoạch"), error_messages={"required": _("Chọn kế hoạch.")}
    )
    signer = forms.ModelChoiceField(
        queryset=None, label=_("Người ký"), error_messages={"required": _("Chọn người ký.")}
    )
    addressee = forms.CharField(
        label=_("Kính gửi"),
        max_length=255,
        initial="Chủ tịch UBND tỉnh",
        error_messages={"required": _("Nhập nơi kính gửi.")},
    )

    def __init__(self, *args, campaigns, signers, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = campaigns
        self.fields["signer"].queryset = signers
        self.fields["signer"].label_from_instance = lambda u: u.full_name


class AnswerForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Kết quả"),
        choices=[("1", _("Được khen thưởng")), ("0", _("Không được khen thưởng"))],
        coerce=lambda v: v == "1",
        error_messages={"required": _("Chọn kết quả.")},
    )
    number = forms.CharField(label=_("Số quyết định của cấp trên"), max_length=60, required=False)
    day = forms.DateField(
        label=_("Ngày quyết định"),
        required=False,
        input_formats=["%d/%m/%Y"],
        error_messages={"invalid": _("Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/01/2026.")},
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
    )
