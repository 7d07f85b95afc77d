"""The unit clerk's pages: dossier list, dossier page, nominees, files, import, sending.

Thin views: load through dossiers_visible_to (another unit's dossier is a 404), check the
permission in rules.py, bind a form, call one service, message, redirect.
"""

from __future__ import annotations

from functools import wraps
from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from audit.models import AuditEntry
from audit.workflow import TransitionError
from campaigns.enums import CampaignStatus, RecipientKind
from campaigns.models import Campaign
from documents.filenames import content_disposition, upload_filename
from documents.views import document_response
from nominations.documents import dossier_file_name, report_file_name
from organizations.enums import Role

from . import excel
from .enums import DossierAction, DossierStatus, NomineeStatus
from .forms import (
    AttachmentForm,
    CommentForm,
    DossierFileForm,
    DossierForm,
    ImportForm,
    NomineeForm,
    ReportFileForm,
)
from .models import Attachment, Dossier, DossierSnapshot, ImportJob, ImportStage, Nominee
from .outcomes import attach_outcomes
from .selectors import dossiers_visible_to
from .services import dossiers as services
from .services import imports
from .snapshots import diff_snapshots
from .timeline import action_label
from .uploads import clean_filename, files_with_too_large, install_size_limit
from .workflow import DOSSIER_WORKFLOW

IMPORT_SALT = "nominations.import"


