"""General vocabulary of the pre-read, per language: legal forms, country words, venture words.

Only general words live here (what any article of the kind may say). Particular organizations,
places and ventures come from the database and the gazetteer (the matcher), never from code. The
regions of China are listed because they tell a partner's country ("a Dandong company", "랴오닝성의",
"上海某公司"), as the words "Chinese" and "中国" do; they are not places a venture is in.

Chinese entries are in simplified characters: traditional text is converted (OpenCC) before it is
read, keeping every character's position.
"""

# fmt: off

# --- the regions of China (provinces, autonomous regions, and the cities a partner is often from) ---
CHINESE_REGIONS = {
    "en": [
        "Beijing", "Shanghai", "Tianjin", "Chongqing", "Hong Kong", "Macau", "Macao", "Liaoning", "Jilin",
        "Heilongjiang", "Hebei", "Henan", "Shandong", "Shanxi", "Shaanxi", "Jiangsu", "Zhejiang", "Fujian",
        "Guangdong", "Guangxi", "Hainan", "Hubei", "Hunan", "Anhui", "Jiangxi", "Sichuan", "Yunnan",
        "Guizhou", "Gansu", "Qinghai", "Ningxia", "Xinjiang", "Tibet", "Inner Mongolia", "Dandong",
        "Shenyang", "Dalian", "Changchun", "Harbin", "Yanbian", "Yanji", "Hunchun", "Huichun", "Tumen",
        "Ji'an", "Tonghua", "Qingdao", "Shenzhen", "Guangzhou", "Wenzhou", "Yiwu", "Ningbo", "Mudanjiang",
        "Baishan", "Linjiang",
    ],
    "ko": [
        "베이징", "상하이", "톈진", "충칭", "홍콩", "마카오", "랴오닝", "요녕", "지린", "길림", "헤이룽장", "흑룡강", "허베이", "허난", "산둥",
        "산동", "산시", "장쑤", "저장", "절강", "푸젠", "광둥", "광시", "하이난", "후베이", "후난", "안후이", "장시", "쓰촨", "윈난", "구이저우",
        "간쑤", "칭하이", "닝샤", "신장", "내몽골", "네이멍구", "단둥", "단동", "선양", "심양", "다롄", "대련", "창춘", "장춘", "하얼빈", "옌볜",
        "연변", "옌지", "연길", "훈춘", "투먼", "도문", "지안", "퉁화", "통화", "칭다오", "청도", "선전", "광저우", "원저우", "이우", "닝보",
        "무단장", "목단강", "바이산",
    ],
    "zh": [
        "北京", "上海", "天津", "重庆", "香港", "澳门", "辽宁", "吉林", "黑龙江", "河北", "河南", "山东", "山西", "陕西", "江苏", "浙江",
        "福建", "广东", "广西", "海南", "湖北", "湖南", "安徽", "江西", "四川", "云南", "贵州", "甘肃", "青海", "宁夏", "新疆", "西藏",
        "内蒙古", "丹东", "沈阳", "大连", "长春", "哈尔滨", "延边", "延吉", "珲春", "图们", "集安", "通化", "青岛", "深圳", "广州", "温州",
        "义乌", "宁波", "牡丹江", "长海", "东港", "临江", "白山", "东北",
    ],
}

# --- country words: (pattern, country) -------------------------------------------------------
# English entries are regular expressions matched case-insensitively at word boundaries.
COUNTRY_WORDS = {
    "en": [
        (r"korean workers|workers[’'] party|north korean|north korea(?:'s)?|n\.? ?korea(?:'s|n)?|dprk(?:'s)?|pyongyang's|korean side", "KP"),
        (r"chinese|china(?:'s)?|prc(?:'s)?|sino|beijing's|chinese side", "CN"),
        (
            r"south korean|south korea(?:'s)?|japanese|japan(?:'s)?|russian|russia(?:'s)?|american|u\.?s\.?|"
            r"united states|united nations|u\.?n\.?", "XX",
        ),
    ],
    "ko": [
        ("북한", "KP"), ("북측", "KP"), ("조선", "KP"), ("北", "KP"), ("북", "KP"), ("중국", "CN"), ("중측", "CN"),
        ("中", "CN"), ("중", "CN"), ("한국", "XX"), ("남한", "XX"), ("미국", "XX"), ("일본", "XX"), ("러시아", "XX"),
        ("유엔", "XX"),
    ],
    "zh": [
        ("朝鲜", "KP"), ("北韩", "KP"), ("朝方", "KP"), ("朝", "KP"), ("中国", "CN"), ("中方", "CN"), ("中共", "CN"),
        ("我国", "CN"), ("中", "CN"), ("韩国", "XX"), ("南韩", "XX"), ("日本", "XX"), ("美国", "XX"), ("俄罗斯", "XX"),
        ("联合国", "XX"),
    ],
    "ja": [
        ("北朝鮮", "KP"), ("北韓", "KP"), ("朝鮮", "KP"), ("北側", "KP"), ("朝", "KP"), ("北", "KP"), ("中国", "CN"),
        ("中共", "CN"), ("中", "CN"), ("韓国", "XX"), ("日本", "XX"), ("米国", "XX"), ("ロシア", "XX"), ("国連", "XX"),
    ],
}

