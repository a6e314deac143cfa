import unicodedata

from common.text import fold, nfc


def test_fold_removes_accents_and_folds_d():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("ĐẶNG THỊ ÁNH") == "dang thi anh"


def test_fold_accepts_decomposed_input_and_collapses_spaces():
    decomposed = unicodedata.normalize("NFD", "  Trần   Thị  Bích ")
    assert fold(decomposed) == "tran thi bich"


def test_nfc_stores_names_as_typed_but_composed():
    decomposed = unicodedata.normalize("NFD", "Lê Văn Tám")
    assert nfc(decomposed) == "Lê Văn Tám"
    assert unicodedata.is_normalized("NFC", nfc(decomposed))
