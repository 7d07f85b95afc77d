"""Two appraisers acting on the same dossier at the same moment (real PostgreSQL row locks)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection

from appraisal.models import Appraisal, IncomingNumberSequence
from appraisal.services import (
    appraise_nominee,
    forward_dossier,
    receive_dossier,
    reject_dossier,
)
from audit.models import AuditEntry
from audit.workflow import TransitionError
from nominations.enums import DossierStatus
from nominations.enums import NomineeStatus as NS
from nominations.models import Nominee
from organizations.enums import Role
from tests.factories import make_person, submitted_dossier

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls in threads released together; each result is a value or the exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as exc:  # the loser's refusal is the point of the test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


@pytest.fixture
def two_appraisers(authority):
    return (
        make_person(Role.APPRAISER, authority=authority, full_name="Nguyễn Thị Hà"),
        make_person(Role.APPRAISER, authority=authority, full_name="Trần Văn Bình"),
    )


def _errors(results) -> list[str]:
    return [str(r) for r in results if isinstance(r, Exception)]


def test_concurrent_receive_one_wins(campaign, clerk, two_appraisers) -> None:
    dossier = submitted_dossier(campaign, clerk)
    a, b = two_appraisers
    version = dossier.version
    results = race(
        lambda: receive_dossier(actor=a, dossier=dossier, expected_version=version),
        lambda: receive_dossier(actor=b, dossier=dossier, expected_version=version),
    )
    assert len(_errors(results)) == 1
    assert all(isinstance(r, TransitionError | type(dossier)) for r in results)
    assert _errors(results)[0] in {
        "Hồ sơ vừa được người khác thay đổi. Vui lòng tải lại trang để xem bản mới nhất.",
        "Không thể “Tiếp nhận” khi hồ sơ đang ở trạng thái “Đã tiếp nhận”.",
    }
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RECEIVED
    assert AuditEntry.objects.for_object(dossier).filter(action="dossier.receive").count() == 1
    assert IncomingNumberSequence.objects.get().last_number == 1


def test_concurrent_forward_and_reject_one_wins(campaign, clerk, two_appraisers) -> None:
    dossier = submitted_dossier(campaign, clerk, names=("Đinh Văn Lũy", "Phạm Thị Hoa"))
    a, b = two_appraisers
    receive_dossier(actor=a, dossier=dossier)
    for nominee in dossier.nominees.all():
        appraise_nominee(actor=a, nominee=nominee, verdict=NS.ELIGIBLE)
    results = race(
        lambda: forward_dossier(actor=a, dossier=dossier),
        lambda: reject_dossier(actor=b, dossier=dossier, reason="Ngoài phạm vi"),
    )
    errors = _errors(results)
    assert len(errors) == 1
    dossier.refresh_from_db()
    assert dossier.status in {DossierStatus.FORWARDED, DossierStatus.REJECTED}
    winner_label = "Đã chuyển Hội đồng" if dossier.status == "forwarded" else "Không tiếp nhận"
    assert f"khi hồ sơ đang ở trạng thái “{winner_label}”" in errors[0]
    finals = AuditEntry.objects.for_object(dossier).filter(
        action__in=["dossier.forward", "dossier.reject"]
    )
    assert finals.count() == 1


def test_concurrent_verdicts_on_one_nominee_one_wins(campaign, clerk, two_appraisers) -> None:
    dossier = submitted_dossier(campaign, clerk, names=("Đinh Văn Lũy",))
    a, b = two_appraisers
    receive_dossier(actor=a, dossier=dossier)
    nominee = dossier.nominees.get()
    results = race(
        lambda: appraise_nominee(
            actor=a, nominee=nominee, verdict=NS.ELIGIBLE, expected_appraisal_id=0
        ),
        lambda: appraise_nominee(
            actor=b,
            nominee=nominee,
            verdict=NS.NOT_ELIGIBLE,
            reason="Thiếu minh chứng",
            expected_appraisal_id=0,
        ),
    )
    errors = _errors(results)
    assert errors == [
        "Một cán bộ khác vừa ghi kết luận thẩm định cho “Đinh Văn Lũy”. "
        "Vui lòng tải lại trang để xem kết luận mới nhất."
    ]
    assert Appraisal.objects.filter(nominee=nominee).count() == 1
    winner = Appraisal.objects.get(nominee=nominee)
    assert Nominee.objects.get(pk=nominee.pk).status == winner.verdict
    assert AuditEntry.objects.filter(action__startswith="nominee.mark_").count() == 1
    # START_APPRAISAL happened exactly once although both tried to start it.
    assert AuditEntry.objects.filter(action="dossier.start_appraisal").count() == 1