def clerk_desk(view):
    """The clerk's pages: anyone else (a council member, a leader typing the URL) is refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.has_perm("nominations.use_clerk_desk"):
            raise PermissionDenied(
                _(
                    "Trang này dành cho cán bộ đơn vị lập hồ sơ đề nghị khen thưởng. Anh/chị xem "
                    "hồ sơ tại trang của mình (Thẩm định, Hội đồng, Lãnh đạo)."
                )
            )
        return view(request, *args, **kwargs)

    return wrapper


def accepts_uploads(view):
    """Put the size-limiting upload handler in front before anything reads the request body.

    CsrfViewMiddleware would read request.POST first, so CSRF is checked here instead.
    """

    @csrf_exempt
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if request.method == "POST":
            install_size_limit(request)
        return csrf_protect(view)(request, *args, **kwargs)

    return wrapper


def _dossier(request: HttpRequest, pk: int) -> Dossier:
    return get_object_or_404(dossiers_visible_to(request.user), pk=pk)


def _nominee(dossier: Dossier, nominee_pk: int) -> Nominee:
    nominee = get_object_or_404(
        Nominee.objects.select_related("award_offer__award_form", "ethnicity"),
        pk=nominee_pk,
        dossier=dossier,
    )
    attach_outcomes([nominee])
    return nominee


def _refuse_edit(request: HttpRequest, dossier: Dossier) -> HttpResponse | None:
    """None if the user may edit the dossier now; else a redirect with the reason."""
    if request.user.has_perm("nominations.edit_dossier", dossier):
        return None
    if dossier.unit_id != request.user.unit_id:
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị lập hồ sơ mới được sửa hồ sơ này."))
    messages.error(
        request,
        _("Hồ sơ đang ở trạng thái “%(status)s” nên không thể sửa.")
        % {"status": DossierStatus(dossier.status).label},
    )
    return redirect("nominations:detail", pk=dossier.pk)


# ---------------------------------------------------------------------------------------------
# Lists and the dossier page


@login_required
@clerk_desk
def dossier_list(request: HttpRequest) -> HttpResponse:
    dossiers = (
        dossiers_visible_to(request.user)
        .filter(unit_id=request.user.unit_id)
        .annotate(
            nominee_count=Count("nominees", distinct=True),
            attachment_count=Count("attachments", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    # A unit of a province sends dozens of dossiers over the years: 20 a page, newest first.
    page = Paginator(dossiers, DOSSIERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "nominations/dossier_list.html", {"dossiers": page.object_list, "page": page}
    )


DOSSIERS_PER_PAGE = 20


def timeline_entries(dossier: Dossier) -> list[AuditEntry]:
    entries = list(
        AuditEntry.objects.for_object(dossier)
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    for entry in entries:
        action = entry.action.split(".", 1)[-1]
        if entry.action.startswith("dossier.") and action in DossierAction.values:
            entry.label = DossierAction(action).label
            entry.is_transition = True
        else:
            entry.label = action_label(entry.action)
            entry.is_transition = entry.from_state != entry.to_state
        entry.from_label = (
            DossierStatus(entry.from_state).label
            if entry.from_state in DossierStatus.values
            else ""
        )
        entry.to_label = (
            DossierStatus(entry.to_state).label if entry.to_state in DossierStatus.values else ""
        )
        data = entry.data or {}
        entry.detail = data.get("name") or (
            _("%(count)s tập thể, cá nhân") % {"count": data["count"]} if "count" in data else ""
        )
    return entries


@login_required
@clerk_desk
def dossier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    nominees = list(
        dossier.nominees.select_related("award_offer__award_form", "ethnicity").annotate(
            attachment_count=Count("attachments")
        )
    )
    attachments = list(dossier.attachments.select_related("nominee"))
    can_edit = request.user.has_perm("nominations.edit_dossier", dossier)
    problems = []
    if can_edit:
        problems = services.completeness_problems(
            dossier,
            nominees=nominees,
            check_deadline=dossier.status == DossierStatus.DRAFT,
        )
    snapshots = list(dossier.snapshots.all())
    attach_outcomes(nominees)
    corrections = [n for n in nominees if n.status == NomineeStatus.NEEDS_CORRECTION]
    timeline = timeline_entries(dossier)
    context = {
        "dossier": dossier,
        "campaign": dossier.campaign,
        "nominees": nominees,
        "dossier_attachments": [a for a in attachments if a.nominee_id is None],
        "attachments": attachments,
        "can_edit": can_edit,
        "can_withdraw": DOSSIER_WORKFLOW.can(request.user, dossier, DossierAction.WITHDRAW),
        "problems": problems,
        "snapshots": snapshots,
        "corrections": corrections,
        "timeline": timeline,
        "kinds": RecipientKind,
        "attachment_form": AttachmentForm(dossier=dossier, nominee_choices=False),
        "file_form": DossierFileForm(dossier=dossier),
        "deadline_passed": services.deadline_passed(dossier.campaign),
        "counts": {
            kind: sum(1 for n in nominees if n.kind == kind) for kind in RecipientKind.values
        },
    }
    return render(request, "nominations/dossier_detail.html", context)


@login_required
@clerk_desk
def dossier_create(request: HttpRequest, campaign_pk: int) -> HttpResponse:
    if not request.user.has_perm("nominations.create_dossier"):
        raise PermissionDenied(_("Chỉ cán bộ đơn vị mới lập được hồ sơ đề nghị khen thưởng."))
    campaign = get_object_or_404(
        Campaign.objects.including_unit(request.user.unit).exclude(status=CampaignStatus.DRAFT),
        pk=campaign_pk,
    )
    problems = services.creation_problems(campaign=campaign, unit=request.user.unit)
    if request.method == "POST":
        try:
            dossier = services.create_dossier(actor=request.user, campaign=campaign)
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Đã lập hồ sơ nháp. Hãy nhập Tờ trình, danh sách đề nghị và tệp kèm theo."),
            )
            return redirect("nominations:detail", pk=dossier.pk)
    existing = Dossier.objects.filter(campaign=campaign, unit_id=request.user.unit_id)
    offers = campaign.award_offers.select_related("award_form")
    return render(
        request,
        "nominations/dossier_create.html",
        {"campaign": campaign, "problems": problems, "existing": existing, "offers": offers},
    )


@login_required
@clerk_desk
def dossier_edit(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if refused := _refuse_edit(request, dossier):
        return refused
    conflict = None
    if request.method == "POST":
        form = DossierForm(request.POST, instance=Dossier(pk=dossier.pk), campaign=dossier.campaign)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k != "version"}
            try:
                services.update_dossier(
                    actor=request.user,
                    dossier=dossier,
                    expected_version=form.cleaned_data["version"],
                    data=data,
                )
            except services.DossierConflict as exc:
                conflict = exc
                dossier.refresh_from_db()
                form.data["version"] = str(exc.current_version)
                messages.warning(request, str(exc))
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã lưu Tờ trình và ghi chú."))
                return redirect(f"{reverse('nominations:detail', args=[dossier.pk])}#to-trinh")
    else:
        form = DossierForm(instance=dossier, campaign=dossier.campaign)
    return render(
        request,
        "nominations/dossier_edit.html",
        {"dossier": dossier, "form": form, "conflict": conflict},
    )


DOSSIER_FILES = {"to-trinh": "letter", "bien-ban": "minutes"}


@login_required
@accepts_uploads
@clerk_desk
def dossier_file_upload(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    if which not in DOSSIER_FILES:
        raise Http404
    dossier = _dossier(request, pk)
    if refused := _refuse_edit(request, dossier):
        return refused
    if request.method == "POST":
        form = DossierFileForm(request.POST, files_with_too_large(request), dossier=dossier)
        if form.is_valid():
            try:
                services.set_dossier_file(
                    actor=request.user,
                    dossier=dossier,
                    which=DOSSIER_FILES[which],
                    upload=form.cleaned_data["file"],
                    checked=form.checked,
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("Đã lưu tệp “%(name)s”.") % {"name": form.checked.original_name}
                )
                return redirect(f"{reverse('nominations:detail', args=[dossier.pk])}#{which}")
    else:
        form = DossierFileForm(dossier=dossier)
    title = _("Tờ trình đã ký") if which == "to-trinh" else _("Biên bản họp xét của đơn vị")
    return render(
        request,
        "nominations/upload.html",
        {"dossier": dossier, "form": form, "title": title, "action": request.path},
    )


def _file_response(
    request: HttpRequest, field_file, filename: str, content_type: str = ""
) -> FileResponse:
    if not field_file:
        raise Http404
    try:
        handle = field_file.storage.open(field_file.name, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    inline = request.GET.get("xem") == "1" and (
        content_type in {"application/pdf", "image/png", "image/jpeg"}
        or PurePath(field_file.name).suffix.lower() in {".pdf", ".png", ".jpg", ".jpeg"}
    )
    response = FileResponse(handle, content_type=content_type or None)
    response["Content-Disposition"] = content_disposition(
        upload_filename(filename), inline=inline, original=filename
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def dossier_file_download(request: HttpRequest, pk: int, which: str) -> FileResponse:
    if which not in DOSSIER_FILES:
        raise Http404
    dossier = _dossier(request, pk)
    field_file = dossier.letter_file if which == "to-trinh" else dossier.minutes_file
    return _file_response(request, field_file, dossier_file_name(dossier, which, field_file.name))


# ---------------------------------------------------------------------------------------------
# Nominees


def _kind(request: HttpRequest) -> str:
    kind = request.GET.get("loai") or request.POST.get("loai") or RecipientKind.INDIVIDUAL
    return kind if kind in RecipientKind.values else RecipientKind.INDIVIDUAL


@login_required
@clerk_desk
def nominee_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if refused := _refuse_edit(request, dossier):
        return refused
    kind = _kind(request)
    form = NomineeForm(dossier=dossier, kind=kind)
    if not form.fields["award_offer"].queryset.exists():
        # The plan offers nothing for this kind of recipient: say so, no form that cannot be saved.
        return render(
            request,
            "nominations/nominee_form.html",
            {
                "dossier": dossier,
                "form": None,
                "kind": kind,
                "kind_label": RecipientKind(kind).label,
            },
        )
    if request.method == "POST":
        form = NomineeForm(request.POST, dossier=dossier, kind=kind)
        if form.is_valid():
            try:
                nominee = services.add_nominee(
                    actor=request.user, dossier=dossier, data=form.service_data()
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("Đã thêm “%(name)s” vào danh sách.") % {"name": nominee.full_name}
                )
                if "save_add" in request.POST:
                    return redirect(
                        f"{reverse('nominations:nominee_add', args=[dossier.pk])}?loai={kind}"
                    )
                return redirect(f"{reverse('nominations:detail', args=[dossier.pk])}#danh-sach")
    return render(
        request,
        "nominations/nominee_form.html",
        {"dossier": dossier, "form": form, "kind": kind, "kind_label": RecipientKind(kind).label},
    )


@login_required
@clerk_desk
def nominee_detail(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    nominee = _nominee(dossier, nominee_pk)
    return render(
        request,
        "nominations/nominee_detail.html",
        {
            "dossier": dossier,
            "nominee": nominee,
            "attachments": nominee.attachments.all(),
            "can_edit": request.user.has_perm("nominations.edit_dossier", dossier),
            "attachment_form": AttachmentForm(dossier=dossier, nominee_choices=False),
            "report_form": ReportFileForm(dossier=dossier),
        },
    )


@login_required
@clerk_desk
def nominee_edit(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if refused := _refuse_edit(request, dossier):
        return refused
    nominee = _nominee(dossier, nominee_pk)
    conflict = None
    if request.method == "POST":
        form = NomineeForm(request.POST, instance=nominee, dossier=dossier, kind=nominee.kind)
        if form.is_valid():
            try:
                services.update_nominee(
                    actor=request.user,
                    nominee=Nominee.objects.get(pk=nominee.pk),
                    data=form.service_data(),
                    expected_version=form.cleaned_data.get("version"),
                )
            except services.DossierConflict as exc:
                conflict = exc
                form.data["version"] = str(exc.current_version)
                messages.warning(request, str(exc))
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã lưu “%(name)s”.") % {"name": nominee.full_name})
                return redirect("nominations:nominee_detail", pk=dossier.pk, nominee_pk=nominee.pk)
    else:
        form = NomineeForm(instance=nominee, dossier=dossier, kind=nominee.kind)
    return render(
        request,
        "nominations/nominee_form.html",
        {
            "dossier": dossier,
            "form": form,
            "nominee": nominee,
            "kind": nominee.kind,
            "kind_label": RecipientKind(nominee.kind).label,
            "conflict": conflict,
        },
    )


@login_required
@clerk_desk
def nominee_remove(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if refused := _refuse_edit(request, dossier):
        return refused
    nominee = _nominee(dossier, nominee_pk)
    try:
        services.remove_nominee(actor=request.user, nominee=nominee)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Đã xóa “%(name)s” khỏi danh sách.") % {"name": nominee.full_name}
        )
    return redirect(f"{reverse('nominations:detail', args=[dossier.pk])}#danh-sach")


@login_required
@accepts_uploads
@clerk_desk
def nominee_report_upload(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if refused := _refuse_edit(request, dossier):
        return refused
    nominee = _nominee(dossier, nominee_pk)
    if request.method == "POST":
        form = ReportFileForm(request.POST, files_with_too_large(request), dossier=dossier)
        if form.is_valid():
            try:
                services.set_nominee_report_file(
                    actor=request.user,
                    nominee=nominee,
                    upload=form.cleaned_data["file"],
                    checked=form.checked,
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("Đã lưu tệp báo cáo thành tích."))
                return redirect("nominations:nominee_detail", pk=dossier.pk, nominee_pk=nominee.pk)
    else:
        form = ReportFileForm(dossier=dossier)
    return render(
        request,
        "nominations/upload.html",
        {
            "dossier": dossier,
            "form": form,
            "title": _("Báo cáo thành tích của “%(name)s”") % {"name": nominee.full_name},
            "action": request.path,
        },
    )


@login_required
def nominee_report_download(request: HttpRequest, pk: int, nominee_pk: int) -> FileResponse:
    dossier = _dossier(request, pk)
    nominee = _nominee(dossier, nominee_pk)
    return _file_response(
        request, nominee.report_file, report_file_name(nominee, nominee.report_file.name)
    )


@login_required
def nominee_report_pdf(request: HttpRequest, pk: int, nominee_pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    nominee = _nominee(dossier, nominee_pk)
    if not nominee.report_text.strip():
        messages.error(request, _("Chưa soạn báo cáo thành tích nên chưa thể in."))
        return redirect("nominations:nominee_detail", pk=dossier.pk, nominee_pk=nominee.pk)
    return document_response(
        request,
        kind="achievement_report",
        object_id=nominee.pk,
        inline=True,
        title=_("Báo cáo thành tích của “%(name)s”") % {"name": nominee.full_name},
    )


@login_required
def dossier_document_pdf(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    """The unit's own Tờ trình or danh sách đề nghị, generated from the dossier for the clerk to
    print, sign, scan and attach (a render job: nothing renders in the request)."""
    dossier = _dossier(request, pk)
    kinds = {
        "to-trinh": ("unit_letter", _("Tờ trình đề nghị khen thưởng")),
        "danh-sach": ("unit_list", _("Danh sách đề nghị khen thưởng")),
    }
    if which not in kinds:
        raise Http404
    kind, title = kinds[which]
    return document_response(
        request,
        kind=kind,
        object_id=dossier.pk,
        inline=True,
        title=title,
        back_url=reverse("nominations:detail", args=[dossier.pk]),
    )


# ---------------------------------------------------------------------------------------------
# Excel import


@login_required
@clerk_desk
def import_template(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    response = HttpResponse(
        excel.build_template(dossier.campaign),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition_header(
        True, f"mau-danh-sach-de-nghi-khen-thuong-{dossier.campaign_id}.xlsx"
    )
    return response


@login_required
@accepts_uploads
@clerk_desk
def nominee_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Checks the upload's size and what it expands to (cheap: the zip directory), stores it
    and queues its reading: the worker parses, this page's job view shows the progress."""
    dossier = _dossier(request, pk)
    if refused := _refuse_edit(request, dossier):
        return refused
    form = ImportForm()
    if request.method == "POST":
        if request.POST.get("job"):
            earlier = ImportJob.objects.filter(
                pk=request.POST["job"] if request.POST["job"].isdigit() else 0,
                dossier=dossier,
                created_by=request.user,
                stage=ImportStage.DONE,
                imported=0,
            ).first()
            if earlier is None or not earlier.good_rows:
                messages.error(
                    request, _("Phiên nhập tệp đã hết hạn. Vui lòng chọn lại tệp Excel.")
                )
            else:
                job = imports.import_good_rows(actor=request.user, job=earlier)
                return redirect("nominations:import_job", dossier.pk, job.pk)
        else:
            form = ImportForm(request.POST, files_with_too_large(request))
            if form.is_valid():
                upload = form.cleaned_data["file"]
                data = upload.read()
                error, rows = excel.check_bounds(data)
                if error:
                    form.add_error("file", error)
                else:
                    job = imports.start_import(
                        actor=request.user,
                        dossier=dossier,
                        data=data,
                        original_name=clean_filename(upload.name or ""),
                        rows_total=rows,
                        good_rows_only=form.cleaned_data["good_rows_only"],
                    )
                    return redirect("nominations:import_job", dossier.pk, job.pk)
    return render(
        request,
        "nominations/nominee_import.html",
        {"dossier": dossier, "form": form, "job": None},
    )


