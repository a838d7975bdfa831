"""Catalogue source for the jcm domain (JCM screening, projects, monitoring): (key, vi, en)."""

ENTRIES = [
    # --- errors
    ("jcm.error_setting_missing",
     "Chưa thiết lập '{setting}' (tham số {parameter} của phương pháp luận {methodology}). Hệ số"
     " lưới điện thận trọng của JCM không phải là hệ số lưới điện dùng cho kiểm kê: Sở/quản trị"
     " viên cần nhập giá trị lấy từ bảng tính của phương pháp luận.",
     "'{setting}' is not set (parameter {parameter} of methodology {methodology}). The JCM's"
     " conservative grid factor is not the inventory's grid factor: the province or an admin"
     " must set it from the methodology's spreadsheet."),
    ("jcm.error_value_missing",
     "Thiếu giá trị tham số {parameter} của phương pháp luận {methodology}.",
     "No value for parameter {parameter} of methodology {methodology}."),
    ("jcm.error_unknown_methodology",
     "Không có phương pháp luận '{methodology}'. Các phương pháp luận có sẵn: {known}.",
     "No methodology '{methodology}'. Available: {known}."),
]
