"""Chinese names and valid resident ID numbers for demo people."""

import datetime as dt

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵欧阳解强丛华车冉房边辜吉饶刁瞿戚丘古米池滕晋苑邬臧畅宫来嵺苟全褚廉简娄盖符奚木穆党燕郎邸冀谈姬屠连郜晏栾郁商蒙计喻揭窦迟宇敖糜鄢冷卓花艾蓝都巩稽井练仲乐虞卞封竺冼原官衣楚佟栗匡宗应台巫鞠僧桑荆谌银扬明沙薄伏岑习胥保和蔺"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍鹏建华红梅飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳晨雪琳晶婷倩颖慧佳怡欣悦嘉瑶蕾璐露娇雯文博思远志豪子轩梓涵一诺雨泽浩然宇航"
AREAS = [
    "110105",
    "110108",
    "310104",
    "310115",
    "440305",
    "440106",
    "330106",
    "320102",
    "510107",
    "420106",
    "610113",
    "370202",
    "210202",
    "350203",
    "500103",
]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"


def name(rng) -> str:
    given = "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
    return rng.choice(SURNAMES) + given


def resident_id(rng, birth: dt.date | None = None, male: bool | None = None) -> str:
    """An 18-character ID that passes GB 11643-1999 (area, birth date, sequence, check)."""
    birth = birth or dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 55))
    seq = rng.randrange(0, 500) * 2 + (1 if (male if male is not None else rng.random() < 0.5) else 0)
    body = f"{rng.choice(AREAS)}{birth:%Y%m%d}{seq:03d}"
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS)) % 11]


def mobile(rng) -> str:
    return (
        rng.choice(["138", "139", "137", "136", "150", "151", "158", "186", "188", "135"])
        + f"{rng.randrange(10**8):08d}"
    )
