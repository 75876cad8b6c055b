"""Shoppers who still write the address from before July 2025."""

import pytest
from oscar.core.loading import get_model

from tests.factories import PHU_THO, active_seller, seller_product
from vietnam import places

pytestmark = pytest.mark.django_db
Order = get_model("order", "Order")
UserAddress = get_model("address", "UserAddress")
Country = get_model("address", "Country")

CU_DONG = places.ward_code(province_code=PHU_THO, name="Xã Cự Đồng")
NAT_SON = places.ward_code(province_code=PHU_THO, name="Xã Nật Sơn")
OLD_TAT_THANG = "Xóm Cẩm Mỹ, xã Tất Thắng, huyện Thanh Sơn, tỉnh Phú Thọ"


@pytest.fixture
def tea(in_basket):
    seller = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    product = seller_product(seller, title="Chè xanh Cẩm Mỹ", price=150000)
    in_basket(product)
    return product


def shopper(**fields):
    data = {
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912345678",
        "street": "Xóm Cẩm Mỹ",
        "payment_method": "cod",
        "place_order": "1",
        **fields,
    }
    return {key: value for key, value in data.items() if value is not None}


def text(response) -> str:
    return response.content.decode()


def test_an_old_address_is_suggested_then_the_order_stores_the_2025_unit(client, tea):
    first = client.post("/checkout/", shopper(old_address=OLD_TAT_THANG))
    assert first.status_code == 200
    assert not Order.objects.exists()  # nothing is ordered on a guess
    form = first.context["form"]
    assert form["province"].value() == str(PHU_THO)
    assert form["ward"].value() == str(CU_DONG)
    assert "nay là Xã Cự Đồng, Phú Thọ" in form.errors["old_address"][0]
    assert "Xã Cự Đồng, Phú Thọ" in text(first)

    # The shopper checks the filled-in fields and sends the form again.
    again = client.post(
        "/checkout/",
        shopper(
            snapshot=first.context["snapshot"],
            old_address=OLD_TAT_THANG,
            province=form["province"].value(),
            ward=form["ward"].value(),
        ),
    )
    assert again.status_code == 302, again.context["form"].errors
    address = Order.objects.get().shipping_address
    assert (address.line4, address.state) == ("Xã Cự Đồng", "Phú Thọ")
    assert address.line1 == "Xóm Cẩm Mỹ"
    assert address.notes == f"Địa chỉ cũ: {OLD_TAT_THANG}"


def test_an_old_address_in_the_street_line_is_found_and_split(client, tea):
    response = client.post(
        "/checkout/",
        shopper(street="Xóm Đồi, Xã Xuân Thủy, Huyện Kim Bôi, Tỉnh Hòa Bình"),
    )
    form = response.context["form"]
    assert form["ward"].value() == str(NAT_SON)
    assert form["street"].value() == "Xóm Đồi"
    assert (
        "Xã Xuân Thủy, Huyện Kim Bôi, Tỉnh Hòa Bình nay là Xã Nật Sơn"
        in (form.errors["old_address"][0])
    )
    assert not Order.objects.exists()


def test_without_javascript_the_find_button_fills_in_the_2025_unit(client, tea):
    response = client.post(
        "/checkout/",
        {"old_address": "Liên Bảo, Vĩnh Yên, Vĩnh Phúc", "find_new_unit": "1"},
    )
    form = response.context["form"]
    assert not form.errors  # nothing typed yet is flagged
    vinh_phuc = places.ward_code(province_code=PHU_THO, name="Phường Vĩnh Phúc")
    assert form["ward"].value() == str(vinh_phuc)
    assert "nay là Phường Vĩnh Phúc, Phú Thọ" in text(response)
    # The province's communes are listed, the suggested one selected.
    assert f'<option value="{vinh_phuc}" selected>' in text(response)


def test_an_old_district_alone_fills_the_province_and_leaves_the_commune_to_pick(
    client, tea
):
    response = client.post("/checkout/", shopper(old_address="Tam Đảo, Vĩnh Phúc"))
    form = response.context["form"]
    assert form["province"].value() == str(PHU_THO)
    assert not form["ward"].value()
    assert (
        "nay thuộc Phú Thọ, nhưng chúng tôi chưa xác định được xã"
        in (form.errors["old_address"][0])
    )
    # The province's communes are there to pick from.
    assert len(form.fields["ward"].choices) == len(places.ward_choices(PHU_THO)) + 1
    assert not Order.objects.exists()


def test_a_commune_the_shopper_picked_is_not_overridden(client, tea):
    van_mieu = places.ward_code(province_code=PHU_THO, name="Xã Văn Miếu")
    page = client.post("/checkout/", {"province": PHU_THO, "choose_province": "1"})
    response = client.post(
        "/checkout/",
        shopper(
            snapshot=page.context["snapshot"],
            old_address=OLD_TAT_THANG,
            province=PHU_THO,
            ward=van_mieu,
        ),
    )
    assert response.status_code == 302
    assert Order.objects.get().shipping_address.line4 == "Xã Văn Miếu"


