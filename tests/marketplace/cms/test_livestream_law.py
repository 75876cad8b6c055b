"""The E-commerce Law's livestream duties (Law 122/2025/QH15, Art. 23-24):
verified streamers before publication, published rules, viewers' complaints,
quality documents and warnings for featured products, records kept as CSV,
the seller's identity on its pages."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from oscar.test.factories import UserFactory
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from marketplace.cms import services
from marketplace.cms.models import (
    ComplaintStatus,
    LivestreamComplaint,
    Livestreamer,
    LivestreamNotPublishable,
    LivestreamPage,
    LivestreamProduct,
)
from tests.factories import (
    active_seller,
    certify,
    livestream,
    livestreamer,
    seller_product,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cam_my(cms_tree):
    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    tea = seller_product(seller, title="Chè móc câu Cẩm Mỹ", price=180000)
    return {"seller": seller, "tea": tea, "tree": cms_tree}


@pytest.fixture
def staff(client):
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return user


def uncertified(seller, title="Mật ong rừng"):
    """A product with neither an OCOP certificate nor another certificate."""
    return seller_product(seller, title=title, stars=None)


def page_form(cam_my, *, streamer, products=(), **extra):
    return nested_form_data(
        {
            "title": "Chè Cẩm Mỹ trực tiếp",
            "slug": "che-cam-my-truc-tiep",
            "host": cam_my["seller"].pk,
            "platform": "tiktok",
            "stream_url": "https://www.tiktok.com/@chocammy/live",
            "starts_at": "2026-12-20 20:00",
            "ends_at": "2026-12-20 21:00",
            "featured_products": inline_formset(
                [{"product": product.pk} for product in products]
            ),
            "streamers": inline_formset([{"livestreamer": streamer.pk}]),
            "vouchers": inline_formset([]),
            **extra,
        }
    )


# Streamer identity -----------------------------------------------------------


def test_an_unverified_streamer_blocks_publishing_with_the_reason(
    client, staff, cam_my
):
    hoa = livestreamer(verified=False)
    url = f"/cms/pages/add/cms/livestreampage/{cam_my['tree']['livestreams'].pk}/"
    response = client.post(
        url, page_form(cam_my, streamer=hoa, **{"action-publish": "publish"})
    )
    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert any("Nguyễn Thị Hoa" in error and "xác thực" in error for error in errors)
    assert not LivestreamPage.objects.filter(live=True).exists()

    # A draft may still be saved, to be published once staff verify Hoa.
    response = client.post(url, page_form(cam_my, streamer=hoa))
    assert response.status_code == 302
    page = LivestreamPage.objects.get()
    assert not page.live


def test_no_path_around_the_check(cam_my):
    page = livestream(
        host=cam_my["seller"],
        streamer=livestreamer(verified=False),
        publish=False,
    )
    with pytest.raises(LivestreamNotPublishable, match="xác thực"):
        page.save_revision().publish()
    assert not LivestreamPage.objects.get(pk=page.pk).live
    assert issubclass(LivestreamNotPublishable, PermissionDenied)


def test_a_verified_streamer_publishes_and_the_prices_are_recorded(cam_my):
    page = livestream(host=cam_my["seller"], products=[cam_my["tea"]])
    assert LivestreamPage.objects.get(pk=page.pk).live
    item = LivestreamProduct.objects.get(page=page)
    assert item.price_shown == 180000


def test_staff_verify_in_the_admin_and_every_change_is_kept(client, staff):
    add = reverse("wagtailsnippets_cms_livestreamer:add")
    response = client.post(
        add,
        {
            "full_name": "Hà Thị Lan",
            "phone": "0912 345 678",
            "document_kind": "citizen_id",
            "document_number": "",
            "verified": "on",
        },
    )
    assert response.status_code == 200
    assert "document_number" in response.context["form"].errors

    response = client.post(
        add,
        {
            "full_name": "Hà Thị Lan",
            "phone": "0912345678",
            "document_kind": "citizen_id",
            "document_number": "025190001234",
            "verified": "on",
        },
    )
    assert response.status_code == 302
    lan = Livestreamer.objects.get()
    assert lan.is_verified and lan.verified_by == staff

    edit = reverse("wagtailsnippets_cms_livestreamer:edit", args=[lan.pk])
    client.post(
        edit,
        {
            "full_name": "Hà Thị Lan",
            "phone": "0912345678",
            "document_kind": "citizen_id",
            "document_number": "025190009999",
            "verified": "",
        },
    )
    lan.refresh_from_db()
    assert not lan.is_verified
    revisions = [r.content["document_number"] for r in lan.revisions.order_by("pk")]
    assert revisions == ["025190001234", "025190009999"]


def test_identity_is_for_staff_only(client, cam_my):
    """Editors run pages but do not see identity documents; sellers see nothing."""
    from django.contrib.auth.models import Group

    editor = UserFactory(is_staff=False)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    response = client.get(reverse("wagtailsnippets_cms_livestreamer:list"))
    assert response.status_code in (302, 403)
    assert "025190001234" not in response.content.decode()


def test_the_seller_names_its_streamer_and_staff_verify_before_publication(cam_my):
    user = cam_my["seller"].partner.users.get()
    page = services.livestream_propose(
        seller=cam_my["seller"],
        user=user,
        title="Pha trà cùng nghệ nhân",
        platform="tiktok",
        stream_url="https://www.tiktok.com/@chocammy/live",
        starts_at=timezone.now() + timedelta(days=1),
        ends_at=timezone.now() + timedelta(days=1, hours=1),
        products=[cam_my["tea"]],
        streamer_name="Hà Thị Lan",
        streamer_phone="0912345678",
    )
    streamer = page.streamers.get().livestreamer
    assert not streamer.is_verified
    with pytest.raises(LivestreamNotPublishable):
        page.get_latest_revision().publish()
    # What staff do in the admin (tested above): the document, then "verified".
    streamer.verified_at = timezone.now()
    streamer.document_number = "025190001234"
    streamer.save()
    page.get_latest_revision().publish()
    assert LivestreamPage.objects.get(pk=page.pk).live


# Featured products: quality documents and warnings ----------------------------


def test_a_product_without_quality_documents_cannot_be_featured(client, staff, cam_my):
    honey = uncertified(cam_my["seller"])
    url = f"/cms/pages/add/cms/livestreampage/{cam_my['tree']['livestreams'].pk}/"
    response = client.post(
        url,
        page_form(
            cam_my,
            streamer=livestreamer(),
            products=[honey],
            **{"action-publish": "publish"},
        ),
    )
    assert response.status_code == 200
    assert not LivestreamPage.objects.filter(live=True).exists()
    with pytest.raises(ValidationError):
        LivestreamProduct(product=honey).clean()
    certify(honey)
    LivestreamProduct(product=honey).clean()


def test_the_seller_cannot_propose_an_uncertified_product(cam_my):
    honey = uncertified(cam_my["seller"])
    with pytest.raises(ValidationError):
        services.livestream_propose(
            seller=cam_my["seller"],
            user=cam_my["seller"].partner.users.get(),
            title="Mật ong",
            platform="tiktok",
            stream_url="https://www.tiktok.com/@chocammy/live",
            starts_at=timezone.now() + timedelta(days=1),
            ends_at=timezone.now() + timedelta(days=1, hours=1),
            products=[honey],
            streamer_name="Hà Thị Lan",
            streamer_phone="0912345678",
        )


def test_warning_beside_the_product_and_lapsed_documents_drop_it(client, cam_my):
    honey = uncertified(cam_my["seller"])
    certification = certify(honey)
    page = livestream(
        host=cam_my["seller"],
        starts_in=timedelta(minutes=-10),
        products=[cam_my["tea"], honey],
    )
    LivestreamProduct.objects.filter(page=page, product=honey).update(
        warning="Không dùng cho trẻ dưới 1 tuổi."
    )
    body = client.get(page.url).content.decode()
    assert "Không dùng cho trẻ dưới 1 tuổi." in body
    assert body.index("Mật ong rừng") < body.index("Không dùng cho trẻ dưới 1 tuổi.")

    certification.valid_until = timezone.localdate() - timedelta(days=1)
    certification.valid_from = certification.valid_until - timedelta(days=300)
    certification.save()
    body = client.get(page.url).content.decode()
    assert "Mật ong rừng" not in body
    assert "Chè móc câu Cẩm Mỹ" in body


# Rules page and seller identity ----------------------------------------------


def test_every_livestream_page_links_the_rules_and_names_the_seller(client, cam_my):
    page = livestream(host=cam_my["seller"], products=[cam_my["tea"]])
    body = client.get(page.url).content.decode()
    rules = cam_my["tree"]["rules"]
    assert rules.title == "Quy chế livestream bán hàng"
    assert f'href="{rules.url}"' in body
    seller = cam_my["seller"]
    for fact in (seller.legal_name, seller.tax_code, seller.address_label):
        assert fact in body
    assert "Nguyễn Thị Hoa" in body  # the streamer, by name only
    assert "025190001234" not in body

    rules_body = client.get(rules.url).content.decode()
    assert "Người livestream" in rules_body

    storefront = client.get(seller.get_absolute_url()).content.decode()
    for fact in (seller.legal_name, seller.tax_code):
        assert fact in storefront


# Complaints -------------------------------------------------------------------


def complaint_url(page):
    return reverse("cms:complaint-create", kwargs={"pk": page.pk})


def test_a_viewer_complains_without_an_account_or_a_phone(client, cam_my):
    page = livestream(host=cam_my["seller"], starts_in=timedelta(minutes=-10))
    body = client.get(page.url).content.decode()
    assert "Phản ánh / khiếu nại" in body
    assert f'action="{complaint_url(page)}"' in body

    response = client.post(complaint_url(page), {"message": "Nói sai xuất xứ chè."})
    assert response.status_code == 302
    complaint = LivestreamComplaint.objects.get()
    assert complaint.livestream == page and complaint.phone == ""
    assert complaint.status == ComplaintStatus.NEW
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize(
    "data, field",
    [
        ({"message": "x" * 10_240}, "message"),
        ({"message": ""}, "message"),
        ({"message": "Sai giá", "phone": "12345"}, "phone"),
    ],
)
def test_bad_complaints_get_a_field_message(client, cam_my, data, field):
    page = livestream(host=cam_my["seller"], starts_in=timedelta(minutes=-10))
    response = client.post(complaint_url(page), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not LivestreamComplaint.objects.exists()


def test_html_in_a_complaint_is_kept_as_text_and_shown_escaped(client, cam_my):
    page = livestream(host=cam_my["seller"], starts_in=timedelta(minutes=-10))
    message = '<script>alert("x")</script><b>Giá sai</b>'
    client.post(complaint_url(page), {"message": message, "phone": "+84 912 345 678"})
    complaint = LivestreamComplaint.objects.get()
    assert complaint.message == message and complaint.phone == "0912345678"
    client.force_login(cam_my["seller"].partner.users.get())
    body = client.get(reverse("livestream-workspace:complaints")).content.decode()
    assert "&lt;script&gt;" in body and "<script>alert" not in body


def test_no_complaint_about_an_unpublished_or_unknown_livestream(client, cam_my):
    draft = livestream(host=cam_my["seller"], publish=False)
    assert client.post(complaint_url(draft), {"message": "x"}).status_code == 404
    missing = reverse("cms:complaint-create", kwargs={"pk": 999999})
    assert client.post(missing, {"message": "x"}).status_code == 404


def test_staff_handle_then_resolve_with_a_reply_and_never_go_back(
    client, staff, cam_my
):
    page = livestream(host=cam_my["seller"], starts_in=timedelta(minutes=-10))
    complaint = services.complaint_file(livestream=page, message="Nói sai giá")
    listing = client.get(reverse("wagtailsnippets_cms_livestreamcomplaint:list"))
    assert "Nói sai giá" in listing.content.decode() or page.title in (
        listing.content.decode()
    )
    edit = reverse("wagtailsnippets_cms_livestreamcomplaint:edit", args=[complaint.pk])

    response = client.post(edit, {"status": "resolved", "reply": ""})
    assert response.status_code == 200 and "reply" in response.context["form"].errors
    response = client.post(edit, {"status": "handling", "reply": ""})
    assert response.status_code == 302
    response = client.post(
        edit, {"status": "resolved", "reply": "Đã nhắc người bán sửa giá."}
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED
    assert complaint.handled_by == staff and complaint.resolved_at is not None
    response = client.post(edit, {"status": "new", "reply": "x"})
    assert response.status_code == 200
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RESOLVED


# Records ----------------------------------------------------------------------


def test_records_export_as_csv_for_staff(client, staff, cam_my):
    page = livestream(host=cam_my["seller"], products=[cam_my["tea"]])
    services.complaint_file(livestream=page, message="Hình ảnh không đúng")
    response = client.get(reverse("cms_livestream_records"))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    kinds = {row[7]: row for row in rows[1:]}
    assert set(kinds) == {"streamer", "product", "complaint"}
    assert kinds["product"][8] == "Chè móc câu Cẩm Mỹ"
    assert kinds["product"][10] == "180000"
    assert kinds["streamer"][11] == "verified"
    assert kinds["complaint"][9] == "Hình ảnh không đúng"
    assert rows[1][3] == cam_my["seller"].tax_code


def test_records_are_staff_only(client, cam_my):
    client.force_login(cam_my["seller"].partner.users.get())
    response = client.get(reverse("cms_livestream_records"))
    assert response.status_code in (302, 403)


def test_records_are_purged_after_the_retention_period(settings, cam_my):
    settings.LIVESTREAM_RECORDS_RETENTION_DAYS = 30
    old = livestream(host=cam_my["seller"], starts_in=timedelta(days=-40))
    recent = livestream(
        host=cam_my["seller"], title="Gần đây", starts_in=timedelta(days=-3)
    )
    services.complaint_file(livestream=old, message="cũ")
    services.complaint_file(livestream=recent, message="mới")
    assert services.livestream_records_purge() == 1
    assert [c.message for c in LivestreamComplaint.objects.all()] == ["mới"]
    assert Page.objects.filter(pk=old.pk).exists()
