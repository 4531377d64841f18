"""``manage.py add_call_staff CALL USERNAME ROLE``: put a person on a call (triager, editor, manager)."""
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from submissions.models import Call, CallRole
from submissions.services.team import set_membership


class Command(BaseCommand):
    help = "Give a staff member a role on a call (roles are per call)."

    def add_arguments(self, parser):
        parser.add_argument("call", help="the call's slug")
        parser.add_argument("username")
        parser.add_argument("role", choices=CallRole.values)

    def handle(self, *args, call: str, username: str, role: str, **options):
        found = Call.objects.filter(slug=call).first()
        if found is None:
            raise CommandError(f"no call with slug {call!r}")
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"no user {username!r}")
        set_membership(found, user, role, actor_label="command")
        self.stdout.write(f"{username} is {role} on {call}")
