"""Static tables for the demo programme: places, people, employers (positions: positions.py).

Only data lives here, so that the builder reads as the story of how the programme is built. Codes
(skills, sectors, offences, shifts) come from matching.taxonomy; tests check they all exist.
"""
from __future__ import annotations

from typing import NamedTuple

from .positions import POSITIONS, PositionRow  # noqa: F401 (read as data.POSITIONS)


class CaseworkerRow(NamedTuple):
    login: str
    name: str
    agency: str
    title: str
    province: int
    wards: tuple[int, ...]


class EmployerRow(NamedTuple):
    key: str
    name: str
    sector: str
    tax_base: str
    province: int
    ward: int
    address: str
    record_stage: str
    verified: bool
    hire_bias: float
    retention_bias: float
    members: tuple[tuple[str, str, str], ...]
    statement: str


class DemoCandidateRow(NamedTuple):
    phone: str
    name: str
    gender: str
    birth_year: int
    province: int
    ward: int
    caseworker: str
    skills: tuple[str, ...]
    education: int
    physical_capacity: int
    legal_status: str
    offence: str | None
    experience: str
    sectors: tuple[str, ...]

# The communes of the four programmes in DESIGN.md, after the 2025 reform (vietnam-provinces codes).
PROVINCE_WARDS: dict[int, tuple[int, ...]] = {
    # Ninh Bình, the former Hà Nam province.
    37: (13291, 13285, 13324, 13384, 13420, 13495, 13504, 13573),
    # Quảng Ninh, the former Uông Bí city.
    22: (6811, 6820, 6832, 7135, 7168),
    # Nghệ An, the former Thanh Chương district.
    40: (17818, 17728, 17791, 17713, 17722),
    # Hồ Chí Minh City, the former District 1.
    79: (26740, 26737, 26743, 26758),
}
# How many of the ~200 candidates each programme holds (Hà Nam's is the largest).
CANDIDATES_PER_PROVINCE: dict[int, int] = {37: 72, 22: 58, 40: 36, 79: 34}

# Skills common where each programme is, so a quarry town has stone cutters and HCMC has cooks.
LOCAL_SKILLS: dict[int, tuple[str, ...]] = {
    37: ("stone_cutting", "sewing", "masonry", "farming", "driving", "welding", "handicraft"),
    22: ("electronics_assembly", "masonry", "driving", "mechanics", "welding", "electrical",
         "fishing"),
    40: ("farming", "livestock", "driving", "masonry", "carpentry", "packing"),
    79: ("cooking", "cleaning", "driving", "sales", "security", "warehouse", "forklift"),
}

SURNAMES = (
    ("Nguyễn", 30), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Hoàng", 4), ("Huỳnh", 3), ("Phan", 4),
    ("Vũ", 4), ("Võ", 3), ("Đặng", 2), ("Bùi", 3), ("Đỗ", 3), ("Hồ", 2), ("Ngô", 2), ("Dương", 1),
    ("Lý", 1), ("Đinh", 2), ("Mai", 1), ("Trịnh", 1), ("Lương", 1), ("Tạ", 1), ("Đào", 1),
)
MIDDLE_MALE = ("Văn",) * 6 + (
    "Đức", "Minh", "Quang", "Hữu", "Công", "Xuân", "Thanh", "Ngọc", "Đình")
MIDDLE_FEMALE = ("Thị",) * 6 + ("Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Hồng")
GIVEN_MALE = (
    "Hùng", "Dũng", "Tuấn", "Nam", "Hải", "Long", "Cường", "Thắng", "Sơn", "Quân", "Bình", "Hoàng",
    "Phong", "Tùng", "Khánh", "Trung", "Đức", "Toàn", "Thành", "Hiếu", "Lâm", "Hưng", "Việt", "Tài",
    "Hậu", "Lợi", "Tiến", "Kiên", "Đạt", "Vinh", "Huy", "Mạnh", "Chiến", "Phúc", "Tú", "Bảo",
)
GIVEN_FEMALE = (
    "Mai", "Lan", "Hương", "Hoa", "Hằng", "Thảo", "Trang", "Linh", "Nga", "Huyền", "Nhung",
    "Phượng", "Yến", "Hạnh", "Loan", "Dung", "Tuyết", "Oanh", "Thủy", "Hiền",
)
# Vietnamese mobile prefixes (Viettel, Vinaphone, Mobifone, Vietnamobile).
PHONE_PREFIXES = (
    "032", "033", "034", "035", "036", "037", "038", "039", "056", "058", "070", "076", "077",
    "078", "079", "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093",
    "094", "096", "097", "098",
)

