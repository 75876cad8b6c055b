"""Operations pages: the failed-task list for staff, /healthz for the
balancer, public media when no object storage is configured, and the error
page a shopper sees when the database is away."""

import logging
import os
import sys

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.db import DatabaseError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.templatetags.static import static
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.defaults import server_error as django_server_error
from django.views.generic import ListView
from django.views.static import serve

from ops import queue

log = logging.getLogger(__name__)
MEDIA_MAX_AGE = 365 * 24 * 3600  # stored names never change content


@method_decorator(staff_member_required, name="dispatch")
class FailedTaskListView(ListView):
    """Tasks that used up their attempts, newest first, with their error."""

    template_name = "ops/failed_tasks.html"
    context_object_name = "tasks"
    paginate_by = 50

    def get_queryset(self):
        return queue.failed_tasks()


@method_decorator(staff_member_required, name="dispatch")
class FailedTaskRetryView(View):
    def post(self, request, pk):
        if queue.failed_task_retry(task_id=pk):
            messages.success(request, _("The task is queued again."))
        return redirect("ops:failed-tasks")


def _check(probe) -> str:
    try:
        probe()
    except Exception as error:  # a health page reports, it never raises
        return f"error: {type(error).__name__}: {error}"[:300]
    return "ok"


def _database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache():
    cache.set("healthz", "ok", 30)
    if cache.get("healthz") != "ok":
        raise ConnectionError("the cache did not keep a value (degraded)")


def _storage():
    """The bucket exists and answers, or MEDIA_ROOT can be written."""
    storage = storages["default"]
    if hasattr(storage, "bucket"):
        storage.connection.meta.client.head_bucket(Bucket=storage.bucket_name)
        return
    os.makedirs(storage.location, exist_ok=True)
    if not os.access(storage.location, os.W_OK):
        raise PermissionError(f"{storage.location} is not writable")


@never_cache
def healthz(request):
    """For the balancer and monitoring: 503 only when this node cannot serve
    (no database); a degraded cache, storage or stalled queue is reported
    with 200 so the balancer keeps the node while staff are told."""
    checks = {
        "database": _check(_database),
        "cache": _check(_cache),
        "storage": _check(_storage),
    }
    try:
        checks["queue"] = queue.depth() if queue.uses_database_queue() else "immediate"
    except DatabaseError as error:
        checks["queue"] = f"error: {error}"[:300]
    if checks["database"] != "ok":
        status = "down"
    elif all(value == "ok" for key, value in checks.items() if key != "queue") and (
        not isinstance(checks["queue"], dict)
        or checks["queue"]["oldest_ready_seconds"] < settings.TASK_STALL_SECONDS
    ):
        status = "ok"
    else:
        status = "degraded"
    return JsonResponse(
        {"status": status, "checks": checks}, status=503 if status == "down" else 200
    )


def media(request, path):
    """Public media straight from MEDIA_ROOT when no object storage is
    configured (a single machine without a proxy): stored names are unique,
    so browsers and a CDN may keep them for a year. Private files live in
    their own storage outside MEDIA_ROOT and are never reachable here."""
    if not settings.MEDIA_URL.startswith("/"):
        raise Http404  # media live on object storage
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation:
        raise Http404 from None
    response["Cache-Control"] = f"public, max-age={MEDIA_MAX_AGE}, immutable"
    return response


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page links to."""
    return redirect(static("ocop/favicon.ico"), permanent=True)


def server_error(request, *args, **kwargs):
    """handler500: when the database is away (restarting, failing over) the
    shopper gets a Vietnamese "back in a moment" page with 503 and
    Retry-After, rendered without touching the database; other errors get
    the usual 500 page."""
    error = sys.exc_info()[1]
    if isinstance(error, DatabaseError):
        log.error("Database unavailable: %s", error)
        body = loader.get_template("ops/503.html").render()
        return HttpResponse(body, status=503, headers={"Retry-After": "10"})
    return django_server_error(request, *args, **kwargs)
