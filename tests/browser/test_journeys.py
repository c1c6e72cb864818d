"""One placement, end to end, in a real browser over the demo programme.

The journeys run in order on one server: a quarry registers and posts a job with a training seat
leading to it; the Phủ Lý caseworker refers Nguyễn Văn Hùng (demo login 0912000001) to that job;
the quarry interviews and hires him; he sees it on his phone, in Vietnamese and in English.
Every page passes the checks of `Tab.check` (see conftest.py) and leaves a screenshot.
"""
import re

import pytest
from playwright.sync_api import expect

from marketplace.services.demo.base import tax_code

from .conftest import PHONE

pytestmark = pytest.mark.browser

DEMO_PASSWORD = "loive-demo-2026"
COMPANY = "Công ty TNHH Đá Xanh Châu Sơn"
HR_LOGIN = "tuyendung@daxanh.vn"
HR_PASSWORD = "đá xanh châu sơn 2026"
JOB = "Thợ đục đá khối"
TRAINING = "Lớp an toàn nổ mìn 2 tuần"
PERSON = "Nguyễn Văn Hùng"


def _choose_place(page, province: str, ward: str) -> None:
    """The communes follow the province through a fetch; wait for it as a person waits for the list."""
    with page.expect_response(lambda r: "/wards" in r.url):
        page.get_by_label("Tỉnh / thành phố").select_option(label=province)
    page.get_by_label("Xã / phường").select_option(label=ward)


