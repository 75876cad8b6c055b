"""Member households of HTX Chè Cẩm Mỹ for the household tests."""

from tests.factories import PHU_THO, XA_DOAN_HUNG, traced_batch
from traceability import services


def cam_my_households(market) -> dict:
    """Two households (one agrees to be named), a plot each, and a batch of
    the market's tea holding 30 kg from An and 10 kg from Bình."""
    partner = market["cam_my"].partner
    an = services.household_create(
        partner=partner,
        head_name="Nguyễn Văn An",
        village="Thôn Cẩm Mỹ",
        province=PHU_THO,
        ward=XA_DOAN_HUNG,
        phone="0912345678",
        public_consent=True,
    )
    binh = services.household_create(
        partner=partner,
        head_name="Trần Thị Bình",
        village="Xóm Đồi",
        province=PHU_THO,
        ward=XA_DOAN_HUNG,
    )
    batch = traced_batch(product=market["tea"], records=1, lot_code="CM-2026-040")
    services.plot_create(farm=batch.farm, name="Lô A1", household=an)
    services.plot_create(farm=batch.farm, name="Lô B2", household=binh)
    services.batch_household_set(batch=batch, household=an, quantity_kg=30)
    services.batch_household_set(batch=batch, household=binh, quantity_kg=10)
    return {"an": an, "binh": binh, "batch": batch}
