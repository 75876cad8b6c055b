"""Seller documents (registrations, certificates) are private: stored where no
public URL reaches them, under random names, served only to that seller's
users and staff, always as a download."""

import importlib

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.urls import reverse
from oscar.test.factories import UserFactory

from sellers import services
from tests.factories import active_seller
from tests.sellers.test_views import APPLY, application, pdf

pytestmark = pytest.mark.django_db


def test_an_applications_documents_are_kept_out_of_public_media(client, settings):
    response = client.post(
        APPLY, application(registration_file=pdf("CCCD-Nguyen-Van-An.pdf"))
    )
    assert response.status_code == 302
    from sellers.models import SellerDocument

    document = SellerDocument.objects.get()
    assert "Nguyen-Van-An" not in document.file.name  # a random name
    assert storages["private"].exists(document.file.name)
    assert not (settings.MEDIA_ROOT / document.file.name).exists()
    # What the probe did: guess the public URL.
    assert client.get(f"/media/{document.file.name}").status_code == 404


@pytest.fixture
def documents(db):
    cam_my = active_seller(name="HTX Chè Cẩm Mỹ", email="cammy@example.com")
    doan_hung = active_seller(
        name="HTX Bưởi Đoan Hùng", tax_code="0312345673", email="doanhung@example.com"
    )
    document = services.seller_document_add(
        seller=cam_my, kind="business_registration", number="2601001234", file=pdf()
    )
    return {"cam_my": cam_my, "doan_hung": doan_hung, "document": document}


@pytest.mark.parametrize(
    "role, allowed",
    [
        ("own", True),
        ("staff", True),
        ("other", False),
        ("customer", False),
        ("anonymous", False),
    ],
)
def test_only_the_sellers_users_and_staff_download_a_document(
    client, documents, role, allowed
):
    users = {
        "own": lambda: documents["cam_my"].partner.users.get(),
        "other": lambda: documents["doan_hung"].partner.users.get(),
        "customer": lambda: UserFactory(),
        "staff": lambda: UserFactory(is_staff=True),
    }
    if role != "anonymous":
        client.force_login(users[role]())
    url = reverse(
        "workspace:document-download", kwargs={"pk": documents["document"].pk}
    )
    response = client.get(url)
    if allowed:
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    elif role == "anonymous":
        assert (
            response.status_code == 302 and "/accounts/login/" in response["Location"]
        )
    else:
        assert response.status_code == 404


def test_staff_review_links_to_the_private_download(client, documents):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(f"/dashboard/sellers/{documents['cam_my'].pk}/").content.decode()
    url = reverse(
        "workspace:document-download", kwargs={"pk": documents["document"].pk}
    )
    assert url in page and "/media/" not in page


def test_documents_uploaded_before_move_to_private_storage(documents):
    from sellers.models import SellerDocument

    public = storages["default"]
    old_name = public.save(
        "sellers/documents/2025/giay-phep.pdf", ContentFile(b"%PDF-1.4 x")
    )
    SellerDocument.objects.filter(pk=documents["document"].pk).update(file=old_name)
    migration = importlib.import_module(
        "sellers.migrations.0011_seller_documents_private"
    )
    migration.move_documents_to_private_storage(apps, None)

    document = SellerDocument.objects.get(pk=documents["document"].pk)
    assert document.file.name != old_name and "giay-phep" not in document.file.name
    assert not public.exists(old_name)
    with storages["private"].open(document.file.name) as moved:
        assert moved.read() == b"%PDF-1.4 x"
