"""Forms of the decision stage: input validation only (the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.enums import SIGNER_ROLES
from organizations.models import User

from .enums import DecisionPurpose, Grouping, ListOrder
from .models import Decision

MAX_SIGNED_BYTES = 30 * 1024 * 1024


def _signers(authority_id: int):
    return (
        User.objects.filter(
            authority_id=authority_id, is_active=True, role_assignments__role__in=SIGNER_ROLES
        )
        .distinct()
        .order_by("full_name")
    )


class SignerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.full_name} — {obj.position}" if obj.position else obj.full_name


class DraftForm(forms.Form):
    signer = SignerChoiceField(queryset=User.objects.none(), label=_("Người ký"))
    grouping = forms.ChoiceField(
        choices=Grouping.choices, initial=Grouping.PER_FORM, label=_("Cách lập quyết định")
    )
    list_order = forms.ChoiceField(
        choices=ListOrder.choices,
        initial=ListOrder.UNIT_THEN_NAME,
        label=_("Thứ tự danh sách kèm theo"),
    )
    proposal_text = forms.CharField(
        label=_("Xét đề nghị"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        initial="Xét đề nghị của Trưởng phòng Nội vụ.",
    )
    extra_bases = forms.CharField(
        label=_("Căn cứ khác (mỗi dòng một văn bản: đề nghị của Hội đồng, tờ trình…)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, authority_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = _signers(authority_id)

    def clean_extra_bases(self) -> list[str]:
        return [
            line.strip() for line in self.cleaned_data["extra_bases"].splitlines() if line.strip()
        ]


class DecisionEditForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    recipients_text = forms.CharField(
        label=_("Nơi nhận (mỗi dòng một nơi)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    extra_bases_text = forms.CharField(
        label=_("Căn cứ khác (mỗi dòng một văn bản)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    class Meta:
        model = Decision
        fields = [
            "title", "signer", "proposal_text", "funding_source", "implementers", "list_order",
            "amendment_text",
        ]  # fmt: skip
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "proposal_text": forms.Textarea(attrs={"rows": 2}),
            "implementers": forms.Textarea(attrs={"rows": 3}),
            "amendment_text": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = _signers(self.instance.authority_id)
        self.fields["version"].initial = self.instance.version
        self.fields["recipients_text"].initial = "\n".join(self.instance.recipients)
        self.fields["extra_bases_text"].initial = "\n".join(self.instance.extra_bases)
        if self.instance.purpose != DecisionPurpose.AMEND:
            del self.fields["amendment_text"]

    def service_data(self) -> dict:
        data = {
            name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data
        }
        data["recipients"] = [
            line.strip()
            for line in self.cleaned_data["recipients_text"].splitlines()
            if line.strip()
        ]
        data["extra_bases"] = [
            line.strip()
            for line in self.cleaned_data["extra_bases_text"].splitlines()
            if line.strip()
        ]
        return data


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Ý kiến chỉnh sửa"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )


class SignedUploadForm(forms.Form):
    file = forms.FileField(label=_("Tệp PDF đã ký số"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SIGNED_BYTES:
            raise forms.ValidationError(_("Tệp quá lớn (tối đa 30 MB)."))
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(_("Tệp tải lên không phải tệp PDF."))
        return upload


class CorrectionForm(forms.Form):
    purpose = forms.ChoiceField(
        choices=[(DecisionPurpose.AMEND, DecisionPurpose.AMEND.label),
                 (DecisionPurpose.REVOKE, DecisionPurpose.REVOKE.label)],
        label=_("Loại quyết định"),
    )  # fmt: skip
    signer = SignerChoiceField(queryset=User.objects.none(), label=_("Người ký"))
    lines = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Tập thể, cá nhân bị hủy bỏ khen thưởng (để trống: tất cả)"),
    )
    amendment_text = forms.CharField(
        label=_("Nội dung sửa đổi, bổ sung"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, decision: Decision, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signer"].queryset = _signers(decision.authority_id)
        self.fields["lines"].queryset = decision.lines.filter(
            purpose=DecisionPurpose.AWARD, revoked_by__isnull=True
        ).order_by("order")
        self.fields["lines"].label_from_instance = lambda line: (
            f"{line.register_number}. {line.full_name} — {line.unit_name}"
        )
