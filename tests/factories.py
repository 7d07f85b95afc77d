"""The one family of test data builders. People and places come from factory_boy; everything with
a life (campaigns, dossiers, nominees, their states) is built through the app's own services, so
a test's set-up passes the same checks a user's action does."""

from __future__ import annotations

import datetime as dt
import hashlib
from itertools import count
from typing import Any

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from campaigns.enums import CampaignAction, ParticipantMode, RecipientKind
from campaigns.models import AwardForm, AwardOffer, Campaign
from campaigns.services import create_campaign, transition_campaign
from documents.services import approve_signoff, pending_signoff
from nominations.enums import StaffCategory
from nominations.models import Attachment, Dossier, Nominee
from nominations.services import dossiers as dossier_services
from nominations.uploads import CheckedUpload
from organizations.enums import AuthorityLevel, Gender, Role
from organizations.models import Authority, Ethnicity, Unit, UnitKind, User
from organizations.services import setup_roles

PASSWORD = "mat-khau-thu-nghiem-1"
_seq = count(1)

# A tiny valid one-page PDF (cover letters, evidence files, previews).
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
PDF_BYTES = TINY_PDF


# --- People and places -----------------------------------------------------------------------


class AuthorityFactory(DjangoModelFactory):
    class Meta:
        model = Authority
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Ủy ban nhân dân xã Thử Nghiệm {n}")
    short_name = factory.LazyAttribute(lambda o: o.name.replace("Ủy ban nhân dân", "UBND"))
    level = AuthorityLevel.COMMUNE
    header_name = factory.LazyAttribute(lambda o: o.name.upper())
    parent_header_name = "UBND TỈNH QUẢNG NGÃI"
    place_name = factory.Sequence(lambda n: f"Thử Nghiệm {n}")
    document_code = "UBND"


class UnitFactory(DjangoModelFactory):
    class Meta:
        model = Unit

    authority = factory.SubFactory(AuthorityFactory)
    name = factory.Sequence(lambda n: f"Đơn vị số {n}")
    short_name = factory.LazyAttribute(lambda o: o.name)
    kind = factory.LazyFunction(lambda: UnitKind.objects.get(code="commune"))


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.vn")
    authority = factory.SubFactory(AuthorityFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted, **kwargs) -> None:
        self.save()
        if create and extracted:
            setup_roles(person=self, roles=extracted)


def make_person(role: str, *, authority: Authority, unit: Unit | None = None, **kw) -> User:
    if role == Role.CLERK and unit is None:
        unit = UnitFactory(authority=authority)
    return UserFactory(authority=authority, unit=unit, roles=[role], **kw)


def staff(authority: Authority, role: str = Role.APPRAISER) -> User:
    """A member of the authority's staff with `role`, made once per authority and role."""
    username = f"{role}-{authority.pk}"
    person = User.objects.filter(username=username).first()
    return person or make_person(role, authority=authority, username=username)


def clerk_of(unit: Unit) -> User:
    """A clerk of the unit (the first one, or a new one)."""
    person = User.objects.filter(unit=unit, role_assignments__role=Role.CLERK).first()
    return person or make_person(Role.CLERK, authority=unit.authority, unit=unit)


# --- Campaigns -------------------------------------------------------------------------------

# The award forms a test campaign offers: code, name, recipient, order.
STANDARD_FORMS = (
    ("gk-ca-nhan", "Giấy khen cho cá nhân", RecipientKind.INDIVIDUAL, 1),
    ("gk-tap-the", "Giấy khen cho tập thể", RecipientKind.COLLECTIVE, 2),
    ("bk-ca-nhan", "Đề nghị Bằng khen cho cá nhân", RecipientKind.INDIVIDUAL, 3),
)


def award_form(
    authority: Authority,
    code: str = "gk-ca-nhan",
    name: str = "",
    kind: str = RecipientKind.INDIVIDUAL,
    order: int = 0,
) -> AwardForm:
    form, _ = AwardForm.objects.get_or_create(
        authority=authority,
        code=code,
        defaults={"name": name or f"Giấy khen ({code})", "recipient_kind": kind, "order": order},
    )
    return form