# Weights for the candidates' circumstances: schooling skews low, most can do heavy work.
EDUCATION_WEIGHTS = {0: 5, 1: 18, 2: 40, 3: 25, 4: 8, 5: 3, 6: 1}
PHYSICAL_WEIGHTS = {0: 5, 1: 20, 2: 45, 3: 30}
SHIFT_CHOICES = (("day",), ("day",), ("day", "rotating"), ("day", "night", "rotating"),
                 ("night", "rotating"))
LEGAL_WEIGHTS = {"released": 45, "probation": 12, "suspended_sentence": 15, "supervision": 10,
                 "expunged": 18}
OFFENCE_WEIGHTS = {"property": 35, "drugs": 30, "violence": 12, "traffic": 8, "fraud": 7,
                   "other": 8}
# After which step each decline reason is recorded: the employer screens after "sent", the rest
# happens at or after the interview, the candidate may back out earlier.
DECLINE_AFTER = {
    "skills": ("sent", "interview"), "record": ("sent", "interview"),
    "seat_filled": ("sent", "interview"), "distance": ("approved", "sent", "interview"),
    "health": ("interview",), "schedule": ("approved", "interview"), "no_show": ("interview",),
    "candidate_declined": ("approved", "sent", "interview"),
    "other": ("sent", "interview"),
}

# login, full name, agency, title, province, communes. The first two are the demo logins.
CASEWORKERS = tuple(CaseworkerRow(*row) for row in (
    ("canbo.uongbi@loive.vn", "Phạm Văn Dũng", "police", "Thiếu tá, Công an phường Uông Bí", 22,
     (6811, 6820, 6832)),
    ("canbo.phuly@loive.vn", "Đinh Quang Huy", "police", "Trung úy, Công an phường Phủ Lý", 37,
     (13291, 13285, 13495)),
    ("canbo.duytien@loive.vn", "Trần Thị Thu Hà", "front",
     "Phó Chủ tịch Ủy ban MTTQ phường Duy Tiên", 37, (13324, 13384, 13420)),
    ("canbo.binhluc@loive.vn", "Lê Thị Hồng", "women_union", "Chủ tịch Hội LHPN xã Bình Lục", 37,
     (13504, 13573)),
    ("laodong.ninhbinh@loive.vn", "Vũ Minh Tuấn", "home_affairs",
     "Chuyên viên Phòng Lao động – Việc làm, Sở Nội vụ Ninh Bình", 37, (13291, 13324)),
    ("canbo.dongmai@loive.vn", "Nguyễn Thị Thanh Hương", "home_affairs",
     "Công chức Văn hóa – Xã hội phường Đông Mai", 22, (7135, 7168)),
    ("canbo.bichhao@loive.vn", "Hồ Sỹ Thắng", "front", "Chủ tịch Ủy ban MTTQ xã Bích Hào", 40,
     (17818, 17728, 17791)),
    ("canbo.daidong@loive.vn", "Nguyễn Văn Lực", "police", "Công an xã Đại Đồng", 40,
     (17713, 17722)),
    ("canbo.saigon@loive.vn", "Trương Minh Tâm", "police", "Đại úy, Công an phường Sài Gòn", 79,
     (26740, 26743)),
    ("canbo.tandinh@loive.vn", "Huỳnh Thị Ngọc Trâm", "women_union", "Hội LHPN phường Tân Định", 79,
     (26737, 26758)),
))
ADMINS = (
    ("admin@loive.vn", "Nguyễn Thị Lan Anh"),
    ("admin2@loive.vn", "Bùi Đức Mạnh"),
)