@login_required
@clerk_desk
def import_job(request: HttpRequest, pk: int, job_pk: int) -> HttpResponse:
    """The progress of one import (polled by htmx); once the rows are in, back to the dossier."""
    dossier = _dossier(request, pk)
    job = get_object_or_404(ImportJob, pk=job_pk, dossier=dossier, created_by=request.user)
    if job.stage == ImportStage.DONE and job.imported:
        text = _("Đã nhập %(count)s tập thể, cá nhân từ tệp Excel.") % {"count": job.imported}
        if job.bad_rows:
            text += " " + _("Bỏ qua %(skipped)s dòng có lỗi.") % {"skipped": job.bad_rows}
        messages.success(request, text)
        target = f"{reverse('nominations:detail', args=[dossier.pk])}#danh-sach"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect(target)
    if job.stage == ImportStage.FAILED and not request.headers.get("HX-Request"):
        messages.error(request, job.message)
    context = {"dossier": dossier, "job": job, "form": ImportForm()}
    if request.headers.get("HX-Request"):
        if not job.is_pending:  # errors to show with the form: the whole page
            response = HttpResponse(status=204)
            response["HX-Redirect"] = request.path
            return response
        return render(request, "nominations/nominee_import.html#progress", context)
    return render(request, "nominations/nominee_import.html", context)


