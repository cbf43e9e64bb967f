"""The demo catalogue's blank forms: one per component that is a form to fill in."""

import pytest
from django.core.files.storage import default_storage

from motcua.catalog.blank_forms import blank_templates, is_form
from motcua.catalog.spec import ComponentSpec
from motcua.catalog.tests.conftest import make_spec
from motcua.core.testing import pdf_text


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tờ khai đăng ký khai sinh", True),
        ("Đơn đề nghị cấp giấy phép xây dựng", True),
        ("Phiếu yêu cầu cung cấp thông tin", True),
        ("Giấy chứng sinh", False),
        ("Bản sao giấy tờ tùy thân", False),
        ("Đơn vị hành chính", False),
    ],
)
def test_which_components_are_forms(name, expected):
    assert is_form(name) is expected


def test_a_blank_form_is_a_pdf_with_its_title(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    spec = make_spec(components=(ComponentSpec("Tờ khai đăng ký khai sinh", originals=1), ComponentSpec("Giấy chứng sinh", originals=1)))
    stored = blank_templates(spec)
    assert list(stored) == ["Tờ khai đăng ký khai sinh"]
    with default_storage.open(stored["Tờ khai đăng ký khai sinh"], "rb") as handle:
        text = pdf_text(handle.read())
    assert "TỜ KHAI ĐĂNG KÝ KHAI SINH" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Số định danh cá nhân" in text
