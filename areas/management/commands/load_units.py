from django.core.management.base import BaseCommand

from areas.choices import Era
from areas.loader import load_units, package_version
from areas.models import AdminUnit


class Command(BaseCommand):
    help = (
        "Load the administrative units (34 provinces, 3,321 communes since 07/2025, and the "
        "pre-2025 units mapped to them) from the vietnamadminunits package."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--province",
            action="append",
            dest="provinces",
            help="Load only this province code (repeatable), e.g. --province 92",
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when current units exist."
        )

    def handle(self, *args, provinces=None, if_empty=False, **options):
        if if_empty and AdminUnit.objects.filter(era=Era.CURRENT).exists():
            self.stdout.write("Administrative units already loaded.")
            return
        result = load_units(province_codes=provinces)
        self.stdout.write(
            self.style.SUCCESS(
                f"vietnamadminunits {package_version()}: {result.provinces} provinces, "
                f"{result.communes} communes, {result.legacy} pre-2025 units "
                f"({result.mapped} communes mapped to today's)."
            )
        )
