"""Staff groups: 'Editors' keep the guidance; 'MARAC coordinators' keep the meetings.

Permissions are created here if missing, because on a fresh database Django only creates model
permissions after all migrations have run. Referral permissions for the coordinators are added
by a later referral_form migration. Editors never get any referral or meeting permission.
"""

from django.db import migrations

EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
# Wagtail's initial data gives 'Editors' add/change on the tree root; we move them to the site
# root (the home page) and add publish, so editors manage this site's pages only.
WAGTAIL_DEFAULT_EDITOR_PAGE_PERMISSIONS = ("add_page", "change_page")
EDITOR_COLLECTION_PERMISSIONS = {
    ("wagtailimages", "image"): ("add_image", "change_image", "choose_image"),
    ("wagtaildocs", "document"): ("add_document", "change_document", "choose_document"),
}
MEETING_ACTIONS = ("add", "change", "delete", "view")


def get_permission(apps, app_label, model, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def page_permission(apps, codename):
    action = codename.split("_")[0]
    return get_permission(apps, "wagtailcore", "page", codename, f"Can {action} page")


def site_root(apps):
    Site = apps.get_model("wagtailcore.Site")
    site = Site.objects.filter(is_default_site=True).first()
    return site.root_page if site else None


def create_groups(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    access_admin = get_permission(
        apps, "wagtailadmin", "admin", "access_admin", "Can access Wagtail admin"
    )

    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(access_admin)
    home = site_root(apps)
    if home is not None:
        GroupPagePermission.objects.filter(
            group=editors, page__depth=1,
            permission__codename__in=WAGTAIL_DEFAULT_EDITOR_PAGE_PERMISSIONS,
        ).delete()
        for codename in EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=home, permission=page_permission(apps, codename)
            )
    root_collection = Collection.objects.filter(depth=1).first()
    if root_collection is not None:
        for (app_label, model), codenames in EDITOR_COLLECTION_PERMISSIONS.items():
            for codename in codenames:
                permission = get_permission(
                    apps, app_label, model, codename, f"Can {codename.replace('_', ' ')}"
                )
                GroupCollectionPermission.objects.get_or_create(
                    group=editors, collection=root_collection, permission=permission
                )

    coordinators, _ = Group.objects.get_or_create(name="MARAC coordinators")
    coordinators.permissions.add(access_admin)
    for action in MEETING_ACTIONS:
        coordinators.permissions.add(get_permission(
            apps, "guidance", "maracmeeting", f"{action}_maracmeeting",
            f"Can {action} MARAC meeting",
        ))


def remove_groups(apps, schema_editor):
    """Delete the coordinators' group; give editors back Wagtail's default page permissions."""
    Group = apps.get_model("auth.Group")
    Page = apps.get_model("wagtailcore.Page")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")

    Group.objects.filter(name="MARAC coordinators").delete()
    editors = Group.objects.filter(name="Editors").first()
    home = site_root(apps)
    tree_root = Page.objects.filter(depth=1).first()
    if editors is None:
        return
    if home is not None:
        GroupPagePermission.objects.filter(
            group=editors, page=home, permission__codename__in=EDITOR_PAGE_PERMISSIONS
        ).delete()
    if tree_root is not None:
        for codename in WAGTAIL_DEFAULT_EDITOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=editors, page=tree_root, permission=page_permission(apps, codename)
            )


class Migration(migrations.Migration):

    dependencies = [
        ("home", "0002_create_homepage"),
        ("guidance", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
