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


# ---- Background of the demo people (from the seed's own random source) -----------------------

# Cần Thơ: mostly Kinh, then Khmer and Hoa (statistics office codes, registry.choices.Ethnicity).
ETHNICITIES = [("01", 93), ("05", 3), ("04", 2), ("", 2)]  # "" = not recorded yet
# (level, weight): most people managed for drugs left school after lower secondary.
EDUCATION = [
    ("none", 4),
    ("primary", 20),
    ("lower_secondary", 36),
    ("upper_secondary", 24),
    ("vocational", 8),
    ("university", 3),
    ("", 5),
]
OCCUPATIONS = [
    ("Lao động tự do", 22), ("Làm thuê", 16), ("Phụ hồ", 10), ("Công nhân", 9),
    ("Buôn bán nhỏ", 8), ("Không nghề nghiệp", 12), ("Tài xế xe ôm", 6), ("Thợ sửa xe", 4),
    ("Nông dân", 4), ("Bốc vác", 4), ("Thợ hồ", 3), ("Phục vụ quán ăn", 2),
]  # fmt: skip
# Mobile prefixes of the Vietnamese networks (10 digits with the leading 0).
MOBILE_PREFIXES = [
    "090", "093", "089", "070", "079", "077", "076", "078",  # MobiFone
    "091", "094", "088", "083", "084", "085", "081", "082",  # VinaPhone
    "096", "097", "098", "086", "032", "033", "034", "035", "036", "037", "038", "039",  # Viettel
]  # fmt: skip
# (kind, drug-related, description, reference format) of a prior record.
PRIOR_RECORDS = [
    (
        "administrative",
        True,
        "Xử phạt vi phạm hành chính về hành vi sử dụng trái phép chất ma túy",
        "QĐ xử phạt số {n}/QĐ-XPHC",
        6,
    ),
    (
        "administrative",
        False,
        "Xử phạt vi phạm hành chính về hành vi gây rối trật tự công cộng",
        "QĐ xử phạt số {n}/QĐ-XPHC",
        2,
    ),
    (
        "criminal",
        True,
        "Tàng trữ trái phép chất ma túy (Điều 249 Bộ luật Hình sự), 18 tháng tù",
        "Bản án số {n}/{year}/HS-ST",
        2,
    ),
    (
        "criminal",
        False,
        "Trộm cắp tài sản (Điều 173 Bộ luật Hình sự), 12 tháng tù",
        "Bản án số {n}/{year}/HS-ST",
        2,
    ),
    (
        "criminal",
        True,
        "Tổ chức sử dụng trái phép chất ma túy (Điều 255 Bộ luật Hình sự), 3 năm tù",
        "Bản án số {n}/{year}/HS-ST",
        1,
    ),
]
# Where the few people not at home are held (registry.choices.CustodyState).
CUSTODY = [
    ("temporary_detention", "Nhà tạm giữ Công an thành phố Cần Thơ", 5),
    ("prison", "Trại giam Kênh 5, tỉnh Đồng Tháp", 3),
    ("prison", "Trại tạm giam Công an thành phố Cần Thơ", 2),
]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights)[0]


def phone(rng: random.Random) -> str:
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 9_999_999):07d}"


def background(rng: random.Random, *, birth_year: int, this_year: int) -> dict:
    """Ethnicity, education, occupation and phone of one person (`person_create` fields)."""
    age = this_year - birth_year
    education = _weighted(rng, EDUCATION)
    occupation = _weighted(rng, OCCUPATIONS)
    if age < 20 and rng.random() < 0.4:
        occupation = "Học sinh, sinh viên"
    return {
        "ethnicity": _weighted(rng, ETHNICITIES),
        "education_level": education,
        "occupation": occupation if rng.random() < 0.95 else "",
        "phone": phone(rng) if rng.random() < 0.7 else "",
    }


def prior_records(rng: random.Random, *, birth_year: int, this_year: int) -> list[dict]:
    """None for about two people in three; else one or two (`prior_record_add` fields),
    dated from the person's 16th birthday on."""
    if rng.random() >= 0.35:
        return []
    first = min(birth_year + 16, this_year)
    records = []
    for _ in range(1 if rng.random() < 0.75 else 2):
        kind, drug_related, description, reference, _weight = _weighted(
            rng, [(row, row[-1]) for row in PRIOR_RECORDS]
        )
        year = rng.randint(first, this_year)
        records.append(
            {
                "kind": kind,
                "drug_related": drug_related,
                "year": year,
                "description": description,
                "reference": reference.format(n=rng.randint(1, 350), year=year),
            }
        )
    return records


def custody(rng: random.Random) -> dict | None:
    """Where the person is held, for about one in twenty (`person_set_custody` state and place);
    None: at home."""
    if rng.random() >= 0.05:
        return None
    state, place, _weight = _weighted(rng, [(row, row[-1]) for row in CUSTODY])
    return {"state": state, "place": place}
