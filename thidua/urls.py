from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path

from organizations import views as org_views

urlpatterns = [
    path("dang-nhap/", org_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("tai-khoan/", include("organizations.account_urls")),
    # /healthz, /healthz/live and /healthz/ready are answered by thidua.health.HealthCheckMiddleware.
    path("i18n/", include("django.conf.urls.i18n")),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", lambda request: HttpResponsePermanentRedirect(static("img/favicon.svg"))),
    # platform
    path("", include("organizations.urls")),
    path("van-ban/", include("documents.urls")),
    path("ky-duyet/", include("documents.signoff_urls")),
    path("thong-bao/", include("notifications.urls")),
    path("nhat-ky/", include("audit.urls")),
    # the flow, in order
    path("ke-hoach/", include("campaigns.urls")),
    path("ho-so/", include("nominations.urls")),
    path("tham-dinh/", include("appraisal.urls")),
    path("hoi-dong/", include("council.urls")),
    path("quyet-dinh/", include("decisions.urls")),
    path("giay-khen/", include("awards.urls")),
    path("cong-khai/", include("awards.public_urls")),
    # above the stages: role home pages
    path("", include("dashboard.urls")),
    path("theo-doi/", include("monitoring.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "organizations.views.bad_request"
handler403 = "organizations.views.permission_denied"
handler404 = "organizations.views.page_not_found"
handler500 = "organizations.views.server_error"
