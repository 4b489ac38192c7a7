"""Writers and Editors groups with the permissions the editorial workflow expects.

Who may do what beyond these (own drafts only, no publishing for writers) is enforced in
articles/workflow.py; the groups only open the admin pages each role needs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = {
    "articles": [
        "add_article",
        "change_article",
        "view_article",
        "view_section",
        "add_articleauthor",
        "change_articleauthor",
        "delete_articleauthor",
        "view_articleauthor",
        "view_articlerevision",
        "view_workflowevent",
        "view_correction",
    ],
    "media": ["add_image", "change_image", "view_image"],
    "authors": ["view_author"],
    "taggit": ["add_tag", "view_tag"],
}
EDITORS = {
    "articles": ["add_article", "change_article", "view_article", "delete_article",
                 "publish_article", "view_section", "change_section", "add_section",
                 "add_articleauthor", "change_articleauthor", "delete_articleauthor",
                 "view_articleauthor", "view_articlerevision", "view_workflowevent",
                 "add_correction", "change_correction", "view_correction",
                 "add_banner", "change_banner", "delete_banner", "view_banner"],
    "media": ["add_image", "change_image", "delete_image", "view_image"],
    "authors": ["add_author", "change_author", "view_author",
                "add_authorlink", "change_authorlink", "delete_authorlink", "view_authorlink"],
    "taggit": ["add_tag", "change_tag", "delete_tag", "view_tag"],
}  # fmt: skip


def create_groups(apps, schema_editor):
    # Permissions are normally created after migrations; the groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in (("Writers", WRITERS), ("Editors", EDITORS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codenames in grants.items():
            perms = Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames
            )
            group.permissions.add(*perms)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=["Writers", "Editors"]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("media", "0001_initial"),
        ("authors", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
