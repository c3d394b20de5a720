"""Give 'MARAC coordinators' the referral permissions, and make sure 'Editors' hold none.

Permissions are created here if missing: on a fresh database Django only creates model
permissions after all migrations have run.
"""

from django.db import migrations

REFERRAL_MODELS = ("referral", "personcausingharm", "childdependant", "statuschange",
                   "referrallink")
COORDINATOR_PERMISSIONS = (
    ("view_referral", "Can view referral"),
    ("change_referral", "Can change referral"),
    ("review_referral", "Can review, accept, return and schedule referrals"),
)


def get_permission(apps, codename, name):
    ContentType = apps.get_model("contenttypes.ContentType")
    Permission = apps.get_model("auth.Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label="referral_form",
                                                        model="referral")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type, codename=codename, defaults={"name": name}
    )
    return permission


def grant(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    coordinators, _ = Group.objects.get_or_create(name="MARAC coordinators")
    for codename, name in COORDINATOR_PERMISSIONS:
        coordinators.permissions.add(get_permission(apps, codename, name))
    editors = Group.objects.filter(name="Editors").first()
    if editors is not None:
        editors.permissions.remove(*Permission.objects.filter(
            content_type__app_label="referral_form", content_type__model__in=REFERRAL_MODELS))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    coordinators = Group.objects.filter(name="MARAC coordinators").first()
    if coordinators is not None:
        coordinators.permissions.remove(*Permission.objects.filter(
            content_type__app_label="referral_form",
            codename__in=[codename for codename, _ in COORDINATOR_PERMISSIONS]))


class Migration(migrations.Migration):

    dependencies = [
        ("referral_form", "0002_review_reasons"),
        ("home", "0003_create_staff_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
