"""The day by which a voluntary-rehab registration's rehab should start (registration date plus
REHAB_VOLUNTARY_START_WORKING_DAYS working days, default 2: DOMAIN.md §3, Decree 163/2026),
stored on the row so that the due list counts and pages registrations in the database; filled
in for the registrations already recorded, with the holidays of the working-day calendar."""

import datetime

from django.conf import settings
from django.db import migrations, models


def fill(apps, schema_editor):
    Registration = apps.get_model("rehab", "VoluntaryRegistration")
    Holiday = apps.get_model("common", "Holiday")
    n = int(getattr(settings, "REHAB_VOLUNTARY_START_WORKING_DAYS", 2))
    holidays = set(Holiday.objects.values_list("day", flat=True))
    for registration in Registration.objects.filter(start_due_on__isnull=True).iterator():
        day, left = registration.registered_on, n
        while left > 0:
            day += datetime.timedelta(days=1)
            if day.weekday() < 5 and day not in holidays:
                left -= 1
        registration.start_due_on = day
        registration.save(update_fields=["start_due_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("common", "0002_load_holidays"),
        ("rehab", "0010_facility_officer_learners"),
    ]

    operations = [
        migrations.AddField(
            model_name="voluntaryregistration",
            name="start_due_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="rehab to start by"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
