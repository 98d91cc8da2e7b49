"""Demo clients: individuals and institutions, with accounts, contacts, consents and a timeline.

It scales to a million clients: rows are built in memory and written with bulk_create in
chunks (one transaction each, no per-row query), names are reserved from the naming series
a block at a time, and a progress bar shows the way. ID numbers are unique by construction
(a permutation of the index), so no lookup is needed to avoid duplicates. A second run only
adds the clients that are missing.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ..core import naming
from ..core.session import SYSTEM_USER
from ..doctype.client.model import (
    Client,
    ClientStatus,
    ClientType,
    Education,
    IdType,
    IncomeBand,
    InvestorType,
    RiskLevel,
    SourceChannel,
)
from ..doctype.client.validators import resident_id_check_char, uscc_check_char
from ..doctype.client_contact.model import ClientContact, ContactRole
from ..doctype.client_interaction.model import (
    ClientInteraction,
    Direction,
    InteractionType,
)
from ..doctype.consent_record.model import ConsentAction, ConsentRecord, ConsentType
from ..doctype.securities_account.model import (
    AccountStatus,
    AccountType,
    Market,
    SecuritiesAccount,
)
from ..doctype.staff_profile.model import StaffProfile
from ..permissions.roles import ADVISOR
from . import chinese, step

CHUNK = 2000
DAYS = 20075  # birth dates over 55 years from 1950
_PERM_MOD = len(chinese.AREAS) * 1000 * DAYS
_PERM_MUL = 1_000_003  # prime, coprime to the modulus: i -> i * P mod M is a permutation
BANKS = [
    ("工商银行", "6222"),
    ("建设银行", "6217"),
    ("农业银行", "6228"),
    ("中国银行", "6216"),
    ("招商银行", "6225"),
    ("交通银行", "6222"),
    ("浦发银行", "6217"),
    ("兴业银行", "6229"),
]
OCCUPATIONS = [
    "工程师",
    "教师",
    "医生",
    "企业管理人员",
    "个体经营者",
    "公务员",
    "财务人员",
    "律师",
    "退休人员",
    "自由职业者",
    "销售人员",
    "金融从业人员",
]
EMPLOYERS = [
    "华为技术有限公司",
    "中国石化",
    "上海交通大学",
    "招商局集团",
    "阿里巴巴",
    "腾讯科技",
    "国家电网",
    "自营",
    "中国平安",
]
INSTITUTION_KINDS = ["投资管理有限公司", "科技股份有限公司", "实业有限公司", "资产管理有限公司", "贸易有限公司"]
CITIES = {
    "北京": "北京市朝阳区建国路",
    "上海": "上海市浦东新区世纪大道",
    "深圳": "深圳市福田区深南大道",
    "广州": "广州市天河区天河路",
    "杭州": "杭州市西湖区文三路",
    "南京": "南京市鼓楼区中山路",
    "成都": "成都市锦江区红星路",
    "武汉": "武汉市江汉区解放大道",
}


def unique_resident_id(i: int) -> tuple[str, dt.date]:
    """The i-th demo resident ID: area, birth date and sequence from a permutation of i, so all differ."""
    x = (i * _PERM_MUL) % _PERM_MOD
    area, x = chinese.AREAS[x % len(chinese.AREAS)], x // len(chinese.AREAS)
    seq, day = x % 1000, x // 1000
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=day)  # 1950 to 2004: every demo client is an adult
    body = f"{area}{birth:%Y%m%d}{seq:03d}"
    return body + resident_id_check_char(body), birth


def unique_uscc(i: int) -> str:
    org = f"{(i * 7919) % 10**8:08d}"  # 8 digits plus a fixed ninth character
    body = f"91{chinese.AREAS[i % len(chinese.AREAS)]}{org}X"
    return body + uscc_check_char(body)


def _stamp(rows, names=None):
    now = timezone.now()
    for k, row in enumerate(rows):
        if names is not None:
            row.name = names[k]
        row.creation = row.modified = now
        row.owner = row.modified_by = SYSTEM_USER
    return rows


def _series(pattern: str, count: int) -> list[str]:
    return naming.make_names(pattern, count) if count else []


@step(20)
def clients(ctx):
    existing = Client.objects.count()
    todo = max(ctx.clients - existing, 0)
    if not todo:
        return
    rng = ctx.rng(f"clients:{existing}")
    profiles = StaffProfile.objects.filter(user__in=ctx.data["client_managers"]).select_related("branch", "user")
    managers = sorted(profiles, key=lambda p: (p.username != "client_manager", p.username))
    advisors = _advisors_by_branch()
    today = timezone.localdate()
    bar = ctx.progress(todo, "clients")
    for start in range(existing, existing + todo, CHUNK):
        size = min(CHUNK, existing + todo - start)
        with transaction.atomic():
            _make_chunk(rng, start, size, managers, today, advisors)
        bar.update(size)
    bar.close()


def _advisors_by_branch() -> dict:
    """Each branch's advisors, the demo login `advisor` first, so the demo's first client is theirs."""
    out: dict = {}
    profiles = StaffProfile.objects.filter(roles__name=ADVISOR).select_related("user").order_by("user__username")
    for p in sorted(profiles, key=lambda p: (p.username != "advisor", p.username)):
        out.setdefault(p.branch_id, []).append(p.user_id)
    return out


def _make_chunk(rng, start, size, managers, today, advisors=None):
    names = _series("CL-.######", size)
    people, accounts, contacts, consents, interactions = [], [], [], [], []
    for k in range(size):
        i = start + k
        profile = managers[rng.randrange(len(managers))]
        institution = rng.random() < 0.1
        status = rng.choices(list(ClientStatus), weights=(5, 80, 12, 3))[0]
        if i == 0:  # the portal login's client: an active individual of the demo `client_manager`
            profile, institution, status = managers[0], False, ClientStatus.ACTIVE
        onboarded = today - dt.timedelta(days=rng.randrange(30, 365 * 12))
        client = Client(
            client_manager_id=profile.user_id,
            branch_id=profile.branch_id,
            status=status,
            onboarded_on=onboarded,
            source_channel=rng.choice(SourceChannel.values),
            mobile=chinese.mobile(rng),
            investment_years=rng.randrange(0, 25),
            financial_assets=Decimal(rng.choice((5, 20, 50, 120, 300, 800, 2000, 6000))) * 1000,
        )
        city = profile.branch.city
        client.address = f"{CITIES.get(city, city)}{rng.randrange(1, 999)}号"
        if institution:
            client.client_type, client.id_type = ClientType.INSTITUTION, IdType.USCC
            client.id_number = unique_uscc(i)
            client.client_name = f"{city}{chinese.name(rng)[1:]}{rng.choice(INSTITUTION_KINDS)}"
            client.net_assets = Decimal(rng.choice((5, 12, 25, 80, 300))) * 1_000_000
            client.investor_type = rng.choice((InvestorType.ORDINARY, InvestorType.PROFESSIONAL_II))
            client.email = f"ir{i}@example.cn"
        else:
            client.id_number, client.birth_date = unique_resident_id(i)
            client.gender = "Male" if int(client.id_number[16]) % 2 else "Female"
            client.client_name = chinese.name(rng)
            client.occupation = rng.choice(OCCUPATIONS)
            client.employer = rng.choice(EMPLOYERS)
            client.education = rng.choice(Education.values)
            client.annual_income = rng.choices(IncomeBand.values, weights=(25, 35, 20, 12, 8))[0]
            client.investor_type = rng.choices(
                (InvestorType.ORDINARY, InvestorType.PROFESSIONAL_II, InvestorType.PROFESSIONAL_III), weights=(90, 4, 6)
            )[0]
            if rng.random() < 0.5:
                client.email = f"c{i}@example.com"
        if status != ClientStatus.PROSPECT and rng.random() < 0.8:
            client.risk_level = rng.choices(RiskLevel.values, weights=(10, 25, 35, 20, 10))[0]
            client.lowest_category = client.risk_level == "C1" and rng.random() < 0.3
            client.risk_valid_until = today + dt.timedelta(days=rng.randrange(-60, 720))
        # Two clients in three have an advisor of their branch, picked by number so the random draws
        # (and so the rest of the demo) stay as they were.
        branch_advisors = (advisors or {}).get(profile.branch_id)
        if branch_advisors and i % 3 != 2:
            client.advisor_id = branch_advisors[(i // 3) % len(branch_advisors)]
        people.append(client)

        if status != ClientStatus.PROSPECT:
            for n in range(rng.choice((1, 1, 1, 2))):
                bank, prefix = rng.choice(BANKS)
                margin = n == 1 and rng.random() < 0.5
                accounts.append(
                    SecuritiesAccount(
                        account_number=f"{'A' if n == 0 else 'E'}{i:09d}",
                        client_id=names[k],
                        account_type=AccountType.MARGIN if margin else AccountType.CASH,
                        market=Market.SH if n == 0 else rng.choice((Market.SZ, Market.SH)),
                        bank_name=bank,
                        bank_account=prefix + f"{rng.randrange(10**15):015d}",
                        bank_account_name=client.client_name,
                        opened_on=onboarded,
                        status=AccountStatus.CLOSED if status == ClientStatus.CLOSED else AccountStatus.ACTIVE,
                        closed_on=today if status == ClientStatus.CLOSED else None,
                    )
                )
        if institution:
            for _n in range(rng.choice((1, 2))):
                contacts.append(
                    ClientContact(
                        client_id=names[k],
                        contact_role=ContactRole.BENEFICIAL_OWNER,
                        contact_name=chinese.name(rng),
                        relationship="股东",
                        id_type=IdType.RESIDENT_ID,
                        id_number=chinese.resident_id(rng),
                        ownership_percent=Decimal(rng.choice((25, 30, 40, 51, 60))),
                        mobile=chinese.mobile(rng),
                    )
                )
            contacts.append(
                ClientContact(
                    client_id=names[k],
                    contact_role=ContactRole.AUTHORISED_PERSON,
                    contact_name=chinese.name(rng),
                    relationship="交易员",
                    mobile=chinese.mobile(rng),
                    may_trade=True,
                    valid_until=today + dt.timedelta(days=365),
                )
            )
        elif rng.random() < 0.3:
            contacts.append(
                ClientContact(
                    client_id=names[k],
                    contact_role=rng.choice((ContactRole.FAMILY, ContactRole.EMERGENCY)),
                    contact_name=chinese.name(rng),
                    relationship=rng.choice(("配偶", "子女", "父母")),
                    mobile=chinese.mobile(rng),
                )
            )

        when = timezone.now() - dt.timedelta(days=rng.randrange(1, 900))
        for consent_type in (ConsentType.MARKETING, ConsentType.PERSONALISED):
            consents.append(
                ConsentRecord(
                    client_id=names[k],
                    consent_type=consent_type,
                    action=ConsentAction.GIVEN,
                    recorded_at=when,
                    channel="Branch",
                    text_version="PRIV-2024.1",
                )
            )
            if rng.random() < 0.1:
                consents.append(
                    ConsentRecord(
                        client_id=names[k],
                        consent_type=consent_type,
                        action=ConsentAction.WITHDRAWN,
                        recorded_at=when + dt.timedelta(days=rng.randrange(1, 200)),
                        channel="Portal",
                        text_version="PRIV-2024.1",
                    )
                )
        for _ in range(rng.choice((0, 1, 1, 2, 3))):
            kind = rng.choice(InteractionType.values)
            interactions.append(
                ClientInteraction(
                    client_id=names[k],
                    interaction_type=kind,
                    direction=rng.choice(Direction.values),
                    occurred_at=timezone.now() - dt.timedelta(hours=rng.randrange(1, 24 * 400)),
                    subject=rng.choice(
                        ("季度回访", "产品咨询", "开户资料补充", "风险测评提醒", "市场观点交流", "两融业务介绍")
                    ),
                    staff_id=client.client_manager_id,
                    duration_minutes=rng.choice((5, 10, 15, 30, 60)),
                )
            )

    bulk_create_with_history(_stamp(people, names), Client, batch_size=500, default_user=None)
    SecuritiesAccount.objects.bulk_create(_stamp(accounts, [a.account_number for a in accounts]), batch_size=1000)
    ClientContact.objects.bulk_create(_stamp(contacts, _series("CON-.########", len(contacts))), batch_size=1000)
    ConsentRecord.objects.bulk_create(_stamp(consents, _series("CNS-.YYYY.-.#######", len(consents))), batch_size=1000)
    ClientInteraction.objects.bulk_create(
        _stamp(interactions, _series("INT-.YYYY.-.#######", len(interactions))), batch_size=1000
    )


@step(91)
def link_portal_client(ctx):
    """The portal login `client` is the first individual client of the demo `client_manager`."""
    from django.contrib.auth.models import User

    user = ctx.data.get("portal_user") or User.objects.filter(username="client").first()
    if user is None or Client.objects.filter(user=user).exists():
        return
    client = (
        Client.objects.filter(
            client_manager__username="client_manager",
            client_type=ClientType.INDIVIDUAL,
            status=ClientStatus.ACTIVE,
            user__isnull=True,
        )
        .order_by("name")
        .first()
    )
    if client is not None:
        client.user = user
        if user.first_name != client.client_name:
            User.objects.filter(pk=user.pk).update(first_name=client.client_name)
        client.save()
