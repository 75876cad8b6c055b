"""Livestream proposals waiting for an editor, among the workspace home's tasks:
registered by the CMS with the workspace shell (which may not import it)."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from oscar.test.factories import UserFactory

from marketplace.cms.selectors import proposals_waiting_count
from marketplace.cms.services import EDITORS_GROUP, livestream_propose
from tests.workspace.test_home import task_button
from workspace import menu

pytestmark = pytest.mark.django_db


def propose(seller, title="Chè xanh buổi sáng", **streamer):
    start = timezone.now() + timedelta(days=2)
    return livestream_propose(
        **streamer,
        seller=seller,
        user=seller.partner.users.get(),
        title=title,
        platform="zalo",
        stream_url="https://zalo.me/live",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
    )


def waiting_on_home(client, user, query="") -> tuple[int, str] | None:
    """(count, label) of the home's "livestream proposals" task button."""
    client.force_login(user)
    page = client.get(f"/dashboard/shop/{query}").content.decode()
    return task_button(page, reverse("livestream-workspace:list"))


def test_the_cms_registers_its_task_with_the_workspace():
    source = menu.task_sources()["livestream_proposals"]
    assert source.url_name == "livestream-workspace:list"


def test_the_home_counts_a_sellers_own_proposals_waiting(client, cms_tree, market):
    cam_my, doan_hung = market["cam_my"], market["doan_hung"]
    first = propose(cam_my, streamer_name="Hà Thị Lan", streamer_phone="0912345678")
    propose(cam_my, title="Chè móc câu")
    propose(doan_hung, title="Bưởi")
    assert proposals_waiting_count(seller=cam_my) == 2
    assert proposals_waiting_count(seller=doan_hung) == 1
    assert proposals_waiting_count(seller=None) == 3

    waiting = "đề xuất livestream chờ duyệt"
    assert waiting_on_home(client, cam_my.partner.users.get()) == (2, waiting)
    assert waiting_on_home(client, doan_hung.partner.users.get()) == (1, waiting)
    staff = UserFactory(is_staff=True)
    assert waiting_on_home(client, staff) == (3, waiting)
    assert waiting_on_home(client, staff, f"?seller={cam_my.slug}") == (2, waiting)

    # An editor approves one (its streamer verified, as the law asks): it no
    # longer waits.
    streamer = first.streamers.get().livestreamer
    streamer.document_number, streamer.verified_at = "025190001234", timezone.now()
    streamer.save()
    editor = UserFactory()
    editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
    client.force_login(editor)
    task_state = first.current_workflow_state.current_task_state
    client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=(first.pk, "approve", task_state.pk),
        ),
        {"comment": ""},
    )
    assert proposals_waiting_count(seller=cam_my) == 1
