"""Original uploaded files kept beside the warehouse (warehouse/filestore.py)."""

ENTRIES = [
    ("files.missing",
     "Không tìm thấy tệp gốc đã tải lên tại {path}. Hãy khôi phục thư mục tệp gốc (.files) từ bản sao lưu cùng với tệp kho dữ liệu.",
     "The original uploaded file is missing at {path}. Restore the original-files folder (.files) from the backup together with the warehouse file."),
    ("files.corrupt",
     "Tệp gốc tại {path} đã bị thay đổi (mã băm SHA-256 không khớp). Hãy khôi phục tệp này từ bản sao lưu.",
     "The original file at {path} has changed (its SHA-256 hash does not match). Restore it from the backup."),
]
