"""``manage.py reindex_search [CALL…]``: rebuild the full-text search documents."""
from django.core.management.base import BaseCommand

from submissions.models import Call
from submissions.services.search_index import reindex_call


class Command(BaseCommand):
    help = "Rebuild the search documents of every submission (or of the calls named)."

    def add_arguments(self, parser):
        parser.add_argument("calls", nargs="*", help="call slugs (default: all)")

    def handle(self, *args, calls: list[str], **options):
        queryset = Call.objects.filter(slug__in=calls) if calls else Call.objects.all()
        for call in queryset:
            self.stdout.write(f"{call.slug}: {reindex_call(call)} submissions indexed")