# ---------------------------------------------------------------------------------------------
# Attachments


@login_required
@accepts_uploads
@clerk_desk
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if refused := _refuse_edit(request, dossier):
        return refused
    nominee = None
    if request.GET.get("nguoi"):
        try:
            nominee = _nominee(dossier, int(request.GET["nguoi"]))
        except ValueError as exc:
            raise Http404 from exc
    if request.method == "POST":
        form = AttachmentForm(request.POST, files_with_too_large(request), dossier=dossier)
        if form.is_valid():
            target = form.cleaned_data.get("nominee") or nominee
            try:
                services.add_attachment(
                    actor=request.user,
                    dossier=dossier,
                    upload=form.cleaned_data["file"],
                    checked=form.checked,
                    nominee=target,
                    description=form.cleaned_data.get("description", ""),
                )
            except TransitionError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(
                    request, _("Đã đính kèm tệp “%(name)s”.") % {"name": form.checked.original_name}
                )
                if target is not None:
                    return redirect(
                        "nominations:nominee_detail", pk=dossier.pk, nominee_pk=target.pk
                    )
                return redirect(f"{reverse('nominations:detail', args=[dossier.pk])}#tep")
    else:
        form = AttachmentForm(dossier=dossier, initial={"nominee": nominee.pk if nominee else None})
    return render(
        request,
        "nominations/upload.html",
        {
            "dossier": dossier,
            "form": form,
            "title": _("Đính kèm tệp minh chứng"),
            "action": request.get_full_path(),
        },
    )


