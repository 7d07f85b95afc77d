"""Input validation for campaigns. Writes happen in services."""

from __future__ import annotations

from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.selectors import number_in_use
from documents.vietnamese import document_number, short_date
from organizations.enums import Role
from organizations.forms import CleanInputMixin, DateTextInput
from organizations.models import Authority, Unit, UnitKind, User

from .enums import PLAN_DOC_TYPE, ParticipantMode, TaskRole
from .models import AwardForm, Campaign
from .services import EDITABLE_FIELDS

# Far above any real quota, far below what the database column holds.
MAX_QUOTA = 100_000
DATE_WIDGET = DateTextInput()


class LinesField(forms.CharField):
    """An ordered list typed one item per line; stored as a JSON list."""

    widget = forms.Textarea(attrs={"rows": 6})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        if isinstance(value, list):
            return [str(v).strip() for v in value if str(v).strip()]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]

    def has_changed(self, initial: Any, data: Any) -> bool:
        return self.to_python(initial or []) != self.to_python(data or "")


class CampaignForm(CleanInputMixin, forms.ModelForm):
    legal_bases = LinesField(
        label=_("Căn cứ (mỗi văn bản một dòng)"),
        required=False,
        help_text=_(
            "Ví dụ: Công văn số 1302/UBND-DTTS ngày 27/7/2023 của Ủy ban Dân tộc về việc …"
        ),
    )
    contents = LinesField(
        label=_("Các nội dung thi đua (mỗi nội dung một dòng, tự đánh số 1, 2, 3…)"),
        required=False,
    )
    recipients = LinesField(
        label=_("Nơi nhận (mỗi nơi một dòng)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ví dụ: UBND tỉnh; … dòng cuối: Lưu: VT, PNV."),
    )

    class Meta:
        model = Campaign
        # What the service accepts, plus the two relations it sets apart; order comes from the
        # crispy layout below.
        fields = [
            *EDITABLE_FIELDS,
            "participant_kinds",
            "participant_units",
            "coordinating_units",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "issued_on": DATE_WIDGET,
            "period_start": DATE_WIDGET,
            "period_end": DATE_WIDGET,
            "event_date": DATE_WIDGET,
            "nomination_deadline": DATE_WIDGET,
            "preamble": forms.Textarea(attrs={"rows": 2}),
            "purpose": forms.Textarea(attrs={"rows": 6}),
            "theme": forms.Textarea(attrs={"rows": 2}),
            "contents_intro": forms.Textarea(attrs={"rows": 3}),
            "period_text": forms.Textarea(attrs={"rows": 2}),
            "closing": forms.Textarea(attrs={"rows": 4}),
            "participant_kinds": forms.CheckboxSelectMultiple,
            "participant_units": forms.SelectMultiple(attrs={"size": 10}),
            "coordinating_units": forms.SelectMultiple(attrs={"size": 6}),
        }
        help_texts = {
            "purpose": _("Mỗi đoạn một dòng; giữ nguyên số thứ tự 1., 2. nếu có."),
            "closing": _("Mỗi đoạn một dòng. Chữ đặt giữa hai dấu * được in nghiêng."),
        }

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, authority: Authority, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.authority = authority
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version
        self.fields["signer"].queryset = (
            User.objects.filter(
                authority=authority,
                is_active=True,
                role_assignments__role__in=[Role.CHAIRMAN, Role.VICE_CHAIRMAN],
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["signer"].empty_label = _("— Chọn người ký —")
        self.fields["signer"].help_text = _(
            "Kế hoạch được gửi đến người ký duyệt trước khi cấp số; họ tên in trên văn bản là "
            "của người ký."
        )
        self.fields["signer_name"].disabled = True
        self.fields["signer_name"].required = False
        self.fields["signer_name"].help_text = _("Lấy theo người ký được chọn.")
        self.fields["signer_capacity"].help_text = _(
            "Chỉ dùng với hình thức ký “Khác”: mỗi dòng một dòng in, ví dụ TM. ỦY BAN NHÂN DÂN."
        )
        self.fields["signer_capacity"].widget = forms.Textarea(attrs={"rows": 2})
        self.fields["title"].required = True
        self.fields["title"].error_messages["required"] = _("Vui lòng nhập trích yếu kế hoạch.")
        units = Unit.objects.filter(authority=authority, is_active=True).select_related("kind")
        self.fields["participant_units"].queryset = units
        self.fields["appraising_unit"].queryset = units
        self.fields["lead_unit"].queryset = units
        self.fields["coordinating_units"].queryset = units
        self.fields["participant_kinds"].queryset = UnitKind.objects.all()
        if self.instance.pk and not self.instance.is_draft:
            for name in ("number", "issued_on"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Đã ghi vào sổ văn bản đi, không sửa được.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.layout = Layout(
            Fieldset(
                _("Số, ngày và trích yếu"),
                Div(
                    Div(Field("number"), css_class="col-md-3"),
                    Div(Field("issued_on"), css_class="col-md-3"),
                    Div(Field("place_name"), css_class="col-md-6"),
                    css_class="row",
                ),
                "title",
            ),
            Fieldset(_("Căn cứ"), "legal_bases", "preamble"),
            Fieldset(_("I. Mục đích, yêu cầu"), "purpose"),
            Fieldset(_("II. Chủ đề thi đua"), "theme"),
            Fieldset(_("III. Nội dung thi đua"), "contents_intro", "contents"),
            Fieldset(
                _("IV. Thời gian thi đua"),
                Div(
                    Div(Field("period_start"), css_class="col-md-3"),
                    Div(Field("period_end"), css_class="col-md-3"),
                    Div(Field("event_date"), css_class="col-md-3"),
                    css_class="row",
                ),
                "event_name",
                "period_text",
            ),
            Fieldset(
                _("Mục hình thức, đối tượng, tiêu chuẩn khen thưởng và hạn nộp"),
                "awards_section_after",
            ),
            Fieldset(_("Đoạn kết, nơi nhận, người ký"), "closing", "recipients"),
            Div(
                Div(Field("signer"), css_class="col-md-4"),
                Div(Field("signer_form"), css_class="col-md-4"),
                Div(Field("signer_title"), css_class="col-md-4"),
                css_class="row",
            ),
            Div(
                Div(Field("signer_capacity"), css_class="col-md-6"),
                Div(Field("signer_name"), css_class="col-md-6"),
                css_class="row",
            ),
            "version",
            Fieldset(
                _("Quy trình khen thưởng"),
                Div(
                    Div(Field("nomination_deadline"), css_class="col-md-4"),
                    Div(Field("max_dossiers_per_unit"), css_class="col-md-4"),
                    Div(Field("unit_minutes_required"), css_class="col-md-4 pt-md-4"),
                    css_class="row",
                ),
                Div(
                    Div(Field("lead_unit"), css_class="col-md-6"),
                    Div(Field("appraising_unit"), css_class="col-md-6"),
                    css_class="row",
                ),
                "coordinating_units",
                "participant_mode",
                "participant_kinds",
                "participant_units",
            ),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        issued_on = data.get("issued_on")
        launch = issued_on or (self.instance.issued_on if self.instance.pk else None)
        deadline = data.get("nomination_deadline")
        if deadline and launch and deadline < launch:
            self.add_error(
                "nomination_deadline",
                _("Hạn nộp hồ sơ (%(deadline)s) không được trước ngày ban hành (%(launch)s).")
                % {"deadline": short_date(deadline), "launch": short_date(launch)},
            )
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error(
                "period_end",
                _("Ngày kết thúc đợt thi đua (%(end)s) không được trước ngày bắt đầu (%(start)s).")
                % {"end": short_date(end), "start": short_date(start)},
            )
        event_date = data.get("event_date")
        if start and event_date and event_date < start:
            self.add_error(
                "event_date", _("Ngày diễn ra sự kiện không được trước ngày bắt đầu thi đua.")
            )
        mode = data.get("participant_mode")
        if mode == ParticipantMode.KINDS and not data.get("participant_kinds"):
            self.add_error("participant_kinds", _("Vui lòng chọn ít nhất một loại đơn vị."))
        if mode == ParticipantMode.UNITS and not data.get("participant_units"):
            self.add_error("participant_units", _("Vui lòng chọn ít nhất một đơn vị."))
        number = data.get("number")
        if number and "number" not in self.errors and self.fields["number"].disabled is False:
            year = (issued_on or timezone.localdate()).year
            exclude = ("plan", str(self.instance.pk)) if self.instance.pk else None
            if number_in_use(
                authority=self.authority,
                doc_type=PLAN_DOC_TYPE,
                year=year,
                number=number,
                exclude_target=exclude,
            ):
                self.add_error(
                    "number",
                    _("Số %(number)s đã được dùng trong sổ văn bản đi năm %(year)s.")
                    % {"number": document_number(number), "year": year},
                )
        return data

    def service_fields(self) -> dict[str, Any]:
        skip = {
            "participant_kinds",
            "participant_units",
            "coordinating_units",
            "version",
            "signer_name",
        }
        return {k: v for k, v in self.cleaned_data.items() if k not in skip}


class TaskForm(CleanInputMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label=_("Cơ quan thực hiện"), queryset=Unit.objects.none(), required=False
    )
    role = forms.ChoiceField(label=_("Vai trò"), choices=TaskRole.choices, initial=TaskRole.ALL)
    text = forms.CharField(
        label=_("Nhiệm vụ"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Dòng đầu là nội dung mục; mỗi dòng sau là một đoạn hoặc gạch đầu dòng."),
    )

    def __init__(self, *args, authority: Authority, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(authority=authority, is_active=True)


class OfferForm(CleanInputMixin, forms.Form):
    award_form = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"), queryset=AwardForm.objects.none()
    )
    criteria = forms.CharField(
        label=_("Tiêu chuẩn, điều kiện"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    quota = forms.IntegerField(
        label=_("Chỉ tiêu"), min_value=1, max_value=MAX_QUOTA, required=False
    )
    quota_per_unit = forms.IntegerField(
        label=_("Chỉ tiêu mỗi đơn vị"), min_value=1, max_value=MAX_QUOTA, required=False
    )

    def __init__(self, *args, authority: Authority, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_form"].queryset = AwardForm.objects.filter(authority=authority)


class BaseRowFormSet(forms.BaseFormSet):
    default_error_messages = {
        "missing_management_form": _(
            "Dữ liệu của danh sách bị thiếu hoặc đã bị sửa. Vui lòng tải lại trang và nhập lại."
        ),
        "too_many_forms": _("Danh sách có quá nhiều mục: tối đa %(num)d mục."),
        "too_few_forms": _("Danh sách cần ít nhất %(num)d mục."),
    }

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Bỏ mục này")


class BaseOfferFormSet(BaseRowFormSet):
    def clean(self) -> None:
        seen: set[int] = set()
        for form in self.forms:
            if not form.is_valid() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            award_form = form.cleaned_data["award_form"]
            if award_form.pk in seen:
                form.add_error("award_form", _("Hình thức này đã có ở trên."))
            seen.add(award_form.pk)


# A plan has a handful of tasks and award forms: a tampered form count builds at most MAX_ROWS.
MAX_ROWS = 100
TaskFormSet = forms.formset_factory(
    TaskForm,
    formset=BaseRowFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)
OfferFormSet = forms.formset_factory(
    OfferForm,
    formset=BaseOfferFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_ROWS,
    absolute_max=MAX_ROWS,
    validate_max=True,
)


def kept_rows(formset: forms.BaseFormSet) -> list[dict[str, Any]]:
    return [
        f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]


class QuestionForm(CleanInputMixin, forms.Form):
    text = forms.CharField(
        label=_("Khó khăn, vướng mắc cần phản ánh"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng nhập nội dung phản ánh, vướng mắc.")},
    )


class AnswerForm(CleanInputMixin, forms.Form):
    answer = forms.CharField(
        label=_("Trả lời"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Vui lòng nhập nội dung trả lời.")},
    )


class TransitionForm(CleanInputMixin, forms.Form):
    comment = forms.CharField(label=_("Ghi chú"), required=False, max_length=255)
