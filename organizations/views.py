from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .context_processors import ROLE_HOME_URL_NAMES
from .enums import ROLE_PRIORITY, Role
from .forms import LoginForm
from .selectors import people_visible_to, units_visible_to
from .vietnamese import name_sort_key


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # ExpiredSessionMiddleware marks redirects made for a session that no longer exists.
        if request.GET.get("expired") == "1" and not request.user.is_authenticated:
            messages.warning(
                request, _("Phiên làm việc đã hết hạn. Vui lòng đăng nhập lại để tiếp tục.")
            )
        return super().get(request, *args, **kwargs)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the home page of his most senior role."""
    for role in ROLE_PRIORITY:
        if role in request.user.roles:
            return redirect(ROLE_HOME_URL_NAMES[role])
    return render(request, "home/no_role.html", status=403)


def _role_home(request: HttpRequest, roles: tuple[str, ...], template: str, **context):
    if not request.user.has_role(*roles):
        raise PermissionDenied(
            _("Trang này chỉ dành cho vai trò: %(roles)s.")
            % {"roles": ", ".join(str(Role(r).label) for r in roles)}
        )
    return render(request, template, context)


@login_required
def home_clerk(request: HttpRequest) -> HttpResponse:
    return _role_home(request, (Role.CLERK,), "home/clerk.html", unit=request.user.unit)


@login_required
def home_appraiser(request: HttpRequest) -> HttpResponse:
    return _role_home(request, (Role.APPRAISER,), "home/appraiser.html")


@login_required
def home_council(request: HttpRequest) -> HttpResponse:
    return _role_home(request, (Role.COUNCIL_MEMBER, Role.COUNCIL_SECRETARY), "home/council.html")


@login_required
def home_chairman(request: HttpRequest) -> HttpResponse:
    return _role_home(request, (Role.CHAIRMAN, Role.VICE_CHAIRMAN), "home/chairman.html")


@login_required
def home_admin(request: HttpRequest) -> HttpResponse:
    if not request.user.has_role(Role.ADMIN):
        raise PermissionDenied(_("Trang này chỉ dành cho quản trị viên."))
    units = units_visible_to(request.user).order_by("kind__order", "name")
    people = sorted(people_visible_to(request.user), key=lambda p: name_sort_key(p.full_name))
    return render(request, "home/admin.html", {"units": units, "people": people})


@login_required
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(units_visible_to(request.user), pk=pk)
    people = people_visible_to(request.user).filter(unit=unit)
    return render(request, "organizations/unit_detail.html", {"unit": unit, "people": people})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", {"reason": reason}, status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    return render(request, "errors/500.html", status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)
