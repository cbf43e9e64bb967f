"""Benchmarks; figures go to docs/benchmarks.md by hand from this output.

make bench
"""

import datetime as dt
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.config.settings.test")

from conftest import official_calendar  # noqa: E402
from motcua.calendars.engine import TZ, DeadlineEngine, Duration, Pause, Unit, WorkCalendar  # noqa: E402


def rate(fn, n):
    start = time.perf_counter()
    for i in range(n):
        fn(i)
    return n / (time.perf_counter() - start)


def main():
    engine = DeadlineEngine(official_calendar())
    rnd = random.Random(7)
    base = dt.datetime(2024, 1, 1, tzinfo=TZ)
    receptions = [base + dt.timedelta(minutes=rnd.randrange(3 * 365 * 24 * 60)) for _ in range(100_000)]
    print("Deadline engine, one core (computations per second)")
    for days in (1, 5, 15, 30, 60):
        d = Duration(days, Unit.WORKING_DAYS)
        r = rate(lambda i, d=d: engine.compute_due(receptions[i], d, explain=False), 100_000)
        e = rate(lambda i, d=d: engine.compute_due(receptions[i], d), 20_000)
        print(f"  {days:>2} working days: {r:>9,.0f}/s without explanation, {e:>8,.0f}/s with explanation")
    hours = Duration(16, Unit.WORKING_HOURS)
    print(f"  16 working hours: {rate(lambda i: engine.compute_due(receptions[i], hours, explain=False), 100_000):>9,.0f}/s")
    short = DeadlineEngine(WorkCalendar({}, start=dt.date(2023, 1, 1), end=dt.date(2027, 12, 31)))
    long = DeadlineEngine(WorkCalendar({}, start=dt.date(1900, 1, 1), end=dt.date(2199, 12, 31)))
    d = Duration(15, Unit.WORKING_DAYS)
    for name, eng in (("5-year calendar", short), ("300-year calendar", long)):
        print(f"  {name}, 15 working days: {rate(lambda i, eng=eng: eng.compute_due(receptions[i], d, explain=False), 100_000):>9,.0f}/s")

    dossiers = []
    for i in range(100_000):
        received = receptions[i]
        pauses = []
        if i % 5 == 0:
            start = received + dt.timedelta(days=rnd.randrange(1, 10))
            pauses.append(Pause(start, start + dt.timedelta(hours=rnd.randrange(1, 200))))
        dossiers.append((received, Duration(rnd.choice([1, 3, 5, 7, 10, 15, 20, 30, 45, 60]), Unit.WORKING_DAYS), pauses))
    start = time.perf_counter()
    for received, duration, pauses in dossiers:
        engine.compute_due(received, duration, pauses, explain=False)
    print(f"Recompute 100,000 open dossiers (20% with a pause): {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
