"""Mail from tasks, sent at most once per key."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

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
    with transaction.atomic():
        _row, created = SentMail.objects.get_or_create(key=key[:255])
        if not created:
            log.info("Mail %s was already sent; not sending it again", key)
            return False
        with translation.override(settings.LANGUAGE_CODE):
            subject = render_to_string(subject_template, context)
            body = render_to_string(body_template, context)
        message = EmailMessage(
            subject=" ".join(subject.split()),
            body=body,
            to=to,
            headers={"Message-ID": message_id(key)},
        )
        message.send()
    return True


def message_id(key: str) -> str:
    """The same key, the same Message-ID, on the site's canonical host."""
    local = "".join(c if c.isalnum() else "." for c in key)[:200]
    return f"<{local}@{urlsplit(settings.SITE_URL).hostname or 'localhost'}>"
