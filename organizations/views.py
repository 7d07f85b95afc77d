from __future__ import annotations

import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import LoginForm
from .selectors import people_visible_to, units_visible_to


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
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = get_object_or_404(units_visible_to(request.user), pk=pk)
    people = people_visible_to(request.user).filter(unit=unit)
    return render(request, "organizations/unit_detail.html", {"unit": unit, "people": people})


@login_required
@require_POST
def session_keepalive(request: HttpRequest) -> JsonResponse:
    """The page's "stay logged in" button: saving the session starts its clock again."""
    request.session.modified = True
    return JsonResponse({"remaining": settings.SESSION_COOKIE_AGE})


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", {"reason": reason}, status=403)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(request, "errors/403.html", {"message": message}, status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def _database_unavailable() -> bool:
    from django.db import InterfaceError, OperationalError

    error = sys.exc_info()[1]
    while error is not None:
        if isinstance(error, OperationalError | InterfaceError):
            return True
        error = error.__cause__ or error.__context__
    return False


def server_error(request: HttpRequest) -> HttpResponse:
    """The app's own page for an unexpected error; when it is the database that cannot be
    reached, a 503 that says nothing was saved (handler500 runs inside the exception handler,
    so the exception is at hand). Neither page reads the database."""
    # Rendered without the request: context processors may read the database.
    if _database_unavailable():
        response = HttpResponse(render_to_string("errors/503_database.html"), status=503)
        response["Retry-After"] = "120"
        return response
    return HttpResponse(render_to_string("errors/500.html"), status=500)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)
