"""What an editor sees when an upload is damaged or too large."""

from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

from .builders import jpeg_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("boss", "boss@example.com", "pw")
    client.force_login(user)
    return client


def truncated_jpeg():
    data = jpeg_bytes(1200, 800)
    return data[: len(data) // 2]


def png_bytes(width, height, mode="1"):
    out = BytesIO()
    Image.new(mode, (width, height)).save(out, "PNG")
    return out.getvalue()


def upload(client, name, data):
    return client.post(
        "/admin/images/add/",
        {
            "title": name,
            "file": SimpleUploadedFile(name, data, content_type="image/jpeg"),
            "collection": 1,
        },
    )


def test_a_whole_jpeg_is_accepted(editor_client):
    response = upload(editor_client, "utuh.jpg", jpeg_bytes())
    assert response.status_code == 302
    assert get_image_model().objects.filter(title="utuh.jpg").exists()


def test_truncated_jpeg_is_a_form_error_not_a_500(editor_client):
    response = upload(editor_client, "rusak.jpg", truncated_jpeg())
    assert response.status_code == 200
    assert (
        "damaged or incomplete" in response.content.decode()
        or "rusak atau tidak lengkap" in response.content.decode()
    )
    assert not get_image_model().objects.exists()


def test_garbage_with_a_jpeg_name_is_a_form_error(editor_client):
    response = upload(editor_client, "bukan.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 200)
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


def test_image_over_the_pixel_limit_is_refused(editor_client, settings):
    settings.NEWSPLUGIN_MAX_IMAGE_PIXELS = 1_000_000
    settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = None
    response = editor_client.post(
        "/admin/images/add/",
        {
            "title": "besar",
            "collection": 1,
            "file": SimpleUploadedFile("besar.png", png_bytes(1200, 1000), "image/png"),
        },
    )
    assert response.status_code == 200
    assert "1,000,000" in response.content.decode()
    assert not get_image_model().objects.exists()


def test_decompression_bomb_is_refused(editor_client):
    # 120 megapixels of a single colour: a few kilobytes on disk, gigabytes once decoded.
    bomb = png_bytes(12_000, 10_000)
    response = editor_client.post(
        "/admin/images/add/",
        {"title": "bom", "collection": 1, "file": SimpleUploadedFile("bom.png", bomb, "image/png")},
    )
    assert response.status_code == 200
    assert not get_image_model().objects.exists()


def test_multiple_upload_reports_the_damaged_file(editor_client):
    response = editor_client.post(
        "/admin/images/multiple/add/",
        {"files[]": SimpleUploadedFile("rusak.jpg", truncated_jpeg(), "image/jpeg")},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    payload = response.json()
    assert payload["success"] is False
    assert not get_image_model().objects.exists()
