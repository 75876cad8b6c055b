"""Sellers' emails, sent by the worker (tasks.py), each once."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from ops.mail import send_once
from sellers.models import SellerProfile
from vietnam.site import absolute_url


def seller_invitation_send(*, profile: SellerProfile, user) -> None:
    """The new seller's link to set a password, on the canonical host."""
    path = reverse(
        "password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    send_once(
        key=f"seller-invitation:{profile.pk}:{user.pk}",
        subject_template="sellers/email/invitation_subject.txt",
        body_template="sellers/email/invitation_body.txt",
        context={"profile": profile, "user": user, "link": absolute_url(path)},
        to=[user.email],
    )


def seller_review_send(*, profile: SellerProfile, review: str) -> None:
    """The outcome of one review (`review` tells reviews apart)."""
    send_once(
        key=f"seller-review:{profile.pk}:{review}",
        subject_template="sellers/email/review_subject.txt",
        body_template="sellers/email/review_body.txt",
        context={"profile": profile},
        to=[profile.email],
    )
