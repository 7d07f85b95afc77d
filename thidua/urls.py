from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from organizations import views as org_views

from .health import healthz

urlpatterns = [
    path("", org_views.home, name="home"),
    path("dang-nhap/", org_views.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("organizations.urls")),
    path("ke-hoach/", include("campaigns.urls")),
    path("van-ban/", include("documents.urls")),
    path("thong-bao/", include("notifications.urls")),
    path("tham-dinh/", include("nominations.appraisal_urls")),
    path("ho-so/", include("nominations.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "organizations.views.bad_request"
handler403 = "organizations.views.permission_denied"
handler404 = "organizations.views.page_not_found"
handler500 = "organizations.views.server_error"