def make_campaign(
    authority: Authority,
    *,
    title: str = "",
    publish: bool = True,
    actor: User | None = None,
    forms: tuple[tuple[str, str, str, int], ...] = STANDARD_FORMS,
    **fields: Any,
) -> Campaign:
    """A campaign drafted (and, unless publish=False, published) by Phòng Nội vụ's services:
    sent to its signer (by default the authority's chairman, named as `signer_name`), who
    approves it on his page (documents sign-off), which gives its number."""
    actor = actor or staff(authority)
    kinds = fields.pop("participant_kinds", ())
    units = fields.pop("participant_units", ())
    base = {
        "title": title or f"Phong trào thi đua thử nghiệm số {next(_seq)}",
        "issued_on": timezone.localdate(),
        "legal_bases": ["Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15/6/2022"],
        "purpose": "1. Động viên cán bộ, nhân dân thi đua.",
        "theme": "Thi đua lập thành tích.",
        "contents": ["Tuyên truyền sâu rộng.", "Phát triển kinh tế."],
        "closing": "Đề nghị các cơ quan, đơn vị thực hiện./.",
        "recipients": ["Như trên;", "Lưu: VT."],
        "signer_title": "CHỦ TỊCH",
        "signer_name": "Phạm Xuân Vinh",
        "nomination_deadline": timezone.localdate() + dt.timedelta(days=30),
        "participant_mode": ParticipantMode.ALL,
        "unit_minutes_required": False,
        "max_dossiers_per_unit": 5,
    }
    base.update(fields)
    if "signer" not in base:
        base["signer"] = signer_of(authority, base.get("signer_name") or "Phạm Xuân Vinh")
    campaign = create_campaign(
        actor=actor,
        authority=authority,
        fields=base,
        participant_kinds=kinds,
        participant_units=units,
        tasks=[{"unit": None, "role": "all", "text": "Các cơ quan, đơn vị triển khai thực hiện."}],
        offers=[
            {"award_form": award_form(authority, *spec), "criteria": "Có thành tích xuất sắc."}
            for spec in forms
        ],
    )
    if publish:
        campaign = publish_campaign(campaign, actor=actor)
    return campaign


def signer_of(authority: Authority, full_name: str = "Phạm Xuân Vinh", role: str = Role.CHAIRMAN):
    """The authority's leader of this name and role (made once)."""
    person = User.objects.filter(
        authority=authority, full_name=full_name, role_assignments__role=role
    ).first()
    return person or make_person(role, authority=authority, full_name=full_name)


def send_for_signature(campaign: Campaign, *, actor: User | None = None) -> Campaign:
    """The manager sends the draft plan to its signer."""
    actor = actor or staff(campaign.authority)
    return transition_campaign(actor=actor, campaign=campaign, action=CampaignAction.SEND)


def approve_pending(kind: str, object_id: Any) -> Any:
    """The signer approves what waits for him for this object (the signer's page's action)."""
    request = pending_signoff(kind=kind, object_id=object_id)
    assert request is not None, f"nothing waits for signature: {kind} {object_id}"
    return approve_signoff(actor=request.signer, signoff=request)


def publish_campaign(campaign: Campaign, *, actor: User | None = None) -> Campaign:
    """Send the draft to its signer and let him approve it: the plan is issued with its number."""
    send_for_signature(campaign, actor=actor)
    approve_pending("plan", campaign.pk)
    campaign.refresh_from_db()
    return campaign


def offer(campaign: Campaign, code: str = "gk-ca-nhan") -> AwardOffer:
    """The campaign's offer of the form with this code, or the first offer for this recipient
    kind ("individual", "collective", "household")."""
    if code in RecipientKind.values:
        return (
            campaign.award_offers.filter(award_form__recipient_kind=code)
            .order_by("award_form__order", "pk")
            .first()
        )
    return AwardOffer.objects.get(campaign=campaign, award_form__code=code)


# --- Dossiers and nominees -------------------------------------------------------------------


def pdf_upload(name: str = "minh-chung.pdf", content: bytes = TINY_PDF):
    """An uploaded PDF and what uploads.check_upload would say of it."""
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    checked = CheckedUpload(
        extension=".pdf",
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        original_name=name,
    )
    return upload, checked


def _clerk(dossier: Dossier, clerk: User | None) -> User:
    return clerk or dossier.created_by or clerk_of(dossier.unit)


