"""Pagination helpers for the API."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet


class Mapped:
    """A queryset the paginator slices first; only the rows of the page go through ``convert``."""

    def __init__(self, qs: QuerySet, convert: Callable[[Any], Any]):
        self.qs, self.convert = qs, convert

    def count(self) -> int:
        return self.qs.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, item):
        return [self.convert(row) for row in self.qs[item]]
