from organizations.vietnamese import fold, name_sort_key


def test_fold_strips_tones_and_maps_d() -> None:
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("  ĐINH   Thị  Hồng ") == "dinh thi hong"
    assert fold("Hrê") == "hre"


def test_name_sort_key_orders_by_given_name_then_middle_then_family() -> None:
    names = ["Phạm Xuân Vinh", "Nguyễn Thị Ánh", "Lê Văn Bình", "Trần An", "Đinh Văn An"]
    assert sorted(names, key=name_sort_key) == [
        "Trần An",  # given name An; "" middle sorts first
        "Đinh Văn An",
        "Nguyễn Thị Ánh",  # tone after letter: An < Ánh
        "Lê Văn Bình",
        "Phạm Xuân Vinh",
    ]


def test_name_sort_key_follows_vietnamese_alphabet() -> None:
    # d < đ < e, and o < ô < ơ in the Vietnamese alphabet.
    given = ["Nguyễn Văn Ơn", "Nguyễn Văn Đông", "Nguyễn Văn Dũng", "Nguyễn Văn Ô", "Nguyễn Văn Em"]
    assert sorted(given, key=name_sort_key) == [
        "Nguyễn Văn Dũng",
        "Nguyễn Văn Đông",
        "Nguyễn Văn Em",
        "Nguyễn Văn Ô",
        "Nguyễn Văn Ơn",
    ]
