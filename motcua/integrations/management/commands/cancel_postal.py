from django.core.management.base import BaseCommand, CommandError

from motcua.integrations.models import PostalOrder
from motcua.integrations.services import CallbackError, cancel_postal


class Command(BaseCommand):
    help = "Cancel a post office order (pickup or delivery) by its reference; the post office is told through the outbox."

    def add_arguments(self, parser):
        parser.add_argument("reference")

    def handle(self, *args, reference, **options):
        order = PostalOrder.objects.filter(reference=reference).first()
        if order is None:
            raise CommandError(f"No postal order {reference!r}.")
        try:
            cancel_postal(order)
        except CallbackError as exc:
            raise CommandError(exc.message_en) from None
        self.stdout.write(f"Cancelled {reference}.")
