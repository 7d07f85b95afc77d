"""Forms of the appraisal desk: they validate input and nothing else."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.models import AwardForm, AwardOffer, Campaign
from nominations.enums import DossierStatus
from nominations.models import Nominee
from organizations.forms import CleanInputMixin, DateTextField, DateTextInput
from organizations.models import Unit, UnitKind, User
from organizations.vietnamese import fold

from .enums import Verdict
from .selectors import matching_units
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
    empty_choice_label = _("Tất cả")
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
    # Typed, with suggestions loaded as one types (appraisal:unit_options): the page never lists
    # every unit of the authority. A unit's id (from a link) is accepted too.
    unit = forms.CharField(
        label=_("Đơn vị"),
        required=False,
        max_length=255,
        widget=forms.TextInput(
            attrs={
                "list": "unit-options",
                "autocomplete": "off",
                "placeholder": _("Gõ tên đơn vị"),
            }
        ),
    )
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
        self.user = user
        self.fields["award_form"].queryset = AwardForm.objects.filter(
            authority_id=user.authority_id
        )
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-select form-select-sm")
        self.fields["q"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["unit"].widget.attrs["class"] = "form-control form-control-sm"

    def clean_unit(self) -> Unit | None:
        typed = self.cleaned_data.get("unit", "").strip()
        if not typed:
            return None
        units = Unit.objects.filter(authority_id=self.user.authority_id)
        found = None
        if re.fullmatch(r"[0-9]{1,11}", typed):  # ASCII digits only ("²".isdigit() is true)
            found = units.filter(pk=int(typed)).first()
        found = found or units.filter(name__iexact=typed).first()
        if found is None:
            matches = matching_units(self.user, typed, limit=2)
            if matches and fold(matches[0].name) == fold(typed):
                matches = matches[:1]
            if len(matches) > 1:
                raise forms.ValidationError(
                    _("Có nhiều đơn vị khớp với “%(name)s”: vui lòng chọn trong danh sách gợi ý.")
                    % {"name": typed}
                )
            found = matches[0] if matches else None
        if found is None:
            raise forms.ValidationError(_("Không tìm thấy đơn vị “%(name)s”.") % {"name": typed})
        # Show the unit's name in the box, also when the link gave its id.
        if self.data.get(self.add_prefix("unit")) != found.name:
            self.data = self.data.copy()
            self.data[self.add_prefix("unit")] = found.name
        return found


def campaign_offers(campaign_id: int) -> list[AwardOffer]:
    """Every award offer of a campaign with its form, in the plan's order (one query)."""
    return list(
        AwardOffer.objects.filter(campaign_id=campaign_id)
        .select_related("award_form")
        .order_by("award_form__order", "pk")
    )


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
    award_offer = forms.TypedChoiceField(
        label=_("Hình thức khen thưởng"), required=False, coerce=int, empty_value=None
    )
    award_change_reason = forms.CharField(
        label=_("Lý do thay đổi hình thức"), required=False, max_length=2000
    )
    expected_appraisal_id = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self, *args, nominee: Nominee, offers: list[AwardOffer] | None = None, **kwargs
    ) -> None:
        """`offers`: the campaign's award offers with their forms, loaded once for a whole page
        (campaign_offers); the nominee's kind picks its own among them."""
        kwargs.setdefault("prefix", f"n{nominee.pk}")
        super().__init__(*args, **kwargs)
        self.nominee = nominee
        if offers is None:
            offers = campaign_offers(nominee.dossier.campaign_id)
        self.offers = {o.pk: o for o in offers if o.award_form.recipient_kind == nominee.kind}
        for key, label in CHECKLIST_ITEMS:
            self.fields[f"check_{key}"] = forms.BooleanField(
                label=label,
                required=False,
                widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
            )
        self.fields["award_offer"].choices = [
            (pk, o.award_form.name) for pk, o in self.offers.items()
        ]
        self.fields["award_offer"].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["reason"].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["award_change_reason"].widget.attrs["class"] = "form-control form-control-sm"

    @property
    def checklist_fields(self):
        return [self[f"check_{key}"] for key, _label in CHECKLIST_ITEMS]

    def controls(self) -> dict[str, Any]:
        """What the page's template needs to write this form's inputs itself: a dossier page
        shows twenty of these forms, and rendering ~11 widgets each through Django's widget
        templates was most of the page's time. Values are the bound data (as typed) or the
        initial ones, exactly as the widgets would show them."""
        verdict = self["verdict"]
        chosen = str(verdict.value() or "")
        checkbox = forms.CheckboxInput()
        offer = self["award_offer"].value()
        return {
            "verdicts": [
                {
                    "value": value,
                    "label": label,
                    "id": f"{verdict.auto_id}_{i}",
                    "checked": value == chosen,
                }
                for i, (value, label) in enumerate(self.fields["verdict"].choices)
            ],
            "checks": [
                {
                    "name": self[f"check_{key}"].html_name,
                    "id": self[f"check_{key}"].auto_id,
                    "label": label,
                    "checked": checkbox.check_test(self[f"check_{key}"].value()),
                }
                for key, label in CHECKLIST_ITEMS
            ],
            "offers": [
                {"value": pk, "label": name, "selected": str(pk) == str(offer)}
                for pk, name in self.fields["award_offer"].choices
            ],
            "reason": self["reason"].value() or "",
            "award_change_reason": self["award_change_reason"].value() or "",
            "expected_appraisal_id": self["expected_appraisal_id"].value(),
        }

    def clean_award_offer(self) -> AwardOffer | None:
        pk = self.cleaned_data.get("award_offer")
        return self.offers.get(pk) if pk is not None else None

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
    correction_deadline = DateTextField(
        label=_("Hạn bổ sung"),
        widget=DateTextInput(attrs={"class": "form-control"}),
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
