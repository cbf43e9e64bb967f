from django.core.management.base import BaseCommand

from motcua.calendars.services import load_official_calendar, seed_year


class Command(BaseCommand):
    help = "Load the official 2024-2026 calendar and seed other years (unconfirmed) from the lunar calendar."

    def add_arguments(self, parser):
        parser.add_argument("--seed-from", type=int, default=2020)
        parser.add_argument("--seed-to", type=int, default=2030)

    def handle(self, *args, seed_from, seed_to, **options):
        result = load_official_calendar()
        seeded = {year: seed_year(year) for year in range(seed_from, seed_to + 1)}
        self.stdout.write(f"official: {result}; seeded: { {y: n for y, n in seeded.items() if n} }")