# The tax-code base is nine digits: demo.py adds the mod-11 check digit. The two biases are what a
# ranker can learn: some employers (the quarry, the garment factory) hire and keep people more.
# Members are (login, name, title); the first member of the first two employers are demo logins.
EMPLOYERS = (
    EmployerRow(
        "quarry", "Công ty CP Đá Kiện Khê", "quarry", tax_base="070012345",
        province=37, ward=13285, address="Khu mỏ đá Kiện Khê", record_stage="never",
        verified=True, hire_bias=2.0, retention_bias=1.4,
        members=(
            ("tuyendung@dakienkhe.vn", "Phạm Văn Thắng", "Trưởng phòng Tổ chức – Hành chính"),
            ("quandoc@dakienkhe.vn", "Lê Văn Toàn", "Quản đốc mỏ"),
        ),
        statement=(
            "Công ty không hỏi về tiền án. Chúng tôi đã nhận hơn 60 người sau khi chấp hành án vào"
            " làm ở mỏ; ai chăm chỉ, giữ an toàn lao động đều được ký hợp đồng và đóng bảo hiểm "
            "đầy đủ."),
    ),
    EmployerRow(
        "garment", "Công ty TNHH May Phủ Lý", "garment", tax_base="070045678",
        province=37, ward=13291, address="Cụm công nghiệp Nam Châu Sơn",
        record_stage="after_offer", verified=True, hire_bias=1.4, retention_bias=1.2,
        members=(
            ("nhansu@mayphuly.vn", "Đỗ Thị Hương", "Trưởng phòng Nhân sự"),
            ("totruong@mayphuly.vn", "Ngô Thị Bích", "Tổ trưởng chuyền may"),
        ),
        statement=(
            "Chúng tôi tuyển theo tay nghề và thái độ làm việc. Chỉ hỏi về lý lịch sau khi đã mời "
            "nhận việc, và thông tin này được giữ kín trong phòng nhân sự."),
    ),
    EmployerRow(
        "electronics", "Công ty TNHH Điện tử Đông Mai", "electronics", tax_base="570123456",
        province=22, ward=7135, address="Khu công nghiệp Đông Mai", record_stage="interview",
        verified=True, hire_bias=-0.2, retention_bias=-0.2,
        members=(
            ("tuyendung@dientudongmai.vn", "Vương Thị Kim Oanh", "Chuyên viên tuyển dụng"),
        ),
        statement=(
            "Chúng tôi đào tạo tại chỗ cho người chưa có nghề, có ký túc xá và xe đưa đón. Người "
            "từng lầm lỗi được đối xử như mọi công nhân khác."),
    ),
    EmployerRow(
        "construction", "Công ty CP Xây dựng Uông Bí", "construction", tax_base="570234567",
        province=22, ward=6811, address="Số 18 đường Quang Trung", record_stage="never",
        verified=True, hire_bias=0.0, retention_bias=-0.3,
        members=(
            ("nhansu@xaydunguongbi.vn", "Đặng Văn Quyết", "Phó phòng Nhân sự"),
            ("chihuy@xaydunguongbi.vn", "Mai Xuân Trường", "Chỉ huy trưởng công trình"),
        ),
        statement=(
            "Công trường cần người khỏe, chịu khó. Chúng tôi không hỏi về quá khứ, chỉ hỏi anh em "
            "có muốn làm việc lâu dài không."),
    ),
    EmployerRow(
        "coop", "HTX Nông nghiệp Thanh Chương", "agriculture", tax_base="290045671",
        province=40, ward=17818, address="Xóm 5, xã Bích Hào", record_stage="never",
        verified=True, hire_bias=0.4, retention_bias=0.3,
        members=(
            ("bql@htxthanhchuong.vn", "Phan Đình Lộc", "Giám đốc hợp tác xã"),
        ),
        statement=(
            "Hợp tác xã nhận người trở về địa phương vào trồng chè, cam và chăn nuôi; có chỗ ở tại"
            " trang trại cho người ở xa."),
    ),
    EmployerRow(
        "school", "Trung tâm GDNN–GDTX Phủ Lý", "services", tax_base="070078912",
        province=37, ward=13291, address="Đường Lê Công Thanh", record_stage="never",
        verified=True, hire_bias=1.5, retention_bias=0.6,
        members=(
            ("tuyensinh@gdnnphuly.edu.vn", "Trịnh Thị Thanh Nga", "Phó Giám đốc trung tâm"),
        ),
        statement=(
            "Trung tâm miễn học phí các lớp sơ cấp nghề cho người chấp hành xong án phạt tù theo "
            "chương trình hỗ trợ của tỉnh, và giới thiệu việc làm sau khóa học."),
    ),
    EmployerRow(
        "food", "Công ty CP Thực phẩm Xứ Nghệ", "manufacturing", tax_base="290112233",
        province=40, ward=17713, address="Xóm 2, xã Đại Đồng", record_stage="after_offer",
        verified=True, hire_bias=-0.3, retention_bias=-0.4,
        members=(
            ("nhansu@thucphamxunghe.vn", "Hoàng Văn Nghĩa", "Trưởng ca sản xuất"),
        ),
        statement=(
            "Chúng tôi tuyển lao động địa phương, ưu tiên người có hoàn cảnh khó khăn; lý lịch chỉ"
            " được xem sau khi đã đồng ý nhận việc."),
    ),
    EmployerRow(
        "logistics", "Công ty TNHH Kho vận Bến Thành", "logistics", tax_base="031234567",
        province=79, ward=26743, address="Số 42 đường Lê Lai", record_stage="application",
        verified=True, hire_bias=-0.5, retention_bias=-0.8,
        members=(
            ("tuyendung@khovanbenthanh.vn", "Lý Minh Khoa", "Quản lý kho"),
        ),
        statement=(
            "Công ty sẵn sàng nhận người đã chấp hành xong án; riêng vị trí thủ kho theo quy định "
            "nội bộ không nhận người từng phạm tội xâm phạm sở hữu."),
    ),
    EmployerRow(
        "cleaning", "Công ty TNHH Dịch vụ Vệ sinh Sài Gòn Sạch", "services", tax_base="030987654",
        province=79, ward=26758, address="Số 7 đường Nguyễn Thái Học", record_stage="interview",
        verified=True, hire_bias=0.2, retention_bias=-0.3,
        members=(
            ("dieuphoi@saigonsach.vn", "Võ Thị Kiều", "Điều phối nhân sự"),
            ("bepan@saigonsach.vn", "Đào Thị Sen", "Bếp trưởng"),
        ),
        statement=(
            "Chúng tôi tin ai cũng xứng đáng có cơ hội làm lại. Bếp ăn trường mầm non có yêu cầu "
            "riêng theo quy định bảo vệ trẻ em."),
    ),
    EmployerRow(
        "kiln", "Công ty TNHH Gạch Tuynel Bình Lục", "manufacturing", tax_base="070033210",
        province=37, ward=13504, address="Thôn Bói Kênh, xã Bình Lục", record_stage="after_offer",
        verified=False, hire_bias=0.0, retention_bias=0.0,
        members=(
            ("giamdoc@gachbinhluc.vn", "Trần Văn Bảy", "Giám đốc"),
        ),
        statement="Lò gạch cần thêm công nhân đóng gạch và vận hành lò, có chỗ ở cho người ở xa.",
    ),
    EmployerRow(
        "mechanics", "Công ty TNHH Cơ khí Hà An", "manufacturing", tax_base="570345670",
        province=22, ward=7168, address="Khu dân cư Hà An", record_stage="application",
        verified=False, hire_bias=0.0, retention_bias=0.0,
        members=(
            ("lienhe@cokhihaan.vn", "Bùi Văn Lộc", "Chủ doanh nghiệp"),
        ),
        statement="Xưởng cơ khí nhỏ, cần thợ hàn có kinh nghiệm.",
    ),
)