# Words (in an organization's name, or just before it) that name North Korea in the name itself.
NAME_COUNTRY_MARKERS = {
    "KP": ("조선", "朝鲜", "朝鮮", "Korea ", "DPRK", "Korean ", "평양", "平壤", "平壌", "Pyongyang"),
    "CN": ("중국", "中国", "China ", "Chinese ", "Sino"),
}

# --- words that make an article report a venture ---------------------------------------------
# Joint-venture words (strong evidence), per language; English entries are regular expressions.
JV_WORDS = {
    "en": [
        r"joint[- ]ventures?", r"\bJV\b",
        r"joint(?:ly)? (?:invest\w*|operat\w*|establish\w*|buil[dt]\w*|develop\w*|run)", r"jointly",
        r"joint operations?", r"equity ventures?", r"cooperative ventures?",
    ],
    "ko": ["합영", "합작", "합자", "공동으로", "공동 운영", "공동 개발", "공동 투자", "공동경영", "JV"],
    "zh": [
        "合营", "合资", "合作经营", "合建", "合办", "共同投资", "共同经营", "共同开发", "合作开发", "捕捞合作",
    ],
    "ja": ["合弁", "合営", "合作", "共同で", "共同操業", "共同経営", "共同開発", "共同出資"],
}

# Deal words (evidence with a partner of each side or a Chinese party and North Korea).
DEAL_WORDS = {
    "en": [
        r"sign(?:ed|s|ing)? (?:an? |the )?(?:\w+ )?(?:agreement|contract|deal|accord|memorandum|letter of intent|mou)",
        r"letter of intent", r"memorandum of understanding", r"\bmou\b", r"(?:agreement|contract|deal) (?:was|were) signed",
        r"ink(?:ed|s)? (?:an? |the )?(?:\w+ )?deal",
        r"(?:rights?|licen[cs]es?) to (?:use|operate|develop|fish)",
        r"(?:development|usage|operating|fishing|mining|use) rights", r"leas(?:e|ed|es|ing)",
        r"invest(?:ed|s|ing)? (?:\$|US|RMB|\d|in )", r"stake", r"opened (?:a|an|the) ",
        r"established (?:a|an|the) ", r"set up (?:a|an|the) ", r"acquired",
    ],
    "ko": [
        "계약", "협약", "협정", "협의서", "합의서", "의향서", "양해각서", "임대", "빌려주", "넘겨", "운영권", "개발권", "사용권", "경영권", "투자", "출자", "지분",
        "설립", "진출",
    ],
    "zh": [
        "签约", "签署", "签订", "协议", "协定", "合同", "租借", "租赁", "使用权", "开发权", "经营权", "投资", "出资", "入股", "设立", "成立",
        "开工", "奠基",
    ],
    "ja": [
        "契約", "協定", "合意", "覚書", "漁業権", "漁業を許可", "調印", "開発権", "使用権", "操業権", "経営権", "投資", "出資", "設立", "租借", "賃貸", "着工", "株式",
    ],
}

