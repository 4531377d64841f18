"""``manage.py create_demo_accounts``: the demo's call manager, triager and editor (none a superuser)."""
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand

from submissions.permissions import CALL_ADMINISTRATOR_GROUP, CREATE_CALLS

ROLES = ("Triager", "Editor", "Call manager", CALL_ADMINISTRATOR_GROUP)
# username, password, group, role on every call, where their work starts (decision 0016).
DEMO_ACCOUNTS = [
    ("manager", "demo-manager-2021", "Call manager", "manager", "/staff/calls/{slug}/setup/"),
    ("triager", "demo-triager-2021", "Triager", "triager", "/staff/calls/{slug}/"),
    ("editor", "demo-editor-2021", "Editor", "editor", "/staff/reports/calls/{slug}/evidence/"),
]


class Command(BaseCommand):
    help = "Create the staff role groups and demo accounts (for local demos only)."

    def handle(self, *args: Any, **options: Any) -> None:
        from submissions.models import Call, CallRole
        from submissions.services.team import set_membership

        for role in ROLES:
            Group.objects.get_or_create(name=role)
        administrators = Group.objects.get(name=CALL_ADMINISTRATOR_GROUP)
        app_label, codename = CREATE_CALLS.split(".")
        administrators.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        user_model = get_user_model()
        user_model.objects.filter(username="submitter", is_staff=False).delete()  # the portal needs no account
        calls = list(Call.objects.order_by("slug"))
        first = calls[0].slug if calls else ""
        self.stdout.write("Demo accounts (local demo only; none is a superuser):")
        for username, password, group, role, start in DEMO_ACCOUNTS:
            user, _ = user_model.objects.get_or_create(username=username)
            user.set_password(password)
            user.email = f"{username}@rapporteur.localhost"
            user.is_staff = False
            user.is_superuser = False
            user.save()
            user.groups.add(Group.objects.get(name=group))
            if username == "manager":
                user.groups.add(administrators)  # may create calls too
            for call in calls:
                set_membership(call, user, CallRole(role), actor_label="demo")
            where = start.format(slug=first) if first else "/staff/"
            self.stdout.write(f"  {username:<8} password: {password:<19} {group:<13} starts at {where}")
        if calls:
            self.stdout.write(f"  on call(s): {', '.join(c.slug for c in calls)}")