def person_data(dossier: Dossier, full_name: str, **fields: Any) -> dict[str, Any]:
    """What the clerk's form gives for a complete individual nominee."""
    data = {
        "kind": RecipientKind.INDIVIDUAL,
        "award_offer": offer(dossier.campaign, "individual"),
        "full_name": full_name,
        "gender": Gender.MALE,
        # Spread over 1970–2000 whatever the sequence has reached: after a few hundred people
        # an unbounded offset lands in the future, which the clerk's form refuses.
        "birth_date": dt.date(1970, 1, 1) + dt.timedelta(days=37 * (next(_seq) % 300)),
        "ethnicity": Ethnicity.objects.get(code="19"),
        "hometown": "xã Ba Cung",
        "position": "Trưởng thôn",
        "workplace": dossier.unit.name,
        "staff_category": StaffCategory.GRASSROOTS,
        "achievement_summary": "Đã có thành tích xuất sắc trong phong trào thi đua.",
        "report_text": "Thành tích nổi bật: vận động 20 hộ thoát nghèo.",
    }
    data.update(fields)
    return data


def add_person(
    dossier: Dossier, full_name: str = "", *, clerk: User | None = None, **fields: Any
) -> Nominee:
    """An individual added by the unit's clerk (services.add_nominee)."""
    full_name = full_name or f"Đinh Văn Thử {next(_seq)}"
    return dossier_services.add_nominee(
        actor=_clerk(dossier, clerk),
        dossier=dossier,
        data=person_data(dossier, full_name, **fields),
    )


def add_collective(
    dossier: Dossier, full_name: str, *, clerk: User | None = None, **fields: Any
) -> Nominee:
    data = {
        "kind": RecipientKind.COLLECTIVE,
        "award_offer": offer(dossier.campaign, "collective"),
        "full_name": full_name,
        "parent_unit_name": dossier.unit.name,
        "member_count": 20,
        "women_share": 60,
        "achievement_summary": "Tập thể có thành tích xuất sắc",
        "report_text": "Báo cáo thành tích của tập thể.",
    }
    data.update(fields)
    return dossier_services.add_nominee(actor=_clerk(dossier, clerk), dossier=dossier, data=data)


def add_pdf(
    dossier: Dossier,
    *,
    nominee: Nominee | None = None,
    name: str = "minh-chung.pdf",
    clerk: User | None = None,
) -> Attachment:
    upload, checked = pdf_upload(name)
    return dossier_services.add_attachment(
        actor=_clerk(dossier, clerk),
        dossier=dossier,
        upload=upload,
        checked=checked,
        nominee=nominee,
    )


def make_dossier(
    campaign: Campaign,
    clerk: User,
    *,
    names: tuple[str, ...] | list[str] = ("Đinh Văn Lũy",),
    letter: bool = True,
) -> Dossier:
    """A draft the clerk has made ready to send: cover letter fields and file, nominees."""
    dossier = dossier_services.create_dossier(actor=clerk, campaign=campaign)
    if letter:
        dossier = dossier_services.update_dossier(
            actor=clerk,
            dossier=dossier,
            expected_version=dossier.version,
            data={
                "letter_number": f"{next(_seq):02d}/TTr-UBND",
                "letter_date": timezone.localdate(),
                "letter_signer": "Phạm Văn Hiệu",
                "minutes_not_required": True,
            },
        )
        upload, checked = pdf_upload("to-trinh.pdf")
        dossier = dossier_services.set_dossier_file(
            actor=clerk, dossier=dossier, which="letter", upload=upload, checked=checked
        )
    for name in names:
        add_person(dossier, name, clerk=clerk)
    dossier.refresh_from_db()
    return dossier


def complete_dossier(clerk: User, campaign: Campaign, *, nominees: int = 1) -> Dossier:
    """A draft ready to send with `nominees` generated individuals."""
    return make_dossier(
        campaign, clerk, names=[f"Đinh Văn Thử {next(_seq)}" for _ in range(nominees)]
    )


def submit(dossier: Dossier, clerk: User | None = None) -> Dossier:
    return dossier_services.submit_dossier(actor=_clerk(dossier, clerk), dossier=dossier)


def resubmit(dossier: Dossier, clerk: User | None = None) -> Dossier:
    return dossier_services.resubmit_dossier(actor=_clerk(dossier, clerk), dossier=dossier)


def submitted_dossier(campaign: Campaign, clerk: User, **kw: Any) -> Dossier:
    return submit(make_dossier(campaign, clerk, **kw), clerk)


# --- Walking the workflow --------------------------------------------------------------------


