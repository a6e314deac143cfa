"""Synthetic Vietnamese names and valid-format citizen IDs. Never real people."""

import random

SURNAMES = [
    "Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Hoàng", "Phan", "Vũ", "Võ", "Đặng",
    "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Đinh", "Lâm", "Châu",
]  # fmt: skip
MIDDLE_MALE = ["Văn", "Hữu", "Minh", "Quốc", "Đức", "Thanh", "Công", "Hoàng", "Tấn", "Phước"]
MIDDLE_FEMALE = ["Thị", "Ngọc", "Thu", "Kim", "Thanh", "Mỹ", "Bích", "Hồng"]
GIVEN_MALE = [
    "An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hùng", "Khang", "Long", "Lộc",
    "Nam", "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Toàn", "Trí", "Tuấn", "Vinh",
]  # fmt: skip
GIVEN_FEMALE = [
    "Anh", "Châu", "Diễm", "Giang", "Hà", "Hạnh", "Hương", "Lan", "Linh", "Mai",
    "Nga", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Trang", "Tuyết", "Vy", "Yến",
]  # fmt: skip
STREETS = [
    "Nguyễn Trãi", "Trần Hưng Đạo", "Lý Tự Trọng", "30 Tháng 4", "Mậu Thân",
    "Nguyễn Văn Cừ", "Hòa Bình", "Trần Phú", "Cách Mạng Tháng 8", "Lê Lợi",
]  # fmt: skip
# Birth-registration codes: mostly the Mekong provinces around Cần Thơ.
ID_PROVINCES = ["092", "092", "092", "093", "094", "086", "089", "079"]


def person_name(rng: random.Random, sex: str) -> str:
    if sex == "M":
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def citizen_id(rng: random.Random, birth_year: int, sex: str, serial: int) -> str:
    century = (birth_year // 100) - 19
    digit = century * 2 + (1 if sex == "F" else 0)
    # The serial makes IDs unique within one run; the rest is random but well-formed.
    return f"{rng.choice(ID_PROVINCES)}{digit}{birth_year % 100:02d}{serial:06d}"


def address(rng: random.Random) -> str:
    return f"Số {rng.randint(1, 250)}, đường {rng.choice(STREETS)}"


def citizen_id_for(index: int, birth_year: int, sex: str) -> str:
    """A well-formed ID unique for each index (bulk benchmark data)."""
    from registry.validators import CCCD_PROVINCE_CODES

    codes = sorted(CCCD_PROVINCE_CODES)
    century = (birth_year // 100) - 19
    digit = century * 2 + (1 if sex == "F" else 0)
    return f"{codes[(index // 10**6) % len(codes)]}{digit}{birth_year % 100:02d}{index % 10**6:06d}"