# Jobs and training seats. Positions of unverified employers stay drafts until an admin verifies
# the company.
DEMO_CANDIDATES = tuple(DemoCandidateRow(*row) for row in (
    ("0912000001", "Nguyễn Văn Hùng", "male", 1988, 37, 13285, "canbo.phuly@loive.vn",
     ("stone_cutting", "driving", "masonry"), 2, 3, "released", "property",
     "Từng làm thợ đục đá ở Kiện Khê 4 năm, biết lái xe máy, có bằng lái B2.",
     ("quarry", "construction")),
    ("0912000002", "Trần Thị Mai", "female", 1995, 22, 6811, "canbo.uongbi@loive.vn",
     ("electronics_assembly", "packing", "sewing"), 3, 1, "probation", "fraud",
     "Từng làm công nhân lắp ráp điện thoại ở Bắc Ninh 2 năm, biết may cơ bản.",
     ("electronics", "garment")),
))

# The one referral each demo candidate is following (position title, status reached).
DEMO_REFERRALS = (("Thợ chế tác đá mỹ nghệ", "interview"),
                  ("Công nhân lắp ráp (đào tạo tại chỗ)", "approved"))

# What a caseworker writes about experience with each skill ({n} = years).
EXPERIENCE = {
    "stone_cutting": "Từng làm thợ đục đá ở mỏ {n} năm",
    "sewing": "Từng làm công nhân may {n} năm",
    "welding": "Biết hàn que, từng làm ở xưởng cơ khí {n} năm",
    "forklift": "Có chứng chỉ lái xe nâng, làm kho {n} năm",
    "electronics_assembly": "Từng làm lắp ráp linh kiện ở khu công nghiệp {n} năm",
    "farming": "Làm ruộng, trồng rau màu cùng gia đình",
    "livestock": "Nuôi lợn, bò ở nhà {n} năm",
    "masonry": "Từng làm phụ hồ {n} năm",
    "carpentry": "Biết làm mộc, đóng bàn ghế",
    "driving": "Biết lái xe máy, có bằng lái B2",
    "cooking": "Từng phụ bếp quán ăn {n} năm",
    "cleaning": "Từng làm tạp vụ, vệ sinh {n} năm",
    "electrical": "Biết sửa điện dân dụng",
    "plumbing": "Biết lắp đặt đường nước",
    "mechanics": "Từng sửa xe máy ở tiệm {n} năm",
    "packing": "Từng làm đóng gói hàng ở xưởng {n} năm",
    "warehouse": "Từng bốc xếp ở chợ đầu mối {n} năm",
    "sales": "Từng bán hàng ở chợ",
    "security": "Từng làm bảo vệ công trường {n} năm",
    "computer_basic": "Biết dùng máy tính, Word, Excel cơ bản",
    "fishing": "Từng đi biển, nuôi hàu {n} năm",
    "handicraft": "Biết đan lát, làm hàng thủ công mỹ nghệ",
}
NO_EXPERIENCE = (
    "Chưa có kinh nghiệm làm việc ổn định, muốn học nghề.",
    "Làm thuê thời vụ, phụ giúp gia đình.",
    "Đi chấp hành án từ khi còn trẻ, chưa từng đi làm công ty.",
)
HEALTH_NOTES = (
    ("Đau lưng mãn tính, không mang vác nặng được", 1),
    ("Viêm gan B, đang điều trị ổn định", None),
    ("Đang điều trị methadone tại trạm y tế", None),
    ("Tay phải từng bị gãy, hạn chế mang vác", 1),
    ("Huyết áp cao", 2),
    ("Hen suyễn nhẹ, tránh môi trường nhiều bụi", 1),
    ("Cận thị nặng", None),
)

