"""收支说明与协商: the means and the offer by hand, the margin left for emergencies, the pause when nothing is
offered, only what the reader filled in, texts that promise nothing when they ask for a statement or complain,
the App's amount never written as an admitted total, and the notice of what sending a promise means."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from fractions import Fraction

import pytest

from calculators import letter
from calculators.datasets import DataError, from_repository
from calculators.forms import FieldErrors

BASE = {
    "purpose": "hardship",
    "reason": "illness",
    "conduct": "night_calls",
    "rent": "1500",
    "food": "1200.50",
    "medical": "",
    "children": "800",
    "transport": "300",
    "offer": "",
    "app_due": "",
    "incomes": [{"name": "工资", "amount": "4500"}, {"name": "兼职", "amount": "800.25"}],
    "debts": [{"name": "信用卡", "payment": "1000"}],
}
PROMISING = ("hardship", "penalty_relief")
NOT_PROMISING = ("statement", "complaint")
PURPOSES = PROMISING + NOT_PROMISING


def run(**changes) -> dict:
    return letter.compute({**BASE, **changes})


def short_text(result: dict) -> str:
    return re.search(r'id="letter-short-text">(.*?)</p>', result["html"]["short"]).group(1)


def letter_text(result: dict) -> str:
    return re.search(r'<article class="letter" id="letter-full-text">(.*?)</article>', result["html"]["letter"]).group(1)


def texts(result: dict) -> dict[str, str]:
    return {"short": short_text(result), "full": letter_text(result)}


# ---- the means and the offer ---------------------------------------------------------------------------------


def test_the_means_and_the_default_offer_by_hand() -> None:
    # income 4500 + 800.25 = 5300.25; essentials 1500 + 1200.50 + 0 + 800 + 300 = 3800.50; debts 1000
    # available 5300.25 − 3800.50 − 1000 = 499.75
    # offer: 499.75 × 4/5 = 399.80, rounded down to whole 10 元 = 390.00; reserve 499.75 − 390 = 109.75
    values = run()["values"]
    assert values["income_total"] == "5,300.25"
    assert values["essential_total"] == "3,800.50"
    assert values["debts_total"] == "1,000.00"
    assert values["available"] == "499.75"
    assert values["offer"] == "390.00"
    assert values["reserve"] == "109.75"
    assert values["verdict"] == "按每月 390.00 元提出还款计划，留出 109.75 元应急。"


def test_means_core_is_exact() -> None:
    m = letter.means([Decimal("0.10"), Decimal("0.20")], [Decimal("0.30")], [])
    assert m.available == Decimal("0.00") and not m.can_pay  # 0.1 + 0.2 − 0.3 is exactly zero


@pytest.mark.parametrize(
    ("available", "offer"),
    [
        ("499.75", "390.00"),  # 499.75 × 4/5 = 399.80 → 390
        ("500", "400.00"),  # 500 × 4/5 = 400 exactly: a whole 10 stays
        ("1237.50", "990.00"),  # 1237.50 × 4/5 = 990 exactly
        ("1249.99", "990.00"),  # 1249.99 × 4/5 = 999.992 → 990 (down, never up to 1000)
        ("12.50", "10.00"),  # 12.50 × 4/5 = 10.00 → 10
        ("12.49", "0.00"),  # 12.49 × 4/5 = 9.992 → 0: too little to offer anything
        ("0.01", "0.00"),
        ("0", "0.00"),  # nothing left: nothing offered
        ("-3000.25", "0.00"),
        ("1000000.05", "800,000.00"),  # 1,000,000.05 × 4/5 = 800,000.04 → 800,000
    ],
)
def test_the_default_offer_is_four_fifths_rounded_down_to_ten(available: str, offer: str) -> None:
    assert letter.money_text(letter.default_offer(Decimal(available))) == offer


def test_the_default_offer_against_an_exact_reference() -> None:
    # every amount of fen from 0.00 to 300.00 and a spread of larger ones: the offer is the largest multiple of
    # 10 not above 4/5 of what is left, so it leaves at least 1/5 for emergencies
    amounts = [Decimal(cents) / 100 for cents in range(0, 30_001)]
    amounts += [Decimal(cents) / 100 for cents in range(30_001, 10_000_000, 9_973)]
    for available in amounts:
        offer = letter.default_offer(available)
        share = Fraction(available) * Fraction(4, 5)
        assert offer % 10 == 0 and offer >= 0, available
        assert Fraction(offer) <= share < Fraction(offer) + 10, available
        assert available - offer >= available / 5, available


def test_a_reader_chosen_offer_is_honoured() -> None:
    # 499.75 left, the reader offers 450: reserve 499.75 − 450 = 49.75
    result = run(offer="450")
    assert result["values"]["offer"] == "450.00"
    assert result["values"]["reserve"] == "49.75"
    assert result["values"]["verdict"] == "按每月 450.00 元提出还款计划，留出 49.75 元应急。"
    assert "按每月 450.00 元为我重新安排分期还款" in letter_text(result)
    assert "我留出 49.75 元应急，每月可以拿出 450.00 元还这笔借款" in short_text(result)
    assert 'data-message="offer_over_available"' not in result["html"]["notice"]


def test_offering_all_that_is_left_says_no_margin_is_kept() -> None:
    result = run(offer="499.75")
    assert result["values"]["reserve"] == "0.00"
    assert result["values"]["verdict"] == "按每月 499.75 元提出还款计划：这是收支相减剩下的全部，没有留出应急的钱。"
    assert "每月可以拿出 499.75 元还这笔借款" in short_text(result)
    assert "留出" not in short_text(result)
    assert 'data-message="offer_over_available"' not in result["html"]["notice"]


def test_an_offer_above_what_is_left_is_written_as_typed_with_a_warning() -> None:
    # 600 offered, 499.75 left: 600 − 499.75 = 100.25 more than is left
    result = run(offer="600")
    assert result["values"]["offer"] == "600.00"
    assert result["values"]["reserve"] == "0.00"
    assert "比收支相减剩下的多 100.25 元" in result["values"]["verdict"]
    warning = result["html"]["notice"]
    assert 'data-message="offer_over_available"' in warning
    assert "你填的每月 600.00 元，比收支相减剩下的 499.75 元多 100.25 元。" in warning
    assert "答应了又做不到" in warning
    assert "按每月 600.00 元为我重新安排分期还款" in letter_text(result)
    assert "我会另外想办法，每月拿出 600.00 元还这笔借款" in short_text(result)


def test_an_offer_when_nothing_is_left_warns_with_the_shortfall() -> None:
    # rent 5000: 5300.25 − (5000 + 1200.50 + 800 + 300) − 1000 = −3000.25; the reader still offers 200
    result = run(rent="5000", offer="200")
    assert result["values"]["available"] == "-3,000.25"
    assert result["values"]["verdict"] == "按你填的每月 200.00 元提出还款计划，可是收支相减已经没有剩余：先看下面的提醒。"
    assert "可是收支相减已经没有剩余（每月还差 3,000.25 元）" in result["html"]["notice"]
    assert "收支相减，每月已经没有剩余。我会另外想办法，每月拿出 200.00 元还这笔借款。" in short_text(result)


def test_an_offer_of_zero_asks_for_a_pause_even_with_money_left() -> None:
    result = run(offer="0")
    assert result["values"]["offer"] == "0.00"
    assert result["values"]["verdict"] == "收支相减只剩下 499.75 元，提出的数是 0：先申请延期，不承诺还款计划。"
    for text in texts(result).values():
        assert "延期" in text and "分期还款" not in text and "拿出 0.00" not in text


@pytest.mark.parametrize(
    ("rent", "available", "verdict"),
    [
        # 5300.25 − (1999.75 + 1200.50 + 0 + 800 + 300) − 1000 = 5300.25 − 4300.25 − 1000 = 0
        ("1999.75", "0.00", "收支刚好相抵，拿不出钱还款：先申请延期，不承诺还款计划。"),
        # 5300.25 − (5000 + 1200.50 + 0 + 800 + 300) − 1000 = 5300.25 − 7300.50 − 1000 = −3000.25
        ("5000", "-3,000.25", "每月还差 3,000.25 元：先申请延期，不承诺还款计划。"),
        # 5300.25 − (1987.26 + 1200.50 + 800 + 300) − 1000 = 12.49 left; 12.49 × 4/5 = 9.992 → 0 offered
        ("1987.26", "12.49", "收支相减只剩下 12.49 元，提出的数是 0：先申请延期，不承诺还款计划。"),
    ],
)
def test_nothing_offered_asks_for_a_pause_not_a_plan(rent: str, available: str, verdict: str) -> None:
    result = run(rent=rent)
    assert result["values"]["available"] == available
    assert result["values"]["offer"] == "0.00"
    assert result["values"]["verdict"] == verdict
    for text in texts(result).values():
        assert "延期" in text and "分期还款" not in text and "拿出" not in text


# ---- only what the reader filled in ----------------------------------------------------------------------------

# food, medical and children left empty or 0: only 房租 and 交通 were entered (1500 + 300 = 1800)
PARTLY_EMPTY = {"food": "", "medical": "", "children": "0"}


@pytest.mark.parametrize("length", ["short", "full"])
@pytest.mark.parametrize("purpose", PURPOSES)
def test_only_the_expenses_entered_appear_in_each_text(purpose: str, length: str) -> None:
    result = run(purpose=purpose, **PARTLY_EMPTY)
    text = texts(result)[length]
    for never in ("吃饭", "看病", "孩子"):
        assert never not in text, (purpose, length, never)
    if purpose in PROMISING:
        assert "必要开支（房租或房贷、交通和通讯）合计 1,800.00 元" in text
    else:
        assert "房租" not in text and "交通和通讯" not in text  # a statement or complaint names no expense at all


def test_with_no_expenses_and_no_other_debts_the_sentence_names_neither() -> None:
    # 5300.25 left, nothing else: 5300.25 × 4/5 = 4240.20 → 4240 offered, 1060.25 kept back
    result = run(rent="", food="", children="", transport="0", debts=[])
    short = short_text(result)
    assert "我每月收入合计 5,300.25 元。收支相减，每月剩下 5,300.25 元。" in short
    assert "必要开支" not in short and "其他欠款" not in short
    assert result["values"]["offer"] == "4,240.00"
    assert result["values"]["reserve"] == "1,060.25"


# ---- promises: only where the reader asks for a plan -----------------------------------------------------------


@pytest.mark.parametrize("offer", ["", "450", "600"])
@pytest.mark.parametrize("purpose", NOT_PROMISING)
def test_a_statement_request_or_a_complaint_promises_nothing(purpose: str, offer: str) -> None:
    result = run(purpose=purpose, offer=offer, app_due="12345.67")
    for length, text in texts(result).items():
        for pledge in ("愿意还款", "还款计划", "分期还款", "每月", "拿出", "我会按", "商量"):
            assert pledge not in text, (purpose, length, pledge)
        for amount in ("5,300.25", "499.75", "390.00", "450.00", "600.00", "1,000.00"):
            assert amount not in text, (purpose, length, amount)
    assert result["values"]["offer"] == result["values"]["reserve"] == "—"
    assert result["values"]["verdict"] == "这段文字不承诺还款，也不写你能还多少。"
    assert result["html"]["notice"] == ""  # no notice of a promise, no warning about an amount not written


@pytest.mark.parametrize("purpose", PROMISING)
def test_a_plan_promises_the_offer_not_the_whole_surplus(purpose: str) -> None:
    result = run(purpose=purpose)
    for length, text in texts(result).items():
        assert "每月可以拿出 390.00 元" in text, (purpose, length)
        assert "拿出 499.75" not in text and "按每月 499.75" not in text, (purpose, length)


# ---- the App's amount ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("app_due", ["", "12345.67"])
@pytest.mark.parametrize("offer", ["", "0", "600"])
@pytest.mark.parametrize("purpose", PURPOSES)
def test_no_text_writes_an_admitted_total(purpose: str, offer: str, app_due: str) -> None:
    whole = json.dumps(run(purpose=purpose, offer=offer, app_due=app_due), ensure_ascii=False)
    for admitted in ("欠款一共", "一共欠", "欠款合计", "欠你们"):
        assert admitted not in whole, (purpose, admitted)


@pytest.mark.parametrize("purpose", ["hardship", "penalty_relief", "statement"])
def test_the_apps_amount_is_quoted_as_the_apps_with_a_request_for_the_breakdown(purpose: str) -> None:
    result = run(purpose=purpose, app_due="12345.67")
    for length, text in texts(result).items():
        sentence = re.search(r"App 显示这笔借款现在应还 12,345\.67 元[^。]*。", text)
        assert sentence, (purpose, length)
        assert "明细" in sentence.group(0) or "怎样算出来的" in sentence.group(0), (purpose, length)


def test_the_complaint_leaves_the_apps_amount_out() -> None:
    assert "12,345.67" not in json.dumps(run(purpose="complaint", app_due="12345.67"), ensure_ascii=False)


@pytest.mark.parametrize("purpose", PURPOSES)
def test_without_the_apps_amount_no_line_is_left_empty(purpose: str) -> None:
    result = run(purpose=purpose)
    assert "App 显示" not in json.dumps(result, ensure_ascii=False)
    assert "<p></p>" not in result["html"]["letter"]


# ---- the notice ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", PROMISING)
def test_a_text_that_promises_comes_with_the_notice_of_what_sending_it_means(purpose: str) -> None:
    notice = run(purpose=purpose)["html"]["notice"]
    facts = from_repository("letters").facts
    assert 'data-message="acknowledgement"' in notice
    assert facts["letter_ack_restarts_limitation"] in notice  # the rule, as the facts registry words it
    assert '<a href="#写信之前诉讼时效">写信之前：诉讼时效</a>' in notice
    assert "很多年没人催过" in notice and "转给别的公司" in notice and "法律援助" in notice
    # the notice comes before the texts: the slots are in this order on the page
    assert [slot.key for slot in letter.FORM.slots] == ["notice", "short", "letter"]


def test_the_forms_notes_say_it_without_javascript() -> None:
    notes = "".join(letter.FORM.notes)
    assert "等于书面承认欠款" in notes and "写信之前：诉讼时效" in notes


def test_the_method_calls_the_margin_the_tools_own_rule() -> None:
    method = "".join(letter.FORM.method)
    assert "4/5" in method and "向下取整到 10 元" in method
    assert "本工具自己的经验做法，不是法律或银行的规定" in method


# ---- the rest of the texts ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("purpose", PURPOSES)
def test_each_purpose_has_a_short_message_and_a_letter_with_blanks(purpose: str) -> None:
    result = run(purpose=purpose, app_due="12345.67")
    assert 20 < len(short_text(result)) < 400  # short enough for a chat box
    assert 'data-copy="letter-short-text"' in result["html"]["short"]
    assert 'data-print="letter-full-text"' in result["html"]["letter"]
    for blank in ("借款人姓名：" + letter.BLANK, "身份证号：" + letter.BLANK, "借款编号：" + letter.BLANK):
        assert blank in result["html"]["letter"]


def test_the_complaint_names_the_conduct_and_the_rules_from_facts() -> None:
    html = run(purpose="complaint", conduct="third_party")["html"]
    assert "联系我的家人、朋友或同事" in html["short"]
    facts = from_repository("letters").facts
    assert facts["gbt45251_quiet_hours"] in html["letter"]
    assert facts["hotline_12378"] in html["letter"]


def test_no_other_debts_is_allowed() -> None:
    assert run(debts=[])["values"]["debts_total"] == "0.00"


def test_bad_amounts_are_chinese_messages_at_their_fields() -> None:
    with pytest.raises(FieldErrors) as caught:
        run(
            rent="-5",
            offer="很多",
            app_due="-1",
            incomes=[{"name": "工资", "amount": "abc"}],
            debts=[{"name": "", "payment": ""}],
        )
    errors = caught.value.errors
    assert set(errors) == {"rent", "offer", "app_due", "incomes.0.amount", "debts.0.payment"}
    assert errors["rent"] == "房租或房贷不能是负数。"
    assert errors["offer"].startswith("请输入每月打算还的钱")
    assert errors["app_due"] == "App 显示的应还金额不能是负数。"


def test_an_offer_may_be_typed_with_its_unit() -> None:
    assert run(offer="1万")["values"]["offer"] == "10,000.00"  # 1 万 = 10,000: more than is left, so it warns
    assert 'data-message="offer_over_available"' in run(offer="1万")["html"]["notice"]


def test_the_form_defaults_compute() -> None:
    outcome = letter.CALCULATOR.run(letter.FORM.defaults())
    assert outcome["ok"], outcome


def test_a_digit_in_a_template_is_refused_with_its_key() -> None:
    dataset = from_repository("letters")
    data = {**dataset.data, "offer": {**dataset.data["offer"], "keep": "每月 500 元"}}
    with pytest.raises(DataError) as caught:
        letter.load_templates(type(dataset)(dataset.name, data, dataset.facts))
    assert caught.value.key == "offer.keep"


def test_a_purpose_that_asks_for_no_plan_cannot_write_the_readers_money() -> None:
    dataset = from_repository("letters")
    statement = {**dataset.data["purposes"]["statement"], "short": "核对清楚后，我每月还 {offer} 元。"}
    data = {**dataset.data, "purposes": {**dataset.data["purposes"], "statement": statement}}
    with pytest.raises(DataError, match="only a purpose with `ask`") as caught:
        letter.load_templates(type(dataset)(dataset.name, data, dataset.facts))
    assert caught.value.key == "purposes.statement.short"


def test_only_the_sentence_about_money_may_name_the_expenses() -> None:
    dataset = from_repository("letters")
    hardship = {**dataset.data["purposes"]["hardship"], "short": "我的开支有{expense_names}。"}
    data = {**dataset.data, "purposes": {**dataset.data["purposes"], "hardship": hardship}}
    with pytest.raises(DataError, match="unknown placeholder") as caught:
        letter.load_templates(type(dataset)(dataset.name, data, dataset.facts))
    assert caught.value.key == "purposes.hardship.short"


def test_the_reminder_needs_its_link() -> None:
    dataset = from_repository("letters")
    data = {**dataset.data, "reminder": {**dataset.data["reminder"], "text": "发出去之前请注意。"}}
    with pytest.raises(DataError, match=r"\{link\}") as caught:
        letter.load_templates(type(dataset)(dataset.name, data, dataset.facts))
    assert caught.value.key == "reminder.text"


def test_the_letter_lists_the_lines_behind_the_totals_escaped() -> None:
    html = run(incomes=[{"name": "<b>工资</b>", "amount": "4500"}, {"name": "", "amount": "800.25"}])["html"]["letter"]
    assert "每月收入：&lt;b&gt;工资&lt;/b&gt; 4,500.00 元、第 2 项 800.25 元；" in html
    assert "必要开支：房租或房贷 1,500.00 元、吃饭和日用 1,200.50 元、孩子（学费、生活费） 800.00 元、交通和通讯 300.00 元；" in html
    assert "其他欠款每月要还：信用卡 1,000.00 元。" in html
    assert "<b>" not in html