# --- organizations: legal forms and organizational nouns that end a name ----------------------
ORGANIZATION_NOUNS_EN = (
    r"Joint Venture Company|Joint Venture Corporation|Joint Venture|Company|Co\.,? Ltd\.?|Co\.|Corporation|"
    r"Corp\.?|Incorporated|Inc\.|Limited|Ltd\.?|Enterprise|Group|Holdings?|Trading|Association|Federation|"
    r"Industries|Bank|Trust|Partnership|Publishing House|Complex|Works|Mills?|Factory|Commission|Bureau|"
    r"Administration|Agency|Department|Committee|Ministry|Office|Electronics|Motors|Automotive|Steel|"
    r"Shipping|Logistics|Pharmaceuticals?"
)
ORGANIZATION_SUFFIXES = {
    "ko": [
        "합영회사", "합영공사", "합작회사", "합자회사", "합영기업", "련합기업소", "연합기업소", "기업소", "유한공사", "유한회사", "유한책임공사", "무역회사",
        "무역공사", "총회사", "회사", "공사", "그룹", "집단", "상사", "총국", "관리국", "위원회", "공장", "은행", "협회", "조합", "연합회", "사업소", "협동농장", "협동기업소",
    ],
    "zh": [
        "合营公司", "合资公司", "合营会社", "合营企业", "合资企业", "有限责任公司", "股份有限公司", "有限公司", "集团公司", "集团", "总公司", "公司", "会社",
        "工厂", "厂", "委员会", "协会", "银行", "联合企业", "管理局", "总局", "商社", "株式会社", "企业所", "协同企业所", "事业所",
    ],
    "ja": [
        "合弁会社", "合営会社", "合弁企業", "株式会社", "有限責任公司", "有限公司", "公司", "会社", "グループ", "集団", "商社", "工場", "委員会", "公社",
        "銀行", "協会", "総局", "管理局", "工業省", "貿易省", "外務省", "鉄道省", "水産省", "農業省", "連合企業所", "協同企業所", "企業所", "事業所", "協同農場", "聯合企業",
        "連合企業",
    ],
}
# North Korean ministries end in 성 / 省 ("경공업성", "電子工業省"); a province also ends so, so only
# these stems make a ministry.
MINISTRY_STEMS = (
    "공업", "무역", "외무", "대외경제", "철도", "체신", "수산", "농업", "교육", "보건", "전력", "석탄", "금속", "화학", "국토환경보호", "재정",
    "상업", "건설건재", "원유", "채취",
)

# China's province-level units (a company named by one and a trade only is described, not named:
# "辽宁渔业公司"; one named by a city is a name: "옌지담배공장").
CHINESE_PROVINCES = (
    "北京", "上海", "天津", "重庆", "香港", "澳门", "辽宁", "吉林", "黑龙江", "河北", "河南", "山东", "山西", "陕西", "江苏",
    "浙江", "福建", "广东", "广西", "海南", "湖北", "湖南", "安徽", "江西", "四川", "云南", "贵州", "甘肃", "青海", "宁夏",
    "新疆", "西藏", "内蒙古", "东北", "베이징", "상하이", "톈진", "충칭", "홍콩", "랴오닝", "요녕", "지린", "길림", "헤이룽장",
    "흑룡강", "허베이", "허난", "산둥", "산동", "산시", "장쑤", "저장", "절강", "푸젠", "광둥", "광시", "하이난", "후베이",
    "후난", "안후이", "장시", "쓰촨", "윈난", "구이저우", "간쑤", "칭하이", "닝샤", "신장", "내몽골", "네이멍구",
)

# Forms of North Korean enterprises and farms: a name in one of them is North Korean.
NORTH_KOREAN_FORMS = ("련합기업소", "연합기업소", "기업소", "사업소", "협동농장", "联合企业", "企业所", "事业所", "协同农场",
                      "连合企业所", "连合企业", "協同農場", "企業所", "事業所", "聯合企業", "連合企業")

# Sector nouns: a company name that is only a region and these is a description ("遼寧漁業公司",
# "繊維会社", "목재공장"), not a name.
INDUSTRY_WORDS = (
    "渔业", "水产", "加工", "服装", "化肥", "肥料", "鞋", "纺织", "电力", "钢铁", "矿业", "煤炭", "水泥", "建材", "贸易", "物流",
    "食品", "农业", "机械", "电子", "汽车", "烟草", "照明", "印刷", "海产", "化学", "塑料", "木材", "家具", "制药", "发电",
    "纤维", "繊維", "電力", "漁業", "水産", "衣料", "化学", "セメント", "プラスチック", "鉄鋼", "鉱業", "建設", "貿易", "物流",
    "機械", "電子", "自動車", "タバコ", "印刷", "食品", "木材", "목재", "섬유", "전력", "수산", "가공", "의류", "화학", "비료",
    "시멘트", "플라스틱", "철강", "광업", "건설", "무역", "물류", "식품", "기계", "전자", "자동차", "담배", "인쇄", "신발", "가구",
    "제약", "발전", "광산", "탄광", "수출입",
)

