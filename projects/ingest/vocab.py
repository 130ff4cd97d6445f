"""Keyword lists (English, Korean, Chinese) for sectors, forms and organization names.

English entries are regular expressions matched case-insensitively at word boundaries;
Korean, Chinese and Japanese entries are plain substrings. Japanese text is matched after its kanji
are converted to simplified characters (projects.ingest.preread.language), so its kanji entries are
written that way ("百货店", "炭矿"); kana stay as written.
"""

SECTOR_KEYWORDS = {
    "mine": {
        "en": [
            r"(?<!of )mines?",
            r"mining",
            r"iron ore",
            r"coal",
            r"colliery",
            r"excavation",
            r"ore deposits?",
        ],
        "ko": ["광산", "탄광", "채굴", "채광", "광물", "철광"],
        "zh": ["矿山", "煤矿", "采矿", "矿业", "铁矿", "金矿", "铜矿", "开采"],
        "ja": ["炭矿", "矿山", "鉱山", "炭鉱"],
    },
    "ironworks": {
        "en": [r"ironworks?", r"iron works", r"iron enterprise", r"steel ?works", r"steel mill", r"smelt\w*"],
        "ko": ["제철", "제강", "철강", "용광로"],
        "zh": ["钢铁", "炼铁", "铁厂", "钢厂", "冶炼"],
    },
    "construction": {
        "en": [r"construction", r"building (?:materials|supplies)", r"concrete", r"cement", r"housing"],
        "ko": ["건설", "건재", "건축", "시멘트", "콘크리트", "살림집"],
        "zh": ["建设", "建筑", "水泥", "混凝土", "建材"],
    },
    "agriculture": {
        "en": [r"agricultur\w*", r"farms?", r"farming", r"soil", r"crops?", r"greenhouses?"],
        "ko": ["농업", "농장", "농촌", "토양", "농사", "온실"],
        "zh": ["农业", "农场", "农村", "土壤", "种植", "温室"],
    },
    "fisheries": {
        "en": [r"fisher(?:y|ies)", r"fishing", r"seafood", r"aquaculture"],
        "ko": ["수산", "어업", "양식장", "수산물"],
        "zh": ["渔业", "水产", "养殖", "海产", "捕捞"],
        "ja": ["渔业", "渔船", "渔场"],
    },
    "manufacturing": {
        "en": [
            r"textiles?",
            r"garments?",
            r"manufactur\w*",
            r"clothing factor(?:y|ies)",
            r"bicycles?",
            r"cigarettes?",
            r"tobacco",
            r"printing",
            r"light bulbs?",
            r"computers?",
            r"assembly (?:plant|line)s?",
            r"beverages?",
            r"brewer(?:y|ies)",
            r"cosmetics",
            r"chemicals?",
            r"electronics",
            r"shoes?",
            r"footwear",
            r"plastics?",
        ],
        "ko": [
            "섬유",
            "의류",
            "봉제",
            "피복",
            "담배",
            "연초",
            "자전거",
            "자동차",
            "트럭",
            "컴퓨터",
            "인쇄",
            "조명",
            "전구",
            "조미료",
            "음료",
            "맥주",
            "화장품",
            "화학",
            "비료",
            "전자",
            "신발",
            "플라스틱",
        ],
        "zh": [
            "纺织",
            "服装",
            "加工厂",
            "烟草",
            "卷烟",
            "香烟",
            "自行车",
            "汽车",
            "卡车",
            "照明",
            "灯泡",
            "印刷",
            "电子产品",
            "饮料",
            "啤酒",
            "化妆品",
            "化工",
            "化肥",
            "电子",
            "鞋",
            "塑料",
            "被服",
        ],
        "ja": [
            "タバコ",
            "自転車",
            "自动车",
            "トラック",
            "照明",
            "印刷",
            "纺织",
            "衣料品",
            "饮料",
            "ビール",
            "化妆品",
            "化学",
            "肥料",
            "电子",
            "靴",
            "プラスチック",
        ],
    },
    "energy": {
        "en": [r"power (?:plant|station)s?", r"hydropower", r"electricity", r"solar panels?"],
        "ko": ["발전소", "전력", "태양광"],
        "zh": ["发电", "电站", "电力", "光伏"],
    },
    "trade": {
        "en": [
            r"restaurants?",
            r"hotels?",
            r"tourism",
            r"retail",
            r"supermarkets?",
            r"department stores?",
            r"shopping",
        ],
        "ko": ["식당", "호텔", "관광", "백화점", "상점", "매장", "상업"],
        "zh": ["餐厅", "酒店", "旅游", "百货", "商场", "超市", "商业街", "商业中心"],
        "ja": ["デパート", "スーパー", "百货店", "商业施设", "商业センター", "レストラン", "ホテル"],
    },
}

