from django.core.management.base import BaseCommand

from demo.management.commands.seed_demo import DEMO_USERS, PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins."

    def handle(self, *args, **options):
        self.stdout.write(f"\nDemo logins (password for all: {PASSWORD}):")
        for username, role, scope, _agency, _name, title in DEMO_USERS:
            where = "toàn tỉnh" if scope == "province" else f"xã/phường {scope}"
            self.stdout.write(f"  {username:<6} {role.label} – {title} ({where})")
        self.stdout.write("\nOpen http://127.0.0.1:8000 and log in.\n")
