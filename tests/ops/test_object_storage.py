"""Media on object storage, against moto's S3 server on loopback: a picture
uploaded through the dashboard lands in the bucket and the product page's
thumbnail loads from it over HTTP; private files get short signed links."""

import json
import re
import sys
import urllib.request
from html.parser import HTMLParser
from io import BytesIO

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.test.factories import UserFactory
from PIL import Image

from tests.factories import category, ocop_product
from tests.marketplace.test_production_search import production_setting
from tests.servers import loopback_server

KEYS = {"S3_ACCESS_KEY_ID": "moto", "S3_SECRET_ACCESS_KEY": "moto-secret"}


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server on a free loopback port for the session."""
    with loopback_server(
        lambda port: [
            sys.executable,
            "-m",
            "moto.server",
            "-H",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        ready_path="/moto-api/",
        name="moto",
    ) as url:
        yield url


@pytest.fixture
def object_storage(s3_server, settings, tmp_path):
    """STORAGES and MEDIA_URL exactly as production computes them from the
    S3 variables, with fresh buckets."""
    bucket = f"ocop-media-{tmp_path.name[-12:].lower().replace('_', '-')}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="moto",
        aws_secret_access_key="moto-secret",
    )
    for name in (bucket, f"{bucket}-private"):
        client.create_bucket(Bucket=name)
    # As docs/OPERATIONS.md asks of the public bucket: anyone may read.
    client.put_bucket_policy(Bucket=bucket, Policy=json.dumps(public_read(bucket)))
    variables = {"S3_BUCKET": bucket, "S3_ENDPOINT_URL": s3_server, **KEYS}
    storage_settings = production_setting("STORAGES", tmp_path, **variables)
    # Static files stay as the tests have them (production's need collectstatic).
    settings.STORAGES = {
        **storage_settings,
        "staticfiles": settings.STORAGES["staticfiles"],
    }
    settings.MEDIA_URL = production_setting("MEDIA_URL", tmp_path, **variables)
    thumbnails_storage_forget()  # sorl keeps the storage it first saw
    yield {"client": client, "bucket": bucket, "settings": storage_settings}
    thumbnails_storage_forget()


def thumbnails_storage_forget():
    from django.utils.functional import empty
    from sorl.thumbnail import default

    default.storage._wrapped = empty


def public_read(bucket: str) -> dict:
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket}/*"],
            }
        ],
    }


class FormFields(HTMLParser):
    """What a browser submits from a page's form: inputs, checked boxes,
    selected options and textareas."""

    def __init__(self):
        super().__init__()
        self.data, self._select, self._textarea = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "input" and name and attrs.get("type") not in ("file", "submit"):
            checkable = attrs.get("type") in ("checkbox", "radio")
            if checkable and "checked" not in attrs:
                return
            self.data[name] = attrs.get("value", "on" if checkable else "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data[self._select] = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.data[name] = ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def jpeg() -> bytes:
    buffer = BytesIO()
    Image.new("RGB", (640, 480), (40, 120, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.django_db
def test_a_picture_uploaded_in_the_dashboard_is_served_from_the_bucket(
    client, object_storage
):
    assert object_storage["settings"]["default"]["BACKEND"].endswith("S3Storage")
    product = ocop_product(title="Chè xanh Cẩm Mỹ")
    product.categories.add(category(name="Chè"))
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = f"/dashboard/catalogue/products/{product.pk}/"
    form = FormFields()
    form.feed(client.get(url).content.decode())
    response = client.post(
        url,
        {
            **form.data,
            "images-0-original": SimpleUploadedFile(
                "che.jpg", jpeg(), content_type="image/jpeg"
            ),
        },
    )
    assert response.status_code == 302, [
        (key, response.context[key].errors, response.context[key].non_form_errors())
        if hasattr(response.context[key], "non_form_errors")
        else (key, response.context[key].errors)
        for key in response.context.keys()
        if getattr(response.context[key], "errors", None)
    ]

    listed = object_storage["client"].list_objects_v2(Bucket=object_storage["bucket"])
    keys = [item["Key"] for item in listed.get("Contents", [])]
    assert any(key.startswith("images/products/") for key in keys), keys

    page = client.get(product.get_absolute_url()).content.decode()
    src = re.search(r'<img src="([^"]+)"[^>]*class="product-picture"', page).group(1)
    assert src.startswith(
        object_storage["settings"]["default"]["OPTIONS"]["url_protocol"]
    )
    assert f"/{object_storage['bucket']}/" in src and "?" not in src  # public URL
    with urllib.request.urlopen(src, timeout=10) as thumbnail:
        assert thumbnail.status == 200
        assert thumbnail.headers["Content-Type"] == "image/jpeg"
        assert "max-age=31536000" in thumbnail.headers["Cache-Control"]
        with Image.open(BytesIO(thumbnail.read())) as picture:
            assert max(picture.size) <= 600


def test_private_files_go_to_their_own_bucket_behind_short_signed_links(
    object_storage,
):
    private = storages.create_storage(object_storage["settings"]["private"])
    name = private.save("sellers/documents/giay-phep.pdf", ContentFile(b"%PDF-1.4"))
    link = private.url(name)
    assert f"/{object_storage['bucket']}-private/" in link
    assert "X-Amz-Signature=" in link and "X-Amz-Expires=300" in link
    with urllib.request.urlopen(link, timeout=10) as signed:
        assert signed.read() == b"%PDF-1.4"
    public = object_storage["client"].list_objects_v2(Bucket=object_storage["bucket"])
    assert "Contents" not in public  # nothing private in the public bucket


def test_without_object_storage_production_keeps_media_on_disk(tmp_path):
    storages_setting = production_setting("STORAGES", tmp_path)
    assert storages_setting["default"]["BACKEND"].endswith("FileSystemStorage")
    assert production_setting("MEDIA_URL", tmp_path) == "/media/"
