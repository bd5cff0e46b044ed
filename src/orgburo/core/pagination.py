"""Pagination for searches: pages, and a count that stops at a cap.

An exact count of every "Ко…" among twenty-five million persons costs seconds; nobody pages
through a million names. The count is exact up to `CAP` and `more` says when there are more.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.pagination import PaginationBase

CAP = 1000


class CappedPagination(PaginationBase):
    class Input(Schema):
        page: int = Field(1, ge=1, le=CAP)

    class Output(Schema):
        items: list[Any]
        count: int  # exact when `more` is false; otherwise CAP
        more: bool

    items_attribute = "items"

    def __init__(self, page_size: int = 50, **kwargs: Any) -> None:
        self.page_size = page_size
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> Any:
        offset = (pagination.page - 1) * self.page_size
        counted = queryset[: CAP + 1].count()  # COUNT over a LIMIT-ed subquery
        return {
            "items": queryset[offset : offset + self.page_size],
            "count": min(counted, CAP),
            "more": counted > CAP,
        }
