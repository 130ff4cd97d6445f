"""The API's human-readable messages follow the request's language; its machine values never do."""

import pytest

pytestmark = pytest.mark.django_db

LIST = "/api/v1/ventures/"


def test_a_filter_error_is_in_korean_with_accept_language_ko(client):
    response = client.get(LIST, {"sector": "mines"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    message = response.json()["sector"][0]
    # The parameter, the bad value and the allowed machine values stay as they are; the sentence is Korean.
    assert message.startswith("“mines”은(는) 허용되지 않습니다. 다음 중 하나를 쓰십시오: ")
    assert "mine, ironworks" in message


def test_a_filter_error_is_in_chinese_with_accept_language_zh(client):
    response = client.get(LIST, {"status_after": "2024-13-01"}, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert response.status_code == 400
    assert response.json() == {"status_after": ["请按 YYYY-MM-DD 格式输入日期，如 2024-01-31。"]}


def test_an_unknown_parameter_and_an_inverted_range_are_in_korean(client):
    response = client.get(LIST, {"colour": "red"}, HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9,en;q=0.5")
    assert response.status_code == 400
    assert response.json()["colour"][0].startswith("알 수 없는 매개변수입니다. 허용되는 것: ")
    inverted = client.get(
        LIST, {"status_after": "2025-01-02", "status_before": "2025-01-01"}, HTTP_ACCEPT_LANGUAGE="ko"
    )
    assert inverted.status_code == 400
    assert "범위가 거꾸로입니다" in inverted.json()["status_before"][0]


def test_a_bad_page_size_and_an_unknown_path_are_in_korean(client):
    page = client.get(LIST, {"page_size": "0"}, HTTP_ACCEPT_LANGUAGE="ko")
    assert page.status_code == 400
    assert page.json() == {"page_size": ["0은(는) 허용되지 않습니다. 1부터 500까지의 정수을(를) 쓰십시오."]}
    missing = client.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE="ko")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "찾을 수 없습니다. 엔드포인트 목록은 /api/docs/에 있습니다."}


def test_without_accept_language_the_messages_stay_english(client):
    response = client.get(LIST, {"sector": "mines"})
    assert response.status_code == 400
    assert response.json()["sector"][0].startswith("“mines” is not allowed. Use one of: ")


def test_machine_values_do_not_change_with_the_language(client, geo):
    from tests.factories import make_venture

    venture = make_venture(name="Hyesan copper joint venture", province_code="KP-10")
    english = client.get(LIST, {"sector": "mine", "status": "operating"}).json()
    korean = client.get(LIST, {"sector": "mine", "status": "operating"}, HTTP_ACCEPT_LANGUAGE="ko").json()
    assert english == korean
    (row,) = korean["results"]
    assert (row["public_id"], row["sector"], row["status"]) == (venture.public_id, "mine", "operating")


@pytest.mark.parametrize(("parameter", "value"), [("confidence", "certain"), ("sanctions", "bogus")])
def test_the_issue_12_filters_answer_in_korean_too(client, parameter, value):
    response = client.get(LIST, {parameter: value}, HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 400
    assert response.json()[parameter][0].startswith(
        f"“{value}”은(는) 허용되지 않습니다. 다음 중 하나를 쓰십시오: "
    )
