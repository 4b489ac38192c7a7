from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """Something that happened to an account: sign-ins, lockouts, changes of rights."""

    class Action(models.TextChoices):
        LOGIN = "login", "Logged in"
        LOGOUT = "logout", "Logged out"
        LOGIN_FAILED = "login_failed", "Failed login"
        LOCKED_OUT = "locked_out", "Locked out"
        OTP_ENROLLED = "otp_enrolled", "Two-factor enrolled"
        OTP_FAILED = "otp_failed", "Wrong two-factor code"
        RECOVERY_CODE_USED = "recovery_code_used", "Recovery code used"
        GROUPS_CHANGED = "groups_changed", "User's groups changed"
        PERMISSIONS_CHANGED = "permissions_changed", "User's permissions changed"
        GROUP_PERMISSIONS_CHANGED = "group_permissions_changed", "Group's permissions changed"
        FLAGS_CHANGED = "flags_changed", "Staff, superuser or active flag changed"

    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who did it, when known (a signed-in user; empty for commands and strangers).",
    )
    actor_username = models.CharField(
        max_length=150, blank=True, help_text="The username, kept when the user is deleted."
    )
    action = models.CharField(max_length=32, choices=Action, db_index=True)
    target = models.CharField(
        max_length=200, blank=True, help_text="What it was done to: “user alice”, “group Editors”."
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target or self.actor_username}"
