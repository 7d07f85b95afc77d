"""The person's own account pages (thin: Django's auth views with the app's forms)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from audit.services import record


def _style(form: forms.Form) -> None:
    for field in form.fields.values():
        field.widget.attrs.setdefault("class", "form-control")


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["old_password"].label = _("Mật khẩu hiện tại")
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        _style(self)


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = _("Mật khẩu mới")
        self.fields["new_password2"].label = _("Nhập lại mật khẩu mới")
        _style(self)

    def save(self, commit: bool = True):
        user = super().save(commit)
        if commit:
            record(
                actor=user,
                action="auth.password_reset",
                target=user,
                authority=user.authority if user.authority_id else None,
            )
        return user


class PasswordResetForm(auth_forms.PasswordResetForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].label = _("Địa chỉ thư điện tử")
        _style(self)


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("password_change_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.user
        record(
            actor=user,
            action="auth.password_change",
            target=user,
            authority=user.authority if user.authority_id else None,
        )
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Sends the reset link to the address on file; the link is absolute, from SITE_URL (there is
    no trusted host in a request to take it from)."""

    template_name = "registration/password_reset_form.html"
    form_class = PasswordResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self) -> dict[str, str]:  # type: ignore[override]
        return {"site_url": settings.SITE_URL}


@login_required
def account_security(request: HttpRequest) -> HttpResponse:
    return render(request, "registration/account.html")
