import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from motcua.organisations.models import Agency
from motcua.organisations.services import merge_agencies


class Command(BaseCommand):
    help = (
        "Merge agencies into another (an administrative reorganisation): each source ends on --on with the target as its "
        "successor, and its active staff roles continue in the target. Every change is an audit event."
    )

    def add_arguments(self, parser):
        parser.add_argument("target", help="The electronic code of the agency that continues.")
        parser.add_argument("sources", nargs="+", help="The codes of the agencies merged into it.")
        parser.add_argument("--on", required=True, help="The last day of the sources (YYYY-MM-DD).")

    def handle(self, *args, target, sources, on, **options):
        try:
            last_day = dt.date.fromisoformat(on)
        except ValueError:
            raise CommandError(f"--on must be a date YYYY-MM-DD, not {on!r}.") from None
        into = Agency.objects.filter(code=target, is_active=True).first()
        if into is None:
            raise CommandError(f"No agency in operation with code {target!r}.")
        found = {a.code: a for a in Agency.objects.filter(code__in=sources, is_active=True)}
        missing = [code for code in sources if code not in found]
        if missing or target in sources:
            raise CommandError(f"Not agencies in operation, or the target itself: {', '.join(missing) or target}.")
        merge_agencies([found[code] for code in sources], into, on=last_day)
        self.stdout.write(f"Merged {', '.join(sources)} into {target} ({into.name}) after {last_day:%d/%m/%Y}.")
