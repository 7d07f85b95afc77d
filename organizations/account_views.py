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
    from .two_factor import two_factor_status

    verified = getattr(request.user, "otp_device", None) is not None
    return render(
        request,
        "registration/account.html",
        {"two_factor": two_factor_status(request.user, verified)},
    )


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={
                "class": "form-control",
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]{6}",
            }
        ),
        error_messages={
            "required": _("Nhập mã 6 chữ số từ ứng dụng xác thực."),
            "min_length": _("Mã gồm đúng 6 chữ số."),
            "max_length": _("Mã gồm đúng 6 chữ số."),
        },
    )

    def __init__(self, *args, device=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.device = device

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not (token.isascii() and token.isdigit()):
            raise forms.ValidationError(_("Mã gồm đúng 6 chữ số."))
        if self.device is None or not self.device.verify_token(token):
            raise forms.ValidationError(
                _("Mã không đúng hoặc đã hết hạn. Kiểm tra giờ trên điện thoại rồi thử lại.")
            )
        return token


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Set up an authenticator: scan the QR code, confirm with a code (which also verifies
    this session)."""
    from django.shortcuts import redirect
    from django_otp import login as otp_login

    from .two_factor import confirmed_device, pending_device, qr_svg

    if confirmed_device(request.user) is not None:
        return redirect("two_factor_verify")
    device = pending_device(request.user)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        record(
            actor=request.user,
            action="auth.two_factor_enabled",
            target=request.user,
            authority=request.user.authority if request.user.authority_id else None,
        )
        from django.contrib import messages

        messages.success(request, _("Đã bật xác thực hai lớp."))
        return redirect("account_security")
    return render(
        request,
        "registration/two_factor_setup.html",
        {"form": form, "qr": qr_svg(device), "secret": _base32(device)},
    )


def _base32(device) -> str:
    import base64

    return base64.b32encode(device.bin_key).decode()


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """Enter a code for this session (needed to sign where the authority requires it)."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.http import url_has_allowed_host_and_scheme
    from django_otp import login as otp_login

    from .two_factor import confirmed_device

    device = confirmed_device(request.user)
    if device is None:
        return redirect("two_factor_setup")
    form = TokenForm(request.POST or None, device=device)
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if request.method == "POST":
        if form.is_valid():
            otp_login(request, device)
            record(
                actor=request.user,
                action="auth.two_factor_verified",
                target=request.user,
                authority=request.user.authority if request.user.authority_id else None,
            )
            messages.success(request, _("Đã xác thực hai lớp cho phiên làm việc này."))
            if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()}):
                return redirect(next_url)
            return redirect("account_security")
        record(
            actor=request.user,
            action="auth.two_factor_failed",
            target=request.user,
            authority=request.user.authority if request.user.authority_id else None,
        )
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": next_url})
