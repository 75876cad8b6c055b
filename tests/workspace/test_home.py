"""The workspace shell: its home at /dashboard/shop/ and the menu the domains fill."""

import re

import pytest
from django.urls import reverse
from oscar.test.factories import UserFactory

from workspace import menu

pytestmark = pytest.mark.django_db


def test_the_home_lists_the_pages_every_domain_registered(client, market):
    client.force_login(market["cam_my"].partner.users.get())
    response = client.get("/dashboard/shop/")
    assert response.status_code == 200
    page = response.content.decode()
    for url_name in (
        "workspace:lines",
        "workspace:profile",
        "trace-workspace:batches",
        "livestream-workspace:list",
        "payments-workspace:list",
    ):
        assert f'href="{reverse(url_name)}"' in page
    assert "Vùng trồng" in page  # registered by traceability, shown in Vietnamese


def test_staff_links_from_the_home_keep_the_chosen_seller(client, market):
    client.force_login(UserFactory(is_staff=True))
    slug = market["cam_my"].slug
    page = client.get(f"/dashboard/shop/?seller={slug}").content.decode()
    assert f'href="{reverse("workspace:lines")}?seller={slug}"' in page


def test_shoppers_and_visitors_are_kept_out_of_the_home(client, market):
    assert "login" in client.get("/dashboard/shop/")["Location"]
    client.force_login(UserFactory())
    assert client.get("/dashboard/shop/").status_code == 403


def test_the_menu_orders_pages_and_a_second_registration_replaces_the_first(
    monkeypatch,
):
    monkeypatch.setattr(menu, "_pages", {})
    menu.register(label="B", url_name="b", order=20)
    menu.register(label="A", url_name="a", order=10)
    menu.register(label="B again", url_name="b", order=5)
    assert [(p.label, p.url_name) for p in menu.pages()] == [
        ("B again", "b"),
        ("A", "a"),
    ]
    children = menu.dashboard_node()["children"]
    assert [child["url_name"] for child in children] == ["b", "a"]


def task_button(page: str, url: str) -> tuple[int, str] | None:
    """(count, label) of the home's task button leading to url."""
    found = re.search(
        rf'<a class="task[^"]*" href="{re.escape(url)}">\s*'
        r'<strong class="task__count">(\d+)</strong>\s*([^<]*?)\s*</a>',
        page,
    )
    return (int(found.group(1)), found.group(2)) if found else None


def test_a_task_another_domain_registers_shows_on_the_home(client, market, monkeypatch):
    """The shell imports no domain above it: a domain hands it a counter, which
    gets the acting seller (None for staff without ?seller=)."""
    monkeypatch.setattr(menu, "_task_sources", {})
    asked = []

    def count(seller):
        asked.append(seller)
        return 7

    menu.register_task(
        "recalls", label="lô cần thu hồi", url_name="workspace:stock", count=count
    )
    client.force_login(market["cam_my"].partner.users.get())
    page = client.get("/dashboard/shop/").content.decode()
    assert asked == [market["cam_my"]]
    assert task_button(page, reverse("workspace:stock")) == (7, "lô cần thu hồi")
    client.force_login(UserFactory(is_staff=True))
    client.get("/dashboard/shop/")
    assert asked[-1] is None
