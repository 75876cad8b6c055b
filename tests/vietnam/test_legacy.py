import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vietnam import places
from vietnam.legacy import legacy_address_suggest

PHU_THO = 25


def ward(name: str) -> int:
    return places.ward_code(province_code=PHU_THO, name=name)


@pytest.mark.parametrize(
    ("typed", "new_ward"),
    [
        # Old Vĩnh Phúc: the city of Vĩnh Yên's wards became Phường Vĩnh Phúc.
        ("Phường Liên Bảo, Thành phố Vĩnh Yên, Tỉnh Vĩnh Phúc", "Phường Vĩnh Phúc"),
        ("p. liên bảo, tp vĩnh yên, vĩnh phúc", "Phường Vĩnh Phúc"),
        # Old Hòa Bình, written in full and the way people say it.
        ("Xã Xuân Thủy, Huyện Kim Bôi, Tỉnh Hòa Bình", "Xã Nật Sơn"),
        ("Tân Thịnh, TP Hòa Bình, Hòa Bình", "Phường Hòa Bình"),
        # Old Phú Thọ: the demo's tea area.
        ("Xã Tất Thắng, Huyện Thanh Sơn, Tỉnh Phú Thọ", "Xã Cự Đồng"),
        ("xa tat thang huyen thanh son phu tho", "Xã Cự Đồng"),
    ],
)
def test_old_vinh_phuc_hoa_binh_and_phu_tho_addresses_map_to_2025_phu_tho(
    typed, new_ward
):
    suggestion = legacy_address_suggest(typed)
    assert suggestion.province == PHU_THO
    assert suggestion.ward == ward(new_ward)
    assert suggestion.label == f"{new_ward}, Phú Thọ"


@pytest.mark.parametrize(
    ("typed", "new_ward"),
    [
        ("Liên Bảo, Vĩnh Yên", "Phường Vĩnh Phúc"),
        ("Xuân Thủy, Kim Bôi", "Xã Nật Sơn"),
        ("Tất Thắng, Thanh Sơn", "Xã Cự Đồng"),
    ],
)
def test_an_old_district_and_commune_pair_maps_without_the_province(typed, new_ward):
    suggestion = legacy_address_suggest(typed)
    assert (suggestion.province, suggestion.ward) == (PHU_THO, ward(new_ward))


def test_numbered_wards_are_found_however_they_are_written():
    for typed in ("59 Nguyễn Sỹ Sách, p15, Tân Bình, hcm", "Phường 15, Quận Tân Bình"):
        suggestion = legacy_address_suggest(typed)
        assert (
            places.place_label(
                province_code=suggestion.province, ward_code=suggestion.ward
            )
            == "Phường Tân Sơn, Thành phố Hồ Chí Minh"
        )


def test_the_street_in_front_of_the_old_units_is_kept_apart():
    suggestion = legacy_address_suggest(
        "Xóm Cẩm Mỹ, Xã Tất Thắng, Huyện Thanh Sơn, Tỉnh Phú Thọ"
    )
    assert suggestion.street == "Xóm Cẩm Mỹ"
    assert suggestion.old_label == "Xã Tất Thắng, Huyện Thanh Sơn, Tỉnh Phú Thọ"
    assert suggestion.ward == ward("Xã Cự Đồng")


def test_an_old_district_alone_gives_the_province_and_leaves_the_commune_open():
    # Tam Đảo district went into several 2025 communes: no guess.
    suggestion = legacy_address_suggest("Tam Đảo, Vĩnh Phúc")
    assert (suggestion.province, suggestion.ward) == (PHU_THO, None)
    # "Kim Bôi" is also the name of one new commune; the old district is not it.
    suggestion = legacy_address_suggest("Kim Bôi, Hòa Bình")
    assert (suggestion.province, suggestion.ward) == (PHU_THO, None)


def test_a_2025_address_typed_in_the_old_address_field_is_recognised():
    suggestion = legacy_address_suggest("Phường Vĩnh Phúc, Phú Thọ")
    assert suggestion.ward == ward("Phường Vĩnh Phúc")


@pytest.mark.parametrize(
    "typed",
    ["", None, "   ", ",,,", "asdkjh qwe 123", "<script>alert(1)</script>"]
    + ["Nhà số 7 " * 1500]
    # The library alone reads the old town of Chũ into "Chưa".
    + ["Xóm Bến Đò, xã Không Có, huyện Chưa Từng Có"],
)
def test_an_address_nobody_can_map_gives_no_suggestion(typed):
    assert legacy_address_suggest(typed) is None


def test_a_split_old_commune_is_never_sent_to_an_online_geocoder(monkeypatch):
    """Xã Vầy Nưa was split between two communes; with a street, the library
    would ask an online geocoder which one. It must take the merger map's
    main successor instead, and never send the shopper's address anywhere."""
    from vietnamadminunits.parser import utils

    def no_network(*args, **kwargs):
        raise AssertionError("an address was sent to a geocoder")

    monkeypatch.setattr(utils.geolocator, "geocode", no_network)
    suggestion = legacy_address_suggest(
        "Xóm Bình Lý, Xã Vầy Nưa, Huyện Đà Bắc, Tỉnh Hòa Bình"
    )
    assert suggestion.ward == ward("Xã Tiền Phong")
    assert suggestion.street == "Xóm Bình Lý"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_any_text_gives_a_real_2025_unit_or_nothing(text):
    suggestion = legacy_address_suggest(text)
    if suggestion is not None:
        assert suggestion.province in places.province_names()
        if suggestion.ward is not None:
            unit = places.wards_by_code()[suggestion.ward]
            assert int(unit.province_code) == suggestion.province
