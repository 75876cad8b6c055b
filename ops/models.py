"""What the queue needs beyond django-tasks-db's own table."""

from django.db import models


class SentMail(models.Model):
    """One row per email that left, keyed by what it is about ("recall:12:a@b"):
    a retried or duplicated task finds the row and sends nothing."""

    key = models.CharField(max_length=255, unique=True)
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


class PeriodicJob(models.Model):
    """When a registered periodic job is next due; whoever moves `due_at`
    forward first enqueues it, so several schedulers never run it twice."""

    name = models.CharField(max_length=200, primary_key=True)
    due_at = models.DateTimeField()

    def __str__(self):
        return self.name
