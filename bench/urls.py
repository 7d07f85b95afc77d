"""thidua's URLs and the bench's minimal logged-in view (through the full middleware)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import include, path


@login_required
def minimal(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"ok {request.user.pk}", content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal),
    path("", include("thidua.urls")),
]
