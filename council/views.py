"""The council's pages: thin views over the council's selectors and services."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.workflow import TransitionError
from campaigns.models import AwardForm
from documents.views import document_response
from nominations.models import Attachment, Nominee

from . import services
from .enums import Attendance, Choice, SessionStatus
from .forms import (
    CancelForm,
    CloseForm,
    CouncilForm,
    EndMemberForm,
    MemberForm,
    PublicCommentForm,
    RuleForm,
    SessionForm,
)
from .models import AgendaItem, CouncilMembership, CouncilSession, SessionMember, VotingRule
from .selectors import (
    council_of,
    member_of,
    remaining_for,
    result_counts,
    review_rows,
    session_results,
    sessions_visible_to,
    tally,
)

INLINE_TYPES = ("application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp")


def _session(request: HttpRequest, pk: int) -> CouncilSession:
    return get_object_or_404(sessions_visible_to(request.user), pk=pk)


def _require(request: HttpRequest, permission: str, obj=None, message: str = "") -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied(message or _("Anh/chị không có quyền thực hiện thao tác này."))


def _refused(request: HttpRequest, exc: TransitionError) -> None:
    for message in exc.messages:
        messages.error(request, message)


# --- The council, its members, its rules ----------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The council's sessions of the user's authority (a member sees those he sits in)."""
    if not request.user.has_role(
        "council_member", "council_secretary", "admin", "chairman", "vice_chairman"
    ):
        raise PermissionDenied(_("Trang này dành cho Hội đồng Thi đua - Khen thưởng."))
    sessions = sessions_visible_to(request.user).order_by("-meeting_at", "-pk")
    return render(
        request,
        "council/index.html",
        {
            "council": council_of(request.user),
            "sessions": sessions,
            "can_manage": request.user.has_perm("council.manage", request.user.authority),
            "can_run": request.user.has_perm("council.run_session", request.user.authority),
        },
    )


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    authority = request.user.authority
    _require(
        request,
        "council.manage",
        authority,
        _("Chỉ Quản trị hoặc Thư ký Hội đồng được quản lý Hội đồng."),
    )
    council = council_of(request.user)
    council_form = CouncilForm(
        initial={
            "name": council.name if council else "",
            "decision_number": council.decision_number if council else "",
            "decision_date": council.decision_date if council else None,
        }
    )
    member_form = MemberForm(authority=authority)
    rule_form = RuleForm(
        authority=authority,
        initial={
            "method": "open",
            "share_percent": 50,
            "comparison": "more_than",
            "base": "present",
            "quorum_numerator": 2,
            "quorum_denominator": 3,
            "written_ballots_count": True,
        },
    )
    if request.method == "POST":
        which = request.POST.get("which")
        try:
            if which == "council":
                council_form = CouncilForm(request.POST)
                if council_form.is_valid():
                    d = council_form.cleaned_data
                    if council is None:
                        services.create_council(actor=request.user, authority=authority, **d)
                    else:
                        services.update_council(actor=request.user, council=council, **d)
                    messages.success(request, _("Đã lưu thông tin Hội đồng."))
                    return redirect("council:manage")
            elif which == "member" and council is not None:
                member_form = MemberForm(request.POST, authority=authority)
                if member_form.is_valid():
                    services.add_member(
                        actor=request.user, council=council, **member_form.cleaned_data
                    )
                    messages.success(request, _("Đã thêm thành viên Hội đồng."))
                    return redirect("council:manage")
            elif which == "rule":
                rule_form = RuleForm(request.POST, authority=authority)
                if rule_form.is_valid():
                    d = dict(rule_form.cleaned_data)
                    form = d.pop("award_form")
                    services.save_voting_rule(
                        actor=request.user, authority=authority, award_form=form, fields=d
                    )
                    messages.success(request, _("Đã lưu quy định biểu quyết."))
                    return redirect("council:manage")
        except TransitionError as exc:
            target = {"council": council_form, "member": member_form}.get(which, rule_form)
            for field, errors in exc.errors.items():
                for e in errors:
                    target.add_error(field if field in target.fields else None, e)
            if not exc.errors:
                target.add_error(None, exc.message)
    memberships = (
        council.memberships.select_related("person").order_by("end_date", "start_date", "pk")
        if council
        else []
    )
    rules = VotingRule.objects.filter(authority=authority).select_related("award_form")
    return render(
        request,
        "council/manage.html",
        {
            "council": council,
            "council_form": council_form,
            "member_form": member_form,
            "rule_form": rule_form,
            "memberships": memberships,
            "rules": rules,
            "end_form": EndMemberForm(),
        },
    )


