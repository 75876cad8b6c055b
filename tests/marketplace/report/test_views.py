"""/dashboard/report/: staff only, the page and its CSV, bad months."""

import csv
import io
import re

import pytest
from django.urls import reverse
from oscar.test.factories import UserFactory

from tests.sellers.test_isolation import ROLES, login, refused

pytestmark = pytest.mark.django_db
URLS = ["report:index", "report:csv"]


@pytest.fixture
def staff_client(client):
    client.force_login(UserFactory(is_staff=True))
    return client


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", URLS)
def test_only_staff_see_the_report(client, market, role, name):
    """Sellers (own and other), shoppers and anonymous visitors are refused:
    the report shows every seller's sales."""
    login(client, role, market)
    response = client.get(reverse(name))
    if role == "staff":
        assert response.status_code == 200
    else:
        assert refused(response)
        assert "HTX Bưởi Đoan Hùng" not in response.content.decode(errors="replace")


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("report:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_without_superuser_rights_see_it(staff_client, market):
    assert staff_client.get(reverse("report:index")).status_code == 200


def test_the_dashboard_menu_links_it_for_staff_only(market):
    from marketplace.dashboard.menu import get_nodes

    def urls(user):
        nodes = [n for node in get_nodes(user) for n in (node, *node.children)]
        return [node.url for node in nodes if not node.is_heading]

    seller_user = market["cam_my"].partner.users.get()
    assert reverse("report:index") in urls(UserFactory(is_staff=True))
    assert reverse("report:index") not in urls(seller_user)


def test_a_months_page(staff_client, sales):
    response = staff_client.get(reverse("report:index"), {"month": "2026-07"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Báo cáo sàn" in page
    assert "Đơn hàng đặt trong tháng 07/2026." in page
    assert "730.010\xa0₫" in page  # GMV
    assert "40.010\xa0₫" in page  # refunds
    assert "55.000\xa0₫" in page  # commission
    assert "Tỉnh của người bán" in page and "Sơn La" in page
    assert "Chuyển khoản ngân hàng (quét mã VietQR)" in page
    assert "<svg" in page and 'role="img"' in page
    assert "Đang hoạt động" in page
    assert f"{reverse('report:csv')}?month=2026-07" in page
    # Strict CSP: the charts are SVG, no script of our own; Oscar's carry the nonce.
    scripts = re.findall(r"<script[^>]*>", page)
    assert scripts and all(" src=" in tag or "nonce=" in tag for tag in scripts)


def test_the_page_opens_on_this_month_and_an_empty_month_means_every_month(
    staff_client, sales
):
    from django.utils import timezone

    this_month = f"{timezone.localdate():%m/%Y}"
    page = staff_client.get(reverse("report:index")).content.decode()
    assert f"Đơn hàng đặt trong tháng {this_month}." in page
    page = staff_client.get(reverse("report:index"), {"month": ""}).content.decode()
    assert "Đơn hàng của tất cả các tháng." in page
    assert "1.090.030\xa0₫" in page


def test_the_charts_scale_bars_to_the_biggest_row(staff_client, sales):
    page = staff_client.get(
        reverse("report:index"), {"month": "2026-07"}
    ).content.decode()
    # By seller: 450.000 is the peak (50 %), 200.000 is 22 %, 80.010 is 9 %.
    seller = page.split('id="theo-seller"', 1)[1].split("</svg>", 1)[0]
    assert [part.split("%", 1)[0] for part in seller.split('width="')[2:]] == [
        "50",
        "22",
        "9",
    ]


@pytest.mark.parametrize(
    "month", ["07/2026", "2026-13", "abc", "<script>alert(1)</script>", "99999-01"]
)
@pytest.mark.parametrize("name", URLS)
def test_a_bad_month_gets_a_field_message(staff_client, sales, month, name):
    response = staff_client.get(reverse(name), {"month": month})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Nhập tháng theo dạng NNNN-TT, ví dụ 2026-07." in page
    assert "<script>alert" not in page
    assert response["Content-Type"].startswith("text/html")


def test_the_csv_for_excel(staff_client, sales):
    response = staff_client.get(reverse("report:csv"), {"month": "2026-07"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="bao-cao-san-2026-07.csv"' in response["Content-Disposition"]
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == [
        "Phân theo",
        "Nhóm",
        "Đơn hàng",
        "Số lượng",
        "Doanh số GMV (đồng)",
        "Hoàn tiền (đồng)",
        "Phí hoa hồng (đồng)",
    ]
    assert ["Người bán", "HTX Mận Mộc Châu", "1", "1", "80010", "40010", "3000"] in rows
    assert ["Tỉnh của người bán", "Phú Thọ", "3", "4", "650000", "0", "52000"] in rows
    assert [
        "Phương thức thanh toán",
        "Thanh toán bằng thẻ (Visa, Mastercard, JCB)",
        "1",
        "1",
        "150000",
        "0",
        "12000",
    ] in rows
    days = [row[1] for row in rows if row[0] == "Ngày"]
    assert days == ["05/07/2026", "12/07/2026", "15/07/2026", "31/07/2026"]
    assert rows[-1] == ["Tổng cộng", "", "3", "5", "730010", "40010", "55000"]


def test_the_csv_of_every_month(staff_client, sales):
    response = staff_client.get(reverse("report:csv"), {"month": ""})
    assert 'filename="bao-cao-san.csv"' in response["Content-Disposition"]
    rows = list(
        csv.reader(io.StringIO(response.content.decode().removeprefix("\ufeff")))
    )
    assert rows[-1] == ["Tổng cộng", "", "5", "8", "1090030", "40010", "83002"]