NOTES = (
    ("visit", "Đến thăm gia đình, anh/chị ổn định, đang tìm việc gần nhà."),
    ("visit", "Thăm tại nhà cùng trưởng thôn; gia đình mong được hỗ trợ vay vốn."),
    ("visit", "Gặp tại nơi làm việc, quản đốc nhận xét chăm chỉ, đi làm đúng giờ."),
    ("call", "Gọi điện hỏi thăm, đã đi làm được hơn một tháng."),
    ("call", "Nhắc lịch phỏng vấn và mang theo căn cước công dân."),
    ("call", "Không liên lạc được, sẽ đến nhà vào tuần sau."),
    ("note", "Đã hướng dẫn làm hồ sơ vay vốn Ngân hàng Chính sách xã hội."),
    ("note", "Đề nghị xét rút ngắn thời gian thử thách do chấp hành tốt."),
    ("note", "Gia đình đồng ý bảo lãnh, cam kết giúp đỡ tại cộng đồng."),
    ("note", "Muốn học nghề hàn hoặc sửa xe máy để có việc ổn định."),
)
SUPPORT_NOTES = {
    "loan": "Vay vốn Ngân hàng Chính sách xã hội theo Quyết định 22/2023/QĐ-TTg, thời hạn 36 "
            "tháng.",
    "training": "Miễn học phí lớp sơ cấp nghề tại Trung tâm GDNN–GDTX.",
    "health_insurance": "Cấp thẻ bảo hiểm y tế hộ cận nghèo.",
    "papers": "Hỗ trợ làm lại căn cước công dân và đăng ký thường trú.",
    "gift": "Quà Tết của Ủy ban MTTQ.",
}
MILESTONE_NOTES = {
    "probation_shortened": "Tòa án quyết định rút ngắn thời gian thử thách do chấp hành tốt.",
    "expunged": "Được cấp giấy chứng nhận xóa án tích.",
    "out_of_management": "Ra khỏi diện quản lý, giúp đỡ tại cộng đồng.",
}
EVENT_NOTES = {
    "proposed": "Cán bộ đề xuất giới thiệu.",
    "approved": "Đã trao đổi với ứng viên, đồng ý giới thiệu.",
    "sent": "Đã gửi hồ sơ cho doanh nghiệp.",
    "interview": "Hẹn phỏng vấn tại công ty.",
    "hired": "Nhận vào làm, thử việc một tháng.",
    "declined": "",
    "withdrawn": "Ứng viên rút hồ sơ.",
    "left": "Doanh nghiệp báo người lao động đã nghỉ việc.",
}
