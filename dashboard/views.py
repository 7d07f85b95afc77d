"""Role home pages: each person lands on the page of his most senior role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from appraisal.selectors import appraisal_reports_for
from organizations.enums import ROLE_PRIORITY, Role
from organizations.selectors import people_visible_to, units_visible_to
from organizations.vietnamese import name_sort_key

from .context_processors import ROLE_HOME_URL_NAMES


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the home page of his most senior role."""
    for role in ROLE_PRIORITY:
        if role in request.user.roles:
            return redirect(ROLE_HOME_URL_NAMES[role])
    return render(request, "dashboard/no_role.html", status=403)


def _check_role(request: HttpRequest, roles: tuple[str, ...]) -> None:
    if not request.user.has_role(*roles):
        raise PermissionDenied(
            _("Trang này chỉ dành cho vai trò: %(roles)s.")
            % {"roles": ", ".join(str(Role(r).label) for r in roles)}
        )


def _role_home(request: HttpRequest, roles: tuple[str, ...], template: str, **context):
    _check_role(request, roles)
    return render(request, template, context)


@login_required
def home_clerk(request: HttpRequest) -> HttpResponse:
    from monitoring.selectors import (
        campaigns_followed_by_unit,
        guidance_for_unit,
        reminders_for_unit,
    )

    _check_role(request, (Role.CLERK,))
    unit = request.user.unit
    return _role_home(
        request,
        (Role.CLERK,),
        "dashboard/clerk.html",
        unit=unit,
        reminders=reminders_for_unit(unit),
        guidance=guidance_for_unit(unit),
        followed_campaigns=campaigns_followed_by_unit(request.user),
    )


@login_required
def home_appraiser(request: HttpRequest) -> HttpResponse:
    return _role_home(request, (Role.APPRAISER,), "dashboard/appraiser.html")


def _council_context(request: HttpRequest) -> dict:
    from council.enums import SessionStatus
    from council.selectors import council_of, sessions_visible_to

    user = request.user
    sessions = sessions_visible_to(user).exclude(status=SessionStatus.CANCELLED)
    return {
        "council": council_of(user),
        "sessions": sessions.order_by("-meeting_at", "-pk")[:20],
        "can_manage": user.has_perm("council.manage", user.authority),
        "can_run": user.has_perm("council.run_session", user.authority),
    }


@login_required
def home_council(request: HttpRequest) -> HttpResponse:
    _check_role(request, (Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY))
    return _role_home(
        request,
        (Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY),
        "dashboard/council.html",
        appraisal_reports=appraisal_reports_for(request.user),
        **_council_context(request),
    )


@login_required
def home_chairman(request: HttpRequest) -> HttpResponse:
    roles = (Role.CHAIRMAN, Role.VICE_CHAIRMAN)
    _check_role(request, roles)
    from council.enums import SessionStatus
    from council.selectors import sessions_visible_to
    from documents.enums import SignOffStatus
    from documents.selectors import signoffs_for_signer

    closed = sessions_visible_to(request.user).filter(status=SessionStatus.CLOSED)
    waiting = signoffs_for_signer(request.user).filter(status=SignOffStatus.PENDING)
    return _role_home(
        request,
        roles,
        "dashboard/chairman.html",
        proposals=closed.order_by("-closed_at", "-pk")[:20],
        to_sign=list(waiting.order_by("requested_at", "pk")[:10]),
        to_sign_count=waiting.count(),
        appraisal_reports=appraisal_reports_for(request.user),
    )


@login_required
def home_admin(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.ADMIN):
        raise PermissionDenied(_("Trang này chỉ dành cho quản trị viên."))
    # The first ADMIN_LIST_SIZE of each (a province has hundreds of units and users: the page
    # stays the same size); the whole lists, searchable and paged, are in the Django admin.
    units = units_visible_to(request.user).order_by("kind__order", "name")
    # People in Vietnamese alphabetical order: their names only are read to sort, then the
    # first ADMIN_LIST_SIZE in full (units, roles).
    visible = people_visible_to(request.user)
    names = sorted(visible.values_list("pk", "full_name"), key=lambda p: name_sort_key(p[1]))
    first = [pk for pk, _name in names[:ADMIN_LIST_SIZE]]
    people = sorted(visible.filter(pk__in=first), key=lambda p: name_sort_key(p.full_name))
    return render(
        request,
        "dashboard/admin.html",
        {
            "units": units[:ADMIN_LIST_SIZE],
            "unit_count": units.count(),
            "people": people,
            "people_count": len(names),
        },
    )


ADMIN_LIST_SIZE = 50
