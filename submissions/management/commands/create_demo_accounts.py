"""``manage.py create_demo_accounts``: the demo's submitter, triager and editor."""
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand

ROLES = ("Triager", "Editor", "Call manager")
DEMO_ACCOUNTS = [
    # username, password, group, staff
    ("submitter", "demo-submitter-2021", None, False),
    ("triager", "demo-triager-2021", "Triager", True),
    ("editor", "demo-editor-2021", "Editor", True),
    ("manager", "demo-manager-2021", "Call manager", True),
]


class Command(BaseCommand):
    help = "Create the staff role groups and demo accounts (for local demos only)."

    def handle(self, *args, **options):
        for role in ROLES:
            Group.objects.get_or_create(name=role)
        user_model = get_user_model()
        self.stdout.write("Demo accounts (local demo only):")
        for username, password, group, staff in DEMO_ACCOUNTS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.set_password(password)
            user.is_staff = staff
            user.is_superuser = username == "manager"
            user.save()
            if group:
                user.groups.add(Group.objects.get(name=group))
            self.stdout.write(f"  {username:<10} password: {password:<22} role: {group or 'submitter'}")
        self._put_staff_on_calls()

    def _put_staff_on_calls(self) -> None:
        """Roles are per call (decision 0011): the demo's staff are on every call there is."""
        from submissions.models import Call, CallRole
        from submissions.services.team import set_membership

        roles = {"triager": CallRole.TRIAGER, "editor": CallRole.EDITOR, "manager": CallRole.MANAGER}
        users = get_user_model().objects.filter(username__in=roles)
        for call in Call.objects.all():
            for user in users:
                set_membership(call, user, roles[user.username], actor_label="demo")
            self.stdout.write(f"  on call {call.slug}: {', '.join(sorted(u.username for u in users))}")
