"""A signed decision cannot be changed by any page, form, task or the admin; corrections are new
decisions that keep the link both ways, and revoked awards show as revoked to the unit."""

from __future__ import annotations

import pytest
from django.urls import reverse

from decisions.enums import DecisionPurpose, DecisionStatus, Grouping
from decisions.forms import DecisionEditForm
from decisions.models import Decision, DecisionLine, FrozenDecision
from decisions.services import (
    draft_correction,
    draft_decisions,
    sign_decisions,
    submit_decision,
    update_decision,
)
from decisions.tasks import sign_decisions_task
from documents.services import render_document
from organizations.enums import Role
from tests.factories import clerk_of, make_person

from .conftest import SIGN_DAY_BEFORE

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(awardable, appraiser, chairman, cheap_render) -> Decision:
    (decision,), _ = draft_decisions(
        actor=appraiser, campaign=awardable, signer=chairman, grouping=Grouping.SINGLE
    )
    submit_decision(actor=appraiser, decision=decision)
    sign_decisions(actor=chairman, decisions=[decision], day=SIGN_DAY_BEFORE)
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED
    return decision


def snapshot(decision: Decision) -> tuple:
    decision = Decision.objects.get(pk=decision.pk)
    lines = list(
        decision.lines.order_by("pk").values_list("full_name", "amount", "register_number")
    )
    return (
        decision.status, decision.title, decision.number, decision.signed_on,
        decision.signed_sha256, decision.issued_data, decision.signer_id, lines,
    )  # fmt: skip


def test_frozen_no_url_changes_a_signed_decision(client, signed, appraiser, chairman) -> None:
    before = snapshot(signed)
    client.force_login(appraiser)
    edit = reverse("decisions:edit", args=[signed.pk])
    assert client.get(edit).status_code == 302
    response = client.post(
        edit, {"title": "Sửa sau khi ký", "signer": chairman.pk, "version": signed.version}
    )
    assert response.status_code == 302
    client.post(reverse("decisions:submit", args=[signed.pk]))
    client.force_login(chairman)
    for name in ("return", "sign", "number"):
        client.post(reverse(f"decisions:{name}", args=[signed.pk]), {"comment": "x"})
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        reverse("decisions:upload_signed", args=[signed.pk]),
        {"file": SimpleUploadedFile("qd.pdf", b"%PDF-1.4 khac", content_type="application/pdf")},
    )
    assert snapshot(signed) == before


def test_frozen_no_service_or_form_changes_a_signed_decision(signed, appraiser, chairman) -> None:
    from audit.workflow import TransitionError

    before = snapshot(signed)
    with pytest.raises(TransitionError, match="không sửa được"):
        update_decision(
            actor=appraiser, decision=signed, expected_version=signed.version, data={"title": "x"}
        )
    form = DecisionEditForm(
        data={"title": "Sửa qua form", "signer": chairman.pk, "list_order": "name",
              "version": signed.version},
        instance=Decision.objects.get(pk=signed.pk),
    )  # fmt: skip
    assert form.is_valid(), form.errors
    with pytest.raises(FrozenDecision):
        form.save()
    row = Decision.objects.get(pk=signed.pk)
    row.title = "Sửa thẳng vào bản ghi"
    with pytest.raises(FrozenDecision):
        row.save()
    with pytest.raises(FrozenDecision):
        row.delete()
    line = DecisionLine.objects.filter(decision=signed).first()
    line.amount = 1
    with pytest.raises(FrozenDecision):
        line.save()
    with pytest.raises(FrozenDecision):
        line.delete()
    assert snapshot(signed) == before


def test_frozen_no_task_changes_a_signed_decision(signed, chairman) -> None:
    before = snapshot(signed)
    sign_decisions_task(decision_ids=[signed.pk], actor_id=chairman.pk)
    sign_decisions_task(decision_ids=[signed.pk], actor_id=chairman.pk, token=True)
    # Rendering again returns the issued PDF bound to the register entry.
    doc = render_document(kind="decision", object_id=signed.pk)
    assert doc == signed.register_entry.document
    assert snapshot(signed) == before


def test_frozen_no_admin_page_changes_a_signed_decision(client, signed, authority) -> None:
    admin = make_person(Role.ADMIN, authority=authority, is_staff=True, is_superuser=True)
    client.force_login(admin)
    before = snapshot(signed)
    change = reverse("admin:decisions_decision_change", args=[signed.pk])
    page = client.get(change)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()  # read-only
    assert client.post(change, {"title": "Sửa trong admin", "status": "draft"}).status_code == 403
    delete = reverse("admin:decisions_decision_delete", args=[signed.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:decisions_decision_add")).status_code == 403
    assert snapshot(signed) == before


def test_frozen_revocation_keeps_links_and_shows_revoked_to_the_unit(
    client, signed, appraiser, chairman
) -> None:
    line = signed.lines.get(full_name="Đinh Thị Ân")
    revoking = draft_correction(
        actor=appraiser, target=signed, purpose=DecisionPurpose.REVOKE, signer=chairman,
        lines=[line],
    )  # fmt: skip
    submit_decision(actor=appraiser, decision=revoking)
    sign_decisions(actor=chairman, decisions=[revoking], day=SIGN_DAY_BEFORE)
    revoking.refresh_from_db()
    client.force_login(appraiser)
    page = client.get(reverse("decisions:detail", args=[signed.pk])).content.decode()
    assert f'data-testid="correction-link">{revoking.reference}</a>' in page
    assert f"Đã hủy khen thưởng ({revoking.reference})" in page
    page = client.get(reverse("decisions:detail", args=[revoking.pk])).content.decode()
    assert f'data-testid="target-link">{signed.reference}</a>' in page
    # The unit's clerk sees the award revoked on his dossier.
    clerk = clerk_of(line.nominee.dossier.unit)
    client.force_login(clerk)
    page = client.get(reverse("nominations:detail", args=[line.nominee.dossier_id]))
    html = page.content.decode()
    assert "Đã hủy khen thưởng" in html
    assert f"Quyết định số {revoking.reference} ngày 30/06/2026" in html
