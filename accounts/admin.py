from django.contrib import admin

from accounts.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only: nobody adds, edits or deletes events; superusers read them."""

    list_display = ("occurred_at", "action", "actor_username", "target", "ip_address")
    list_filter = ("action", "occurred_at")
    search_fields = ("actor_username", "target", "ip_address")
    date_hierarchy = "occurred_at"
    readonly_fields = (
        "occurred_at",
        "action",
        "actor",
        "actor_username",
        "target",
        "ip_address",
        "detail",
    )
    fields = readonly_fields

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