def test_a_an_employer_registers_is_verified_and_posts_a_job_and_a_training_seat(demo_server, watched):
    hr = watched(demo_server.base_url, "a-employer")
    page = hr.page
    hr.goto("/")
    hr.check("landing")
    page.get_by_role("link", name="Tôi là doanh nghiệp").click()
    hr.check("register form")
    page.get_by_label("Tên doanh nghiệp").fill(COMPANY)
    page.get_by_label("Ngành nghề").select_option(label="Khai thác đá")
    page.get_by_label("Mã số thuế").fill(tax_code("270112233"))
    page.get_by_label("Địa chỉ (số nhà, thôn, đường)").fill("Thôn Bút Sơn")
    _choose_place(page, "Ninh Bình", "Phường Châu Sơn")
    page.get_by_label("Họ và tên").fill("Lê Thị Thoa")
    page.get_by_label("Số điện thoại hoặc e-mail công việc").fill(HR_LOGIN)
    page.get_by_role("textbox", name="Mật khẩu", exact=True).fill(HR_PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(HR_PASSWORD)
    page.get_by_role("button", name="Đăng ký doanh nghiệp").click()
    expect(page.get_by_text("Doanh nghiệp đã được đăng ký")).to_be_visible()
    hr.check("registered, awaiting verification")

    admin = watched(demo_server.base_url, "a-admin")
    admin.log_in("admin@loive.vn", DEMO_PASSWORD)
    admin.check("admin overview")
    admin.page.get_by_role("navigation", name="Chính").get_by_role("link", name="Doanh nghiệp").first.click()
    admin.check("companies awaiting verification")
    admin.page.get_by_role("link", name=COMPANY).click()
    admin.check("the company")
    admin.page.get_by_role("button", name="Xác minh").click()
    expect(admin.page.locator("h1")).to_contain_text("Đã xác minh")
    admin.check("verified")

    hr.page.reload()
    hr.check("dashboard once verified")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Vị trí tuyển dụng").click()
    hr.check("positions")
    page.get_by_role("link", name="Vị trí mới").click()
    hr.check("new job form")
    page.get_by_label("Loại").select_option(label="Việc làm")
    page.get_by_label("Chức danh").fill(JOB)
    page.get_by_label("Ngành nghề").select_option(label="Khai thác đá")
    page.get_by_label("Mô tả").fill("Đục, tách đá khối tại mỏ Bút Sơn. Có người hướng dẫn an toàn.")
    page.get_by_label("Số chỗ").fill("3")
    page.get_by_label("Lương thấp nhất (đồng/tháng)").fill("9000000")
    page.get_by_label("Lương cao nhất (đồng/tháng)").fill("11000000")
    _choose_place(page, "Ninh Bình", "Phường Châu Sơn")
    page.get_by_role("group", name="Kỹ năng cần có").get_by_label("Chế tác / khai thác đá").check()
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text(JOB)
    hr.check("the job, a draft")
    page.get_by_role("button", name="Đăng", exact=True).click()
    expect(page.locator(".badge").filter(has_text="Đang tuyển")).to_be_visible()
    hr.check("the job, open")

    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Vị trí tuyển dụng").click()
    page.get_by_role("link", name="Vị trí mới").click()
    page.get_by_label("Loại").select_option(label="Suất học nghề")
    page.get_by_label("Chức danh").fill(TRAINING)
    page.get_by_label("Ngành nghề").select_option(label="Khai thác đá")
    page.get_by_label("Số chỗ").fill("6")
    _choose_place(page, "Ninh Bình", "Phường Châu Sơn")
    page.get_by_label("Thời gian học (tuần)").fill("2")
    page.get_by_label("Việc làm sau khi học xong").select_option(label=JOB)
    page.get_by_role("button", name="Lưu").click()
    expect(page.locator("h1")).to_contain_text(TRAINING)
    page.get_by_role("button", name="Đăng", exact=True).click()
    expect(page.locator(".badge").filter(has_text="Đang tuyển")).to_be_visible()
    hr.check("the training seat, open")
    page.get_by_role("navigation", name="Chính").get_by_role("link", name="Vị trí tuyển dụng").click()
    expect(page.get_by_role("link", name=JOB)).to_be_visible()
    expect(page.get_by_role("link", name=TRAINING)).to_be_visible()
    hr.check("both positions listed")


def test_b_a_caseworker_refers_the_person_to_that_job_with_their_paper_consent(demo_server, watched):
    cw = watched(demo_server.base_url, "b-caseworker")
    page = cw.page
    cw.log_in("canbo.phuly@loive.vn", DEMO_PASSWORD)
    cw.check("today and caseload")
    page.get_by_role("link", name=PERSON, exact=True).click()
    expect(page.locator("h1")).to_have_text(PERSON)
    cw.check("the person's profile")
    page.get_by_role("navigation", name="Hồ sơ").get_by_role("link", name="Giới thiệu").click()
    cw.check("referrals and suggestions")
    card = page.locator("li.card", has=page.get_by_text(JOB, exact=True))
    expect(card).to_have_count(1)
    reasons = card.locator(".reasons li")
    expect(reasons.filter(has_text="Có 1 / 1 kỹ năng cần thiết")).to_have_count(1)
    expect(reasons.filter(has_text="Cùng xã / phường")).to_have_count(1)
    expect(reasons.filter(has_text="Muốn làm ngành Khai thác đá")).to_have_count(1)
    card.get_by_role("button", name="Đề xuất").click()
    referral = page.locator("li.card", has_text=JOB).filter(has=page.locator(".timeline"))
    expect(referral.locator(".badge", has_text="Đề xuất")).to_be_visible()
    cw.check("proposed")
    referral.get_by_role("button", name="Duyệt").click()
    expect(referral.locator(".badge", has_text="Đã duyệt")).to_be_visible()
    cw.check("approved, consent needed")
    referral.get_by_label("Số hiệu phiếu đã ký").fill("PĐY-2026-0117")
    referral.get_by_role("button", name="Ghi nhận phiếu đồng ý đã ký").click()
    expect(page.get_by_text("Đã ghi nhận sự đồng ý")).to_be_visible()
    cw.check("consent recorded")
    referral.get_by_role("button", name="Gửi cho doanh nghiệp").click()
    expect(referral.locator(".badge", has_text="Đã gửi doanh nghiệp")).to_be_visible()
    cw.check("sent to the company")


def test_c_the_employer_sees_only_the_consented_fields_and_records_the_interview_and_hire(
        demo_server, watched):
    hr = watched(demo_server.base_url, "c-employer")
    page = hr.page
    hr.log_in(HR_LOGIN, HR_PASSWORD)
    hr.check("dashboard with a referral waiting")
    page.get_by_role("link", name=re.compile("Lượt giới thiệu chờ bạn trả lời", re.I)).click()
    hr.check("referrals waiting")
    page.get_by_role("link", name=JOB).click()
    expect(page.locator("h1")).to_contain_text(JOB)
    referral = page.locator("li.card", has_text=PERSON)
    expect(referral).to_have_count(1)
    # Shared with consent: name, phone, skills, education, experience. Never the birth year,
    # gender, commune or offence (he did not choose to share it).
    expect(referral).to_contain_text("0912000001")
    expect(referral).to_contain_text("Chế tác / khai thác đá")
    expect(referral).to_contain_text("Từng làm thợ đục đá ở Kiện Khê")
    for hidden in ("1988", "Nam", "Phường Châu Sơn", "Nhóm tội danh", "Xâm phạm sở hữu"):
        expect(referral).not_to_contain_text(hidden)
    hr.check("the referred person")
    _dated_step(page, "Ghi lịch phỏng vấn", "Ngày phỏng vấn", _in_days(demo_server, 2), "Phỏng vấn")
    hr.check("interview recorded")
    _dated_step(page, "Ghi nhận vào làm", "Ngày bắt đầu làm", _in_days(demo_server, 7), "Đã nhận việc")
    expect(page.get_by_text("Đã tuyển 1 / 3")).to_be_visible()
    hr.check("hired")


def test_d_the_person_sees_the_hire_on_a_phone_in_vietnamese_and_in_english(demo_server, watched):
    me = watched(demo_server.base_url, "d-person", viewport=PHONE)
    page = me.page
    me.log_in("0912000001", DEMO_PASSWORD)
    me.check("suggestions")
    page.get_by_role("navigation", name="Trang của tôi").get_by_role("link", name="Giới thiệu").click()
    me.check("my referrals")
    referral = page.locator("li.card", has_text=JOB)
    expect(referral.locator(".badge")).to_have_text("Đã nhận việc")
    expect(referral).to_contain_text(COMPANY)
    page.get_by_role("button", name="English").click()
    me.lang = "en"
    referral = page.locator("li.card", has_text=JOB)
    expect(page.locator("h1")).to_have_text("My referrals")
    expect(referral.locator(".badge")).to_have_text("Hired")
    me.check("my referrals in English")
    page.get_by_role("navigation", name="My pages").get_by_role("link", name="Jobs").click()
    me.check("suggestions in English")


def _dated_step(page, action: str, date_label: str, day: str, status: str) -> None:
    """Open the step's form under the referred person, give the date, confirm, see the new status."""
    referral = page.locator("li.card", has_text=PERSON)
    referral.locator("summary", has_text=action).click()
    referral.get_by_label(date_label).fill(day)
    referral.get_by_role("button", name="Xác nhận").click()
    expect(page.locator("li.card", has_text=PERSON).locator(".badge", has_text=status)).to_be_visible()


def _in_days(app, n: int) -> str:
    """A date n days after the programme's today, as a date input takes it."""
    from datetime import timedelta

    from marketplace.clock import today

    with app.app_context():
        return (today() + timedelta(days=n)).isoformat()
