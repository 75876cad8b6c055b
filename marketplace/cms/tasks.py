"""Content's periodic upkeep, run by the task worker."""

from datetime import timedelta

from django_tasks import task

from marketplace.cms.services import livestream_records_purge
from ops.periodic import periodic


@periodic(every=timedelta(days=1))
@task()
def livestream_records_purge_daily() -> int:
    """Daily: livestream records past their retention period leave the database."""
    return livestream_records_purge()
