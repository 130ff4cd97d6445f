"""Articles on North Korea–China economics, trade or policy that report no venture propose none."""

import datetime

import pytest

from projects.ingest.match import Matcher
from projects.ingest.preread import preread


@pytest.fixture
def matcher(geo):
    return Matcher.from_database()


@pytest.mark.parametrize(
    "text",
    [
        # An order or a ban on joint ventures in general, in each language.
        "China said on Monday it would enforce the UN ban on joint ventures with North Korean entities, "
        "ordering them to close within 120 days.",
        "중국 상무부는 북한과의 합작기업을 120일 안에 폐쇄하라고 지시했다.",
        "商务部宣布，中国境内的中朝合资企业须在120天内关闭。",
        "中国商務省は、北朝鮮との合弁企業を120日以内に閉鎖するよう命じた。",
        # Trade, exports and scholars' views.
        "North Korea's exports of coal to China rose 12% in the first half, Chinese customs data showed.",
        "Economists from Beijing and Pyongyang debated at a forum in Yanji whether foreign investors are safe.",
        "북중 교역액이 지난해 60억달러를 넘었다고 한국무역협회가 밝혔다.",
        "丹东口岸今年上半年对朝贸易额同比增长15%。",
        "琿春の水産加工企業は今年、欧州への輸出を拡大した。",
    ],
)
def test_no_venture_no_proposal(matcher, text):
    assert preread(text, published_on=datetime.date(2017, 9, 30), matcher=matcher) == []


def test_a_commentary_on_joint_ventures_with_a_place_but_no_party_sum_or_event_proposes_none(matcher):
    text = (
        "Analysts say joint ventures in Sinuiju depend on coal, iron ore and seafood sales to China. "
        "Such arrangements remain common along the border."
    )
    assert preread(text, published_on=datetime.date(2017, 9, 30), matcher=matcher) == []
