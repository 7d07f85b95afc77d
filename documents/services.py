"""Writes of the document engine: the outgoing register, stored renderings and render jobs."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from audit.services import record
from audit.workflow import TransitionError, Workflow, transition
from organizations.enums import RegisterMode
from organizations.models import Authority, Unit

from .enums import SIGNOFF_TRANSITIONS, RenderStatus, SignOffAction, SignOffStatus
from .kinds import DocumentKind, get_kind
from .models import (
    SHARED_SERIES,
    RegisterCounter,
    RegisterEntry,
    RenderedDocument,
    RenderJob,
    SignOffRequest,
)
from .rendering import data_hash, render_pdf, template_version
from .selectors import issued_entry, rendering_of
from .signoff import get_provider
from .vietnamese import document_number, normalise_data

logger = logging.getLogger(__name__)


class NumberTaken(ValidationError):
    pass


def series_for(*, authority: Authority, doc_type: str, office: Unit | None = None) -> str:
    """One shared series, or one per document type, as the head of the authority decided; an
    office that numbers its own documents (Unit.own_register) has its own series beside them
    ("PNV", or "PNV-BC" when each type has its own)."""
    per_type = authority.register_mode == RegisterMode.PER_TYPE
    if office is not None and office.own_register:
        code = office_code(office, authority)
        return f"{code}-{doc_type}"[:16] if per_type else code[:16]
    return doc_type if per_type else SHARED_SERIES


def office_code(office: Unit, authority: Authority) -> str:
    from .blocks import unit_code

    return unit_code(office, authority)


def _locked_counter(*, authority: Authority, year: int, series: str) -> RegisterCounter:
    if not RegisterCounter.objects.filter(authority=authority, year=year, series=series).exists():
        try:
            with transaction.atomic():
                RegisterCounter.objects.create(authority=authority, year=year, series=series)
        except IntegrityError:
            pass  # another transaction created it first; lock theirs below
    return RegisterCounter.objects.select_for_update().get(
        authority=authority, year=year, series=series
    )


def register_document(
    *,
    authority: Authority,
    doc_type: str,
    issued_on: dt.date,
    title: str,
    target_kind: str,
    target_id: str,
    actor: Any = None,
    number: int | None = None,
    symbol: str | None = None,
    series: str | None = None,
    office: Unit | None = None,
) -> RegisterEntry:
    """Give the next number of the year's series (or record a given one) in the outgoing register.

    Must run inside the caller's transaction; the counter row stays locked until it commits, so
    concurrent issues wait for each other and get consecutive numbers. A number typed by hand
    (a document numbered outside thidua) must not be in use; the counter moves past it.
    `symbol` replaces "<doc_type>-<authority code>" and `series` the authority's choice of
    series for a body numbering in its own series (the council's "BB-HĐTĐKT").
    `office`: the issuing office of a document issued in its own name (BC-PNV): its code is in
    the symbol, and its own series is used if it has one (Unit.own_register).
    """
    if series is None:
        series = series_for(authority=authority, doc_type=doc_type, office=office)
    if symbol is None and office is not None:
        symbol = f"{doc_type}-{office_code(office, authority)}"
    year = issued_on.year
    counter = _locked_counter(authority=authority, year=year, series=series)
    if number is None:
        number = counter.last_number + 1
    elif RegisterEntry.objects.filter(
        authority=authority, year=year, series=series, number=number
    ).exists():
        raise NumberTaken(
            _("Số %(number)s đã được dùng trong năm %(year)s.")
            % {"number": document_number(number), "year": year},
            code="number_taken",
        )
    if number > counter.last_number:
        counter.last_number = number
        counter.save(update_fields=["last_number"])
    return RegisterEntry.objects.create(
        authority=authority,
        year=year,
        series=series,
        number=number,
        doc_type=doc_type,
        symbol=symbol or f"{doc_type}-{authority.document_code}",
        issued_on=issued_on,
        title=title[:500],
        target_kind=target_kind,
        target_id=str(target_id),
        created_by=actor if getattr(actor, "pk", None) else None,
    )


def _page_count(pdf: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(pdf)).pages)


def _bind_issued(entry: RegisterEntry, doc: RenderedDocument) -> RenderedDocument:
    """Bind the first rendering of the issued text to its register entry; afterwards the bound
    one is the document, whichever rendering asked."""
    with transaction.atomic():
        locked = RegisterEntry.objects.select_for_update().get(pk=entry.pk)
        if locked.document_id is None:
            locked.document = doc
            locked.save(update_fields=["document"])
            return doc
        return locked.document


def render_document(
    *, kind: str, object_id: str | int, data: dict[str, Any] | None = None
) -> RenderedDocument:
    """Render and store the PDF of one object (or of given frozen data, e.g. a revision).

    Idempotent: the same data and template version return the stored document untouched. An
    issued document (its issued text, with a register number) is rendered once: the first
    rendering is bound to the register entry and returned for ever after, whatever the template
    version has become. This renders in the calling process: requests go through
    request_document and a job instead.
    Side effects: a file in the default storage; a RenderedDocument row; the register entry's
    document, the first time its issued text is rendered.
    """
    spec = get_kind(kind)
    obj = spec.load(str(object_id))
    if data is None:
        data = spec.build_data(obj)
    data = normalise_data(data)
    entry = issued_entry(spec=spec, obj=obj, data=data)
    if entry is not None and entry.document is not None:
        return entry.document
    doc = _render_and_store(spec=spec, obj=obj, data=data)
    return _bind_issued(entry, doc) if entry is not None else doc


def _render_and_store(
    *, spec: DocumentKind, obj: models.Model, data: dict[str, Any]
) -> RenderedDocument:
    kind = spec.code
    version = template_version(spec.template_version)
    digest = data_hash(data, version)
    existing = RenderedDocument.objects.filter(
        kind=kind, object_id=str(obj.pk), data_hash=digest
    ).first()
    if existing is not None:
        return existing
    pdf = render_pdf(template_name=spec.template_name, data=data)
    sha = hashlib.sha256(pdf).hexdigest()
    doc = RenderedDocument(
        kind=kind,
        object_id=str(obj.pk),
        authority=spec.authority_of(obj),
        data=data,
        data_hash=digest,
        template_version=version,
        sha256=sha,
        size=len(pdf),
        page_count=_page_count(pdf),
        filename=spec.filename(obj, data),
    )
    doc.file.save(f"{sha[:20]}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            doc.save()
    except IntegrityError:
        # Rendered concurrently by another worker: keep theirs, drop our copy of the file.
        doc.file.storage.delete(doc.file.name)
        return RenderedDocument.objects.get(kind=kind, object_id=str(obj.pk), data_hash=digest)
    return doc


# ---------------------------------------------------------------------------------------------
# Render jobs: a request never waits for WeasyPrint. It gets the stored PDF, or a job that the
# worker renders while the page polls (documents.views.job).


def _dispatch(job: RenderJob) -> None:
    """Send the job to the worker once the transaction commits. A broker outage neither fails
    the request nor makes it wait (no retries on publish): the job row stays queued and the
    sweep sends it again."""
    from .tasks import run_render_job_task

    pk = job.pk

    def send() -> None:
        # ignore_result: with Redis away, subscribing to the result store would block ~19 s
        # (its reconnect policy) and raise; the job row is the result.
        run_render_job_task.apply_async(args=[pk], retry=False, ignore_result=True)

    transaction.on_commit(send, robust=True)


def _stale_dispatch(job: RenderJob, now: dt.datetime) -> bool:
    limit = now - dt.timedelta(seconds=settings.DOCUMENTS_JOB_REQUEUE_AFTER)
    return job.status == RenderStatus.QUEUED and (
        job.dispatched_at is None or job.dispatched_at < limit
    )


@transaction.atomic
def request_document(
    *,
    kind: str,
    object_id: str | int,
    data: dict[str, Any] | None = None,
    actor: Any = None,
) -> RenderedDocument | RenderJob:
    """The stored PDF of the object's current data (or of the given frozen data) if there is one,
    else the job that renders it: created and queued after commit, or the existing one (sent
    again if its message looks lost). A failed job is returned as it is (retry_render_job).
    Side effects: a RenderJob row; a Celery task queued on commit.
    """
    spec = get_kind(kind)
    obj = spec.load(str(object_id))
    state = rendering_of(kind=kind, obj=obj, data=data)
    if state.document is not None:
        if state.entry is not None and state.entry.document is None:
            return _bind_issued(state.entry, state.document)
        return state.document
    now = timezone.now()
    job, created = RenderJob.objects.get_or_create(
        kind=kind,
        object_id=str(obj.pk),
        data_hash=state.data_hash,
        defaults={
            "data": state.data,
            "authority": spec.authority_of(obj),
            "requested_by": actor if getattr(actor, "pk", None) else None,
            "dispatched_at": now,
        },
    )
    if created or _stale_dispatch(job, now):
        if not created:
            RenderJob.objects.filter(pk=job.pk).update(dispatched_at=now)
        _dispatch(job)
    return job


def run_render_job(*, job_id: int) -> RenderJob | None:
    """Render a job's data and store the PDF (the worker's side). Idempotent and safe to run
    twice at once: a done job is returned as it is; a job another worker started recently is
    left to it; two renderings of the same data store one document.
    Side effects: the job's status, timestamps and error; see render_document.
    """
    now = timezone.now()
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status == RenderStatus.DONE:
            return job
        timeout = now - dt.timedelta(seconds=settings.DOCUMENTS_JOB_TIMEOUT)
        if job.status == RenderStatus.RUNNING and job.started_at and job.started_at > timeout:
            return job
        job.status = RenderStatus.RUNNING
        job.started_at = now
        job.finished_at = None
        job.attempts += 1
        job.save(update_fields=["status", "started_at", "finished_at", "attempts"])
    try:
        doc = render_document(kind=job.kind, object_id=job.object_id, data=job.data)
    except Exception as exc:
        logger.exception("Render job %s (%s %s) failed", job.pk, job.kind, job.object_id)
        return _finish(job.pk, status=RenderStatus.FAILED, error=f"{type(exc).__name__}: {exc}")
    return _finish(job.pk, status=RenderStatus.DONE, document=doc)


def _finish(
    job_id: int, *, status: str, document: RenderedDocument | None = None, error: str = ""
) -> RenderJob:
    with transaction.atomic():
        job = RenderJob.objects.select_for_update().get(pk=job_id)
        if job.status == RenderStatus.DONE:
            return job  # a second run finished first
        job.status = status
        job.document = document
        job.error = error[:4000]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "document", "error", "finished_at"])
        return job


@transaction.atomic
def retry_render_job(*, job: RenderJob, actor: Any = None) -> RenderJob:
    """Queue a failed job again (the retry button). Other states are left as they are.
    Side effects: the job's status; a Celery task queued on commit."""
    job = RenderJob.objects.select_for_update().get(pk=job.pk)
    if job.status != RenderStatus.FAILED:
        return job
    job.status = RenderStatus.QUEUED
    job.error = ""
    job.dispatched_at = timezone.now()
    if getattr(actor, "pk", None):
        job.requested_by = actor
    job.save(update_fields=["status", "error", "dispatched_at", "requested_by"])
    _dispatch(job)
    return job


