"""Two-factor sign-in to the desk: who must use it, enrolment, and checking a code."""

from django.conf import settings
from django.db import transaction
from django_otp import devices_for_user, user_has_device
from django_otp import verify_token as otp_verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import roles

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_NAME = "Recovery codes"


def must_enrol(user) -> bool:
    """Editors and superusers need a second factor when DESK_REQUIRE_2FA is on."""
    return settings.DESK_REQUIRE_2FA and roles.is_editor(user)


def is_enrolled(user) -> bool:
    return user_has_device(user)


def needs_code(user) -> bool:
    """Whether this signed-in user has to enter a code (or enrol) before using the desk."""
    if user.is_verified():
        return False
    # Anyone who enrolled asked for the code; the setting decides who must enrol.
    return must_enrol(user) or is_enrolled(user)


def pending_authenticator(user) -> TOTPDevice:
    """The unconfirmed authenticator being set up, so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    return device or TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)


@transaction.atomic
def confirm_authenticator(device: TOTPDevice, *, token: str) -> list[str] | None:
    """Confirm `device` with a code from the app; return fresh recovery codes, or None.

    The new authenticator replaces any earlier one, and the recovery codes replace earlier
    codes; they are returned once and stored only as single-use tokens.
    """
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    # verify_token applies django-otp's throttling and refuses a code already used.
    if not device.verify_token(token):
        return None
    user = device.user
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_NAME)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    return codes


def check_code(user, token: str):
    """The confirmed device that accepts `token` (a recovery code is then spent), or None."""
    token = "".join(token.split()).lower()
    # Six digits are the app's; anything else is a recovery code. Trying only the matching kind
    # keeps a right code of one kind from counting as a failure on the other's throttle.
    kind = TOTPDevice if token.isdigit() and len(token) == 6 else StaticDevice
    for device in devices_for_user(user):
        # verify_token locks the device row and applies django-otp's throttling.
        if isinstance(device, kind) and otp_verify_token(user, device.persistent_id, token):
            return device
    return None
