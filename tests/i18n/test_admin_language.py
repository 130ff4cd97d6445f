"""Our admin screens in Korean and Chinese: model and field names, choices, help texts, messages."""

import pytest
from django.urls import reverse

from projects.models import Venture
from tests.admin_forms import admin_url, errors_of, new_venture_data
from tests.factories import make_venture

pytestmark = pytest.mark.django_db


def test_the_venture_form_reads_in_korean(editor_client, geo):
    html = editor_client.get(reverse("admin:projects_venture_add"), HTTP_ACCEPT_LANGUAGE="ko").text
    assert "합영사업" in html  # the model's name
    assert "투자 통화" in html  # a field's name (investment currency)
    assert "광산" in html  # a sector choice
    assert "ISO 4217 코드. 예: CNY, USD, EUR, KPW." in html  # a help text


def test_the_venture_list_reads_in_chinese(editor_client, geo):
    make_venture(name="Hyesan copper joint venture", province_code="KP-10")
    html = editor_client.get(
        reverse("admin:projects_venture_changelist"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).text
    assert "合营项目" in html
    assert "当前状态" in html  # the current-status filter's title


def test_a_model_error_is_in_korean(editor_client, geo):
    """An amount without a currency: the model's own rule, said in the admin's language."""
    data = new_venture_data(editor_client, investment_amount="1000", investment_currency="")
    response = editor_client.post(admin_url("venture", "add"), data, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    assert "투자액의 통화를 주십시오." in errors_of(response)
    assert not Venture.objects.filter(name=data["name"]).exists()
