"""Every dossier state × every appraiser action, through the services and through the URLs:
legal ones happen, illegal ones are refused with a clear message and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from appraisal.models import Appraisal
from appraisal.services import (
    appraise_nominee,
    forward_dossier,
    receive_dossier,
    reject_dossier,
    return_dossier,
)
from audit.models import AuditEntry
from audit.workflow import TransitionError
from nominations.enums import APPRAISAL_STATUSES, TRANSITIONS, DossierAction, DossierStatus
from nominations.enums import NomineeStatus as NS
from nominations.models import Dossier, Nominee
from notifications.models import Notification
from tests.factories import ALL_STATUSES, PASSWORD, force_status, make_dossier

pytestmark = pytest.mark.django_db

ACTIONS = ["receive", "appraise", "return", "reject", "forward"]
STATUS_LABEL = dict(DossierStatus.choices)
ACTION_LABEL = {
    "receive": DossierAction.RECEIVE.label,
    "return": DossierAction.RETURN.label,
    "reject": DossierAction.REJECT.label,
    "forward": DossierAction.FORWARD.label,
}


def legal(status: str, action: str) -> bool:
    if action == "appraise":
        return status in APPRAISAL_STATUSES
    return status in TRANSITIONS[action].sources


def expected_refusal(status: str, action: str) -> str:
    label = STATUS_LABEL[status]
    if action == "appraise":
        return f"Không thể thẩm định khi hồ sơ đang ở trạng thái “{label}”."
    return f"Không thể “{ACTION_LABEL[action]}” khi hồ sơ đang ở trạng thái “{label}”."


def _dossier_in(status: str, campaign, clerk) -> Dossier:
    dossier = make_dossier(campaign, clerk.unit, names=("Đinh Văn Lũy", "Phạm Thị Hoa"))
    Nominee.objects.filter(dossier=dossier).update(status=NS.ELIGIBLE)
    return force_status(dossier, status)


def _state(dossier: Dossier) -> tuple:
    dossier.refresh_from_db()
    return (
        dossier.status,
        dossier.version,
        dossier.incoming_number,
        dossier.return_count,
        AuditEntry.objects.count(),
        Appraisal.objects.count(),
        Notification.objects.count(),
        tuple(Nominee.objects.filter(dossier=dossier).values_list("status", flat=True)),
    )


def _run(action: str, actor, dossier: Dossier) -> None:
    deadline = timezone.localdate() + dt.timedelta(days=5)
    if action == "receive":
        receive_dossier(actor=actor, dossier=dossier)
    elif action == "appraise":
        appraise_nominee(
            actor=actor, nominee=dossier.nominees.first(), verdict=NS.NOT_ELIGIBLE, reason="Thiếu"
        )
    elif action == "return":
        return_dossier(actor=actor, dossier=dossier, reason="Bổ sung", correction_deadline=deadline)
    elif action == "reject":
        reject_dossier(actor=actor, dossier=dossier, reason="Ngoài phạm vi")
    elif action == "forward":
        forward_dossier(actor=actor, dossier=dossier)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_appraisal_services_every_state_and_action(
    status, action, campaign, clerk, appraiser
) -> None:
    dossier = _dossier_in(status, campaign, clerk)
    before = _state(dossier)
    if legal(status, action):
        _run(action, appraiser, dossier)
        after = _state(dossier)
        assert after != before
        assert after[4] > before[4]  # audited
    else:
        with pytest.raises(TransitionError) as exc:
            _run(action, appraiser, dossier)
        assert str(exc.value) == expected_refusal(status, action)
        assert _state(dossier) == before


def _post(client, action: str, dossier: Dossier):
    deadline = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    nominee = dossier.nominees.first()
    urls = {
        "receive": (reverse("appraisal:receive", args=[dossier.pk]), {}),
        "appraise": (
            reverse("appraisal:appraise", args=[dossier.pk, nominee.pk]),
            {f"n{nominee.pk}-verdict": "not_eligible", f"n{nominee.pk}-reason": "Thiếu"},
        ),
        "return": (
            reverse("appraisal:return", args=[dossier.pk]),
            {"reason": "Bổ sung", "correction_deadline": deadline},
        ),
        "reject": (reverse("appraisal:reject", args=[dossier.pk]), {"reason": "Ngoài phạm vi"}),
        "forward": (reverse("appraisal:forward", args=[dossier.pk]), {}),
    }
    url, data = urls[action]
    return client.post(url, data, follow=True)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("status", ALL_STATUSES)
def test_appraisal_urls_every_state_and_action(
    status, action, campaign, clerk, appraiser, client
) -> None:
    dossier = _dossier_in(status, campaign, clerk)
    before = _state(dossier)
    client.login(username=appraiser.username, password=PASSWORD)
    response = _post(client, action, dossier)
    if status == DossierStatus.DRAFT:
        # A draft is the unit's own business: the appraiser cannot even see it.
        assert response.status_code == 404
        assert _state(dossier) == before
    elif legal(status, action):
        assert response.status_code == 200
        assert _state(dossier) != before
        assert "alert-success" in response.content.decode()
    else:
        body = response.content.decode()
        assert expected_refusal(status, action) in body
        assert _state(dossier) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_appraisal_urls_refuse_a_clerk(action, campaign, clerk, client) -> None:
    dossier = _dossier_in(DossierStatus.UNDER_APPRAISAL, campaign, clerk)
    before = _state(dossier)
    client.login(username=clerk.username, password=PASSWORD)
    response = _post(client, action, dossier)
    assert response.status_code == 403
    assert "Chức năng này chỉ dành cho cán bộ thẩm định" in response.content.decode()
    assert _state(dossier) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_appraisal_services_refuse_a_clerk(action, campaign, clerk) -> None:
    dossier = _dossier_in(DossierStatus.UNDER_APPRAISAL, campaign, clerk)
    if action == "receive":
        force_status(dossier, DossierStatus.SUBMITTED)
    before = _state(dossier)
    with pytest.raises(TransitionError, match="không có quyền"):
        _run(action, clerk, dossier)
    assert _state(dossier) == before


def test_appraisal_get_pages_refuse_a_clerk(campaign, clerk, client) -> None:
    dossier = _dossier_in(DossierStatus.SUBMITTED, campaign, clerk)
    client.login(username=clerk.username, password=PASSWORD)
    for url in (
        reverse("appraisal:inbox"),
        reverse("appraisal:dossier", args=[dossier.pk]),
        reverse("appraisal:report", args=[campaign.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 403
        assert "Chức năng này chỉ dành cho cán bộ thẩm định" in response.content.decode()
    # The unit's own clerk may read the dossier's timeline.
    timeline = client.get(reverse("appraisal:timeline", args=[dossier.pk]))
    assert timeline.status_code == 200


def test_appraiser_of_another_authority_gets_404(campaign, clerk, client, other_authority):
    from organizations.enums import Role
    from tests.factories import make_person

    outsider = make_person(Role.APPRAISER, authority=other_authority)
    dossier = _dossier_in(DossierStatus.SUBMITTED, campaign, clerk)
    before = _state(dossier)
    client.login(username=outsider.username, password=PASSWORD)
    assert client.get(reverse("appraisal:dossier", args=[dossier.pk])).status_code == 404
    assert client.post(reverse("appraisal:receive", args=[dossier.pk])).status_code == 404
    assert client.get(reverse("appraisal:timeline", args=[dossier.pk])).status_code == 404
    assert _state(dossier) == before
