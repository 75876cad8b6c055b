"""Mail from tasks, sent at most once per key; mail sent anywhere else is
queued for the worker (QueuedBackend)."""

import base64
import logging
from datetime import timedelta
from functools import partial
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import make_msgid
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django_tasks import task

from ops.models import SentMail

log = logging.getLogger(__name__)


def send_once(
    *, key: str, subject_template: str, body_template: str, context: dict, to: list
) -> bool:
    """Render in the site's language (a worker has no visitor's) and send,
    unless a mail with this key already left; False when it had.

    The key's row and the SMTP hand-over share one transaction: a failed send
    leaves no row (the retry sends), a sent mail leaves one (a retry or a twin
    task finds it, blocking on the unique index until the first commits). Only
    a crash between the SMTP server's "250 OK" and the commit can repeat a mail;
    the Message-ID is derived from the key so a receiving server can drop it."""
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(subject_template, context)
        body = render_to_string(body_template, context)
    message = EmailMessage(
        subject=" ".join(subject.split()),
        body=body,
        to=to,
        headers={"Message-ID": message_id(key)},
        connection=delivery_connection(),
    )
    return _send_keyed(key=key, message=message)


def _send_keyed(*, key: str, message: EmailMessage) -> bool:
    with transaction.atomic():
        _row, created = SentMail.objects.get_or_create(key=key[:255])
        if not created:
            log.info("Mail %s was already sent; not sending it again", key)
            return False
        message.send()
    return True


def message_id(key: str) -> str:
    """The same key, the same Message-ID, on the site's canonical host."""
    local = "".join(c if c.isalnum() else "." for c in key)[:200]
    return f"<{local}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}>"


def sent_prune(*, now=None) -> int:
    """Keys older than SENT_MAIL_KEEP_DAYS go: by then every retry of the
    task that sent the mail has long run out (TASK_MAX_ATTEMPTS with backoff)."""
    before = (now or timezone.now()) - timedelta(days=settings.SENT_MAIL_KEEP_DAYS)
    deleted, _by_model = SentMail.objects.filter(sent_at__lt=before).delete()
    return deleted


def delivery_connection():
    """The backend that really sends (SMTP in production); only tasks use it."""
    return get_connection(settings.EMAIL_DELIVERY_BACKEND)


class QueuedBackend(BaseEmailBackend):
    """EMAIL_BACKEND of the web nodes: a mail sent during a request by code
    that is not ours (Django's password reset, Oscar's and Wagtail's notices)
    becomes a task once the request's transaction commits, so a slow or dead
    SMTP server never holds a shopper's page. The worker delivers it once."""

    def send_messages(self, email_messages) -> int:
        for message in email_messages:
            transaction.on_commit(
                partial(mail_deliver.enqueue, message=message_to_dict(message))
            )
        return len(email_messages)


def message_to_dict(message: EmailMessage) -> dict:
    """A mail as the task's JSON argument; its Message-ID is fixed here so
    the worker can tell a retry from a new mail."""
    headers = dict(message.extra_headers)
    headers.setdefault(
        "Message-ID", make_msgid(domain=urlsplit(settings.SITE_URL).hostname)
    )
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": headers,
        "alternatives": [
            [content, mimetype]
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [
            [name, base64.b64encode(force_bytes(content)).decode(), mimetype]
            for name, content, mimetype in message.attachments
        ],
    }


@task()
def mail_deliver(*, message: dict) -> bool:
    """Send a queued mail unless its Message-ID already left (the same
    guarantee as `send_once`)."""
    email = EmailMultiAlternatives(
        subject=message["subject"],
        body=message["body"],
        from_email=message["from_email"],
        to=message["to"],
        cc=message["cc"],
        bcc=message["bcc"],
        reply_to=message["reply_to"],
        headers=message["headers"],
        alternatives=[tuple(pair) for pair in message["alternatives"]],
        connection=delivery_connection(),
    )
    for name, content, mimetype in message["attachments"]:
        email.attach(name, base64.b64decode(content), mimetype)
    return _send_keyed(key=f"mail:{message['headers']['Message-ID']}", message=email)
