from django.db.models import QuerySet
from django_tasks_db.models import DBTaskResult


def recent_results(status: str | None = None, limit: int = 200) -> QuerySet[DBTaskResult]:
    qs = DBTaskResult.objects.order_by("-enqueued_at")
    if status:
        qs = qs.filter(status=status)
    return qs[:limit]
