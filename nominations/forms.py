"""Forms of the clerk's pages. They validate input only; the services do the writing."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.enums import RecipientKind
from campaigns.models import AwardOffer
from organizations.enums import Gender
from organizations.forms import CleanInputMixin, DateTextField
from organizations.models import Ethnicity
from organizations.selectors import ethnicity_lookup, find_ethnicity

from .enums import StaffCategory
from .excel import MAX_IMPORT_BYTES
from .models import Dossier, Nominee
from .services.dossiers import NOMINEE_EDIT_FIELDS
from .uploads import ACCEPT_ATTR, ACCEPTED, ACCEPTED_LABEL, check_upload, human_size


def date_field(label: str, **kwargs: Any) -> forms.DateField:
    return DateTextField(label=label, **kwargs)


class DatalistInput(forms.TextInput):
    """A text input with suggestions: the clerk may type a name the list does not show."""

    def __init__(self, *, list_id: str, options: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.list_id = list_id
        self.options = options or []
        self.attrs.setdefault("list", list_id)
        self.attrs.setdefault("autocomplete", "off")

    def render(self, name, value, attrs=None, renderer=None):
        from django.utils.html import format_html, format_html_join

        options = format_html_join("", '<option value="{}">', ((o,) for o in self.options))
        return format_html(
            '{}<datalist id="{}">{}</datalist>',
            super().render(name, value, attrs, renderer),
            self.list_id,
            options,
        )


class EthnicityField(forms.CharField):
    """The ethnic group typed by name, other name or code ("Ca Dong" is Xơ-đăng)."""

    lookup: dict[str, Ethnicity] | None = None

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 60)
        kwargs.setdefault("required", False)
        kwargs.setdefault(
            "help_text", _("Gõ tên dân tộc hoặc tên gọi khác, ví dụ: Hrê, Ca Dong (Xơ-đăng).")
        )
        super().__init__(widget=DatalistInput(list_id="danh-muc-dan-toc"), **kwargs)

    def clean(self, value: Any) -> Ethnicity | None:
        text = super().clean(value)
        if not text:
            return None
        found = find_ethnicity(text, self.lookup)
        if found is None:
            raise forms.ValidationError(
                _("Không có dân tộc “%(value)s” trong danh mục 54 dân tộc Việt Nam.")
                % {"value": text[:60]}
            )
        return found


class DossierForm(CleanInputMixin, forms.ModelForm):
    """The cover letter (Tờ trình) and the note. `version` guards against lost updates."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    letter_date = date_field(_("Ngày Tờ trình"), required=False)

    class Meta:
        model = Dossier
        fields = ["letter_number", "letter_date", "letter_signer", "minutes_not_required", "note"]
        labels = {
            "letter_number": _("Số Tờ trình"),
            "letter_signer": _("Người ký Tờ trình"),
            "minutes_not_required": _("Kế hoạch không yêu cầu biên bản họp xét của đơn vị"),
            "note": _("Ghi chú gửi Phòng Nội vụ"),
        }
        help_texts = {
            "letter_number": _("Ví dụ: 25/TTr-UBND"),
            "letter_signer": _("Họ tên người ký, ví dụ: Đinh Văn Lớn"),
        }
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, campaign=None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if campaign is not None and campaign.unit_minutes_required:
            del self.fields["minutes_not_required"]
        if not self.is_bound and self.instance.pk:
            self.initial["version"] = self.instance.version

    def clean_letter_date(self):
        value = self.cleaned_data.get("letter_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Ngày Tờ trình không thể ở trong tương lai."))
        return value


