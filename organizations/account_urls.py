"""The person's own account: password change, reset by e-mail, two-factor set-up."""

from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import account_views

urlpatterns = [
    path("", account_views.account_security, name="account_security"),
    path("xac-thuc-hai-lop/", account_views.two_factor_setup, name="two_factor_setup"),
    path("xac-thuc-hai-lop/nhap-ma/", account_views.two_factor_verify, name="two_factor_verify"),
    path(
        "doi-mat-khau/",
        account_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="registration/password_change_done.html"
        ),
        name="password_change_done",
    ),
    path("quen-mat-khau/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html",
            form_class=account_views.SetPasswordForm,
            success_url=reverse_lazy("password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