def dossier_in_state(
    campaign: Campaign,
    clerk: User,
    state: str,
    *,
    names: tuple[str, ...] | list[str] = ("Đinh Văn Lũy", "Phạm Thị Hoa"),
) -> Dossier:
    """A dossier brought to `state` the way users bring it there: the clerk's and the
    appraiser's services, then the transition function for the council's and the signer's
    steps (whose own services come with their stages)."""
    from appraisal.services import (
        appraise_nominee,
        forward_dossier,
        receive_dossier,
        reject_dossier,
        return_dossier,
    )
    from nominations.enums import DossierAction
    from nominations.enums import DossierStatus as S
    from nominations.workflow import transition_dossier

    authority = campaign.authority
    appraiser = staff(authority, Role.APPRAISER)
    dossier = make_dossier(campaign, clerk, names=names)
    if state == S.DRAFT:
        return dossier
    submit(dossier, clerk)
    if state == S.SUBMITTED:
        return dossier
    if state == S.WITHDRAWN:
        return dossier_services.withdraw_dossier(actor=clerk, dossier=dossier)
    if state == S.REJECTED:
        return reject_dossier(actor=appraiser, dossier=dossier, reason="Ngoài phạm vi kế hoạch")
    receive_dossier(actor=appraiser, dossier=dossier)
    if state == S.RECEIVED:
        return dossier
    first, *others = list(dossier.nominees.order_by("order", "pk"))
    if state in (S.RETURNED, S.RESUBMITTED):
        appraise_nominee(
            actor=appraiser, nominee=first, verdict="needs_correction", reason="Bổ sung minh chứng"
        )
        return_dossier(
            actor=appraiser,
            dossier=dossier,
            reason="Bổ sung minh chứng",
            correction_deadline=timezone.localdate() + dt.timedelta(days=5),
        )
        if state == S.RETURNED:
            return dossier
        return resubmit(dossier, clerk)
    for nominee in [first, *others]:
        appraise_nominee(actor=appraiser, nominee=nominee, verdict="eligible")
    dossier.refresh_from_db()
    if state == S.UNDER_APPRAISAL:
        return dossier
    forward_dossier(actor=appraiser, dossier=dossier)
    if state == S.FORWARDED:
        return dossier
    transition_dossier(
        actor=staff(authority, Role.COUNCIL_SECRETARY), dossier=dossier, action=DossierAction.DECIDE
    )
    if state == S.DECIDED:
        return dossier
    transition_dossier(
        actor=staff(authority, Role.CHAIRMAN), dossier=dossier, action=DossierAction.AWARD
    )
    if state == S.AWARDED:
        return dossier
    raise ValueError(f"unknown dossier state {state!r}")


def award(nominee: Nominee) -> Nominee:
    """Take one nominee from its dossier's state to "awarded": received, found eligible,
    forwarded, recommended by the council and awarded (the council's and the signer's steps
    through the transition function, until their stages have services)."""
    from appraisal.services import appraise_nominee, forward_dossier, receive_dossier
    from nominations.enums import DossierStatus, NomineeAction
    from nominations.workflow import transition_nominee

    dossier = nominee.dossier
    authority = dossier.campaign.authority
    appraiser = staff(authority, Role.APPRAISER)
    dossier.refresh_from_db()
    if dossier.status in (DossierStatus.SUBMITTED, DossierStatus.RESUBMITTED):
        receive_dossier(actor=appraiser, dossier=dossier)
    for other in dossier.nominees.all():
        if other.status == "pending":
            appraise_nominee(actor=appraiser, nominee=other, verdict="eligible")
    dossier.refresh_from_db()
    if dossier.status != DossierStatus.FORWARDED:
        forward_dossier(actor=appraiser, dossier=dossier)
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    transition_nominee(actor=secretary, nominee=nominee, action=NomineeAction.RECOMMEND)
    chairman = staff(authority, Role.CHAIRMAN)
    return transition_nominee(actor=chairman, nominee=nominee, action=NomineeAction.AWARD)


# --- Decisions -------------------------------------------------------------------------------


