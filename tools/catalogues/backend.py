"""Catalogue source for the backend domain (PostgreSQL as the system of record, issue 15)."""

ENTRIES = [
    ("backend.source_not_a_file", "Không tìm thấy tệp kho dữ liệu DuckDB {path}; hãy chỉ đúng tệp .duckdb cần chuyển.",
     "No DuckDB warehouse file at {path}; name the .duckdb file to copy."),
    ("backend.source_not_current", "Kho dữ liệu {path} chưa được nâng cấp lên phiên bản hiện tại; chạy 'parkghg --db {path} init' trước rồi thử lại.",
     "The warehouse {path} is not upgraded to this release; run 'parkghg --db {path} init' first, then try again."),
    ("backend.target_not_postgres", "Đích '{target}' không phải địa chỉ PostgreSQL; dùng dạng postgresql://người_dùng@máy:cổng/tên_csdl.",
     "Target '{target}' is not a PostgreSQL URL; use postgresql://user@host:port/database."),
    ("backend.target_not_empty", "Cơ sở dữ liệu {target} đã có dữ liệu kho; chọn một cơ sở dữ liệu trống (không ghi đè).",
     "Database {target} already holds warehouse data; choose an empty database (nothing is overwritten)."),
    ("backend.transfer_denied", "Chỉ quản trị viên hoặc người vận hành máy chủ được chuyển kho dữ liệu.",
     "Only an administrator or the server operator may move the warehouse."),
    ("backend.verify_failed", "Bản sao không khớp với nguồn ở các bảng: {tables}. Đừng chuyển sang PostgreSQL; giữ tệp DuckDB và báo lỗi này.",
     "The copy does not match its source in tables: {tables}. Do not switch to PostgreSQL; keep the DuckDB file and report this."),
    ("backend.backup_on_postgres", "Kho dữ liệu {target} nằm trên PostgreSQL: sao lưu và khôi phục bằng công cụ của máy chủ (pg_dump / pg_restore) và thư mục PARKGHG_FILES_DIR, không bằng 'parkghg backup'.",
     "The warehouse {target} is on PostgreSQL: back it up and restore it with the server's tools (pg_dump / pg_restore) and the PARKGHG_FILES_DIR folder, not with 'parkghg backup'."),
    ("backend.unreachable", "Không mở được kho dữ liệu PostgreSQL {target} ({reason}). Kiểm tra máy chủ đang chạy, cơ sở dữ liệu đã được tạo (createdb), và địa chỉ, người dùng, mật khẩu trong PARKGHG_DB.",
     "Cannot open the PostgreSQL warehouse {target} ({reason}). Check that the server is running, the database exists (createdb), and the host, user and password in PARKGHG_DB."),
    ("backend.table_line", "{table}: {rows} dòng, tổng kiểm {checksum} — khớp",
     "{table}: {rows} rows, checksum {checksum} — matches"),
    ("backend.done", "Đã chép {tables} bảng ({rows} dòng) và {files} tệp gốc từ {source} sang {target}; mọi bảng khớp số dòng và tổng kiểm.",
     "Copied {tables} tables ({rows} rows) and {files} original files from {source} to {target}; every table matches in row count and checksum."),
]