MAX_ATTEMPTS = 3


def sweep_render_jobs(*, now: dt.datetime | None = None, limit: int = 100) -> list[int]:
    """Send again the jobs whose message was lost (queued too long) and put back those whose
    worker died (running too long); a job that ran out of time MAX_ATTEMPTS times fails.
    Returns the ids sent again. Run every minute by Celery beat.
    Side effects: jobs' status and dispatch time; Celery tasks queued on commit.
    """
    now = now or timezone.now()
    queued_before = now - dt.timedelta(seconds=settings.DOCUMENTS_JOB_REQUEUE_AFTER)
    running_before = now - dt.timedelta(seconds=settings.DOCUMENTS_JOB_TIMEOUT)
    stale = models.Q(status=RenderStatus.QUEUED) & (
        models.Q(dispatched_at__lt=queued_before) | models.Q(dispatched_at__isnull=True)
    )
    stuck = models.Q(status=RenderStatus.RUNNING, started_at__lt=running_before)
    sent: list[int] = []
    with transaction.atomic():
        jobs = RenderJob.objects.select_for_update().filter(stale | stuck).order_by("pk")[:limit]
        for job in jobs:
            if job.status == RenderStatus.RUNNING and job.attempts >= MAX_ATTEMPTS:
                job.status = RenderStatus.FAILED
                job.error = f"Timeout: no result after {job.attempts} attempts"
                job.finished_at = now
                job.save(update_fields=["status", "error", "finished_at"])
                continue
            job.status = RenderStatus.QUEUED
            job.dispatched_at = now
            job.save(update_fields=["status", "dispatched_at"])
            _dispatch(job)
            sent.append(job.pk)
    return sent