def prize_rates(
    authority: Authority,
    *,
    individual: str = "0.3",
    collective: str = "0.6",
    since: dt.date = dt.date(2024, 1, 1),
) -> None:
    """Prize coefficients for every award form of the authority (Giấy khen: 0.3 individual,
    0.6 collective, 1.5 × individual for a household), as the administrator enters them."""
    from decimal import Decimal

    from decisions.models import PrizeCoefficient

    for form in AwardForm.objects.filter(authority=authority):
        for kind, value in (
            (RecipientKind.INDIVIDUAL, Decimal(individual)),
            (RecipientKind.COLLECTIVE, Decimal(collective)),
            (RecipientKind.HOUSEHOLD, Decimal(individual) * Decimal("1.5")),
        ):
            PrizeCoefficient.objects.get_or_create(
                award_form=form,
                recipient_kind=kind,
                effective_from=since,
                defaults={"coefficient": value},
            )


def recommended_dossier(
    campaign: Campaign,
    clerk: User,
    *,
    names: tuple[str, ...] | list[str] = ("Đinh Văn Lũy",),
    collectives: tuple[str, ...] | list[str] = (),
    people: tuple[tuple[str, dict[str, Any]], ...] = (),
) -> Dossier:
    """A dossier whose nominees the council recommended: sent by the clerk, received and found
    eligible by Phòng Nội vụ, forwarded, each nominee recommended (the council's step through
    the transition function until its stage has services)."""
    from appraisal.services import appraise_nominee, forward_dossier, receive_dossier
    from nominations.enums import NomineeAction
    from nominations.workflow import transition_nominee

    authority = campaign.authority
    dossier = make_dossier(campaign, clerk, names=names)
    for name in collectives:
        add_collective(dossier, name, clerk=clerk)
    for name, fields in people:
        add_person(dossier, name, clerk=clerk, **fields)
    submit(dossier, clerk)
    appraiser = staff(authority, Role.APPRAISER)
    receive_dossier(actor=appraiser, dossier=dossier)
    for nominee in dossier.nominees.all():
        appraise_nominee(actor=appraiser, nominee=nominee, verdict="eligible")
    dossier.refresh_from_db()
    forward_dossier(actor=appraiser, dossier=dossier)
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    for nominee in dossier.nominees.all():
        transition_nominee(actor=secretary, nominee=nominee, action=NomineeAction.RECOMMEND)
    dossier.refresh_from_db()
    return dossier


# --- The council -----------------------------------------------------------------------------


def make_council(
    authority: Authority,
    *,
    members: int = 5,
    start: dt.date | None = None,
    secretary: User | None = None,
) -> Any:
    """The authority's council set up by its services: `members` voting members (the first
    chairs it) and a non-voting secretary (the authority's council secretary)."""
    from council.enums import CouncilRole
    from council.services import add_member, create_council

    start = start or timezone.localdate() - dt.timedelta(days=30)
    council = create_council(
        actor=None,
        authority=authority,
        decision_number="12/QĐ-UBND",
        decision_date=start,
    )
    for i in range(members):
        person = make_person(
            Role.COUNCIL_MEMBER,
            authority=authority,
            full_name=f"Thành viên Hội đồng {i + 1}",
            username=f"hd-{authority.pk}-{next(_seq)}",
        )
        role = CouncilRole.CHAIRMAN if i == 0 else CouncilRole.MEMBER
        add_member(actor=None, council=council, person=person, role=role, start_date=start)
    secretary = secretary or staff(authority, Role.COUNCIL_SECRETARY)
    add_member(
        actor=None,
        council=council,
        person=secretary,
        role=CouncilRole.SECRETARY,
        start_date=start,
        votes=False,
    )
    return council


def council_session(
    campaign: Campaign,
    council: Any,
    *,
    names: tuple[str, ...] | list[str] = ("Đinh Văn Lũy", "Phạm Thị Hoa"),
    state: str = "voting",
    clerk: User | None = None,
) -> Any:
    """A session of the council on a forwarded dossier with these nominees, brought to `state`
    (draft, called, voting) by the secretary's services."""
    from council.services import call_session, create_session, open_voting
    from nominations.enums import DossierStatus

    clerk = clerk or clerk_of(UnitFactory(authority=campaign.authority))
    dossier_in_state(campaign, clerk, DossierStatus.FORWARDED, names=names)
    secretary = staff(campaign.authority, Role.COUNCIL_SECRETARY)
    session = create_session(
        actor=secretary,
        council=council,
        campaign=campaign,
        title="Phiên họp xét khen thưởng thử nghiệm",
        meeting_at=timezone.now(),
        place="Hội trường UBND",
    )
    if state == "draft":
        return session
    session = call_session(actor=secretary, session=session)
    if state == "called":
        return session
    return open_voting(actor=secretary, session=session)
