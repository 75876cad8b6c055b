"""Page types with Wagtail's page test case: where each may live, creation
through the admin (with its field messages), and rendering."""

from datetime import UTC, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from oscar.test.factories import UserFactory
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from marketplace.cms.models import (
    CampaignIndexPage,
    CampaignPage,
    HomePage,
    LivestreamIndexPage,
    LivestreamPage,
    LivestreamRulesPage,
    PolicyPage,
)
from marketplace.cms.services import cms_tree_install
from tests.factories import (
    active_seller,
    campaign,
    livestream,
    livestreamer,
    seller_product,
)


def list_block(values):
    """ListBlock form data (Wagtail's helpers cover StreamField and inlines only)."""
    data = {
        str(n): {"value": value, "deleted": "", "order": str(n)}
        for n, value in enumerate(values)
    }
    data["count"] = str(len(values))
    return data


class PageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tree = cms_tree_install()
        cls.seller = active_seller(name="HTX Chè Cẩm Mỹ")
        cls.tea = seller_product(cls.seller, title="Chè xanh Cẩm Mỹ", price=150000)

    def setUp(self):
        self.client.force_login(UserFactory(is_staff=True, is_superuser=True))

    def test_allowed_parents(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})
        self.assertAllowedParentPageTypes(CampaignIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(CampaignPage, {CampaignIndexPage})
        self.assertAllowedParentPageTypes(LivestreamIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(LivestreamPage, {LivestreamIndexPage})

    def test_allowed_children(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {CampaignIndexPage, LivestreamIndexPage, LivestreamRulesPage, PolicyPage},
        )
        self.assertAllowedSubpageTypes(CampaignIndexPage, {CampaignPage})
        self.assertAllowedSubpageTypes(LivestreamIndexPage, {LivestreamPage})
        self.assertAllowedSubpageTypes(CampaignPage, set())
        self.assertAllowedSubpageTypes(LivestreamPage, set())
        self.assertAllowedSubpageTypes(PolicyPage, set())

    def test_no_campaign_or_livestream_outside_its_index(self):
        self.assertCanNotCreateAt(HomePage, CampaignPage)
        self.assertCanNotCreateAt(HomePage, LivestreamPage)
        self.assertCanNotCreateAt(CampaignIndexPage, LivestreamPage)
        # One index of each kind: the tree already has them.
        home = self.tree["home"]
        assert not CampaignIndexPage.can_create_at(home)
        assert not LivestreamIndexPage.can_create_at(home)

    def test_an_editor_creates_a_campaign_in_the_admin(self):
        today = timezone.localdate()
        data = nested_form_data(
            {
                "title": "Chợ phiên OCOP – Về miền Đất Tổ",
                "slug": "cho-phien-ocop",
                "starts_on": today.isoformat(),
                "ends_on": (today + timedelta(days=7)).isoformat(),
                "intro": "Đặc sản Phú Thọ",
                "body": streamfield(
                    [
                        ("rich_text", rich_text("<p>Chào mừng</p>")),
                        (
                            "product_grid",
                            {"heading": "Chè", "products": list_block([self.tea.pk])},
                        ),
                        (
                            "faq",
                            {
                                "heading": "",
                                "items": list_block(
                                    [{"question": "Giao hàng?", "answer": "Toàn quốc"}]
                                ),
                            },
                        ),
                    ]
                ),
            }
        )
        self.assertCanCreate(self.tree["campaigns"], CampaignPage, data)

    def test_an_editor_creates_a_livestream_in_the_admin(self):
        data = nested_form_data(
            {
                "title": "Livestream chè Cẩm Mỹ",
                "slug": "livestream-che",
                "host": self.seller.pk,
                "platform": "tiktok",
                "stream_url": "https://www.tiktok.com/@chocammy/live",
                "starts_at": "2026-12-01 20:00",
                "ends_at": "2026-12-01 21:30",
                "replay_url": "",
                "summary": "Pha trà",
                "featured_products": inline_formset([{"product": self.tea.pk}]),
                "streamers": inline_formset([{"livestreamer": livestreamer().pk}]),
                "vouchers": inline_formset([]),
            }
        )
        self.assertCanCreate(self.tree["livestreams"], LivestreamPage, data)
        page = LivestreamPage.objects.get(slug="livestream-che")
        # Entered in Vietnam time: 20:00 +07:00 is 13:00 UTC.
        self.assertEqual(page.starts_at.astimezone(UTC).hour, 13)
        self.assertEqual(
            [item.product for item in page.featured_products.all()], [self.tea]
        )

    def test_bad_livestream_input_gets_field_messages(self):
        url = f"/cms/pages/add/cms/livestreampage/{self.tree['livestreams'].pk}/"
        data = nested_form_data(
            {
                "title": "Sai giờ",
                "slug": "sai-gio",
                "host": self.seller.pk,
                "platform": "facebook",
                "stream_url": "ftp://example.com/live",
                "starts_at": "2026-12-01 20:00",
                "ends_at": "2026-12-01 19:00",
                "featured_products": inline_formset([]),
                "streamers": inline_formset([]),
                "vouchers": inline_formset([]),
            }
        )
        response = self.client.post(url, data)
        self.assertEqual(response.status_code, 200)
        errors = response.context["form"].errors
        assert errors["stream_url"]
        assert errors["ends_at"] == ["Phiên livestream phải kết thúc sau khi bắt đầu."]
        self.assertFalse(LivestreamPage.objects.filter(slug="sai-gio").exists())

    def test_every_page_type_renders(self):
        page = campaign()
        stream = livestream(host=self.seller, products=[self.tea])
        for each in (
            self.tree["home"],
            self.tree["campaigns"],
            page,
            self.tree["livestreams"],
            stream,
        ):
            self.assertPageIsRenderable(each)


pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url", ["ftp://example.com/live", "javascript:alert(1)", "tiktok.com/@htx"]
)
def test_only_web_addresses_are_accepted(url):
    page = LivestreamPage(stream_url=url, replay_url=url)
    with pytest.raises(ValidationError) as error:
        page.clean_fields(exclude=["path", "depth", "title", "slug"])
    messages = error.value.message_dict
    assert messages["stream_url"][-1] in (
        "Nhập địa chỉ web bắt đầu bằng http:// hoặc https://.",
        "Nhập một URL hợp lệ.",
    )
    assert "replay_url" in messages


class IndexCreationTests(WagtailPageTestCase):
    """On a bare home page, editors create both indexes through the admin, and
    fill the home page's choices there."""

    @classmethod
    def setUpTestData(cls):
        from marketplace.cms.services import home_page_install

        cls.home = home_page_install()
        cls.seller = active_seller(name="HTX Chè Cẩm Mỹ")
        cls.tea = seller_product(cls.seller, title="Chè xanh Cẩm Mỹ")

    def setUp(self):
        self.client.force_login(UserFactory(is_staff=True, is_superuser=True))

    def test_indexes_are_created_through_the_admin(self):
        for model, slug in (
            (CampaignIndexPage, "chuong-trinh"),
            (LivestreamIndexPage, "livestream"),
        ):
            data = nested_form_data(
                {"title": slug, "slug": slug, "intro": rich_text("<p>Chào</p>")}
            )
            self.assertCanCreate(self.home, model, data)

    def test_the_home_page_choices_are_edited_through_the_admin(self):
        data = nested_form_data(
            {
                "title": "Trang chủ",
                "slug": "home",
                "hero_title": "Đặc sản Phú Thọ",
                "hero_text": rich_text("<p>Từ vườn</p>"),
                "featured_products": inline_formset([{"product": self.tea.pk}]),
                "featured_sellers": inline_formset([{"seller": self.seller.pk}]),
                "action-publish": "publish",
            }
        )
        response = self.client.post(f"/cms/pages/{self.home.pk}/edit/", data)
        self.assertEqual(response.status_code, 302)
        home = HomePage.objects.get()
        self.assertEqual([i.product for i in home.featured_products.all()], [self.tea])
        self.assertEqual([i.seller for i in home.featured_sellers.all()], [self.seller])
        html = self.client.get("/").content.decode()
        self.assertIn("Chè xanh Cẩm Mỹ", html)
        self.assertIn(self.seller.get_absolute_url(), html)