@login_required
@require_POST
def member_end(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(
        CouncilMembership.objects.select_related("council"),
        pk=pk,
        council__authority_id=request.user.authority_id,
    )
    _require(request, "council.manage", membership.council)
    form = EndMemberForm(request.POST)
    if form.is_valid():
        try:
            services.end_membership(
                actor=request.user, membership=membership, end_date=form.cleaned_data["end_date"]
            )
            messages.success(request, _("Đã ghi ngày kết thúc của thành viên."))
        except TransitionError as exc:
            _refused(request, exc)
    else:
        messages.error(request, _("Vui lòng nhập ngày kết thúc hợp lệ."))
    return redirect("council:manage")


# --- Sessions (the secretary) ---------------------------------------------------------------


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    council = council_of(request.user)
    _require(request, "council.run_session", council, _("Chỉ Thư ký Hội đồng được lập phiên họp."))
    if council is None:
        messages.error(request, _("Cơ quan chưa thành lập Hội đồng Thi đua - Khen thưởng."))
        return redirect("council:index")
    form = SessionForm(request.POST or None, authority=council.authority, council=council)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(
                actor=request.user, council=council, **form.cleaned_data
            )
        except TransitionError as exc:
            for field, errors in exc.errors.items():
                for e in errors:
                    form.add_error(field if field in form.fields else None, e)
            if not exc.errors:
                form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                _("Đã lập phiên họp với %(n)d tập thể, cá nhân trong chương trình xét.")
                % {"n": session.items.count()},
            )
            return redirect("council:session", session.pk)
    return render(request, "council/session_form.html", {"form": form, "council": council})


@login_required
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    can_run = request.user.has_perm("council.run_session", session)
    if not can_run:
        return redirect("council:review", pk)
    members = list(session.members.select_related("person"))
    items = list(
        session.items.select_related("nominee__dossier__unit", "award_offer__award_form").order_by(
            "order", "pk"
        )
    )
    return render(
        request,
        "council/session.html",
        {
            "session": session,
            "members": members,
            "items": items,
            "tally": tally(session) if session.status == SessionStatus.VOTING else None,
            "attendance_choices": Attendance.choices,
            "close_form": CloseForm(),
            "cancel_form": CancelForm(),
            "rules": session.rules.select_related("award_form"),
            "notice_days": services.notice_days(session)
            if session.status == SessionStatus.CALLED
            else 0,
            "S": SessionStatus,
        },
    )


