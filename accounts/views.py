import base64
import io

from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.qr import write_qrcode_image

from accounts import twofactor
from accounts.audit import record
from accounts.forms import CodeForm
from accounts.models import AuditEvent

WRONG_CODE = (
    "That code is not right, or it was already used. Check the time on your phone, wait a few "
    "seconds and try again."
)


def next_url(request) -> str:
    url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("admin:index")


def desk_context(request, **context) -> dict:
    # Until the code is entered the desk's navigation would only lead back here.
    return {**admin.site.each_context(request), "is_nav_sidebar_enabled": False, **context}


@sensitive_post_parameters("code")
@never_cache
@staff_member_required
def verify(request):
    """After the password: the code from the authenticator app, or a recovery code."""
    user = request.user
    if user.is_verified():
        return redirect(next_url(request))
    if not twofactor.is_enrolled(user):
        return redirect(reverse("accounts:enrol") + "?" + urlencode({"next": next_url(request)}))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        device = twofactor.check_code(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = device.token_set.count()
                record(
                    AuditEvent.Action.RECOVERY_CODE_USED,
                    request=request,
                    target=f"user {user}",
                    detail={"codes_left": left},
                )
            return redirect(next_url(request))
        record(AuditEvent.Action.OTP_FAILED, request=request, target=f"user {user}")
        form.add_error("code", WRONG_CODE)
    context = desk_context(request, title="Enter your code", form=form, next=next_url(request))
    return render(request, "accounts/verify.html", context)


@sensitive_post_parameters("code")
@never_cache
@staff_member_required
def enrol(request):
    """Set up an authenticator app; on success show the recovery codes, once."""
    user = request.user
    if twofactor.is_enrolled(user) and not user.is_verified():
        # Replacing an authenticator takes the current one.
        return redirect(reverse("accounts:verify") + "?" + urlencode({"next": request.path}))
    device = twofactor.pending_authenticator(user)
    form = CodeForm(request.POST or None)
    if form.is_valid():
        codes = twofactor.confirm_authenticator(device, token=form.cleaned_data["code"])
        if codes is not None:
            device.refresh_from_db()
            otp_login(request, device)
            record(AuditEvent.Action.OTP_ENROLLED, request=request, target=f"user {user}")
            context = desk_context(
                request, title="Your recovery codes", codes=codes, next=next_url(request)
            )
            return render(request, "accounts/recovery_codes.html", context)
        form.add_error("code", WRONG_CODE)
    svg = io.BytesIO()
    write_qrcode_image(device.config_url, svg)
    context = desk_context(
        request,
        title="Set up two-factor sign-in",
        form=form,
        next=next_url(request),
        otpauth_url=device.config_url,
        secret=base64.b32encode(device.bin_key).decode(),
        qr_data_uri="data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode(),
        required=twofactor.must_enrol(user),
    )
    return render(request, "accounts/enrol.html", context)
