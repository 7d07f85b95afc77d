from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.workflow import TransitionError
from documents.selectors import rendering_of
from documents.services import pending_signoff
from documents.views import document_response

from . import services
from .documents import may_see_unissued, plan_data, plan_document_data
from .enums import CampaignAction, CampaignStatus
from .forms import (
    AnswerForm,
    CampaignForm,
    OfferFormSet,
    QuestionForm,
    TaskFormSet,
    TransitionForm,
    kept_rows,
)
from .models import Campaign
from .selectors import (
    campaign_list as select_campaign_list,
)
from .selectors import (
    campaigns_visible_to,
    questions_visible_to,
    revisions_of,
)

TRANSITION_SLUGS = {
    "trinh-ky": CampaignAction.SEND,
    "rut-lai": CampaignAction.WITHDRAW,
    "dong": CampaignAction.CLOSE,
    "mo-lai": CampaignAction.REOPEN,
    "ket-thuc": CampaignAction.FINISH,
}


def _visible_campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(campaigns_visible_to(request.user), pk=pk)


def _require_manage(request: HttpRequest, campaign: Campaign | None = None) -> None:
    perm = "campaigns.change_campaign" if campaign else "campaigns.manage"
    if not request.user.has_perm(perm, campaign) or request.user.authority_id is None:
        raise PermissionDenied(_("Chỉ quản trị viên và cán bộ thẩm định được quản lý kế hoạch."))


@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    campaigns = select_campaign_list(request.user)
    return render(
        request,
        "campaigns/list.html",
        {
            "campaigns": campaigns,
            "can_manage": request.user.has_perm("campaigns.manage"),
            "current_year": timezone.localdate().year,
        },
    )


def _forms(request: HttpRequest, campaign: Campaign | None):
    authority = request.user.authority if campaign is None else campaign.authority
    data = request.POST if request.method == "POST" else None
    task_initial = offer_initial = None
    if campaign is not None:
        task_initial = [
            {"unit": t.unit, "role": t.role, "text": t.text} for t in campaign.tasks.all()
        ]
        offer_initial = [
            {
                "award_form": o.award_form,
                "criteria": o.criteria,
                "quota": o.quota,
                "quota_per_unit": o.quota_per_unit,
            }
            for o in campaign.award_offers.select_related("award_form")
        ]
    initial = None
    if campaign is None:
        chairman = authority.chairman
        initial = {
            "signer_title": "CHỦ TỊCH",
            "signer": chairman,
            "signer_form": "tm",
            "signer_name": chairman.full_name if chairman else "",
            "recipients": ["Lưu: VT."],
        }
    form = CampaignForm(data, instance=campaign, authority=authority, initial=initial)
    tasks = TaskFormSet(
        data, prefix="tasks", initial=task_initial, form_kwargs={"authority": authority}
    )
    offers = OfferFormSet(
        data, prefix="offers", initial=offer_initial, form_kwargs={"authority": authority}
    )
    return form, tasks, offers


