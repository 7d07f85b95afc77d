"""Forms of the council's pages: validation only (the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from campaigns.enums import CampaignStatus
from campaigns.models import AwardForm, Campaign
from organizations.models import User

from .enums import Attendance, Comparison, CouncilRole, VotingBase, VotingMethod


class StyledForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class CouncilForm(StyledForm):
    name = forms.CharField(label=_("Tên Hội đồng"), max_length=255, required=False)
    decision_number = forms.CharField(
        label=_("Số quyết định thành lập"), max_length=60, required=False
    )
    decision_date = forms.DateField(
        label=_("Ngày quyết định"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class MemberForm(StyledForm):
    person = forms.ModelChoiceField(label=_("Người"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Chức danh trong Hội đồng"), choices=CouncilRole.choices)
    position = forms.CharField(label=_("Chức vụ, đơn vị"), max_length=255, required=False)
    votes = forms.BooleanField(label=_("Có quyền biểu quyết"), required=False, initial=True)
    start_date = forms.DateField(
        label=_("Từ ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, authority=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = User.objects.filter(
            authority=authority, is_active=True
        ).order_by("full_name")


class EndMemberForm(StyledForm):
    end_date = forms.DateField(
        label=_("Đến ngày"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )


class RuleForm(StyledForm):
    award_form = forms.ModelChoiceField(
        label=_("Hình thức khen thưởng"),
        queryset=AwardForm.objects.none(),
        required=False,
        empty_label=_("(Mặc định cho các hình thức khác)"),
    )
    method = forms.ChoiceField(label=_("Cách biểu quyết"), choices=VotingMethod.choices)
    share_percent = forms.DecimalField(
        label=_("Tỷ lệ cần đạt (%)"), min_value=0, max_value=100, decimal_places=2
    )
    comparison = forms.ChoiceField(label=_("So sánh"), choices=Comparison.choices)
    base = forms.ChoiceField(label=_("Tính trên"), choices=VotingBase.choices)
    quorum_numerator = forms.IntegerField(label=_("Số thành viên tối thiểu: tử số"), min_value=0)
    quorum_denominator = forms.IntegerField(label=_("mẫu số"), min_value=1)
    written_ballots_count = forms.BooleanField(
        label=_("Tính phiếu bằng văn bản của thành viên vắng mặt"), required=False
    )
    public_notice_days = forms.IntegerField(
        label=_("Số ngày công khai trước khi bỏ phiếu"), min_value=0, initial=0
    )
    note = forms.CharField(label=_("Căn cứ, ghi chú"), max_length=255, required=False)

    def __init__(self, *args, authority=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_form"].queryset = AwardForm.objects.filter(authority=authority)

    def clean(self):
        data = super().clean()
        num, den = data.get("quorum_numerator"), data.get("quorum_denominator")
        if num is not None and den and num > den:
            self.add_error("quorum_numerator", _("Tử số không được lớn hơn mẫu số."))
        return data


class SessionForm(StyledForm):
    campaign = forms.ModelChoiceField(label=_("Kế hoạch thi đua"), queryset=Campaign.objects.none())
    title = forms.CharField(label=_("Tên phiên họp"), max_length=255)
    meeting_at = forms.DateTimeField(
        label=_("Thời gian họp"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M"],
    )
    place = forms.CharField(label=_("Địa điểm"), max_length=255)
    chair = forms.ModelChoiceField(label=_("Chủ trì"), queryset=User.objects.none(), required=False)

    def __init__(self, *args, authority=None, council=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["campaign"].queryset = Campaign.objects.filter(
            authority=authority, status=CampaignStatus.PUBLISHED
        ).order_by("-issued_on", "-pk")
        people = User.objects.none()
        if council is not None:
            people = User.objects.filter(
                council_memberships__council=council, is_active=True
            ).distinct()
        self.fields["chair"].queryset = people.order_by("full_name")


class AttendanceForm(forms.Form):
    attendance = forms.ChoiceField(choices=Attendance.choices)


class CloseForm(StyledForm):
    conclusion = forms.CharField(
        label=_("Kết luận của phiên họp"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class CancelForm(StyledForm):
    reason = forms.CharField(label=_("Lý do hủy"), max_length=500)


class PublicCommentForm(StyledForm):
    item = forms.ModelChoiceField(
        label=_("Về tập thể, cá nhân"),
        queryset=None,
        required=False,
        empty_label=_("(Ý kiến chung về danh sách)"),
    )
    sender_name = forms.CharField(label=_("Họ và tên người gửi"), max_length=150)
    contact = forms.CharField(label=_("Địa chỉ, số điện thoại hoặc thư điện tử"), max_length=255)
    text = forms.CharField(
        label=_("Nội dung ý kiến"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, session=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = session.items.select_related("nominee")
        self.fields["item"].label_from_instance = lambda item: item.nominee.full_name
