"""``manage.py load_countries``: (re)load the States reference table."""
from django.core.management.base import BaseCommand

from submissions.services.countries import load_countries


class Command(BaseCommand):
    help = "Load or refresh the 193 Member States and 2 observer States with their UN names."

    def handle(self, *args, **options):
        count = load_countries()
        self.stdout.write(f"Loaded {count} States.")
