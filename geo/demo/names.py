"""Word lists for fictional but plausible names (places, people, units).

Everything here is invented: stems are common auspicious words used in
thousands of Chinese place names, so no name points at a real place or person.
"""
from __future__ import annotations

import numpy as np

#: Two-character stems for streets and communities (curated ones first, so the
#: bundled demo street is called 幸福街道).
STEMS = ("幸福 和平 建设 解放 新华 光明 文化 胜利 友谊 人民 团结 民生 长青 东风 "
         "朝阳 向阳 红星 振兴 康宁 安泰 丰收 永安 福康 吉祥 明湖 泉城 千佛 燕山 "
         "甸柳 舜华 历山 泺源 青龙 金牛 玉泉 锦屏 华山 柳园 桃园 杏林 松园 梧桐 "
         "长清 绿景 清河 双龙 卧龙 凤凰 白马 黄台 天桥 北园 南苑 西关 东关 中和 "
         "兴隆 德润 仁和 顺安").split()
_SUFFIXES = ("", "东", "西", "南", "北", "中", "新村", "花园", "东路", "西路")

#: Residential-compound stems and suffixes by kind.
COMPOUND_STEMS = ("幸福 锦绣 金色 阳光 和谐 翠苑 绿城 银座 盛世 书香 紫荆 丽景 "
                  "海棠 玉兰 丁香 枫林 怡和 嘉园 泰和 御景 龙湖 康馨 明珠 百合 "
                  "春晖 秋实 文苑 雅居 兰亭 馨园 华府 清源 恒大 鑫苑 东城 西城 "
                  "北辰 南山 星河 云锦 长安 永和 颐和 安居 乐居 福地 瑞景 金桥").split()
COMPOUND_SUFFIXES = {
    "商品房": ("花园", "家园", "苑", "华庭", "雅居", "名苑", "府"),
    "老旧小区": ("小区", "里", "新村", "小区", "里"),
    "单位宿舍": ("化工厂宿舍", "机床厂宿舍", "纺织厂宿舍", "电业局宿舍", "粮食局宿舍",
             "铁路宿舍", "棉纺厂宿舍", "建工宿舍", "邮电宿舍", "轻工宿舍"),
    "回迁房": ("安置小区", "回迁小区", "新苑"),
}

SURNAMES = list("王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许"
                "傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金"
                "陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文")
#: Rough share of the commonest surnames (Zipf-like), so 王李张刘陈 dominate.
SURNAME_WEIGHTS = 1.0 / (np.arange(len(SURNAMES)) + 3.0)
GIVEN_MALE = list("伟强军磊洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林国建志成"
                  "东海峰光庆新庭学祥")
GIVEN_FEMALE = list("芳娜敏静丽艳娟霞秀玲桂英华红梅琳雪倩婷慧颖琴云莉兰凤洁萍燕晶彤宁欣"
                    "月玉春")

#: Fictional employers for in-service members and partner units.
WORK_UNITS = ("市税务局", "区人民医院", "市第三中学", "区市场监管局", "区城管局", "市自来水公司",
              "区供电中心", "市第二实验小学", "区财政局", "区住建局", "市中心血站", "区教体局",
              "市公交集团", "区法院", "区检察院", "市图书馆", "区卫健委", "市气象局",
              "区民政局", "市燃气公司", "区人社局", "市邮政分公司", "区司法局", "市疾控中心")
LEVEL1_UNITS = ("区委组织部", "区税务局", "区人民医院", "区市场监管局", "区城管局", "区财政局",
                "区住建局", "区教体局", "区民政局", "区人社局", "区司法局", "区卫健委")
LEVEL2_UNITS = ("市第三中学", "市第二实验小学", "区供电中心", "市自来水公司", "市燃气公司",
                "市邮政分公司", "区中医院", "市公交集团第五分公司", "区图书馆", "区文化馆")
ENTERPRISES = ("物业服务有限公司", "超市连锁有限公司", "建筑工程有限公司", "家政服务有限公司",
               "餐饮管理有限公司", "医药连锁有限公司", "电气设备有限公司", "信息技术有限公司")
SOCIAL_ORGS = ("志愿者协会", "社会工作服务中心", "老年协会", "文化艺术团", "法律援助工作站",
               "心理咨询服务中心", "爱心助餐点", "青年志愿服务队")

#: 6-digit region-code prefixes of the (unnamed) city's districts.
REGION_CODES = ("370102", "370103", "370104", "370105", "370112", "370113")
PHONE_PREFIXES = tuple(str(p) for p in (130, 131, 132, 133, 135, 136, 137, 138, 139, 150, 151,
                                        152, 153, 155, 156, 157, 158, 159, 180, 181, 182, 183,
                                        185, 186, 187, 188, 189, 191, 193, 195, 198, 199))


def unique_place_names(count: int, rng: np.random.Generator, skip: int = 0) -> list[str]:
    """``count`` distinct place stems (e.g. for communities across a whole city).

    Curated stems come first in order; combinations with a direction or
    suffix follow in a seeded shuffle. ``skip`` leaves out the first names (so
    communities do not reuse the street's own stem ordering).
    """
    plain = list(STEMS)
    combos = [s + x for x in _SUFFIXES[1:] for s in STEMS]
    order = rng.permutation(len(combos))
    pool = plain + [combos[i] for i in order]
    if count + skip > len(pool):
        pool += [f"{pool[i % len(pool)]}{i // len(pool) + 1}" for i in range(count + skip - len(pool))]
    return pool[skip:skip + count]


def compound_names(kinds, rng: np.random.Generator) -> list[str]:
    """One name per compound, distinct within the list (one street)."""
    stems = rng.permutation(COMPOUND_STEMS)
    names, used = [], set()
    for i, kind in enumerate(kinds):
        suffixes = COMPOUND_SUFFIXES[kind]
        suffix = suffixes[int(rng.integers(len(suffixes)))]
        # Work-unit dormitories are named after the unit alone (化工厂宿舍), not a stem.
        name = suffix if kind == "单位宿舍" else stems[i % len(stems)] + suffix
        names.append(_distinct(name, used))
    return names


def _distinct(name: str, used: set) -> str:
    """``name``, or a variant of it not yet used in this street (东化工厂宿舍, 幸福小区2期)."""
    candidates = [name] + [d + name for d in "东西南北"] + [f"{name}{k}期" for k in range(2, 100)]
    for candidate in candidates:
        if candidate not in used:
            used.add(candidate)
            return candidate
    raise ValueError(f"too many compounds named {name!r}")
