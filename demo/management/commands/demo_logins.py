from django.core.management.base import BaseCommand

from accounts.models import User
from demo.management.commands.seed_demo import DEMO_USERS, PASSWORD


class Command(BaseCommand):
    help = "Print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--url", default="http://127.0.0.1:8000")

    def handle(self, *args, url, **options):
        self.stdout.write(f"\nTài khoản demo (mật khẩu chung / password: {PASSWORD}):")
        users = User.objects.select_related("scope_unit").in_bulk(
            [u[0] for u in DEMO_USERS], field_name="username"
        )
        for username, role, _scope, _agency, _name, title in DEMO_USERS:
            user = users.get(username)
            where = user.scope_unit.name if user and user.scope_unit else "—"
            self.stdout.write(f"  {username:<6} {role.label} – {title} ({where})")
        self.stdout.write(f"\nMở {url} và đăng nhập / open it and log in.\n")
