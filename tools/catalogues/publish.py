"""Catalogue source for the publish domain (Parquet for other engines)."""

ENTRIES = [
    ("publish.denied", "Chỉ cấp tỉnh, quản trị viên hoặc người vận hành máy chủ được xuất bản dữ liệu.",
     "Only the province, an administrator or the server operator may publish data."),
    ("publish.not_empty", "Thư mục {path} không trống; dùng --overwrite để thay thế.",
     "Folder {path} is not empty; use --overwrite to replace it."),
    ("publish.done", "Đã ghi {files} tệp Parquet ({datasets} bộ dữ liệu) và manifest.json vào {path}.",
     "Wrote {files} Parquet file(s) ({datasets} datasets) and manifest.json to {path}."),
]