# ---------------------------------------------------------------------------------------------
# Sign-off: a document to be issued in a signer's name waits for his approval (documents.signoff
# for the providers, docs/document-engine.md "Sign-off").

SIGNOFF_WORKFLOW: Workflow[SignOffRequest] = Workflow(
    name="signoff",
    model=SignOffRequest,
    states=SignOffStatus,
    actions=SignOffAction,
    transitions=SIGNOFF_TRANSITIONS,
    refused_message=_lazy(
        "Anh/chị không có quyền thực hiện thao tác “%(action)s” với văn bản trình ký này."
    ),
    state_message=_lazy("Không thể “%(action)s” khi văn bản trình ký đang “%(state)s”."),
    stale_message=_lazy(
        "Văn bản trình ký vừa được thay đổi. Vui lòng tải lại trang để xem bản mới nhất."
    ),
    select_related=("authority",),
)


def request_signoff(
    *,
    actor: Any,
    kind: str,
    obj: models.Model,
    authority: Authority,
    signer: Any,
    signer_form: str,
    title: str,
    preview_kind: str,
    preview_data: dict[str, Any],
) -> SignOffRequest:
    """Send an object to its signer: a pending SignOffRequest with the frozen text he will see
    (rendered as `preview_kind` of the same object id). For the provider's own transition to
    call inside its transaction. Refuses (TransitionError) a signer who is not an active person
    of the authority, or a second pending request for the same object.
    Side effects: audit entry; a notification to the signer (e-mail through the outbox). The
    preview's render job is written when the signer's page first asks for it.
    """
    from notifications.services import notify

    get_provider(kind)  # a kind nobody registered is a programming error: fail loudly
    if signer is None or not signer.is_active or signer.authority_id != authority.pk:
        raise TransitionError(
            _("Chưa chọn người ký hợp lệ của cơ quan ban hành."),
            code="invalid",
            errors={"signer": [_("Chưa chọn người ký hợp lệ của cơ quan ban hành.")]},
        )
    try:
        with transaction.atomic():
            signoff = SignOffRequest.objects.create(
                authority=authority,
                kind=kind,
                object_id=str(obj.pk),
                title=title[:500],
                signer=signer,
                signer_form=signer_form,
                preview_kind=preview_kind,
                preview_data=normalise_data(preview_data),
                requested_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as exc:
        raise TransitionError(
            _("Văn bản này đang chờ người ký duyệt."), code="illegal_state"
        ) from exc
    record(
        actor=actor,
        action="signoff.request",
        target=signoff,
        authority=authority,
        to_state=SignOffStatus.PENDING,
        data={"kind": kind, "object_id": str(obj.pk), "signer": signer.pk},
    )
    notify(
        recipients=[signer],
        verb="signoff.requested",
        title=_("Văn bản chờ ký duyệt: %(title)s") % {"title": title},
        body=_("%(who)s trình anh/chị ký duyệt văn bản “%(title)s”.")
        % {"who": getattr(actor, "full_name", "") or _("Cán bộ"), "title": title},
        link=signoff.get_absolute_url(),
    )
    return signoff


def _notify_requester(signoff: SignOffRequest, *, verb: str, title: str, body: str) -> None:
    from notifications.services import notify

    provider = get_provider(signoff.kind)
    try:
        link = provider.link(provider.load(signoff.object_id))
    except Exception:
        link = ""
    notify(recipients=[signoff.requested_by], verb=verb, title=title, body=body, link=link)


def approve_signoff(
    *,
    actor: Any,
    signoff: SignOffRequest,
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
) -> SignOffRequest:
    """The signer approves: the request is marked approved and the provider's on_approve issues
    the document in the same transaction (number from the register, date, frozen PDF). `data`
    goes to on_approve unchanged (the place where a digital signature step hooks in).
    Side effects: audit entry; whatever on_approve does; a notification to the requester.
    """
    provider = get_provider(signoff.kind)

    def prepare(locked: SignOffRequest) -> None:
        locked.decided_at = timezone.now()

    def after(locked: SignOffRequest) -> None:
        provider.on_approve(locked, provider.load(locked.object_id), actor, data or {})
        _notify_requester(
            locked,
            verb="signoff.approved",
            title=_("Đã duyệt ký: %(title)s") % {"title": locked.title},
            body=_("%(who)s đã duyệt ký văn bản “%(title)s”.")
            % {"who": actor.full_name, "title": locked.title},
        )

    return transition(
        SIGNOFF_WORKFLOW,
        actor=actor,
        obj=signoff,
        action=SignOffAction.APPROVE,
        expected_version=expected_version,
        prepare=prepare,
        after=after,
    )


def return_signoff(
    *, actor: Any, signoff: SignOffRequest, reason: str, expected_version: int | None = None
) -> SignOffRequest:
    """The signer sends the document back to its author with a reason (required); the provider's
    on_return puts the object back in the author's hands.
    Side effects: audit entry (the reason as comment); on_return; a notification to the
    requester with the reason."""
    reason = (reason or "").strip()
    if not reason:
        message = _("Vui lòng ghi lý do trả lại.")
        raise TransitionError(message, code="invalid", errors={"reason": [message]})
    provider = get_provider(signoff.kind)

    def prepare(locked: SignOffRequest) -> None:
        locked.return_reason = reason
        locked.decided_at = timezone.now()

    def after(locked: SignOffRequest) -> None:
        provider.on_return(locked, provider.load(locked.object_id), actor)
        _notify_requester(
            locked,
            verb="signoff.returned",
            title=_("Văn bản trình ký bị trả lại: %(title)s") % {"title": locked.title},
            body=_("Lý do: %(reason)s") % {"reason": reason},
        )

    return transition(
        SIGNOFF_WORKFLOW,
        actor=actor,
        obj=signoff,
        action=SignOffAction.RETURN,
        expected_version=expected_version,
        comment=reason,
        prepare=prepare,
        after=after,
    )


def withdraw_signoff(*, actor: Any, signoff: SignOffRequest) -> SignOffRequest:
    """The author takes a request back before the signer decides (to correct the text).
    Side effects: audit entry; the provider's on_withdraw."""
    provider = get_provider(signoff.kind)

    def prepare(locked: SignOffRequest) -> None:
        locked.decided_at = timezone.now()

    def after(locked: SignOffRequest) -> None:
        if provider.on_withdraw is not None:
            provider.on_withdraw(locked, provider.load(locked.object_id), actor)

    return transition(
        SIGNOFF_WORKFLOW,
        actor=actor,
        obj=signoff,
        action=SignOffAction.WITHDRAW,
        prepare=prepare,
        after=after,
    )


def pending_signoff(*, kind: str, object_id: str | int) -> SignOffRequest | None:
    return SignOffRequest.objects.filter(
        kind=kind, object_id=str(object_id), status=SignOffStatus.PENDING
    ).first()