def test_an_address_nobody_can_map_is_kept_as_typed_and_the_commune_left_to_pick(
    client, tea
):
    typed = "Xóm Bến Đò, xã Không Có, huyện Chưa Từng Có"
    response = client.post("/checkout/", shopper(old_address=typed))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["old_address"].value() == typed
    assert form["street"].value() == "Xóm Cẩm Mỹ"
    assert "giữ nguyên như bạn đã gõ" in form.errors["old_address"][0]
    assert form.errors["ward"]
    assert not Order.objects.exists()

    # The shopper picks the commune: the order keeps what was typed, beside it.
    page = client.post("/checkout/", {"province": PHU_THO, "choose_province": "1"})
    placed = client.post(
        "/checkout/",
        shopper(
            snapshot=page.context["snapshot"],
            old_address=typed,
            province=PHU_THO,
            ward=CU_DONG,
        ),
    )
    assert placed.status_code == 302
    address = Order.objects.get().shipping_address
    assert address.line4 == "Xã Cự Đồng" and address.notes == f"Địa chỉ cũ: {typed}"


@pytest.mark.parametrize(
    "garbage",
    [
        "<script>alert(1)</script>",
        "x" * 10_000,
        ",,,;;;\x00",
        "Hòa Bình, " * 40,
    ],
)
@pytest.mark.parametrize("button", ["place_order", "find_new_unit"])
def test_garbage_in_the_old_address_gets_a_field_message_never_a_500(
    client, tea, garbage, button
):
    data = shopper(old_address=garbage, street=garbage, ward="abc", province="x")
    data[button] = "1"
    response = client.post("/checkout/", data)
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in text(response)
    assert not Order.objects.exists()


@pytest.fixture
def saved_before_the_reform():
    """An account whose address book still has the old commune and district."""
    from oscar.test.factories import UserFactory

    user = UserFactory(email="an@example.com")
    UserAddress.objects.create(
        user=user,
        first_name="Nguyễn Thị Lan",
        line1="Xóm Cẩm Mỹ",
        line3="Huyện Thanh Sơn",
        line4="Xã Tất Thắng",
        state="Phú Thọ",
        country=Country.objects.get_or_create(
            iso_3166_1_a2="VN", defaults={"name": "Việt Nam"}
        )[0],
        phone_number="+84912345678",
    )
    return user


def test_a_saved_address_with_old_names_is_offered_in_2025_units(
    client, tea, saved_before_the_reform
):
    client.force_login(saved_before_the_reform)
    form = client.get("/checkout/").context["form"]
    [(_pk, label)] = form.fields["saved_address"].choices[1:]
    assert label == "Nguyễn Thị Lan, Xóm Cẩm Mỹ, Xã Cự Đồng, Phú Thọ"
    assert (form.initial["province"], form.initial["ward"]) == (PHU_THO, CU_DONG)
    assert form.initial["street"] == "Xóm Cẩm Mỹ"


def test_the_address_book_shows_saved_addresses_in_2025_units(
    client, saved_before_the_reform
):
    client.force_login(saved_before_the_reform)
    page = text(client.get("/accounts/addresses/"))
    assert "Nguyễn Thị Lan, Xóm Cẩm Mỹ, Xã Cự Đồng, Phú Thọ" in page
    assert "Tất Thắng" not in page and "Thanh Sơn" not in page


def pressed_enter(client, **fields) -> dict:
    """The checkout form as a browser sends it on Enter: its hidden basket
    snapshot, the fields, and the first submit button's name."""
    data = shopper(snapshot=client.get("/checkout/").context["snapshot"], **fields)
    del data["place_order"]
    data["find_new_unit"] = "1"
    return data


def test_enter_in_a_field_with_no_old_address_places_the_order(client, tea):
    """Enter sends the form with its first button, "find the new commune"
    (a browser does not send the button the shopper meant): with nothing
    typed as the old address it is the checkout's own send."""
    data = pressed_enter(client, province=PHU_THO, ward=NAT_SON, old_address="")
    response = client.post("/checkout/", data)
    assert response.status_code == 302, response.context["form"].errors
    address = Order.objects.get().shipping_address
    assert address.line4 == "Xã Nật Sơn"


def test_enter_never_overrides_the_commune_picked_by_an_old_name_in_the_street(
    client, tea
):
    data = pressed_enter(
        client,
        street="Xóm Đồi, Xã Xuân Thủy, Huyện Kim Bôi, Tỉnh Hòa Bình",
        province=PHU_THO,
        ward=CU_DONG,
    )
    response = client.post("/checkout/", data)
    assert response.status_code == 302, response.context["form"].errors
    assert Order.objects.get().shipping_address.line4 == "Xã Cự Đồng"


def test_the_find_button_with_an_old_address_typed_only_fills_the_form(client, tea):
    data = pressed_enter(
        client, province=PHU_THO, ward=NAT_SON, old_address=OLD_TAT_THANG
    )
    response = client.post("/checkout/", data)
    assert response.status_code == 200
    assert response.context["form"]["ward"].value() == str(CU_DONG)
    assert not Order.objects.exists()
