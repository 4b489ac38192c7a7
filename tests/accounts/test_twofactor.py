import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import AuditEvent
from tests.accounts.logins import RECOVERY_CODE, enrol, totp_now
from tests.factories import editor, superuser, writer

pytestmark = pytest.mark.django_db
DESK = "/admin/"
VERIFY = "/admin/two-factor/"
ENROL = "/admin/two-factor/enrol/"


def test_an_editor_without_a_device_is_sent_to_enrol(client, require_2fa):
    client.force_login(editor())
    response = client.get(DESK)
    assert response.status_code == 302
    assert response["Location"] == f"{ENROL}?next=%2Fadmin%2F"


def test_superusers_are_held_to_it_too(client, require_2fa):
    client.force_login(superuser())
    assert client.get(reverse("admin:auth_user_changelist")).status_code == 302


def test_enrolment_shows_a_qr_code_then_ten_recovery_codes_once(client, require_2fa):
    edith = editor(username="edith")
    client.force_login(edith)
    page = client.get(ENROL + "?next=/admin/articles/article/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "data:image/svg+xml;base64," in html
    assert "otpauth://totp/" in html and "edith" in html
    # A reload shows the same secret, so a half-scanned code stays valid.
    device = TOTPDevice.objects.get(user=edith, confirmed=False)
    assert client.get(ENROL).content.decode().count(escape(device.config_url)) == 1

    wrong = client.post(ENROL, {"code": "000000"})
    assert "not right" in wrong.content.decode()
    with time_machine.travel(timezone.now() + timedelta(seconds=30), tick=False):
        done = client.post(ENROL, {"code": totp_now(device), "next": "/admin/articles/article/"})
        assert done.status_code == 200
        codes = re.findall(r"<li><code>([a-z2-7]+)</code></li>", done.content.decode())
        assert len(codes) == 10
        assert sorted(StaticToken.objects.values_list("token", flat=True)) == sorted(codes)
        assert 'href="/admin/articles/article/"' in done.content.decode()
        assert client.get(DESK).status_code == 200
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action="otp_enrolled", target="user edith").exists()


def test_an_enrolled_editor_must_enter_a_valid_code(client, require_2fa):
    edith = editor()
    device = enrol(edith)
    client.force_login(edith)
    response = client.get(DESK)
    assert response["Location"] == f"{VERIFY}?next=%2Fadmin%2F"
    assert client.get(ENROL)["Location"].startswith(VERIFY)  # no replacing it without it
    assert client.post(VERIFY, {"code": totp_now(device), "next": DESK})["Location"] == DESK
    assert client.get(DESK).status_code == 200


def test_a_wrong_code_is_refused_and_recorded(client, require_2fa):
    edith = editor(username="edith")
    enrol(edith)
    client.force_login(edith)
    response = client.post(VERIFY, {"code": "123456"})
    assert response.status_code == 200
    assert "not right" in response.content.decode()
    assert client.get(DESK).status_code == 302
    assert AuditEvent.objects.filter(action="otp_failed", target="user edith").exists()


def test_a_recovery_code_works_once(client, require_2fa):
    edith = editor()
    enrol(edith)
    client.force_login(edith)
    assert client.post(VERIFY, {"code": RECOVERY_CODE.upper()})["Location"] == DESK
    assert client.get(DESK).status_code == 200
    event = AuditEvent.objects.get(action="recovery_code_used")
    assert event.detail == {"codes_left": 0}

    client.logout()
    client.force_login(edith)
    assert client.post(VERIFY, {"code": RECOVERY_CODE}).status_code == 200
    assert client.get(DESK).status_code == 302


def test_a_writer_is_not_forced_but_may_enrol(client, require_2fa):
    wanda = writer()
    client.force_login(wanda)
    assert client.get(DESK).status_code == 200
    assert ENROL in client.get(DESK).content.decode()
    assert client.get(ENROL).status_code == 200


def test_a_writer_who_enrolled_is_asked_for_the_code(client, require_2fa):
    wanda = writer()
    enrol(wanda)
    client.force_login(wanda)
    assert client.get(DESK)["Location"].startswith(VERIFY)


def test_with_the_setting_off_nobody_is_forced(client, settings):
    assert settings.DESK_REQUIRE_2FA is False
    for user in (editor(), superuser()):
        client.force_login(user)
        assert client.get(DESK).status_code == 200


def test_the_public_site_and_the_login_page_are_not_held(client, require_2fa):
    client.force_login(editor())
    assert client.get(reverse("admin:login")).status_code in (200, 302)
    assert client.get(reverse("healthz")).status_code == 200
    assert client.post(reverse("admin:logout")).status_code == 200


def test_strangers_are_sent_to_the_login_page(client, require_2fa):
    for url in (VERIFY, ENROL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_next_never_leaves_the_site(client, require_2fa):
    edith = editor()
    device = enrol(edith)
    client.force_login(edith)
    response = client.post(VERIFY, {"code": totp_now(device), "next": "https://evil.example/"})
    assert response["Location"] == DESK
