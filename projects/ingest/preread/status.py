"""What happened to a venture (its status), from the ordinary ways each language says so.

Each cue is a regular expression (bounded, no nested repetition). A cue about the future ("will
begin production", "착공할 예정", "将签署", "建設へ") or denied ("did not sign", "성사되지 못한") is
no status. The status an article reports is its latest event: the one with the latest date, an
undated one (the news itself, usually said in the present perfect) before any dated one, and among
events at the same time the furthest along (a company founded and opened the same day is open).
"""

import re
from dataclasses import dataclass

# fmt: off
# Furthest along last: used to break ties between events at the same time.
STAGES = (
    "reported", "negotiating", "contract_signed", "under_construction", "operating", "expanding",
    "suspended", "closed",
)
# Words that say a venture started again: the event comes after a suspension or closure.
RESUMED = re.compile(r"^re-?open|^reopen|^resum|^restart|재개|재가동|다시|恢复|重新|复工|复产|再開|再稼働", re.IGNORECASE)

CUES = {
    "en": {
        "closed": [
            r"withdr[ae]w\w*", r"pull(?:ed|ing|s)? out", r"clos(?:ed|es|ing|ure)\b", r"shut(?:s|ting)? down",
            r"cancel+(?:ed|ation|s)?", r"dissolv\w+", r"abandon\w*", r"terminat\w+", r"collaps\w+",
            r"liquidat\w+", r"ceased (?:operations|production|trading)", r"went bankrupt", r"confiscat\w+", r"seized", r"scrapp(?:ed|ing)", r"left (?:the country|north korea)",
        ],
        "suspended": [
            r"halt(?:ed|s|ing)?", r"suspen(?:d|ded|ds|sion)", r"put on hold", r"on hold", r"froz(?:e|en)",
            r"stopp?(?:ed|s|ing)? (?:production|operations?|work)", r"shelved", r"idle",
        ],
        "expanding": [
            r"expan(?:d|ded|ding|ds|sion)", r"second phase",
            r"extend(?:ed|ing)? (?:its|the) (?:plant|factory|mine)",
        ],
        "operating": [
            r"resum(?:ed|es|ing) (?:production|operations?|work|business)", r"restart(?:ed|s)? (?:production|operations?)",
            r"(?:started|began|commenced) (?:operations|business|generating)", r"still (?:operat\w+|running|producing)",
            r"generat(?:es|ing) (?:electricity|power)", r"opened (?:its|their) doors", r"was opened",
            r"(?:began|begun|begin|start(?:ed|s)?) (?:producing|production|operat\w+|mass production|output)",
            r"(?:re-?)?open(?:ed|s)\b", r"reopen\b", r"commissioned", r"inaugurat\w+",
            r"(?:went|go|put) into (?:operation|production|service|use)", r"operat(?:es|ing)\b", r"(?:sold|sells|selling|sell) (?:\w+ ){0,3}(?:fishing )?rights",
            r"in operation", r"opening ceremony", r"is producing", r"produc(?:es|ing)\b",
            r"completed construction", r"(?:was|were|has been) completed",
        ],
        "under_construction": [
            r"broke ground", r"ground-?breaking", r"under construction",
            r"(?:began|started|begin) (?:construction|building|work)",
            r"construction (?:began|started|is under way|work)",
            r"(?:is|are|was|were) (?:being )?buil(?:t|ding)", r"(?:is|are) constructing",
        ],
        "contract_signed": [
            r"sign(?:ed|s|ing)?\b[^.;]{0,40}?\b(?:agreement|contract|deal|accord)s?",
            r"(?:agreement|contract|deal|accord)s? (?:was|were|has been|have been) (?:signed|inked|concluded)",
            r"ink(?:ed|s)? (?:an? |the )?(?:\w+ ){0,2}(?:deal|agreement|contract)",
            r"concluded (?:an? |the )?(?:\w+ )?(?:contract|agreement)",
            r"(?:was|were) (?:established|set up|founded)", r"reached (?:an? |the )?(?:\w+ )?agreement", r"established (?:jointly|a|an|the|with)",
            r"set up (?:a|an|the)",
            r"(?:won|obtained|acquired|secured|gained) (?:the )?(?:\w+ ){0,2}rights?", r"the right to",
        ],
        "negotiating": [
            r"memorandum of understanding", r"\bmou\b", r"letter of intent", r"negotiat\w+", r"in talks",
            r"agreed to", r"plann?(?:ed|ing|s)? to", r"proposed", r"offer(?:ed|ing|s)? to", r"discuss\w*",
            r"(?:is|are|was|were) considering", r"intends? to", r"seek(?:s|ing)? to",
        ],
    },
    "ko": {
        "closed": [
            "철수", "철거", "폐쇄", "청산", "해산", "무산되", "무산됐", "파기", "취소", "손을 떼", "성사되지 못", "문을 닫", "떠났", "폐업",
        ],
        "suspended": ["중단", "보류", "중지", "멈췄", "멈춘", "가동을 멈", "동결", "차질"],
        "expanding": ["확장했", "확장 공사", "확장공사", "증설", "확대했", "2단계 공사", "2기 공사"],
        "operating": [
            "생산 개시", "생산을 개시", "생산을 시작", "생산에 들어", "조업", "가동을 시작", "가동에 들어", "가동 중", "가동되", "개업", "개장",
            "문을 열", "운영하고 있", "운영 중", "운영되", "준공", "생산하고 있", "생산해 왔", "판매하고 있", "개관", "영업을 시작", "영업 중",
            "문을 연", "생산이 재개", "가동이 재개", "조업이 재개", "생산 재개", "생산을 재개", "가동을 재개", "재가동", "조업을 재개", "영업을 재개",
        ],
        "under_construction": [
            "착공", "공사 중", "공사를 시작", "건설 중", "건설하고 있", "건설을 시작", "짓고 있", "조성하고 있", "조성 중", "공사가 진행",
        ],
        "contract_signed": [
            "re:계약[^.。]{0,12}?체결", "re:협약[^.。]{0,12}?체결", "re:협정[^.。]{0,12}?체결", "계약을 체결", "계약 체결", "계약체결", "계약서를 체결", "협약을 체결", "협약 체결", "협정을 체결", "협정 체결", "협의서를 체결", "합의서를 체결",
            "합의서 체결", "협정을 맺", "계약을 맺", "서명했", "조인", "설립됐", "설립되었", "설립했", "설립하였", "설립해", "설립하고", "설립을 마",
            "설립허가", "따냈", "취득했", "획득했", "확보했", "임대했",
        ],
        "negotiating": [
            "양해각서", "의향서", "협의 중", "협상", "논의", "추진 중", "추진하고", "추진해", "제의", "합의했", "계획", "타진", "검토", "회담",
        ],
    },
    "zh": {
        "closed": [
            "撤资", "撤出", "撤离", "撤回", "撤走", "关闭", "倒闭", "终止", "取消", "解散", "离开了", "退出", "清算", "破产", "停业",
        ],
        "suspended": ["暂停", "停产", "中断", "搁置", "停工", "中止", "冻结", "停滞"],
        "expanding": ["扩建", "扩大生产", "扩大规模", "扩产", "二期工程", "增资"],
        "operating": [
            "投产", "开业", "开张", "正式运营", "投入使用", "投入运营", "投入生产", "竣工", "落成", "运营", "营业", "运行", "生产经营", "从事捕捞",
            "开赴", "进行运作", "进行生产", "开始生产", "恢复生产", "复产", "复工", "重新开业", "恢复运营",
        ],
        "under_construction": ["开工", "奠基", "动工", "在建", "开建", "正在建设", "破土"],
        "contract_signed": [
            "re:签[署订][^。，,]{0,10}?(?:协议|合同|协定)", "签约", "签署了", "签订了", "签下", "已签署", "已签订", "签署", "签订", "达成协议", "成立", "设立了", "获得", "取得", "租给", "租借给",
            "转让给", "获批",
        ],
        "negotiating": [
            "谅解备忘录", "意向书", "洽谈", "谈判", "商谈", "协商", "磋商", "拟", "计划", "探讨", "考察", "达成协定",
        ],
    },
    "ja": {
        "closed": ["撤退", "撤収", "閉鎖", "解散", "取り消", "撤去", "破談", "清算", "廃業", "引き揚げ"],
        "suspended": ["中断", "停止", "保留", "休止", "凍結", "見合わせ"],
        "expanding": ["拡張工事", "拡張した", "増設", "規模を拡大", "生産を拡大"],
        "operating": [
            "操業", "開業", "漁業を許可", "販売", "売り", "稼働", "生産を開始", "生産を始め", "落成", "竣工", "生産している", "営業", "生産を続け", "生産して",
            "操業を再開", "生産を再開", "営業を再開", "再稼働",
        ],
        "under_construction": ["着工", "建設中", "建設している", "起工", "工事に", "建設を進め"],
        "contract_signed": [
            "re:契約[^。、]{0,12}?締結", "re:協定[^。、]{0,12}?締結", "re:契約[^。、]{0,12}?調印", "re:契約[^。、]{0,8}?署名",
            "契約を締結", "契約締結", "協定を締結", "調印", "署名", "合意書", "設立し", "設立され", "設立した", "権を獲得", "権利を獲得", "権を確保", "許可を受け", "承認を受け",
        ],
        "negotiating": ["覚書", "意向書", "交渉", "協議中", "計画", "申請", "検討", "合意した", "提案"],
    },
}

