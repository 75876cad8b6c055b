"""The Editors group's rights, and the installs being idempotent."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from oscar.test.factories import UserFactory
from wagtail.models import GroupPagePermission

from marketplace.cms.models import LivestreamPage
from marketplace.cms.services import EDITORS_GROUP, cms_tree_install, livestream_propose
from tests.factories import active_seller, campaign

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(cms_tree):
    user = UserFactory(is_staff=False)
    user.groups.add(Group.objects.get(name=EDITORS_GROUP))
    return user


def test_editors_run_pages_in_the_wagtail_admin(client, editor):
    page = campaign()
    client.force_login(editor)
    assert client.get("/cms/").status_code == 200
    assert client.get(f"/cms/pages/{page.pk}/edit/").status_code == 200
    assert page.permissions_for_user(editor).can_publish()


@pytest.mark.parametrize("url", ["/cms/users/", "/cms/groups/", "/cms/sites/"])
def test_editors_do_not_manage_users_or_settings(client, editor, url):
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code in (302, 403)


def test_editors_stay_out_of_oscars_dashboard(client, editor):
    client.force_login(editor)
    response = client.get("/dashboard/")
    assert response.status_code in (302, 403)


def test_editors_approve_sellers_proposals(client, editor):
    from datetime import timedelta

    from django.utils import timezone

    seller = active_seller(name="HTX Chè Cẩm Mỹ")
    start = timezone.now() + timedelta(days=1)
    page = livestream_propose(
        seller=seller,
        user=seller.partner.users.get(),
        title="Chè",
        platform="zalo",
        stream_url="https://zalo.me/live",
        starts_at=start,
        ends_at=start + timedelta(hours=1),
        streamer_name="Hà Thị Lan",
        streamer_phone="0912345678",
    )
    streamer = page.streamers.get().livestreamer
    streamer.document_number, streamer.verified_at = "025190001234", timezone.now()
    streamer.save()
    task_state = page.current_workflow_state.current_task_state
    client.force_login(editor)
    url = reverse(
        "wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk)
    )
    client.post(url, {"comment": ""})
    assert LivestreamPage.objects.get(pk=page.pk).live


def test_tree_install_runs_twice_without_duplicates(cms_tree):
    again = cms_tree_install()
    assert again["livestreams"].pk == cms_tree["livestreams"].pk
    assert again["campaigns"].pk == cms_tree["campaigns"].pk
    group = Group.objects.get(name=EDITORS_GROUP)
    home = cms_tree["home"]
    assert GroupPagePermission.objects.filter(group=group, page=home).count() == 5
