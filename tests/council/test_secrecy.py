"""Secrecy of a secret ballot (must-show 5).

Two worlds are run side by side, alike in everything but who chose what: in the first, A agrees
and B disagrees on a nominee; in the second, A disagrees and B agrees (the tallies are the
same). Every HTML page anyone but the voter himself sees, during the vote and after, every
document, notification, e-mail, audit entry and log line is collected in both worlds and must be
the same once numbers (ids, dates, sequence numbers) are blanked: anything that depended on one
member's choice would differ. After the close, no table row links a member to a choice.
"""

from __future__ import annotations

import json
import logging
import re

import pytest
from django.apps import apps
from django.core import mail
from django.db import models
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from council import services
from council.enums import Choice
from council.models import Ballot, SessionMember
from documents.services import render_document
from notifications.models import Notification
from organizations.enums import Role
from organizations.models import User
from tests.documents.pdf_checks import page_texts
from tests.factories import (
    STANDARD_FORMS,
    AuthorityFactory,
    council_session,
    make_campaign,
    make_council,
    make_person,
    staff,
)

pytestmark = pytest.mark.django_db

FORMS = (("cstdcs", "Danh hiệu Chiến sĩ thi đua cơ sở", "individual", 0), *STANDARD_FORMS)
NAMES = ("Ông Anh", "Bà Bích", "Ông Cường", "Bà Dung")
NUMBERS = re.compile(r"\d+")
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"|"X-CSRFToken": "[^"]*"')


UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _blank(text: str) -> str:
    return NUMBERS.sub("#", UUID.sub("<uuid>", CSRF.sub("", text)))


def _words(text: str) -> str:
    """A PDF's text without its line breaks (numbers of different widths wrap lines apart)."""
    return " ".join(_blank(text).split())


# Loggers of the app and its framework (the PDF libraries' font debugging aside).
OUR_LOGGERS = ("council", "nominations", "appraisal", "audit", "notifications", "documents",
               "organizations", "campaigns", "django", "celery", "thidua")  # fmt: skip


def _logs(caplog) -> list[str]:
    return sorted(
        {
            _blank(f"{r.name}|{r.levelname}|{r.getMessage()}")
            for r in caplog.records
            if r.name.split(".")[0] in OUR_LOGGERS
        }
    )


def _pages(session, people: dict[str, User], *, voting: bool) -> dict[str, str]:
    """Every council page of the session, as each person sees it (but the voters A and B's own
    review page while voting: it shows each his own ballot)."""
    urls = {
        "index": reverse("council:index"),
        "home": reverse("home_council"),
        "session": reverse("council:session", args=[session.pk]),
        "tally": reverse("council:tally", args=[session.pk]),
        "review": reverse("council:review", args=[session.pk]),
        "review_pending": reverse("council:review", args=[session.pk]) + "?chua_bo_phieu=1",
        "results": reverse("council:results", args=[session.pk]),
        "dossiers": reverse("nominations:list"),
    }
    seen = {}
    for who, person in people.items():
        client = Client()
        client.force_login(person)
        for name, url in urls.items():
            response = client.get(url, follow=True)
            own_ballot = response.request["PATH_INFO"] == urls["review"]
            if voting and who in ("A", "B") and own_ballot:
                continue  # his own review page shows him his own ballot
            seen[f"{who} {name}"] = _blank(response.content.decode())
    return seen


def _world(swap: bool, caplog) -> dict[str, object]:
    authority = AuthorityFactory()
    council = make_council(authority, members=4)
    for seat, name in zip(
        council.memberships.filter(votes=True).order_by("pk"), NAMES, strict=True
    ):
        seat.person.full_name = name
        seat.person.save()
    campaign = make_campaign(authority, forms=FORMS)
    session = council_session(campaign, council, names=("Đinh Văn Lũy", "Phạm Thị Hoa"))
    members = {m.full_name: m for m in SessionMember.objects.filter(session=session, votes=True)}
    a, b, c, d = (members[n] for n in NAMES)
    luy = session.items.get(nominee__full_name="Đinh Văn Lũy")
    hoa = session.items.get(nominee__full_name="Phạm Thị Hoa")
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    first, second = (Choice.DISAGREE, Choice.AGREE) if swap else (Choice.AGREE, Choice.DISAGREE)
    for member, choice in ((a, first), (b, second), (c, Choice.AGREE), (d, Choice.AGREE)):
        services.cast_ballot(actor=member.person, item=luy, choice=choice)
    # A changes his mind on Hoa in one world only; both end on "agree".
    if swap:
        services.cast_ballot(actor=a.person, item=hoa, choice=Choice.DISAGREE)
    for member in (a, b, c, d):
        services.cast_ballot(actor=member.person, item=hoa, choice=Choice.AGREE)
    people = {
        "A": a.person,
        "B": b.person,
        "C": c.person,
        "secretary": secretary,
        "chairman": make_person(Role.CHAIRMAN, authority=authority),
        "admin": make_person(Role.ADMIN, authority=authority),
        "clerk": User.objects.get(unit=luy.nominee.dossier.unit),
    }
    pages = _pages(session, people, voting=True)
    services.send_reminders(actor=secretary, session=session)
    session = services.close_session(actor=secretary, session=session)
    pages |= {f"after {k}": v for k, v in _pages(session, people, voting=False).items()}
    documents = {
        kind: _words(" ".join(page_texts(render_document(kind=kind, object_id=session.pk)
                                         .file.read())[1]))
        for kind in ("minutes", "tally", "council_proposal")
    }  # fmt: skip
    notes = sorted(
        _blank(f"{n.recipient.full_name}|{n.verb}|{n.title}|{n.body}")
        for n in Notification.objects.filter(recipient__authority=authority)
    )
    audit = sorted(
        _blank(f"{e.action}|{e.from_state}|{e.to_state}|{e.comment}|{json.dumps(e.data, sort_keys=True)}")
        for e in AuditEntry.objects.filter(authority=authority)
    )  # fmt: skip
    return {
        "session": session,
        "pages": pages,
        "documents": documents,
        "notifications": notes,
        "audit": audit,
        "tokens": [services.voter_token(session, m) for m in (a, b)],
    }


def test_secret_ballot_no_page_document_mail_audit_or_log_depends_on_a_choice(
    caplog, eager_tasks, settings, django_capture_on_commit_callbacks
) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    caplog.set_level(logging.DEBUG)
    with django_capture_on_commit_callbacks(execute=True):
        one = _world(False, caplog)
    mails_one = sorted(_blank(f"{m.subject}|{m.body}") for m in mail.outbox)
    logs_one = _logs(caplog)
    mail.outbox.clear()
    caplog.clear()
    with django_capture_on_commit_callbacks(execute=True):
        two = _world(True, caplog)
    mails_two = sorted(_blank(f"{m.subject}|{m.body}") for m in mail.outbox)
    logs_two = _logs(caplog)
    every_line = [r.getMessage() for r in caplog.records]

    assert one["session"].rules.get().method == "secret"
    assert len(one["pages"]) == len(two["pages"]) > 80
    differing = [name for name in one["pages"] if one["pages"][name] != two["pages"][name]]
    assert differing == []
    assert one["documents"] == two["documents"]
    assert "Đinh Văn Lũy" in one["documents"]["minutes"]
    assert one["notifications"] == two["notifications"] and one["notifications"]
    assert mails_one == mails_two and mails_one
    assert one["audit"] == two["audit"]
    assert not any(c in line for line in one["audit"] for c in ('"agree"', '"disagree"'))
    # Log lines: none names a choice or a voter token (their number differs between the worlds
    # only by one-off framework lines).
    for line in logs_one + logs_two:
        assert not any(word in line for word in ("agree", "Đồng ý", "Không đồng ý", "other_form"))
    assert logs_one  # the request log and the outbox did write
    assert not any(t in line for t in two["tokens"] for line in every_line)


def _strings(value) -> list[str]:
    """Every string value (not key) in a column's value, JSON walked through."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list | tuple):
        return [s for v in value for s in _strings(v)]
    return []


def _rows_linking_a_member_to_a_choice() -> list[str]:
    """Every row, in any table, holding both a person or session member and a ballot choice."""
    people = {
        f.name
        for model in apps.get_models()
        for f in model._meta.concrete_fields
        if isinstance(f, models.ForeignKey) and f.related_model in (User, SessionMember)
    }
    found = []
    for model in apps.get_models():
        fields = model._meta.concrete_fields
        links = [f.attname for f in fields if isinstance(f, models.ForeignKey)
                 and f.related_model in (User, SessionMember)]  # fmt: skip
        texts = [f.attname for f in fields if isinstance(f, models.CharField | models.JSONField
                                                         | models.TextField)]  # fmt: skip
        if not links or not texts:
            continue
        for row in model._default_manager.values(*links, *texts):
            if not any(row[k] for k in links):
                continue
            if set(_strings([row[k] for k in texts])) & set(Choice.values):
                found.append(f"{model._meta.label}: {row}")
    assert people  # the scan sees the member links
    return found


def test_after_the_close_no_row_links_a_member_to_a_choice(authority) -> None:
    council = make_council(authority, members=3)
    campaign = make_campaign(authority, forms=FORMS)
    session = council_session(campaign, council, names=("Đinh Văn Lũy",))
    item = session.items.get()
    secretary = staff(authority, Role.COUNCIL_SECRETARY)
    for member, choice in zip(
        session.members.filter(votes=True).select_related("person"),
        (Choice.AGREE, Choice.DISAGREE, Choice.AGREE),
        strict=True,
    ):
        services.cast_ballot(actor=member.person, item=item, choice=choice)
    # While voting, the ballots exist (found by token, with no member).
    assert Ballot.objects.filter(item=item, member__isnull=True).count() == 3
    assert _rows_linking_a_member_to_a_choice() == []
    services.close_session(actor=secretary, session=session)
    assert Ballot.objects.count() == 0
    session.refresh_from_db()
    assert session.ballot_salt == ""
    assert _rows_linking_a_member_to_a_choice() == []
    result = item.result
    assert (result.agree, result.disagree) == (2, 1)


def test_the_scan_sees_the_open_votes_the_minutes_name(authority) -> None:
    """An open vote keeps who voted how (its minutes list it): the same scan finds those rows,
    so it would find a secret ballot left linked."""
    council = make_council(authority, members=2)
    session = council_session(make_campaign(authority), council, names=("Đinh Văn Lũy",))
    assert session.rules.get().method == "open"
    item = session.items.get()
    for member in session.members.filter(votes=True).select_related("person"):
        services.cast_ballot(actor=member.person, item=item, choice=Choice.AGREE)
    services.close_session(actor=staff(authority, Role.COUNCIL_SECRETARY), session=session)
    found = _rows_linking_a_member_to_a_choice()
    assert len(found) == 2 and all(row.startswith("council.Ballot: ") for row in found)
