"""The demo's jobs and training seats, one row each (employer key, kind, title, sector, ...)."""
from __future__ import annotations

from typing import NamedTuple


class PositionRow(NamedTuple):
    employer: str
    kind: str
    title: str
    sector: str
    life: str  # "standing" (recruiting for over a year), "recent" (opened this autumn), "closed"
    description: str
    required: tuple[str, ...] = ()
    preferred: tuple[str, ...] = ()
    min_education: int = 0
    physical_demand: int = 1
    shift: str = "day"
    wage: tuple[int, int] | None = None  # VND a month; None for training seats
    seats: int = 1
    ward: int = 0  # always given: the commune where the work is
    housing: bool = False  # a dormitory
    transport: bool = False  # a shuttle bus
    excluded: tuple[str, ...] = ()


POSITIONS = (
    PositionRow(
        "quarry", "job", "Công nhân khai thác đá", "quarry", "standing",
        description=(
            "Khoan, bẩy tách và phân loại đá tại mỏ. Có đồ bảo hộ, bữa trưa tại mỏ, ký hợp đồng "
            "sau một tháng thử việc."),
        required=("stone_cutting",), preferred=("mechanics",), min_education=0, physical_demand=3,
        shift="day", wage=(8_000_000, 11_000_000), seats=15, ward=13495, housing=True,
        transport=True,
    ),
    PositionRow(
        "quarry", "job", "Thợ chế tác đá mỹ nghệ", "quarry", "standing",
        description="Đục, mài đá làm bia, lan can, tượng nhỏ theo mẫu tại xưởng.",
        required=("stone_cutting",), preferred=("handicraft",), min_education=1,
        physical_demand=2, shift="day", wage=(7_500_000, 10_000_000), seats=5, ward=13285,
        transport=True,
    ),
    PositionRow(
        "quarry", "job", "Lái xe tải chở đá (bằng C)", "quarry", "recent",
        description="Chở đá từ mỏ về bãi và giao cho công trình trong tỉnh.",
        required=("driving",), preferred=("mechanics",), min_education=2, physical_demand=1,
        shift="rotating", wage=(10_000_000, 12_000_000), seats=4, ward=13495, housing=True,
        excluded=("traffic",),
    ),
    PositionRow(
        "quarry", "job", "Công nhân bốc xếp, phân loại đá", "quarry", "standing",
        description="Bốc xếp và phân loại đá thành phẩm lên xe; không cần kinh nghiệm.",
        preferred=("warehouse",), min_education=0, physical_demand=3, shift="day",
        wage=(6_500_000, 8_500_000), seats=10, ward=13495, housing=True, transport=True,
    ),
    PositionRow(
        "quarry", "job", "Thợ sửa chữa máy xúc, máy khoan", "quarry", "recent",
        description="Bảo dưỡng, sửa chữa máy xúc và máy khoan tại mỏ.",
        required=("mechanics",), preferred=("welding", "electrical"), min_education=2,
        physical_demand=2, shift="day", wage=(9_000_000, 12_000_000), seats=2, ward=13495,
        transport=True,
    ),
    PositionRow(
        "quarry", "training", "Đào tạo an toàn khai thác đá 1 tháng", "quarry", "recent",
        description=(
            "Khóa học an toàn mỏ và vận hành máy khoan cầm tay, có phụ cấp; học xong được nhận vào"
            " làm."),
        min_education=0, physical_demand=2, shift="day", seats=12, ward=13495, housing=True,
        transport=True,
    ),
    PositionRow(
        "quarry", "job", "Công nhân khai thác đá (đợt tuyển bổ sung)", "quarry", "closed",
        description="Đợt tuyển bổ sung cho mỏ Kiện Khê.",
        required=("stone_cutting",), min_education=0, physical_demand=3, shift="day",
        wage=(7_500_000, 10_000_000), seats=12, ward=13495, housing=True, transport=True,
    ),
    PositionRow(
        "garment", "job", "Công nhân may công nghiệp", "garment", "standing",
        description=(
            "May áo jacket xuất khẩu trên chuyền, lương theo sản phẩm, có xe đưa đón từ các xã."),
        required=("sewing",), preferred=("packing",), min_education=1, physical_demand=1,
        shift="day", wage=(7_000_000, 9_500_000), seats=15, ward=13291, transport=True,
    ),
    PositionRow(
        "garment", "job", "Công nhân may (chưa có nghề, được đào tạo tại chỗ)", "garment",
        "standing",
        description="Được kèm cặp 2 tháng trên chuyền, hưởng lương học việc rồi lương sản phẩm.",
        preferred=("handicraft",), min_education=1, physical_demand=1, shift="day",
        wage=(5_500_000, 7_000_000), seats=12, ward=13291, transport=True,
    ),
    PositionRow(
        "garment", "job", "Công nhân đóng gói, kiểm hàng", "garment", "recent",
        description="Kiểm tra, gấp và đóng thùng thành phẩm.",
        required=("packing",), preferred=("computer_basic",), min_education=2, physical_demand=1,
        shift="day", wage=(6_000_000, 7_500_000), seats=6, ward=13291, transport=True,
    ),
    PositionRow(
        "garment", "job", "Nhân viên vệ sinh nhà xưởng", "garment", "recent",
        description="Vệ sinh nhà xưởng, nhà ăn và khu vệ sinh công nhân.",
        required=("cleaning",), min_education=0, physical_demand=1, shift="day",
        wage=(5_000_000, 6_000_000), seats=3, ward=13291, transport=True,
    ),
    PositionRow(
        "garment", "job", "Công nhân cắt vải ca xoay", "garment", "recent",
        description="Trải vải và cắt bán thành phẩm theo sơ đồ.",
        preferred=("sewing",), min_education=1, physical_demand=1, shift="rotating",
        wage=(6_500_000, 8_000_000), seats=5, ward=13291, transport=True,
    ),
    PositionRow(
        "garment", "job", "Công nhân là (ủi) thành phẩm", "garment", "closed",
        description="Là hơi thành phẩm trước khi đóng gói.",
        preferred=("sewing",), min_education=0, physical_demand=1, shift="day",
        wage=(6_000_000, 7_000_000), seats=5, ward=13291, transport=True,
    ),
    PositionRow(
        "electronics", "job", "Công nhân lắp ráp linh kiện điện tử", "electronics", "standing",
        description="Lắp ráp bo mạch và cụm camera trên dây chuyền; có ký túc xá và xe đưa đón.",
        required=("electronics_assembly",), preferred=("computer_basic",), min_education=3,
        physical_demand=0, shift="rotating", wage=(7_500_000, 10_000_000), seats=15, ward=7135,
        housing=True, transport=True,
    ),
    PositionRow(
        "electronics", "job", "Công nhân lắp ráp (đào tạo tại chỗ)", "electronics", "recent",
        description="Nhận người chưa có kinh nghiệm, đào tạo 2 tuần có lương.",
        preferred=("electronics_assembly", "packing"), min_education=2, physical_demand=0,
        shift="rotating", wage=(6_500_000, 8_500_000), seats=12, ward=7135, housing=True,
        transport=True,
    ),
    PositionRow(
        "electronics", "job", "Nhân viên kiểm tra chất lượng (QC)", "electronics", "recent",
        description="Kiểm tra ngoại quan sản phẩm và ghi số liệu trên máy tính.",
        required=("electronics_assembly", "computer_basic"), min_education=3, physical_demand=0,
        shift="day", wage=(8_000_000, 10_500_000), seats=3, ward=7135, housing=True,
        transport=True,
    ),
    PositionRow(
        "electronics", "job", "Lái xe nâng kho linh kiện", "electronics", "recent",
        description="Vận hành xe nâng trong kho nguyên liệu ca đêm.",
        required=("forklift",), preferred=("warehouse",), min_education=2, physical_demand=1,
        shift="night", wage=(8_500_000, 10_000_000), seats=2, ward=7135, housing=True,
        transport=True,
    ),
    PositionRow(
        "electronics", "training", "Đào tạo nghề lắp ráp điện tử 1 tháng (có phụ cấp)",
        "electronics", "standing",
        description=(
            "Học lý thuyết và thực hành trên chuyền mẫu; hoàn thành được ký hợp đồng lao động."),
        min_education=2, physical_demand=0, shift="day", seats=20, ward=7135, housing=True,
        transport=True,
    ),
    PositionRow(
        "electronics", "job", "Công nhân đóng gói sản phẩm", "electronics", "closed",
        description="Đóng gói sản phẩm cuối chuyền.",
        required=("packing",), min_education=1, physical_demand=0, shift="rotating",
        wage=(6_500_000, 8_000_000), seats=8, ward=7135, housing=True, transport=True,
    ),
    PositionRow(
        "construction", "job", "Thợ xây, thợ hồ", "construction", "standing",
        description="Xây, trát các công trình nhà ở và trường học trong thành phố.",
        required=("masonry",), preferred=("carpentry",), min_education=0, physical_demand=3,
        shift="day", wage=(8_000_000, 11_000_000), seats=8, ward=6820,
    ),
    PositionRow(
        "construction", "job", "Phụ hồ công trình", "construction", "standing",
        description="Trộn vữa, vận chuyển vật liệu, phụ thợ chính.",
        preferred=("masonry",), min_education=0, physical_demand=3, shift="day",
        wage=(6_000_000, 7_500_000), seats=10, ward=6832,
    ),
    PositionRow(
        "construction", "job", "Thợ hàn kết cấu thép", "construction", "recent",
        description="Hàn khung thép nhà xưởng; cần biết hàn que, hàn CO2 là lợi thế.",
        required=("welding",), preferred=("mechanics",), min_education=2, physical_demand=2,
        shift="day", wage=(9_500_000, 12_000_000), seats=4, ward=6811,
    ),
    PositionRow(
        "construction", "job", "Thợ điện công trình", "construction", "recent",
        description="Đi dây, lắp đặt thiết bị điện cho công trình dân dụng.",
        required=("electrical",), preferred=("plumbing",), min_education=2, physical_demand=2,
        shift="day", wage=(8_500_000, 11_000_000), seats=3, ward=6811,
    ),
    PositionRow(
        "construction", "job", "Phụ hồ công trình nhà văn hóa Yên Tử", "construction", "closed",
        description="Công trình đã hoàn thành.",
        preferred=("masonry",), min_education=0, physical_demand=3, shift="day",
        wage=(6_000_000, 7_000_000), seats=8, ward=6832,
    ),
    PositionRow(
        "coop", "job", "Lao động trồng và chăm sóc chè, cam", "agriculture", "standing",
        description="Làm cỏ, bón phân, thu hái chè và cam; có chỗ ở tại trang trại.",
        preferred=("farming",), min_education=0, physical_demand=2, shift="day",
        wage=(5_000_000, 6_500_000), seats=10, ward=17728, housing=True,
    ),
    PositionRow(
        "coop", "job", "Công nhân chăn nuôi bò sữa", "agriculture", "recent",
        description="Cho ăn, vệ sinh chuồng trại, vắt sữa bằng máy.",
        required=("livestock",), preferred=("farming",), min_education=1, physical_demand=2,
        shift="rotating", wage=(6_000_000, 7_500_000), seats=4, ward=17791, housing=True,
    ),
    PositionRow(
        "coop", "job", "Lái máy cày, máy gặt", "agriculture", "recent",
        description="Vận hành máy cày, máy gặt đập liên hợp theo mùa vụ.",
        required=("driving",), preferred=("mechanics",), min_education=1, physical_demand=2,
        shift="day", wage=(7_000_000, 9_000_000), seats=2, ward=17818,
    ),
    PositionRow(
        "coop", "training", "Lớp kỹ thuật trồng cam, chè 2 tháng", "agriculture", "recent",
        description="Học tại ruộng mẫu của hợp tác xã, được hỗ trợ giống khi hoàn thành.",
        min_education=0, physical_demand=1, shift="day", seats=15, ward=17818,
    ),
    PositionRow(
        "coop", "job", "Thu hoạch cam (thời vụ)", "agriculture", "closed",
        description="Thời vụ thu hoạch cam.",
        preferred=("farming",), min_education=0, physical_demand=2, shift="day",
        wage=(5_000_000, 6_000_000), seats=10, ward=17728, housing=True,
    ),
    PositionRow(
        "school", "training", "Lớp sơ cấp hàn điện 3 tháng", "construction", "standing",
        description="Miễn học phí, hỗ trợ tiền ăn; cấp chứng chỉ sơ cấp nghề.",
        min_education=1, physical_demand=2, shift="day", seats=20, ward=13291,
    ),
    PositionRow(
        "school", "training", "Lớp may công nghiệp 2 tháng", "garment", "standing",
        description="Học trên máy may công nghiệp; học xong giới thiệu vào Công ty May Phủ Lý.",
        min_education=0, physical_demand=1, shift="day", seats=15, ward=13291,
    ),
    PositionRow(
        "school", "training", "Lớp sửa chữa xe máy 3 tháng", "manufacturing", "recent",
        description="Sửa chữa, bảo dưỡng xe máy; đủ để mở tiệm tại nhà.",
        min_education=1, physical_demand=1, shift="day", seats=12, ward=13291,
    ),
    PositionRow(
        "school", "training", "Lớp lái xe nâng hàng (có chứng chỉ)", "logistics", "recent",
        description="Học 6 tuần, thi lấy chứng chỉ vận hành xe nâng.",
        min_education=2, physical_demand=1, shift="day", seats=10, ward=13291,
    ),
    PositionRow(
        "school", "training", "Lớp điện dân dụng 3 tháng", "construction", "recent",
        description="Lắp đặt, sửa chữa điện trong gia đình.",
        min_education=2, physical_demand=1, shift="day", seats=15, ward=13291,
    ),
    PositionRow(
        "school", "training", "Lớp nấu ăn 2 tháng (khóa trước)", "services", "closed",
        description="Khóa đã kết thúc.",
        min_education=0, physical_demand=1, shift="day", seats=15, ward=13291,
    ),
    PositionRow(
        "food", "job", "Công nhân sơ chế nông sản", "manufacturing", "standing",
        description="Phân loại, rửa và sơ chế lạc, cam, chè trước khi đóng gói.",
        preferred=("packing", "farming"), min_education=0, physical_demand=1, shift="rotating",
        wage=(5_500_000, 7_000_000), seats=10, ward=17713, transport=True,
    ),
    PositionRow(
        "food", "job", "Công nhân đóng gói thực phẩm ca đêm", "manufacturing", "recent",
        description="Đóng gói sản phẩm sấy khô theo đơn hàng.",
        required=("packing",), min_education=1, physical_demand=1, shift="night",
        wage=(6_000_000, 7_500_000), seats=6, ward=17713, transport=True,
    ),
    PositionRow(
        "food", "job", "Nhân viên bếp ăn ca", "services", "recent",
        description="Nấu ăn cho khoảng 150 công nhân mỗi ca.",
        required=("cooking",), preferred=("cleaning",), min_education=1, physical_demand=1,
        shift="day", wage=(5_500_000, 6_500_000), seats=2, ward=17713, transport=True,
    ),
    PositionRow(
        "logistics", "job", "Thủ kho", "logistics", "recent",
        description="Quản lý xuất nhập tồn, ghi sổ và nhập liệu trên máy tính.",
        required=("warehouse", "computer_basic"), min_education=3, physical_demand=1, shift="day",
        wage=(9_000_000, 11_000_000), seats=1, ward=26743, excluded=("property", "fraud"),
    ),
    PositionRow(
        "logistics", "job", "Công nhân bốc xếp kho", "logistics", "standing",
        description="Bốc xếp hàng tại kho, làm theo ca; có phòng ở tập thể.",
        preferred=("warehouse",), min_education=0, physical_demand=3, shift="rotating",
        wage=(7_000_000, 9_000_000), seats=8, ward=26743, housing=True,
    ),
    PositionRow(
        "logistics", "job", "Lái xe nâng", "logistics", "recent",
        description="Vận hành xe nâng trong kho, ca đêm.",
        required=("forklift",), preferred=("warehouse",), min_education=2, physical_demand=1,
        shift="night", wage=(9_000_000, 11_500_000), seats=3, ward=26743,
    ),
    PositionRow(
        "logistics", "job", "Tài xế giao hàng xe tải nhẹ", "logistics", "recent",
        description="Giao hàng trong nội thành bằng xe tải dưới 2,5 tấn (bằng B2).",
        required=("driving",), min_education=2, physical_demand=1, shift="day",
        wage=(9_000_000, 12_000_000), seats=3, ward=26743, excluded=("traffic",),
    ),
    PositionRow(
        "logistics", "job", "Nhân viên phân loại bưu kiện (thời vụ)", "logistics", "closed",
        description="Thời vụ cao điểm Tết.",
        preferred=("packing",), min_education=0, physical_demand=2, shift="night",
        wage=(7_000_000, 8_000_000), seats=10, ward=26743,
    ),
    PositionRow(
        "cleaning", "job", "Nhân viên vệ sinh tòa nhà văn phòng", "services", "standing",
        description="Vệ sinh sảnh, hành lang và văn phòng; làm theo ca.",
        preferred=("cleaning",), min_education=0, physical_demand=1, shift="rotating",
        wage=(5_500_000, 7_000_000), seats=10, ward=26740,
    ),
    PositionRow(
        "cleaning", "job", "Phụ bếp bếp ăn trường mầm non", "services", "recent",
        description="Sơ chế thực phẩm, chia suất ăn và rửa dụng cụ tại bếp ăn trường mầm non.",
        required=("cooking",), preferred=("cleaning",), min_education=1, physical_demand=1,
        shift="day", wage=(6_000_000, 7_000_000), seats=2, ward=26737, excluded=("violence",),
    ),
    PositionRow(
        "cleaning", "job", "Bảo vệ tòa nhà ca đêm", "services", "recent",
        description="Trực bảo vệ, kiểm soát ra vào tòa nhà văn phòng.",
        required=("security",), min_education=2, physical_demand=1, shift="night",
        wage=(6_500_000, 8_000_000), seats=3, ward=26758, excluded=("property",),
    ),
    PositionRow(
        "cleaning", "training", "Lớp nấu ăn phụ bếp 6 tuần", "services", "recent",
        description="Học tại bếp của công ty, học xong được nhận làm phụ bếp.",
        min_education=0, physical_demand=1, shift="day", seats=12, ward=26758,
    ),
    PositionRow(
        "kiln", "job", "Công nhân đóng gạch, vận hành lò tuynel", "manufacturing", "recent",
        description="Đóng gạch mộc, xếp goòng và ra lò; có chỗ ở.",
        min_education=0, physical_demand=3, shift="rotating", wage=(6_500_000, 8_500_000),
        seats=6, ward=13504, housing=True,
    ),
    PositionRow(
        "mechanics", "job", "Thợ hàn, gia công cơ khí", "manufacturing", "recent",
        description="Hàn, gia công cửa sắt, khung nhà xưởng.",
        required=("welding",), preferred=("mechanics",), min_education=1, physical_demand=2,
        shift="day", wage=(8_000_000, 10_000_000), seats=2, ward=7168,
    ),
)

# The two demo candidates (login by phone), name, gender, birth year, province, commune,
# caseworker login, skills, education, physical capacity, legal status, offence, experience,
# desired sectors. They live in the two demo caseworkers' communes and fit some open positions.