FORM_KEYWORDS = {
    "new_contract": {
        "en": [
            r"new contracts?",
            r"signed (?:a |an |the )?(?:new )?(?:contract|agreement|deal)s?",
            r"(?:contract|agreement|deal)s? (?:was|were|has been|have been) signed",
            r"fresh deals?",
        ],
        "ko": ["신규 계약", "신규계약", "새로운 계약", "계약을 체결", "계약 체결", "계약체결", "새로 계약"],
        "zh": ["新合同", "新签", "签订合同", "签订了合同", "签署协议", "签署了协议", "签约"],
    },
    "restart_or_expansion": {
        "en": [
            r"restart\w*",
            r"resum(?:e|ed|es|ing|ption)",
            r"recommenc\w*",
            r"reopen\w*",
            r"expan(?:d|ded|ding|ds|sion)",
        ],
        "ko": ["재개", "확장", "재가동", "확대", "다시 가동"],
        "zh": ["恢复", "重启", "扩大", "扩建", "复工", "重新启动"],
    },
    "private_investment": {
        "en": [
            r"private investments?",
            r"private (?:chinese )?investors?",
            r"individual (?:chinese )?investors?",
            r"personal investments?",
        ],
        "ko": ["개인 투자", "개인투자", "개인 투자자", "사적 투자", "민간 투자", "민간투자"],
        "zh": ["个人投资", "私人投资", "民间投资", "个体投资"],
    },
}

ORGANIZATION_PATTERNS = {
    # A run of capitalised words (with “and/of/the” between them) ending in an organisational noun.
    # Every repetition is bounded (words of at most 41 characters, at most three small words in a
    # row), so that no text makes the search quadratic (a 60 kB “word” without spaces, for one).
    "en": [
        r"(?:[A-Z][\w&’'.-]{0,40}\s+(?:(?:and|of|the|for)\s+){0,3}){1,7}"
        r"(?:Company|Co\.|Corporation|Corp\.|Enterprise|Group|Trading|Ltd\.?|Limited|Complex"
        r"|Department|Committee|Commission|Bureau|Ministry)"
        r"(?:\s+of\s+the\s+(?:[A-Z][\w’'-]{0,40}\s*){1,4})?",
        r"organizational departments?(?: of [\w’' ]{3,60}? (?:party|people’s|people's) committees?)?",
        r"provincial (?:party|people’s|people's) committees?",
        r"foreign affairs bureaus?",
    ],
    "ko": [
        r"[가-힣A-Za-z0-9]{1,20}(?:련합기업소|연합기업소|기업소|무역회사|회사|공사|그룹|총국|위원회|조직부)"
    ],
    "zh": [
        r"[^\s的与和在由是了，。、；：“”（）《》「」0-9A-Za-z]{2,14}?(?:有限公司|集团|公司|联合企业|企业|委员会|组织部)"
    ],
}

# Words an English organisation pattern must not start with (sentence openers, not names).
ORGANIZATION_LEADING_STOPWORDS = {
    "the",
    "a",
    "an",
    "at",
    "in",
    "on",
    "by",
    "for",
    "from",
    "with",
    "according",
    "and",
    "of",
    "to",
    "chinese",
    "north",
    "korean",
    "this",
    "that",
    "its",
    "their",
    "large",
}

# Short names in common use for provinces that the gazetteer does not list.
PROVINCE_SHORT_NAMES = {
    "KP-02": ["평남", "平南"],
    "KP-03": ["평북", "平北"],
    "KP-05": ["황남"],
    "KP-06": ["황북"],
    "KP-08": ["함남"],
    "KP-09": ["함북"],
    "KP-10": ["량강", "양강", "两江"],
}

# Suffixes stripped from Hangul and Chinese place names to get the bare name used in running text.
PLACE_SUFFIXES = ("구역", "군", "시", "区域", "郡", "市", "区")
