"""The plain agency column holds only an entry of the agency list or 'Another organisation'.

Referrals stored before the list held whatever was typed: that text stays in the encrypted
referrer details (its "agency" key) and leaves the plain column.
"""

from django.db import migrations

# As in referral_form.forms.steps when this migration was written.
DEFAULT_AGENCIES = (
    "Police",
    "Independent domestic violence advisor (IDVA) service",
    "Specialist domestic abuse service",
    "Adult social care",
    "Children's social care",
    "Health: GP practice",
    "Health: hospital or emergency department",
    "Health: maternity or health visiting",
    "Health: mental health service",
    "Housing",
    "Probation",
    "Education",
    "Substance use service",
)
OTHER_AGENCY_LABEL = "Another organisation"


def free_text_out_of_the_plain_column(apps, schema_editor):
    Referral = apps.get_model("referral_form", "Referral")
    (Referral.objects.exclude(referrer_agency="")
     .exclude(referrer_agency__in=(*DEFAULT_AGENCIES, OTHER_AGENCY_LABEL))
     .update(referrer_agency=OTHER_AGENCY_LABEL))


class Migration(migrations.Migration):

    dependencies = [
        ("referral_form", "0009_spam_tally"),
    ]

    operations = [
        migrations.RunPython(free_text_out_of_the_plain_column, migrations.RunPython.noop),
    ]