FUTURE = {
    "en": re.compile(
        r"\b(?:will|would|shall|to|plans? to|expected to|aims? to|be)\s+(?:\w+\s+){0,2}$", re.IGNORECASE
    ),
    "zh": re.compile(r"(?:将|将于|将会|计划|拟|准备|打算|有望|预计|争取|要|何时|何時)[^，。]{0,12}$"),
}
FUTURE_AFTER = {
    "ko": re.compile(
        r"^[가-힣]{0,3}\s?(?:할|될|키로|하기로|할 계획|할 예정|예정|계획|하겠|될 것|할 것|키기로|을 앞두)"
    ),
    "ja": re.compile(r"^[ぁ-ん]{0,3}(?:予定|計画|見通し|へ|する方針|する見込み|しよう)"),
}
NEGATED = {
    "en": re.compile(r"\b(?:not|never|no|without|n't|yet to)\s+(?:\w+\s+){0,2}$", re.IGNORECASE),
    "zh": re.compile(r"(?:未|没有|没|不|尚未|并未|无法)[^，。]{0,3}$"),
    "ja": re.compile(r"(?:未|不)[^、。]{0,2}$"),
}
NEGATED_AFTER = {
    "zh": re.compile(r"^[^。，,]{0,6}(?:不知|不清楚|未知|尚不|还不|仍不|还没)"),
    "ko": re.compile(r"^[^.。,]{0,8}?(?:지 ?않|지 ?못|못 ?하|못했|못한|않았|않는)"),
    "ja": re.compile(r"^[ぁ-ん]{0,3}(?:ない|なかった|ず)"),
}