class NomineeForm(CleanInputMixin, forms.ModelForm):
    """A collective, individual or household; the fields shown depend on the kind."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    birth_date = date_field(_("Ngày sinh"), required=False)
    ethnicity = EthnicityField(label=_("Dân tộc"))

    INDIVIDUAL_ONLY = ("gender", "birth_date", "ethnicity", "staff_category", "citizen_id")
    COLLECTIVE_ONLY = ("member_count", "women_share")

    class Meta:
        model = Nominee
        # The same fields the service accepts; the kind is fixed by the page, not typed.
        fields = [f for f in NOMINEE_EDIT_FIELDS if f != "kind"]
        widgets = {
            "achievement_summary": forms.Textarea(attrs={"rows": 3}),
            "report_text": forms.Textarea(attrs={"rows": 14}),
            "gender": forms.RadioSelect,
            "staff_category": forms.RadioSelect,
        }
        help_texts = {
            "achievement_summary": _(
                "Một đến hai câu, là dòng thành tích in trên Giấy khen. Ví dụ: Đã có thành tích "
                "xuất sắc trong phong trào thi đua…"
            ),
            "report_text": _(
                "Soạn theo mẫu báo cáo thành tích khen thưởng theo chuyên đề: I. Sơ lược lý lịch "
                "/ đặc điểm; II. Thành tích đạt được (nội dung, chỉ tiêu, biện pháp, kết quả có số "
                "liệu). Có thể in ra PDF sau khi lưu, hoặc tải lên tệp báo cáo đã ký (PDF, ảnh, Word) thay cho phần này."
            ),
            "citizen_id": _("Không bắt buộc; 12 chữ số."),
            "women_share": _("Phần trăm, từ 0 đến 100."),
        }

    def __init__(self, *args: Any, dossier: Dossier, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        offers = AwardOffer.objects.filter(
            campaign_id=dossier.campaign_id, award_form__recipient_kind=kind
        ).select_related("award_form")
        self.fields["award_offer"].queryset = offers
        self.fields["award_offer"].empty_label = _("— Chọn hình thức —")
        self.fields["award_offer"].label = _("Hình thức đề nghị")
        self.fields["award_offer"].error_messages["invalid_choice"] = _(
            "Hình thức này không có trong kế hoạch cho đối tượng đã chọn."
        )
        if not self.is_bound and not self.instance.pk and len(offers) == 1:
            self.initial["award_offer"] = offers[0].pk
        if "ethnicity" in self.fields:
            lookup = ethnicity_lookup()
            field = self.fields["ethnicity"]
            field.lookup = lookup
            groups = sorted({e.pk: e for e in lookup.values()}.values(), key=lambda e: e.code)
            field.widget.options = [e.name for e in groups]
            if not self.is_bound and self.instance.ethnicity_id:
                self.initial["ethnicity"] = self.instance.ethnicity.name
        self.fields["gender"].choices = Gender.choices
        self.fields["staff_category"].choices = StaffCategory.choices
        if kind == RecipientKind.COLLECTIVE:
            self.fields["full_name"].label = _("Tên tập thể (ghi đầy đủ, không viết tắt)")
            self.fields["position"].label = _("Lĩnh vực, nhiệm vụ chính")
            self.fields["workplace"].label = _("Trụ sở, địa bàn")
        elif kind == RecipientKind.HOUSEHOLD:
            self.fields["full_name"].label = _("Hộ gia đình (tên chủ hộ)")
            self.fields["workplace"].label = _("Nơi cư trú")
        else:
            self.fields["full_name"].label = _("Họ và tên")
        drop = (
            self.COLLECTIVE_ONLY
            if kind != RecipientKind.COLLECTIVE
            else (*self.INDIVIDUAL_ONLY, "hometown")
        )
        if kind == RecipientKind.HOUSEHOLD:
            drop = (*self.COLLECTIVE_ONLY, *self.INDIVIDUAL_ONLY, "position", "parent_unit_name")
        elif kind == RecipientKind.INDIVIDUAL:
            drop = (*drop, "parent_unit_name")
        for name in drop:
            self.fields.pop(name, None)
        if not self.is_bound:
            self.initial["version"] = dossier.version
        for name in ("gender", "staff_category"):
            if name in self.fields:
                self.fields[name].required = False
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        rows = []
        for group in self.LAYOUT:
            present = [f for f in group if f in self.fields]
            if len(present) == 1:
                rows.append(present[0])
            elif present:
                rows.append(Row(*(Column(f, css_class="col-md") for f in present)))
        self.helper.layout = Layout(*rows)

    LAYOUT = (
        ("award_offer",),
        ("full_name",),
        ("gender", "birth_date", "ethnicity"),
        ("hometown", "citizen_id"),
        ("position", "workplace"),
        ("staff_category",),
        ("parent_unit_name",),
        ("member_count", "women_share"),
        ("achievement_summary",),
        ("report_text",),
        ("version",),
    )

    def clean_birth_date(self):
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("Ngày sinh không thể ở trong tương lai."))
        if value and value.year < 1900:
            raise forms.ValidationError(_("Ngày sinh không hợp lệ."))
        return value

    def clean_citizen_id(self):
        value = (self.cleaned_data.get("citizen_id") or "").strip()
        if value and not (value.isdigit() and len(value) == 12):
            raise forms.ValidationError(_("Số CCCD gồm đúng 12 chữ số."))
        return value

    def clean_women_share(self):
        value = self.cleaned_data.get("women_share")
        if value is not None and value > 100:
            raise forms.ValidationError(_("Tỷ lệ nữ là phần trăm, từ 0 đến 100."))
        return value

    def clean_full_name(self):
        value = " ".join((self.cleaned_data.get("full_name") or "").split())
        if not value:
            raise forms.ValidationError(_("Vui lòng nhập tên."))
        return value

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "version"}
        data["kind"] = self.kind
        return data


class _CheckedFileField(forms.FileField):
    """A file field that lets empty files through to check_upload, which explains the refusal."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("allow_empty_file", True)
        kwargs.setdefault("error_messages", {"required": _("Vui lòng chọn tệp cần tải lên.")})
        super().__init__(**kwargs)