def _save(request: HttpRequest, campaign: Campaign | None) -> HttpResponse:
    form, tasks, offers = _forms(request, campaign)
    if request.method == "POST" and all([form.is_valid(), tasks.is_valid(), offers.is_valid()]):
        kwargs = {
            "actor": request.user,
            "fields": form.service_fields(),
            "participant_kinds": form.cleaned_data["participant_kinds"],
            "participant_units": form.cleaned_data["participant_units"],
            "coordinating_units": form.cleaned_data["coordinating_units"],
            "tasks": kept_rows(tasks),
            "offers": kept_rows(offers),
        }
        try:
            if campaign is None:
                campaign = services.create_campaign(authority=request.user.authority, **kwargs)
                messages.success(request, _("Đã lưu dự thảo kế hoạch."))
            else:
                issued = campaign.is_issued
                before = campaign.revisions.count()
                services.update_campaign(
                    campaign=campaign, expected_version=form.cleaned_data.get("version"), **kwargs
                )
                if issued and campaign.revisions.count() > before:
                    messages.success(
                        request,
                        _(
                            "Đã lưu. Kế hoạch đã ban hành giữ nguyên văn bản cũ; văn bản sửa "
                            "đổi, bổ sung đã được trình người ký duyệt."
                        ),
                    )
                else:
                    messages.success(request, _("Đã lưu kế hoạch."))
            deadline = form.cleaned_data.get("nomination_deadline")
            if deadline and deadline < timezone.localdate():
                messages.warning(
                    request,
                    _(
                        "Lưu ý: hạn nộp hồ sơ %(deadline)s đã qua; các đơn vị sẽ không gửi được "
                        "hồ sơ. Nếu nhập nhầm, vui lòng sửa lại hạn nộp."
                    )
                    % {"deadline": deadline.strftime("%d/%m/%Y")},
                )
            return redirect("campaigns:detail", pk=campaign.pk)
        except ValidationError as exc:
            _attach_errors(form, exc)
    elif request.method == "POST":
        messages.error(request, _("Vui lòng sửa các lỗi được đánh dấu bên dưới."))
    return render(
        request,
        "campaigns/form.html",
        {"form": form, "tasks": tasks, "offers": offers, "campaign": campaign},
    )


def _attach_errors(form, exc: ValidationError | TransitionError) -> None:
    """Put a refusal's messages next to their fields (or at the top of the form)."""
    if isinstance(exc, TransitionError):
        by_field = {f: m or [exc.message] for f, m in exc.errors.items()} or {None: [exc.message]}
    elif hasattr(exc, "error_dict"):
        by_field = exc.message_dict
    else:
        by_field = {None: exc.messages}
    for field, errors in by_field.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    _require_manage(request)
    return _save(request, None)


@login_required
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _visible_campaign(request, pk)
    _require_manage(request, campaign)
    if campaign.status == CampaignStatus.FINISHED:
        messages.error(request, _("Kế hoạch đã kết thúc, không sửa được."))
        return redirect("campaigns:detail", pk=campaign.pk)
    if campaign.status == CampaignStatus.SIGNING:
        messages.error(request, _("Kế hoạch đang chờ người ký duyệt: rút lại trước khi sửa."))
        return redirect("campaigns:detail", pk=campaign.pk)
    return _save(request, campaign)


def _detail_context(request: HttpRequest, campaign: Campaign, **overrides) -> dict:
    revisions = list(revisions_of(campaign))
    can_manage = request.user.has_perm("campaigns.change_campaign", campaign)
    actions = [
        slug
        for slug, action in TRANSITION_SLUGS.items()
        if services.CAMPAIGN_WORKFLOW.can(request.user, campaign, action)
    ]
    text = revisions[0].data if revisions else plan_data(campaign)
    rendering = rendering_of(kind="plan", obj=campaign)
    context = {
        "campaign": campaign,
        "text": text,
        # The plan's PDF while a job is making it (after publication): progress, then the link.
        "pdf_job": None if rendering.ready else rendering.job,
        "revisions": revisions,
        "signoff": pending_signoff(kind=services.PLAN_SIGNOFF, object_id=campaign.pk),
        "may_see_text": campaign.is_issued or may_see_unissued(request.user, campaign),
        "offers": campaign.award_offers.select_related("award_form"),
        "tasks": campaign.tasks.select_related("unit"),
        "questions": questions_visible_to(request.user, campaign),
        "can_manage": can_manage,
        "can_ask": request.user.has_perm("campaigns.ask_question", campaign),
        "actions": actions,
        "question_form": QuestionForm(),
        "answer_form": AnswerForm(),
        "answering": None,
        "transition_form": TransitionForm(),
    }
    context.update(overrides)
    return context


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _visible_campaign(request, pk)
    return render(request, "campaigns/detail.html", _detail_context(request, campaign))


