"""Forms of the appraisal desk: they validate input and nothing else."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardForm, AwardOffer, Campaign
from nominations.enums import DossierStatus
from nominations.models import Nominee
from organizations.forms import CleanInputMixin
from organizations.models import Unit, UnitKind, User

from .enums import Verdict
from .services import CHECKLIST_ITEMS

SORT_CHOICES = [
    ("submitted", _("Gửi sớm nhất trước")),
    ("-submitted", _("Gửi mới nhất trước")),
    ("due", _("Hạn xử lý gần nhất trước")),
    ("-due", _("Hạn xử lý xa nhất trước")),
]
DUE_CHOICES = [
    ("", _("Tất cả")),
    ("overdue", _("Quá hạn")),
    ("soon", _("Quá hạn hoặc sắp đến hạn")),
]


class InboxFilterForm(CleanInputMixin, forms.Form):
    q = forms.CharField(
        label=_("Tìm kiếm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(
            attrs={"placeholder": _("Tên tập thể, cá nhân, đơn vị hoặc số hồ sơ")}
        ),
    )
    campaign = forms.ModelChoiceField(
        label=_("Kế hoạch"), queryset=Campaign.objects.none(), required=False
    )
    unit = forms.ModelChoiceField(label=_("Đơn vị"), queryset=Unit.objects.none(), required=False)
    unit_kind = forms.ModelChoiceField(
        label=_("Loại đơn vị"), queryset=UnitKind.objects.all(), required=False
    )
    status = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))]
        + [(v, label) for v, label in DossierStatus.choices if v != DossierStatus.DRAFT],
    )
    award_form = forms.ModelChoiceField(
        label=_("Hình thức"), queryset=AwardForm.objects.none(), required=False
    )
    due = forms.ChoiceField(label=_("Thời hạn"), required=False, choices=DUE_CHOICES)
    sort = forms.ChoiceField(label=_("Sắp xếp"), required=False, choices=SORT_CHOICES)

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(authority_id=user.authority_id)
        self.fields["unit"].queryset = Unit.objects.filter(authority_id=user.authority_id)
        self.fields["award_form"].queryset = AwardForm.objects.filter(
            authority_id=user.authority_id
        )
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"


class AppraiseNomineeForm(CleanInputMixin, forms.Form):
    verdict = forms.ChoiceField(
        label=_("Kết luận"),
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        choices=Verdict.choices,
    )
    reason = forms.CharField(
        label=_("Lý do / nội dung cần bổ sung"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    award_offer = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"), queryset=AwardOffer.objects.none(), required=False
    )
    award_change_reason = forms.CharField(
        label=_("Lý do thay đổi hình thức"), required=False, max_length=2000
    )
    expected_appraisal_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, nominee: Nominee, **kwargs) -> None:
        kwargs.setdefault("prefix", f"n{nominee.pk}")
        super().__init__(*args, **kwargs)
        self.nominee = nominee
        for key, label in CHECKLIST_ITEMS:
            self.fields[f"check_{key}"] = forms.BooleanField(
                label=label,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
        self.fields["award_offer"].queryset = AwardOffer.objects.filter(
            campaign_id=nominee.dossier.campaign_id, award_form__recipient_kind=nominee.kind
        ).select_related("award_form")
        self.fields["award_offer"].label_from_instance = lambda o: o.award_form.name
        self.fields["award_offer"].empty_label = None
        self.fields["award_offer"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["reason"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["award_change_reason"].widget.attrs["class"] = "form-control form-control-sm"

    @property
    def checklist_fields(self):
        return [self[f"check_{key}"] for key, _label in CHECKLIST_ITEMS]

    def clean(self):
        data = super().clean()
        verdict = data.get("verdict")
        if verdict == Verdict.NOT_ELIGIBLE and not data.get("reason", "").strip():
            self.add_error("reason", _("Vui lòng ghi lý do không đủ điều kiện."))
        if verdict == Verdict.NEEDS_CORRECTION and not data.get("reason", "").strip():
            self.add_error("reason", _("Vui lòng ghi rõ nội dung cần bổ sung, chỉnh sửa."))
        offer = data.get("award_offer")
        if (
            offer is not None
            and offer.pk != self.nominee.award_offer_id
            and not data.get("award_change_reason", "").strip()
        ):
            self.add_error(
                "award_change_reason", _("Vui lòng ghi lý do thay đổi hình thức khen thưởng.")
            )
        return data

    def checklist(self) -> dict[str, bool]:
        return {key: bool(self.cleaned_data.get(f"check_{key}")) for key, _l in CHECKLIST_ITEMS}


class ReturnDossierForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do trả lại (chung cho cả hồ sơ)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
    correction_deadline = forms.DateField(
        label=_("Hạn bổ sung"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"),
        error_messages={"required": _("Vui lòng nhập hạn bổ sung hồ sơ.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class RejectDossierForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Lý do không tiếp nhận"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("Vui lòng ghi lý do không tiếp nhận hồ sơ.")},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class VersionForm(CleanInputMixin, forms.Form):
    """Receive / forward: only the version the appraiser saw, to refuse stale clicks."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    comment = forms.CharField(required=False, max_length=2000)


class IssueReportForm(CleanInputMixin, forms.Form):
    """The head of the appraising office issues the report he has read."""

    seen_hash = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)
    confirm = forms.BooleanField(
        label=_("Tôi đã đọc bản dự thảo và đồng ý ban hành báo cáo (cấp số, ghi ngày, ký tên)."),
        error_messages={"required": _("Vui lòng xác nhận đã đọc bản dự thảo trước khi ban hành.")},
    )