def _compile(lists: dict) -> list[tuple[str, re.Pattern]]:
    compiled = []
    for language, by_status in lists.items():
        for status, cues in by_status.items():
            if language == "en":
                pattern = r"\b(?:" + "|".join(cues) + r")"
                compiled.append((language, status, re.compile(pattern, re.IGNORECASE)))
            else:
                # Plain words, longest first; an entry "re:…" is a (bounded) regular expression.
                words = sorted((c for c in cues if not c.startswith("re:")), key=len, reverse=True)
                parts = [c[3:] for c in cues if c.startswith("re:")] + [re.escape(w) for w in words]
                compiled.append((language, status, re.compile("|".join(parts))))
    return compiled


# A signing of a letter of intent or a memorandum is negotiating, not a contract.
INTENT_DOCUMENTS = re.compile(
    r"letter of intent|memorandum of understanding|\bmou\b|framework agreement|意向书|意向書|备忘录|覚書|"
    r"양해각서|의향서|투자의향",
    re.IGNORECASE,
)


COMPILED = _compile(CUES)


@dataclass
class StatusCue:
    status: str
    start: int
    end: int
    resumed: bool = False


def find_statuses(sentence: str, language: str) -> list[StatusCue]:
    """Status cues in a sentence that are neither about the future nor denied, in text order."""
    found = []
    for lang, status, regex in COMPILED:
        if lang != language:
            continue
        for match in regex.finditer(sentence):
            if _is_future(sentence, match.start(), match.end(), language):
                continue
            if _is_negated(sentence, match.start(), match.end(), language):
                continue
            found.append(StatusCue(status, match.start(), match.end(), bool(RESUMED.search(match.group(0)))))
    found.sort(key=lambda c: c.start)
    intents = [m.start() for m in INTENT_DOCUMENTS.finditer(sentence)]
    if intents:
        found = [
            c
            for c in found
            if not (c.status == "contract_signed" and any(-20 <= at - c.start <= 40 for at in intents))
        ]
    return found


def _is_future(sentence: str, start: int, end: int, language: str) -> bool:
    before = sentence[max(0, start - 30) : start]
    after = sentence[end : end + 12]
    if language in FUTURE and FUTURE[language].search(before):
        return True
    if language == "ja" and FUTURE["zh"].search(before[-4:]):
        return False
    return bool(language in FUTURE_AFTER and FUTURE_AFTER[language].match(after))


def _is_negated(sentence: str, start: int, end: int, language: str) -> bool:
    before = sentence[max(0, start - 30) : start]
    after = sentence[end : end + 12]
    if language in NEGATED and NEGATED[language].search(before):
        return True
    return bool(language in NEGATED_AFTER and NEGATED_AFTER[language].match(after))


def stage(status: str, *, resumed: bool = False) -> int:
    """How far along a status is; one that started again comes after any suspension or closure."""
    return len(STAGES) if resumed else STAGES.index(status)

# fmt: on
