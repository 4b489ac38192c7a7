from datetime import timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.client import client_ip
from accounts.models import AuditEvent
from tests.accounts.logins import PASSWORD
from tests.factories import editor, superuser, writer

pytestmark = pytest.mark.django_db
OFFICE = "203.0.113.5"


def log_in(client, username, password, ip=OFFICE):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip,
    )


def fail(client, username, times, ip=OFFICE):
    return [log_in(client, username, "not-the-password", ip).status_code for _ in range(times)]


def test_five_failures_lock_the_account_with_a_clear_page(client):
    editor(username="edith")
    assert fail(client, "edith", 4) == [200] * 4
    locked = log_in(client, "edith", "still-wrong")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "Try again in 15 minutes" in locked.content.decode()

    refused = log_in(client, "edith", PASSWORD)
    assert refused.status_code == 429
    assert "Too many failed logins" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="locked_out", target="user edith").exists()


def test_other_users_and_other_addresses_are_unaffected(client):
    editor(username="edith")
    writer(username="wanda")
    fail(client, "edith", 5)
    assert log_in(client, "wanda", PASSWORD).status_code == 302
    client.logout()
    # The username from another address: the lock is on the pair.
    assert log_in(client, "edith", PASSWORD, ip="198.51.100.9").status_code == 302


def test_one_address_guessing_many_usernames_is_locked(client, settings):
    settings.DESK_LOGIN_IP_FAILURE_LIMIT = 8
    writer(username="wanda")
    for name in ("a", "b", "c", "d"):
        fail(client, name, 2)
    assert log_in(client, "wanda", PASSWORD).status_code == 429
    assert log_in(client, "wanda", PASSWORD, ip="198.51.100.9").status_code == 302


def test_a_successful_login_clears_only_its_own_failures(client):
    editor(username="edith")
    writer(username="wanda")
    fail(client, "edith", 4)
    fail(client, "wanda", 2)
    assert log_in(client, "wanda", PASSWORD).status_code == 302
    client.logout()
    # Logging in as someone else does not wipe the guesses at edith.
    assert log_in(client, "edith", "wrong-again").status_code == 429


def test_login_works_again_after_the_cool_off(client):
    editor(username="edith")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, "edith", 5)
        assert log_in(client, "edith", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=14), tick=False):
        assert log_in(client, "edith", PASSWORD).status_code == 429
    # Each refused attempt restarted the wait (at +14 minutes).
    with time_machine.travel(start + timedelta(minutes=30), tick=False):
        assert log_in(client, "edith", PASSWORD).status_code == 302


def test_lockouts_are_listed_in_the_desk(client):
    editor(username="edith")
    fail(client, "edith", 5)
    assert AccessAttempt.objects.get(username="edith").failures_since_start == 5
    client.force_login(superuser())
    page = client.get(reverse("admin:axes_accessattempt_changelist"))
    assert page.status_code == 200
    assert "edith" in page.content.decode()


@pytest.mark.parametrize(
    "proxies, remote, forwarded, expected",
    [
        (0, "203.0.113.5", "", "203.0.113.5"),
        # Without a trusted proxy the header is the client's invention.
        (0, "203.0.113.5", "10.0.0.1", "203.0.113.5"),
        (1, "10.0.0.2", "198.51.100.7", "198.51.100.7"),
        # Only the entry NGINX appended counts; the rest came from the client.
        (1, "10.0.0.2", "1.2.3.4, 198.51.100.7", "198.51.100.7"),
        (2, "10.0.0.3", "1.2.3.4, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
        (1, "10.0.0.2", "", "10.0.0.2"),
        (1, "10.0.0.2", "not-an-address", None),
    ],
)
def test_client_ip(settings, proxies, remote, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = proxies
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
