import pytest
from oscar.test.factories import UserFactory

from tests.factories import XA_DOAN_HUNG


@pytest.fixture
def staff(db):
    return UserFactory(is_staff=True, email="bql@example.com")


@pytest.fixture
def make_helper(staff):
    from community import services

    def make(email="tocns@example.com", wards=(XA_DOAN_HUNG,)):
        user = UserFactory(email=email, first_name="Hà", last_name="Tổ CNS")
        return services.helper_approve(
            user=user,
            team="Tổ công nghệ số cộng đồng xã Đoan Hùng",
            wards=list(wards),
            approved_by=staff,
        )

    return make


def act_for(client, helper, seller):
    """Log in as the helper, working for `seller` (as chosen on its home page)."""
    from community.access import SESSION_KEY

    client.force_login(helper.user)
    session = client.session
    session[SESSION_KEY] = seller.pk
    session.save()