@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    dossier = _dossier(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, dossier=dossier)
    return _file_response(
        request, attachment.file, attachment.original_name, attachment.content_type
    )


@login_required
@clerk_desk
def attachment_remove(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if refused := _refuse_edit(request, dossier):
        return refused
    attachment = get_object_or_404(Attachment, pk=attachment_pk, dossier=dossier)
    try:
        services.remove_attachment(actor=request.user, attachment=attachment)
    except TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Đã xóa tệp “%(name)s”.") % {"name": attachment.original_name})
    if attachment.nominee_id:
        return redirect(
            "nominations:nominee_detail", pk=dossier.pk, nominee_pk=attachment.nominee_id
        )
    return redirect(f"{reverse('nominations:detail', args=[dossier.pk])}#tep")


# ---------------------------------------------------------------------------------------------
# Sending, withdrawing, sending again


def _send(request: HttpRequest, pk: int, *, resubmit: bool) -> HttpResponse:
    dossier = _dossier(request, pk)
    if dossier.unit_id != request.user.unit_id or not request.user.has_role(Role.CLERK):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị lập hồ sơ mới được gửi hồ sơ này."))
    expected = DossierStatus.RETURNED if resubmit else DossierStatus.DRAFT
    if dossier.status != expected:
        messages.error(
            request,
            _("Không thể gửi khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"status": DossierStatus(dossier.status).label},
        )
        return redirect("nominations:detail", pk=dossier.pk)
    problems = services.completeness_problems(dossier, check_deadline=not resubmit)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        service = services.resubmit_dossier if resubmit else services.submit_dossier
        try:
            service(actor=request.user, dossier=dossier, comment=form.cleaned_data["comment"])
        except services.DossierIncomplete as exc:
            problems = exc.problems
            messages.error(request, str(exc))
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request,
                _("Đã gửi hồ sơ đến %(office)s.")
                % {"office": dossier.campaign.appraising_unit or _("Phòng Nội vụ")},
            )
            return redirect("nominations:detail", pk=dossier.pk)
    return render(
        request,
        "nominations/dossier_submit.html",
        {
            "dossier": dossier,
            "problems": problems,
            "form": form,
            "resubmit": resubmit,
            "nominee_count": dossier.nominees.count(),
        },
    )


@login_required
@clerk_desk
def dossier_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _send(request, pk, resubmit=False)


@login_required
@clerk_desk
def dossier_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    return _send(request, pk, resubmit=True)


@login_required
@clerk_desk
def dossier_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    if not DOSSIER_WORKFLOW.can(request.user, dossier, DossierAction.WITHDRAW):
        messages.error(
            request,
            _("Chỉ rút được hồ sơ đã gửi mà Phòng Nội vụ chưa tiếp nhận."),
        )
        return redirect("nominations:detail", pk=dossier.pk)
    form = CommentForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_dossier(
                actor=request.user, dossier=dossier, comment=form.cleaned_data["comment"]
            )
        except TransitionError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Đã rút hồ sơ."))
        return redirect("nominations:detail", pk=dossier.pk)
    return render(request, "nominations/dossier_withdraw.html", {"dossier": dossier, "form": form})


@login_required
@clerk_desk
def snapshot_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    dossier = _dossier(request, pk)
    snapshot = get_object_or_404(DossierSnapshot, dossier=dossier, number=number)
    previous = DossierSnapshot.objects.filter(dossier=dossier, number=number - 1).first()
    changes = diff_snapshots(previous.data, snapshot.data) if previous else []
    return render(
        request,
        "nominations/snapshot_detail.html",
        {
            "dossier": dossier,
            "snapshot": snapshot,
            "data": snapshot.data,
            "nominees": list(snapshot.data.get("nominees", {}).values()),
            "attachments": list(snapshot.data.get("attachments", {}).values()),
            "changes": changes,
            "previous": previous,
        },
    )
