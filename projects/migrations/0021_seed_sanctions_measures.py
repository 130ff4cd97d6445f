"""Seed the sanctions measures (our own paraphrases; each cites its document) and give reviewers the
right to correct them (editors may view them).

Only what we could confirm is recorded: the MOFCOM notices are cited by their date and page on the
ministry's English site; the number of the 28 September 2017 notice is not given there, so none is
recorded. A reviewer may correct any of this in the admin (with history).
"""

import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations

UN = "UN Security Council"
MOFCOM = "Ministry of Commerce of China (MOFCOM)"

MEASURES = [
    {
        "key": "unscr-2371-p12",
        "kind": "new_jv_ban",
        "authority": UN,
        "document_symbol": "S/RES/2371 (2017)",
        "paragraph": "12",
        "adopted_on": datetime.date(2017, 8, 5),
        "effective_on": datetime.date(2017, 8, 5),
        "summary": (
            "States must not let their nationals, or anyone in their territory, open new joint ventures "
            "or cooperative entities with DPRK entities or individuals, nor enlarge existing ones by "
            "putting in more investment."
        ),
        "summary_ko": (
            "각국은 자국민이나 자국 영역 안에서 북한의 기관·개인과 새 합작기업이나 협력 실체를 설립하는 것, "
            "그리고 추가 투자로 기존 합작기업을 확대하는 것을 금지해야 한다."
        ),
        "summary_zh_hans": (
            "各国须禁止本国国民或在本国境内与朝鲜实体或个人新开设合资企业或合作实体，"
            "也不得通过追加投资扩大现有合资企业。"
        ),
        "url": "https://undocs.org/S/RES/2371(2017)",
    },
    {
        "key": "unscr-2375-p18",
        "kind": "jv_closure",
        "authority": UN,
        "document_symbol": "S/RES/2375 (2017)",
        "paragraph": "18",
        "adopted_on": datetime.date(2017, 9, 11),
        "effective_on": datetime.date(2018, 1, 9),
        "summary": (
            "Opening, maintaining and operating any joint venture or cooperative entity with DPRK "
            "entities or individuals, new or existing, is prohibited. Existing ones must be closed within "
            "120 days of adoption (by 9 January 2018), unless the 1718 Committee approves one case by case."
        ),
        "summary_ko": (
            "북한의 기관·개인과의 모든 합작기업과 협력 실체는 신규든 기존이든 설립·유지·운영이 금지된다. "
            "기존 합작기업은 채택 후 120일 안에(2018년 1월 9일까지) 폐쇄해야 하며, "
            "1718 위원회가 사안별로 승인한 경우만 예외다."
        ),
        "summary_zh_hans": (
            "禁止开设、维持和经营与朝鲜实体或个人的一切合资企业或合作实体，无论新旧。"
            "现有合资企业须在决议通过后120天内（即2018年1月9日前）关闭，"
            "除非1718委员会逐案批准。"
        ),
        "url": "https://undocs.org/S/RES/2375(2017)",
    },
    {
        "key": "unscr-2397-p6",
        "kind": "sector_ban",
        "authority": UN,
        "document_symbol": "S/RES/2397 (2017)",
        "paragraph": "6",
        "adopted_on": datetime.date(2017, 12, 22),
        "effective_on": None,
        "summary": (
            "The DPRK may not export, and no State may buy from it, food and agricultural products, "
            "machinery, electrical equipment, earth and stone (magnesite included), wood, or vessels."
        ),
        "summary_ko": (
            "북한은 식료품과 농산물, 기계류, 전기기기, 마그네사이트를 포함한 토석류, 목재, 선박을 수출할 수 "
            "없으며, 어느 나라도 이를 북한에서 사들여서는 안 된다."
        ),
        "summary_zh_hans": (
            "朝鲜不得出口、各国也不得从朝鲜采购食品和农产品、机械、电气设备、"
            "包括菱镁矿在内的土和石料、木材以及船只。"
        ),
        "sectors": "mine,agriculture,manufacturing",
        "url": "https://undocs.org/S/RES/2397(2017)",
    },
    {
        "key": "unscr-2397-p7",
        "kind": "sector_ban",
        "authority": UN,
        "document_symbol": "S/RES/2397 (2017)",
        "paragraph": "7",
        "adopted_on": datetime.date(2017, 12, 22),
        "effective_on": None,
        "summary": (
            "No State may supply, sell or transfer to the DPRK any industrial machinery, transport "
            "vehicles, or iron, steel and other metals."
        ),
        "summary_ko": "어느 나라도 북한에 산업용 기계, 운송 수단, 철·강철 및 기타 금속을 공급·판매·이전해서는 안 된다.",
        "summary_zh_hans": "各国不得向朝鲜供应、出售或转让任何工业机械、运输车辆以及铁、钢和其他金属。",
        "sectors": "ironworks,manufacturing",
        "url": "https://undocs.org/S/RES/2397(2017)",
    },
    {
        "key": "mofcom-2017-47",
        "kind": "implementation",
        "authority": MOFCOM,
        "document_symbol": "MOFCOM Announcement No. 47 of 2017",
        "paragraph": "",
        "adopted_on": datetime.date(2017, 8, 25),
        "effective_on": datetime.date(2017, 8, 25),
        "summary": (
            "Applies resolution 2371 ¶12 in China: DPRK entities and individuals may not open new "
            "equity or cooperative joint ventures or wholly foreign-owned enterprises in China, nor add "
            "investment to existing ones, and Chinese outbound investment in the DPRK contrary to the "
            "resolution is not approved. In force from its date."
        ),
        "summary_ko": (
            "결의 2371호 제12항을 중국에서 시행한다. 북한의 기관·개인은 중국에 새 합자·합작기업이나 "
            "외자 독자기업을 세우거나 기존 기업에 추가 투자할 수 없고, 결의에 어긋나는 중국의 대북 투자는 "
            "승인되지 않는다. 공포일부터 시행."
        ),
        "summary_zh_hans": (
            "在中国执行第2371号决议第12段：朝鲜实体或个人不得在华新设中外合资、中外合作或外资企业，"
            "也不得对现有企业追加投资；违反该决议的对朝投资不予核准。自发布之日起施行。"
        ),
        "url": "http://english.mofcom.gov.cn/article/policyrelease/aaa/201708/20170802635320.shtml",
    },
    {
        "key": "mofcom-saic-2017-09-28",
        "kind": "implementation",
        "authority": "Ministry of Commerce and State Administration for Industry and Commerce of China",
        "document_symbol": "MOFCOM–SAIC announcement of 28 September 2017",
        "paragraph": "",
        "adopted_on": datetime.date(2017, 9, 28),
        "effective_on": datetime.date(2018, 1, 9),
        "summary": (
            "Applies resolution 2375 ¶18 in China: enterprises set up in China by DPRK entities or "
            "individuals, alone or with Chinese partners, are to be shut within 120 days of the "
            "resolution's adoption, as are Chinese firms' joint ventures with DPRK partners abroad; "
            "projects the 1718 Committee exempts case by case are excepted."
        ),
        "summary_ko": (
            "결의 2375호 제18항을 중국에서 시행한다. 북한의 기관·개인이 중국에 단독 또는 중국 측과 함께 세운 "
            "기업은 결의 채택 후 120일 안에 폐쇄하고, 중국 기업이 해외에서 북한 측과 세운 합작기업도 "
            "폐쇄한다. 1718 위원회가 사안별로 면제한 사업은 예외다."
        ),
        "summary_zh_hans": (
            "在中国执行第2375号决议第18段：朝鲜实体或个人在华单独或与中方设立的企业，"
            "须在决议通过后120天内关闭；中国企业在境外与朝方设立的合资合作企业也须关闭；"
            "经1718委员会逐案豁免的项目除外。"
        ),
        "url": "http://english.mofcom.gov.cn/article/policyrelease/aaa/201710/20171002654932.shtml",
    },
]

REVIEWER_CODENAMES = ["add_sanctionsmeasure", "change_sanctionsmeasure", "view_sanctionsmeasure"]
EDITOR_CODENAMES = ["view_sanctionsmeasure"]


def _permissions(apps, codenames):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return list(Permission.objects.filter(content_type__app_label="projects", codename__in=codenames))


def seed(apps, schema_editor):
    Measure = apps.get_model("projects", "SanctionsMeasure")
    for fields in MEASURES:
        key = fields["key"]
        Measure.objects.update_or_create(key=key, defaults={k: v for k, v in fields.items() if k != "key"})
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="reviewers"):
        group.permissions.add(*_permissions(apps, REVIEWER_CODENAMES))
    for group in Group.objects.filter(name="editors"):
        group.permissions.add(*_permissions(apps, EDITOR_CODENAMES))


def unseed(apps, schema_editor):
    apps.get_model("projects", "SanctionsMeasure").objects.filter(key__in=[m["key"] for m in MEASURES]).delete()


class Migration(migrations.Migration):
    dependencies = [("projects", "0018_sanctions_measures"), ("projects", "0007_roles_delete_parts")]

    operations = [migrations.RunPython(seed, unseed)]