class AttachmentForm(CleanInputMixin, forms.Form):
    file = _CheckedFileField(
        label=_("Tệp minh chứng"),
        help_text=ACCEPTED_LABEL,
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT_ATTR}),
    )
    nominee = forms.ModelChoiceField(
        queryset=Nominee.objects.none(),
        required=False,
        label=_("Thuộc về"),
        empty_label=_("Cả hồ sơ"),
    )
    description = forms.CharField(label=_("Mô tả ngắn"), max_length=255, required=False)

    allowed = frozenset(ACCEPTED)  # one list for every document slot

    def __init__(
        self, *args: Any, dossier: Dossier, nominee_choices: bool = True, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if nominee_choices:
            self.fields["nominee"].queryset = Nominee.objects.filter(dossier=dossier).only(
                "pk", "full_name"
            )
        else:
            del self.fields["nominee"]
        self.fields["file"].help_text = _("%(kinds)s; tối đa %(limit)s.") % {
            "kinds": ACCEPTED_LABEL,
            "limit": human_size(settings.THIDUA_MAX_UPLOAD_BYTES),
        }

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        self.checked = check_upload(upload, allowed=self.allowed)
        return upload


class DossierFileForm(AttachmentForm):
    """The signed cover letter or the unit's minutes: the same kinds as every slot."""

    def __init__(self, *args: Any, dossier: Dossier, **kwargs: Any) -> None:
        super().__init__(*args, dossier=dossier, nominee_choices=False, **kwargs)
        del self.fields["description"]
        self.fields["file"].label = _("Tệp")


class ReportFileForm(DossierFileForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].label = _("Tệp báo cáo thành tích")


class ImportForm(CleanInputMixin, forms.Form):
    file = forms.FileField(
        label=_("Tệp Excel danh sách (.xlsx)"),
        allow_empty_file=True,
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        error_messages={"required": _("Vui lòng chọn tệp Excel cần nhập.")},
    )
    good_rows_only = forms.BooleanField(
        label=_("Nếu có dòng lỗi, vẫn nhập các dòng hợp lệ"), required=False
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if getattr(upload, "too_large", False) or (upload.size or 0) > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("Tệp Excel quá lớn (tối đa 5 MB)."))
        if not upload.size:
            raise forms.ValidationError(_("Tệp rỗng (0 byte). Vui lòng chọn đúng tệp Excel."))
        return upload


class CommentForm(CleanInputMixin, forms.Form):
    comment = forms.CharField(
        label=_("Ghi chú (không bắt buộc)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
