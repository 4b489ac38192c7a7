from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.middleware import LAST_SEEN_KEY
from accounts.models import AuditEvent
from tests.factories import UserFactory, writer

pytestmark = pytest.mark.django_db
DESK = "/admin/"


def test_staff_are_signed_out_after_idle_minutes(client, settings):
    settings.DESK_IDLE_MINUTES = 60
    client.force_login(writer(username="wanda"))
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert client.get(DESK).status_code == 200
    with time_machine.travel(start + timedelta(minutes=59), tick=False):
        assert client.get(DESK).status_code == 200  # activity moves the deadline on
    with time_machine.travel(start + timedelta(minutes=118), tick=False):
        assert client.get(DESK).status_code == 200
    with time_machine.travel(start + timedelta(minutes=179), tick=False):
        response = client.get(DESK)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="logout")
    assert event.detail == {"reason": "idle"} and event.target == "user wanda"


def test_the_session_is_written_at_most_once_a_minute(client):
    client.force_login(writer())
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get(DESK)
    seen = client.session[LAST_SEEN_KEY]
    with time_machine.travel(start + timedelta(seconds=50), tick=False):
        client.get(DESK)
    assert client.session[LAST_SEEN_KEY] == seen
    with time_machine.travel(start + timedelta(seconds=70), tick=False):
        client.get(DESK)
    assert client.session[LAST_SEEN_KEY] == seen + 70


def test_readers_accounts_are_left_alone(client):
    reader = UserFactory(is_staff=False)
    client.force_login(reader)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.get("/")
    with time_machine.travel(start + timedelta(days=1), tick=False):
        client.get("/")
    assert LAST_SEEN_KEY not in client.session
    assert client.session["_auth_user_id"] == str(reader.pk)