@login_required
@require_POST
def session_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    session = _session(request, pk)
    try:
        if action == "call":
            services.call_session(actor=request.user, session=session)
            messages.success(
                request, _("Đã triệu tập phiên họp; các thành viên đã được thông báo.")
            )
        elif action == "open":
            services.open_voting(actor=request.user, session=session)
            messages.success(request, _("Đã mở bỏ phiếu."))
        elif action == "close":
            form = CloseForm(request.POST)
            form.is_valid()
            services.close_session(
                actor=request.user,
                session=session,
                conclusion=form.cleaned_data.get("conclusion", ""),
            )
            messages.success(request, _("Đã kết thúc bỏ phiếu và tính kết quả."))
            return redirect("council:results", pk)
        elif action == "cancel":
            services.cancel_session(
                actor=request.user, session=session, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã hủy phiên họp."))
        elif action == "refresh":
            n = services.refresh_agenda(actor=request.user, session=session)
            messages.success(request, _("Đã bổ sung %(n)d tập thể, cá nhân.") % {"n": n})
        elif action == "remind":
            n = len(services.send_reminders(actor=request.user, session=session))
            messages.success(request, _("Đã gửi nhắc nhở tới %(n)d thành viên.") % {"n": n})
        else:
            raise Http404
    except TransitionError as exc:
        _refused(request, exc)
    return redirect("council:session", pk)


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    session = _session(request, pk)
    member = get_object_or_404(SessionMember, pk=member_pk, session=session)
    try:
        services.set_attendance(
            actor=request.user,
            session=session,
            member=member,
            attendance=request.POST.get("attendance", ""),
        )
        messages.success(
            request, _("Đã ghi tình trạng tham dự của %(name)s.") % {"name": member.full_name}
        )
    except TransitionError as exc:
        _refused(request, exc)
    return redirect("council:session", pk)


@login_required
def tally_fragment(request: HttpRequest, pk: int) -> HttpResponse:
    """The live count of who has voted (counts only), polled by the secretary's page."""
    session = _session(request, pk)
    _require(request, "council.run_session", session)
    return render(
        request,
        "council/_tally.html",
        {"session": session, "tally": tally(session), "S": SessionStatus},
    )


@login_required
def written_ballot(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    session = _session(request, pk)
    _require(
        request,
        "council.run_session",
        session,
        _("Chỉ Thư ký Hội đồng ghi nhận phiếu bằng văn bản."),
    )
    member = get_object_or_404(SessionMember, pk=member_pk, session=session)
    items = list(
        session.items.select_related("nominee__dossier__unit", "award_offer__award_form").order_by(
            "order", "pk"
        )
    )
    if request.method == "POST":
        choices = {}
        for item in items:
            value = request.POST.get(f"item-{item.pk}", "")
            if value in (Choice.AGREE, Choice.DISAGREE):
                choices[item.pk] = (value, None)
        try:
            n = services.record_written_ballot(
                actor=request.user, session=session, member=member, choices=choices
            )
            messages.success(
                request,
                _("Đã ghi phiếu bằng văn bản của %(name)s (%(n)d nội dung).")
                % {"name": member.full_name, "n": n},
            )
            return redirect("council:session", pk)
        except TransitionError as exc:
            _refused(request, exc)
    return render(
        request,
        "council/written_ballot.html",
        {"session": session, "member": member, "items": items},
    )


# --- The member's review page and ballots ---------------------------------------------------


def _can_vote(session: CouncilSession, member: SessionMember | None) -> bool:
    return (
        member is not None
        and member.votes
        and member.attendance == Attendance.PRESENT
        and session.status == SessionStatus.VOTING
    )


def _can_recuse(session: CouncilSession, member: SessionMember | None) -> bool:
    return (
        member is not None
        and member.votes
        and session.status in (SessionStatus.CALLED, SessionStatus.VOTING)
    )


INFO_TEMPLATE = "council/_review_row_info.html"
INFO_TIMEOUT = 3600


def _info_version() -> str:
    source = get_template(INFO_TEMPLATE).template.source
    return hashlib.sha256(source.encode()).hexdigest()[:10]


def _with_info(rows: list, session: CouncilSession) -> list:
    """Give each review row the HTML of what it shows of the nominee (row.info), rendered once
    and kept in the cache: the same for every member, frozen with the agenda while voting.

    A key names everything the HTML is made of — the language, the template's source, the
    session and item, the nominee's last change, the current verdict, the public comments and
    the attachments — so any change makes a new key. One cache round trip for the whole page;
    on a 200-nominee agenda it took the page's rendering from about 1 ms per row to the
    member's own part only (docs/performance.md)."""
    version, language = _info_version(), get_language()
    keys = {}
    for row in rows:
        item, nominee = row.item, row.item.nominee
        parts = (
            version,
            language,
            session.pk,
            item.pk,
            item.award_offer_id,
            nominee.updated_at.isoformat(),
            row.appraisal.pk if row.appraisal else 0,
            ",".join(str(c.pk) for c in item.review_comments),
            ",".join(str(a.pk) for a in row.attachments),
        )
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        keys[row.item.pk] = f"council:review-info:{digest}"
    found = cache.get_many(list(keys.values()))
    missing = {}
    for row in rows:
        key = keys[row.item.pk]
        info = found.get(key)
        if info is None:
            context = {"row": row, "session": session}
            info = {
                part: render_to_string(INFO_TEMPLATE, {**context, "part": part})
                for part in ("head", "body")
            }
            missing[key] = info
        row.info = {part: mark_safe(html) for part, html in info.items()}  # noqa: S308
    if missing:
        cache.set_many(missing, INFO_TIMEOUT)
    return rows


def _review_context(request: HttpRequest, session: CouncilSession) -> dict:
    member = member_of(session, request.user)
    unit = request.GET.get("don_vi", "")
    form = request.GET.get("hinh_thuc", "")
    pending = request.GET.get("chua_bo_phieu") == "1"
    rows = review_rows(
        session,
        member,
        unit=int(unit) if unit.isdigit() else None,
        form=int(form) if form.isdigit() else None,
        pending_only=pending,
    )
    # The filters' choices come from the whole agenda: the rows themselves when unfiltered.
    all_items = (
        [row.item for row in rows]
        if not (unit or form or pending)
        else session.items.select_related("nominee__dossier__unit", "award_offer__award_form")
    )
    units = sorted(
        {(i.nominee.dossier.unit_id, i.nominee.dossier.unit.name) for i in all_items},
        key=lambda u: u[1],
    )
    forms_ = sorted(
        {(i.award_offer.award_form_id, i.award_offer.award_form.name) for i in all_items},
        key=lambda f: f[1],
    )
    return {
        "session": session,
        "member": member,
        "rows": _with_info(rows, session),
        "units": units,
        "forms": forms_,
        "other_forms": AwardForm.objects.filter(authority_id=session.council.authority_id),
        "can_vote": _can_vote(session, member),
        "can_recuse": _can_recuse(session, member),
        "filters": {"unit": unit, "form": form, "pending": pending},
        "remaining": remaining_for(session, member),
    }


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    _require(request, "council.view_session", session)
    return render(request, "council/review.html", _review_context(request, session))


def _row_response(request: HttpRequest, session: CouncilSession, item: AgendaItem, **extra):
    """One review row (the htmx answer to a ballot) and the member's remaining count."""
    session.refresh_from_db(fields=["status", "ballot_salt"])
    member = member_of(session, request.user)
    rows = review_rows(session, member, only=item.pk)
    context = {
        "session": session,
        "member": member,
        "row": _with_info(rows, session)[0] if rows else None,
        "other_forms": AwardForm.objects.filter(authority_id=session.council.authority_id),
        "can_vote": _can_vote(session, member),
        "can_recuse": _can_recuse(session, member),
        "remaining": remaining_for(session, member),
        **extra,
    }
    return render(request, "council/_review_row.html", context)


@login_required
@require_POST
def vote(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    session = _session(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, session=session)
    choice = request.POST.get("choice", "")
    other = None
    if choice == Choice.OTHER_FORM:
        other_id = request.POST.get("other_form", "")
        other = AwardForm.objects.filter(
            pk=int(other_id) if other_id.isdigit() else 0,
            authority_id=session.council.authority_id,
        ).first()
    error = ""
    try:
        services.cast_ballot(actor=request.user, item=item, choice=choice, other_form=other)
    except TransitionError as exc:
        error = exc.message
    if request.htmx:
        response = _row_response(request, session, item, error=error, saved=not error, oob=True)
        return response  # 200 with the refusal in the row: htmx swaps only 2xx answers
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã ghi phiếu."))
    return redirect(reverse("council:review", args=[pk]) + f"#item-{item.pk}")


@login_required
@require_POST
def agree_all(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        n = services.agree_with_all_remaining(actor=request.user, session=session)
        messages.success(
            request, _("Đã ghi “Đồng ý” cho %(n)d tập thể, cá nhân còn lại.") % {"n": n}
        )
    except TransitionError as exc:
        _refused(request, exc)
    return redirect("council:review", pk)


@login_required
@require_POST
def recuse(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    session = _session(request, pk)
    item = get_object_or_404(AgendaItem, pk=item_pk, session=session)
    try:
        services.recuse(actor=request.user, item=item, reason=request.POST.get("reason", ""))
        messages.success(
            request,
            _("Đã ghi nhận anh/chị không tham gia biểu quyết đối với “%(name)s”.")
            % {"name": item.nominee.full_name},
        )
    except TransitionError as exc:
        _refused(request, exc)
    return redirect("council:review", pk)


@login_required
def my_ballot(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    """A member's own ballot sheet. Nobody else, the secretary included, may read it."""
    session = _session(request, pk)
    member = get_object_or_404(SessionMember, pk=member_pk, session=session)
    if member.person_id != request.user.pk:
        raise PermissionDenied(
            _(
                "Phiếu biểu quyết là bí mật: không ai được xem phiếu của thành viên khác, "
                "kể cả Thư ký Hội đồng."
            )
        )
    return redirect("council:review", pk)


# --- Results and documents ------------------------------------------------------------------


@login_required
def results(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    _require(request, "council.view_session", session)
    if session.status != SessionStatus.CLOSED:
        messages.info(request, _("Kết quả có sau khi phiên họp kết thúc bỏ phiếu."))
        return redirect("council:review", pk)
    return render(
        request,
        "council/results.html",
        {
            "session": session,
            "items": session_results(session),
            "counts": result_counts(session),
            "record": session.frozen or {},
        },
    )


DOCUMENT_TITLES = {
    "minutes": "Biên bản họp Hội đồng",
    "tally": "Biên bản kiểm phiếu",
    "council_proposal": "Tờ trình của Hội đồng",
}


@login_required
def document(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    session = _session(request, pk)
    _require(request, "council.view_session", session)
    if kind not in DOCUMENT_TITLES or session.status != SessionStatus.CLOSED:
        raise Http404
    if kind == "tally" and not session.tally_number:
        raise Http404
    return document_response(
        request, kind=kind, object_id=session.pk, inline=True, title=DOCUMENT_TITLES[kind]
    )


@login_required
def appraisal_report(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    _require(request, "council.view_session", session)
    return document_response(
        request,
        kind="appraisal_report",
        object_id=session.campaign_id,
        inline=True,
        title=_("Báo cáo thẩm định"),
    )


def _serve(file, name: str) -> FileResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    inline = content_type in INLINE_TYPES
    response = FileResponse(
        file.open("rb"),
        content_type=content_type,
        as_attachment=not inline,
        filename=PurePath(name).name,
    )
    return response


@login_required
def attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    session = _session(request, pk)
    _require(request, "council.view_session", session)
    found = get_object_or_404(Attachment, pk=attachment_pk, nominee__agenda_items__session=session)
    return _serve(found.file, found.original_name)


@login_required
def report_file(request: HttpRequest, pk: int, nominee_pk: int) -> FileResponse:
    session = _session(request, pk)
    _require(request, "council.view_session", session)
    nominee = get_object_or_404(Nominee, pk=nominee_pk, agenda_items__session=session)
    if not nominee.report_file:
        raise Http404
    return _serve(nominee.report_file, nominee.report_file.name)


# --- Public notice (công khai): no login ----------------------------------------------------


def public_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The list of proposed nominees (name, unit, proposed award: nothing private), public while
    the session is called and its rule asks for a public notice; comments go to the secretary."""
    session = get_object_or_404(
        CouncilSession.objects.select_related("council__authority", "campaign"),
        pk=pk,
        status=SessionStatus.CALLED,
    )
    days = services.notice_days(session)
    if not days:
        raise Http404
    form = PublicCommentForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_public_comment(session=session, **form.cleaned_data)
        except TransitionError as exc:
            for field, errors in exc.errors.items():
                for e in errors:
                    form.add_error(field if field in form.fields else None, e)
            if not exc.errors:
                form.add_error(None, exc.message)
        else:
            messages.success(request, _("Cảm ơn ông/bà đã gửi ý kiến tới Hội đồng."))
            return redirect("council:public", pk)
    items = session.items.select_related(
        "nominee__dossier__unit", "award_offer__award_form"
    ).order_by("order", "pk")
    return render(
        request,
        "council/public_notice.html",
        {"session": session, "items": items, "form": form, "days": days},
    )
