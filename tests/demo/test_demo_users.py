"""seed_demo's desk logins: the demo password is public, so they are made only on request."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from demo.management.commands.seed_demo import DEMO_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEMO_USERS = {"admin", "editor", "writer"}


def seed(settings, *, debug=False, **options):
    settings.DEBUG = debug
    out = StringIO()
    call_command("seed_demo", articles=3, stdout=out, **options)
    return out.getvalue()


def usernames():
    return set(get_user_model().objects.values_list("username", flat=True))


def test_no_users_without_debug_or_the_flag(settings):
    output = seed(settings)
    assert get_user_model().objects.count() == 0
    assert DEMO_PASSWORD not in output
    assert "No desk logins created" in output
    assert "--demo-users" in output


@pytest.mark.parametrize("options", [{"demo_users": True}, {"debug": True}])
def test_the_flag_or_debug_creates_the_demo_logins(settings, options):
    output = seed(settings, **options)
    assert usernames() == DEMO_USERS
    assert f"Desk logins: editor / writer / admin, password {DEMO_PASSWORD!r}" in output
    User = get_user_model()
    assert User.objects.get(username="admin").is_superuser
    assert User.objects.get(username="editor").groups.filter(name="Editors").exists()
    assert User.objects.get(username="writer").groups.filter(name="Writers").exists()
    assert User.objects.get(username="editor").check_password(DEMO_PASSWORD)


@pytest.mark.parametrize("debug", [False, True])
def test_no_demo_users_when_any_user_exists(settings, debug):
    UserFactory(username="chief", is_superuser=True)
    output = seed(settings, debug=debug, demo_users=True)
    assert usernames() == {"chief"}
    assert DEMO_PASSWORD not in output
    assert "already has users" in output


def test_if_empty_with_the_flag_creates_them_once(settings):
    seed(settings, if_empty=True, demo_users=True)
    output = seed(settings, if_empty=True, demo_users=True)
    assert usernames() == DEMO_USERS
    assert "nothing loaded" in output
