"""The vocabulary the app offers in forms: code -> (Vietnamese label, English label).

Plain data only: the app wraps labels in its own translation layer. The
library itself treats every code as an opaque string, so codes outside
these tables are accepted everywhere.
"""
from __future__ import annotations

SKILLS: dict[str, tuple[str, str]] = {
    "stone_cutting": ("Chế tác / khai thác đá", "Stone cutting and quarrying"),
    "sewing": ("May công nghiệp", "Industrial sewing"),
    "welding": ("Hàn", "Welding"),
    "forklift": ("Lái xe nâng", "Forklift operation"),
    "electronics_assembly": ("Lắp ráp linh kiện điện tử", "Electronics assembly"),
    "farming": ("Trồng trọt", "Crop farming"),
    "livestock": ("Chăn nuôi", "Livestock care"),
    "masonry": ("Xây, trát (thợ hồ)", "Masonry"),
    "carpentry": ("Mộc", "Carpentry"),
    "driving": ("Lái xe", "Driving"),
    "cooking": ("Nấu ăn", "Cooking"),
    "cleaning": ("Vệ sinh công nghiệp", "Industrial cleaning"),
    "electrical": ("Điện dân dụng", "Domestic electrical work"),
    "plumbing": ("Cấp thoát nước", "Plumbing"),
    "mechanics": ("Sửa chữa cơ khí, xe máy", "Mechanical and motorbike repair"),
    "packing": ("Đóng gói", "Packing"),
    "warehouse": ("Kho vận, bốc xếp", "Warehouse and loading"),
    "sales": ("Bán hàng", "Sales"),
    "security": ("Bảo vệ", "Security guard"),
    "computer_basic": ("Tin học văn phòng", "Basic computer skills"),
    "fishing": ("Đánh bắt, nuôi trồng thủy sản", "Fishing and aquaculture"),
    "handicraft": ("Thủ công mỹ nghệ", "Handicrafts"),
}

SECTORS: dict[str, tuple[str, str]] = {
    "quarry": ("Khai thác đá", "Quarrying"),
    "garment": ("Dệt may", "Garment and textiles"),
    "electronics": ("Điện tử", "Electronics"),
    "construction": ("Xây dựng", "Construction"),
    "agriculture": ("Nông nghiệp", "Agriculture"),
    "services": ("Dịch vụ", "Services"),
    "logistics": ("Kho vận", "Logistics"),
    "manufacturing": ("Sản xuất", "Manufacturing"),
}

OFFENCE_CATEGORIES: dict[str, tuple[str, str]] = {
    "property": ("Xâm phạm sở hữu", "Property offences"),
    "drugs": ("Ma túy", "Drug offences"),
    "violence": ("Xâm phạm sức khỏe, tính mạng", "Violent offences"),
    "traffic": ("Vi phạm an toàn giao thông", "Traffic offences"),
    "fraud": ("Lừa đảo", "Fraud"),
    "other": ("Khác", "Other"),
}

SHIFTS: dict[str, tuple[str, str]] = {
    "day": ("Ca ngày", "Day shift"),
    "night": ("Ca đêm", "Night shift"),
    "rotating": ("Ca xoay", "Rotating shifts"),
}

EDUCATION_LEVELS: dict[int, tuple[str, str]] = {
    0: ("Chưa đi học", "No schooling"),
    1: ("Tiểu học", "Primary"),
    2: ("THCS", "Lower secondary"),
    3: ("THPT", "Upper secondary"),
    4: ("Sơ cấp nghề", "Vocational certificate"),
    5: ("Trung cấp / Cao đẳng", "Intermediate / college"),
    6: ("Đại học", "University"),
}

PHYSICAL_LEVELS: dict[int, tuple[str, str]] = {
    0: ("Việc nhẹ", "Light work"),
    1: ("Vừa phải", "Moderate work"),
    2: ("Nặng", "Heavy work"),
    3: ("Rất nặng", "Very heavy work"),
}

POSITION_KINDS: dict[str, tuple[str, str]] = {
    "job": ("Việc làm", "Job"),
    "training": ("Học nghề", "Vocational training"),
}

#: Skills most associated with each sector; used by the synthetic world and
#: handy for the app's form hints. Not used for ranking.
SECTOR_SKILLS: dict[str, tuple[str, ...]] = {
    "quarry": ("stone_cutting", "forklift", "driving", "mechanics"),
    "garment": ("sewing", "packing", "cleaning", "handicraft"),
    "electronics": ("electronics_assembly", "packing", "computer_basic", "electrical"),
    "construction": ("masonry", "welding", "carpentry", "electrical", "plumbing"),
    "agriculture": ("farming", "livestock", "fishing", "driving"),
    "services": ("cooking", "cleaning", "sales", "security", "driving"),
    "logistics": ("warehouse", "forklift", "driving", "packing"),
    "manufacturing": ("welding", "mechanics", "packing", "handicraft"),
}


def label(table: dict, code, lang: str = "vi") -> str:
    """Return the label of ``code`` in ``table`` ("vi" or "en"), or the code itself."""
    pair = table.get(code)
    if pair is None:
        return str(code)
    return pair[0] if lang == "vi" else pair[1]