@login_required
@require_POST
def campaign_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    campaign = _visible_campaign(request, pk)
    _require_manage(request, campaign)
    name = TRANSITION_SLUGS.get(action)
    if name is None:
        raise Http404
    form = TransitionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        campaign = services.transition_campaign(
            actor=request.user, campaign=campaign, action=name, comment=comment
        )
    except TransitionError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("campaigns:detail", pk=campaign.pk)
    done = {
        "trinh-ky": _("Đã trình người ký duyệt kế hoạch. Kế hoạch được cấp số khi người ký duyệt."),
        "rut-lai": _("Đã rút lại kế hoạch để sửa."),
        "dong": _("Đã đóng nhận hồ sơ của kế hoạch %(ref)s."),
        "mo-lai": _("Đã mở lại nhận hồ sơ của kế hoạch %(ref)s."),
        "ket-thuc": _("Đã kết thúc kế hoạch %(ref)s."),
    }[action]
    messages.success(request, done % {"ref": campaign.reference})
    return redirect("campaigns:detail", pk=campaign.pk)


def _pdf_for(request: HttpRequest, campaign: Campaign, data: dict) -> HttpResponse:
    """The stored PDF of this text at once, or the page following the job that renders it."""
    return document_response(
        request,
        kind="plan",
        object_id=campaign.pk,
        data=data,
        title=campaign.title,
        back_url=campaign.get_absolute_url(),
    )


@login_required
def campaign_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The plan as issued (its frozen PDF), or the draft (marked DỰ THẢO) for its authors."""
    campaign = _visible_campaign(request, pk)
    if not campaign.is_issued and not may_see_unissued(request.user, campaign):
        raise Http404
    return _pdf_for(request, campaign, plan_document_data(campaign))


@login_required
def revision_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    campaign = _visible_campaign(request, pk)
    revision = get_object_or_404(campaign.revisions, number=number)
    if not revision.is_issued and not may_see_unissued(request.user, campaign):
        raise Http404
    return render(
        request,
        "campaigns/revision.html",
        {
            "campaign": campaign,
            "revision": revision,
            "text": revision.data,
            "may_download": True,
            "signoff": pending_signoff(kind=services.AMENDMENT_SIGNOFF, object_id=revision.pk),
        },
    )


@login_required
def revision_pdf(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """Revision 1: the issued plan. A later one: its own change document (Kế hoạch sửa đổi, bổ
    sung or Thông báo), issued with its number, or before the signer's approval for the
    plan's authors and signer only."""
    campaign = _visible_campaign(request, pk)
    revision = get_object_or_404(campaign.revisions, number=number)
    if revision.is_original or not revision.document_data:
        return _pdf_for(request, campaign, revision.data)
    if not revision.is_issued and not may_see_unissued(request.user, campaign):
        raise Http404
    return document_response(
        request,
        kind="plan_amendment",
        object_id=revision.pk,
        data=revision.document_data,
        title=revision.document_data.get("title", campaign.title),
        back_url=campaign.get_absolute_url(),
    )


@login_required
@require_POST
def question_ask(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _visible_campaign(request, pk)
    form = QuestionForm(request.POST)
    if form.is_valid():
        try:
            services.ask_question(
                actor=request.user, campaign=campaign, text=form.cleaned_data["text"]
            )
        except PermissionDenied:
            raise
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("Đã gửi phản ánh. Phòng Nội vụ sẽ trả lời."))
            return redirect(f"{campaign.get_absolute_url()}#hoi-dap")
    return _detail_with_errors(request, campaign, question_form=form)


@login_required
@require_POST
def question_answer(request: HttpRequest, pk: int, question_pk: int) -> HttpResponse:
    campaign = _visible_campaign(request, pk)
    question = get_object_or_404(questions_visible_to(request.user, campaign), pk=question_pk)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.answer_question(
                actor=request.user, question=question, answer=form.cleaned_data["answer"]
            )
        except TransitionError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("Đã trả lời. Mọi đơn vị tham gia đều xem được."))
            return redirect(f"{campaign.get_absolute_url()}#hoi-dap")
    return _detail_with_errors(request, campaign, answer_form=form, answering=question.pk)


def _detail_with_errors(request: HttpRequest, campaign: Campaign, **forms) -> HttpResponse:
    """The detail page again, with the bound form so the text typed stays next to its error."""
    context = _detail_context(request, campaign, **forms)
    return render(request, "campaigns/detail.html", context, status=400)
