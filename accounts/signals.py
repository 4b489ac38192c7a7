"""Receivers that feed the audit trail; each one only gathers facts and calls audit.record."""

from axes.signals import user_locked_out
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from accounts.audit import record
from accounts.models import AuditEvent

User = get_user_model()
FLAGS = ("is_staff", "is_superuser", "is_active")

# through model -> (event, the field for whose rights change, the field for the rights)
RIGHTS = {
    User.groups.through: (AuditEvent.Action.GROUPS_CHANGED, "user", "group"),
    User.user_permissions.through: (AuditEvent.Action.PERMISSIONS_CHANGED, "user", "permission"),
    Group.permissions.through: (AuditEvent.Action.GROUP_PERMISSIONS_CHANGED, "group", "permission"),
}


def describe(obj) -> str:
    if isinstance(obj, Group):
        return f"group {obj.name}"
    if isinstance(obj, Permission):
        return f"{obj.content_type.app_label}.{obj.codename}"
    return f"user {obj.get_username()}"


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    record(AuditEvent.Action.LOGIN, request=request, actor=user, target=describe(user))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    reason = getattr(request, "logout_reason", "")
    record(
        AuditEvent.Action.LOGOUT,
        request=request,
        actor=user,
        target=describe(user) if user else "",
        detail={"reason": reason} if reason else None,
    )


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    # Only the username: the credentials also hold the password (masked by Django, but still).
    username = str(credentials.get("username", ""))[:150]
    record(AuditEvent.Action.LOGIN_FAILED, request=request, target=f"user {username}")


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    record(AuditEvent.Action.LOCKED_OUT, request=request, target=f"user {username}")


@receiver(m2m_changed)
def rights_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if sender not in RIGHTS:
        return
    event, owner_field, rights_field = RIGHTS[sender]
    if action == "pre_clear":
        # post_clear carries no pk_set: read what is about to go.
        own, other = (rights_field, owner_field) if reverse else (owner_field, rights_field)
        rows = sender.objects.filter(**{f"{own}_id": instance.pk})
        pk_set = set(rows.values_list(f"{other}_id", flat=True))
        change = "removed"
    elif action in ("post_add", "post_remove"):
        change = "added" if action == "post_add" else "removed"
    else:
        return
    if not pk_set:
        return
    owner_model = sender._meta.get_field(owner_field).related_model
    rights_model = sender._meta.get_field(rights_field).related_model
    if reverse:
        owners, rights = owner_model.objects.filter(pk__in=pk_set), [instance]
    else:
        rights = rights_model.objects.filter(pk__in=pk_set)
        if rights_model is Permission:
            rights = rights.select_related("content_type")
        owners = [instance]
    names = sorted(describe(right) for right in rights)
    for owner in owners:
        record(event, target=describe(owner), detail={change: names})


@receiver(pre_save, sender=User)
def remember_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None:
        return
    if update_fields is not None and not set(FLAGS) & set(update_fields):
        return  # e.g. the last_login update on every sign-in
    instance._audit_flags = sender.objects.filter(pk=instance.pk).values(*FLAGS).first()


@receiver(post_save, sender=User)
def flags_changed(sender, instance, created, raw=False, **kwargs):
    before = instance.__dict__.pop("_audit_flags", None)
    if raw:
        return
    if created:
        changes = {flag: [None, True] for flag in FLAGS[:2] if getattr(instance, flag)}
    elif before is not None:
        changes = {
            flag: [before[flag], getattr(instance, flag)]
            for flag in FLAGS
            if before[flag] != getattr(instance, flag)
        }
    else:
        return
    if changes:
        record(AuditEvent.Action.FLAGS_CHANGED, target=describe(instance), detail=changes)
