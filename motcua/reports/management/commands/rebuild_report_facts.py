"""Rebuild the report cells from the dossiers and their events (docs/rules.md section 6.1):
after an upgrade, a bulk load (the benchmark's COPY) or a repair. Resumable, idempotent."""

import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from motcua.reports.facts import rebuild


class Command(BaseCommand):
    help = "Rebuild the report figures from the dossiers and their events (resumes an interrupted run)."

    def add_arguments(self, parser):
        parser.add_argument("--restart", action="store_true", help="start over even if a run was interrupted")
        parser.add_argument("--chunk", type=int, default=2000, help="dossiers per transaction")
        parser.add_argument("--no-progress", action="store_true", help="no progress bar")

    def handle(self, *args, **options):
        run = rebuild.start(restart=options["restart"])
        resumed = run.done
        if resumed:
            self.stdout.write(f"Resuming after dossier {run.last_dossier} ({resumed} done).")
        with tqdm(total=rebuild.remaining(run), unit="dossier", disable=options["no_progress"], file=sys.stderr) as bar:
            while n := rebuild.step(run, max(1, options["chunk"])):
                bar.update(n)
        if run.finished_at is None:
            self.stdout.write("Adding up the report cells...")
            rebuild.finish(run)
        self.stdout.write(f"Report facts rebuilt for {run.done} dossiers.")