# Stems that are no name at all ("a car company", "某公司", "这家企业").
GENERIC_STEMS = {
    "zh": (
        "汽车", "矿业", "煤矿", "通信", "香烟", "烟草", "贸易", "企业", "中国", "朝鲜", "韩国", "外国", "国有", "民营", "私营", "这家", "该",
        "一家", "某", "多家", "各", "当地", "两国", "双方", "中朝", "朝中", "合资", "合营", "代理", "出口", "进口", "建筑", "物流", "渔业",
        "水产", "轻工业", "电子", "光复", "两家", "本", "同", "其", "此", "母", "子", "分", "总", "工", "输出", "输入", "投资", "建", "来朝", "办", "开",
    ),
    "ko": (
        "한", "이", "그", "해당", "중국", "북한", "외국", "국영", "민간", "개인", "이들", "각", "여러", "두", "이번", "합작", "담배", "연초", "담배 합작", "컴퓨터", "트럭", "식품", "조미료", "합영",
        "합자", "통신", "수출", "무역", "경공업", "광물", "자동차", "전자", "현지", "대형", "동", "본", "모", "자", "같은", "수산물",
        "수산물 수출", "건설", "기업", "회사측",
    ),
    "ja": (
        "同", "この", "その", "当", "中国", "北朝鮮", "朝鮮", "合弁", "各", "両", "関連", "輸出", "輸入", "親", "子", "本", "貿易",
        "自動車", "電子", "設備", "鉱業", "建設", "商事", "投資", "環境設備", "水産",
    ),
}

# Organizations that are not parties to a venture however often they appear in its sentences.
NON_PARTY_WORDS = {
    "en": (
        r"embassy|consulate|news agency|newspaper|daily|times|intelligence|security council|"
        r"united nations|coast guard|kotra|trade association|university|institute|party\b|customs|statistics"
    ),
    "ko": (
        "대사관", "영사관", "통신", "일보", "신문", "방송", "정보원", "안전보장이사회", "유엔", "무역협회", "코트라", "대학", "연구소", "노동당",
        "해경",
    ),
    "zh": (
        "大使馆", "领事馆", "通讯社", "日报", "新闻", "电视台", "安理会", "联合国", "贸易协会", "大学", "研究所", "劳动党", "国防委员会", "海关",
    ),
    "ja": (
        "大使館", "領事館", "通信", "新聞", "放送", "情報院", "国連", "安保理", "大学", "研究所", "労働党", "貿易協会",
    ),
}

# Unnamed parties ("Chinese investors", "중국측", "中方", "中国側"): (pattern, country). English
# entries are regular expressions.
SIDE_WORDS = {
    "en": [
        (
            r"(?:the )?(?:chinese|china's) (?:side|investors?|partners?|firms?|compan(?:y|ies)|private firms?)",
            "CN",
        ),
        (r"(?:the )?(?:north korean|dprk|korean) (?:side|partners?|firms?|compan(?:y|ies))", "KP"),
        (r"\bchina\b", "CN"), (r"\bnorth korea\b|\bthe north\b|\bdprk\b", "KP"),
    ],
    "ko": [
        ("중국측", "CN"), ("중국 측", "CN"), ("중측", "CN"), ("중국 기업", "CN"), ("중국 투자자", "CN"), ("중국", "CN"),
        ("북한측", "KP"), ("북한 측", "KP"), ("북측", "KP"), ("조선", "KP"), ("북한", "KP"),
    ],
    "zh": [
        ("中方", "CN"), ("中国方面", "CN"), ("中国企业", "CN"), ("中国", "CN"), ("朝方", "KP"), ("朝鲜方面", "KP"),
        ("朝鲜", "KP"),
    ],
    "ja": [
        ("中国側", "CN"), ("中国企業", "CN"), ("中国", "CN"), ("北朝鮮側", "KP"), ("朝鮮側", "KP"), ("北側", "KP"),
        ("北朝鮮", "KP"), ("朝鮮", "KP"),
    ],
}

# Names of a venture that are no name ("the joint venture", "合资企业", "合弁会社").
ARRANGEMENT_WORDS = {
    "joint_operation": {
        "en": [r"joint operations?", r"jointly operat\w*"],
        "ko": ["공동 운영", "공동경영", "공동 조업"],
        "zh": ["合作经营", "合作捕捞", "捕捞合作"],
        "ja": ["共同操業", "合営操業", "共同経営"],
    },
}

# fmt: on
