"""Pagination helpers for the API."""

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import PageNumberPagination

PAGE_SIZE = ninja_settings.PAGINATION_PER_PAGE


class Pages(PageNumberPagination):
    """Page numbers with bounds: a page past the millionth answers 422, never a database error."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)
        page_size: int = Field(PAGE_SIZE, ge=1, le=1000)


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
