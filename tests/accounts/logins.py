"""Desk sign-ins for the accounts tests: a password, an authenticator and recovery codes."""

from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "correct horse battery"
RECOVERY_CODE = "abcd2345efgh"


def totp_now(device: TOTPDevice) -> str:
    """The code an authenticator app shows now for `device`."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def enrol(user) -> TOTPDevice:
    """A confirmed authenticator and one known recovery code for `user`."""
    device = TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)
    recovery = StaticDevice.objects.create(user=user, name="Recovery codes")
    StaticToken.objects.create(device=recovery, token=RECOVERY_CODE)
    return device
