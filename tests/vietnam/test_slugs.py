from vietnam.slugs import ascii_slugify, unique_slug


def test_vietnamese_is_folded_to_ascii():
    assert ascii_slugify("Đặc sản Phú Thọ") == "dac-san-phu-tho"


def test_a_taken_slug_gets_the_next_free_number():
    taken = {"che-cam-my", "che-cam-my-2"}
    slug = unique_slug("Chè Cẩm Mỹ", fallback="x", taken=taken.__contains__)
    assert slug == "che-cam-my-3"


def test_text_without_letters_falls_back():
    assert (
        unique_slug("!!!", fallback="nguoi-ban", taken=lambda s: False) == "nguoi-ban"
    )
