import pytest
from django.contrib.auth.models import Group, Permission
from django.test import RequestFactory
from django.urls import reverse

from accounts.audit import current_request
from accounts.models import AuditEvent
from tests.accounts.logins import PASSWORD
from tests.factories import UserFactory, editor, superuser, writer

pytestmark = pytest.mark.django_db


def events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_login_and_logout_are_recorded_with_the_address(client):
    wanda = writer(username="wanda")
    client.post(
        reverse("admin:login"),
        {"username": "wanda", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.5",
    )
    client.post(reverse("admin:logout"), REMOTE_ADDR="203.0.113.5")
    login, logout = events("login") + events("logout")
    assert (login.actor, login.target, login.ip_address) == (wanda, "user wanda", "203.0.113.5")
    assert (logout.actor, logout.ip_address) == (wanda, "203.0.113.5")


def test_a_failed_login_is_recorded_without_the_password(client):
    writer(username="wanda")
    client.post(reverse("admin:login"), {"username": "wanda", "password": "hunter2-guess"})
    (event,) = events("login_failed")
    assert event.target == "user wanda" and event.actor is None
    stored = str(AuditEvent.objects.values().get(pk=event.pk))
    assert "hunter2" not in stored and "password" not in stored


def test_group_changes_are_recorded_both_ways():
    editors = Group.objects.get(name="Editors")
    user = UserFactory(username="u1")
    user.groups.add(editors)
    editors.user_set.remove(user)
    user.groups.add(editors)
    user.groups.clear()
    changes = [(e.target, e.detail) for e in events("groups_changed")]
    assert changes == [
        ("user u1", {"added": ["group Editors"]}),
        ("user u1", {"removed": ["group Editors"]}),
        ("user u1", {"added": ["group Editors"]}),
        ("user u1", {"removed": ["group Editors"]}),
    ]


def test_permission_changes_are_recorded():
    publish = Permission.objects.get(codename="publish_article")
    user = UserFactory(username="u1")
    user.user_permissions.add(publish)
    writers = Group.objects.get(name="Writers")
    writers.permissions.add(publish)
    assert events("permissions_changed")[0].detail == {"added": ["articles.publish_article"]}
    group_event = events("group_permissions_changed")[0]
    assert (group_event.target, group_event.detail) == (
        "group Writers",
        {"added": ["articles.publish_article"]},
    )


def test_flag_changes_are_recorded_with_who_did_it():
    boss = superuser(username="boss")
    user = UserFactory(username="u1", is_staff=False)
    request = RequestFactory().post("/", REMOTE_ADDR="198.51.100.7")
    request.user = boss
    token = current_request.set(request)
    try:
        user.is_staff = True
        user.is_superuser = True
        user.save()
        user.first_name = "Una"
        user.save()  # no flag changed: nothing recorded
    finally:
        current_request.reset(token)
    (event,) = [e for e in events("flags_changed") if e.target == "user u1"]
    assert event.detail == {"is_staff": [False, True], "is_superuser": [False, True]}
    assert (event.actor, event.ip_address) == (boss, "198.51.100.7")


def test_a_change_in_the_desk_records_the_editor_and_address(client):
    boss = superuser(username="boss")
    client.force_login(boss)
    group = Group.objects.create(name="Photo desk")
    permission = Permission.objects.get(codename="add_image")
    response = client.post(
        reverse("admin:auth_group_change", args=[group.pk]),
        {"name": "Photo desk", "permissions": [permission.pk]},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 302
    (event,) = events("group_permissions_changed")
    assert event.target == "group Photo desk"
    assert event.detail == {"added": ["media.add_image"]}
    assert (event.actor, event.actor_username, event.ip_address) == (boss, "boss", "198.51.100.7")


def test_the_trail_is_read_only_and_for_superusers(client):
    boss = superuser()
    client.force_login(boss)
    event = AuditEvent.objects.create(action="login", target="user x")
    changelist = reverse("admin:accounts_auditevent_changelist")
    assert client.get(changelist).status_code == 200
    change = client.get(reverse("admin:accounts_auditevent_change", args=[event.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()
    assert client.get(reverse("admin:accounts_auditevent_add")).status_code == 403
    delete = reverse("admin:accounts_auditevent_delete", args=[event.pk])
    assert client.post(delete).status_code == 403
    assert AuditEvent.objects.filter(pk=event.pk).exists()

    edith = editor()
    edith.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    client.force_login(edith)
    assert client.get(changelist).status_code == 403
