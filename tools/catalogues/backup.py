"""Messages of ``parkghg backup`` / ``parkghg restore`` and of damaged or partial backups."""

ENTRIES = [
    # --- writing a backup
    ('backup.target_not_empty',
     'Thư mục {path} đã có dữ liệu. Hãy chọn một thư mục mới hoặc trống cho bản sao lưu.',
     'The folder {path} is not empty. Choose a new or empty folder for the backup.'),
    ('backup.reason_disk_full',
     'Không ghi được {path}: ổ đĩa đã đầy ({code}). Thay đổi đang ghi dở đã được hủy trọn vẹn '
     '(không có tệp nào bị lưu một nửa); hãy giải phóng dung lượng rồi chạy lại.',
     'Could not write {path}: the disk is full ({code}). The change in progress was rolled back '
     'whole (no file is stored by halves); free some space and run it again.'),
    ('backup.reason_read_only',
     'Không ghi được {path}: không có quyền ghi hoặc ổ đĩa chỉ cho đọc ({code}). Thay đổi đang '
     'ghi dở đã được hủy trọn vẹn; hãy kiểm tra quyền của tệp và thư mục.',
     'Could not write {path}: no write permission or a read-only disk ({code}). The change in '
     'progress was rolled back whole; check the permissions of the file and its folder.'),
    ('backup.reason_os',
     'Không ghi hoặc đọc được {path} (lỗi hệ điều hành {code}). Thay đổi đang ghi dở đã được '
     'hủy trọn vẹn.',
     'Could not read or write {path} (operating-system error {code}). The change in progress '
     'was rolled back whole.'),
    ('backup.done',
     'Đã sao lưu vào {path}: {tables} bảng, {rows} dòng, {files} tệp gốc, {size_mb} MB.',
     'Backup written to {path}: {tables} tables, {rows} rows, {files} original files, '
     '{size_mb} MB.'),
    ('backup.uploads_left_out',
     'Bản sao lưu này KHÔNG gồm các tệp gốc doanh nghiệp đã tải lên (--without-uploads).',
     'This backup does NOT include the original files enterprises uploaded (--without-uploads).'),
    ('backup.files_skipped',
     'Cảnh báo: {n} tệp trong thư mục tệp gốc bị bỏ qua (đang được ghi dở, hoặc nội dung không '
     'khớp mã băm trong tên, tức là đã hỏng); xem manifest.json (files_skipped).',
     'Warning: {n} file(s) in the originals folder were left out (a write in progress, or '
     'content that does not match the hash in its name, i.e. damaged); see manifest.json '
     '(files_skipped).'),
    ('backup.protect',
     'Bản sao lưu chứa mã băm mật khẩu, nhật ký kiểm tra, số liệu của doanh nghiệp và (trừ khi '
     'dùng --without-uploads) các tệp đã tải lên: chỉ người quản trị máy chủ được đọc; hãy mã '
     'hóa khi mang ra khỏi máy chủ (xem docs/backup.md).',
     'The backup holds password hashes, the audit log, enterprises\' data and (unless '
     '--without-uploads) the uploaded files: readable by the server operator only; encrypt it '
     'before it leaves the server (see docs/backup.md).'),
    # --- reading a backup
    ('backup.not_a_folder',
     '{path} không phải là một thư mục sao lưu.',
     '{path} is not a backup folder.'),
    ('backup.manifest_missing',
     'Thư mục {path} không có manifest.json: đây không phải bản sao lưu hoàn chỉnh (một lần sao '
     'lưu bị ngắt giữa chừng không có tệp này). Không khôi phục.',
     'The folder {path} has no manifest.json: it is not a complete backup (an interrupted '
     'backup has none). Nothing was restored.'),
    ('backup.manifest_damaged',
     'Tệp {path} bị hỏng hoặc không phải manifest của parkghg. Không khôi phục; hãy dùng một bản '
     'sao lưu khác.',
     'The file {path} is damaged or not a parkghg manifest. Nothing was restored; use another '
     'backup.'),
    ('backup.format_unsupported',
     'Bản sao lưu dùng định dạng phiên bản {version}; phiên bản parkghg này chỉ đọc được định '
     'dạng {supported}. Hãy cập nhật parkghg.',
     'The backup uses format version {version}; this parkghg reads format {supported} only. '
     'Update parkghg.'),
    ('backup.newer_release',
     'Bản sao lưu được tạo bởi parkghg {version}, mới hơn phiên bản này (bản cập nhật cấu trúc '
     '{migration} chưa có ở đây). Hãy cập nhật parkghg rồi khôi phục.',
     'The backup was made by parkghg {version}, newer than this one (it has migration '
     '{migration}, which this release does not). Update parkghg, then restore.'),
    ('backup.file_missing',
     'Bản sao lưu {path} thiếu tệp {file}: bản sao lưu không đầy đủ. Không khôi phục.',
     'The backup {path} is missing the file {file}: it is partial. Nothing was restored.'),
    ('backup.file_size',
     'Tệp {file} của bản sao lưu có {actual} byte thay vì {expected} byte: tệp bị cắt hoặc hỏng. '
     'Không khôi phục.',
     'The backup file {file} has {actual} bytes instead of {expected}: it is truncated or '
     'damaged. Nothing was restored.'),
    ('backup.file_checksum',
     'Mã kiểm tra sha256 của tệp {file} không khớp với manifest: tệp đã bị thay đổi hoặc hỏng. '
     'Không khôi phục.',
     'The sha256 checksum of the backup file {file} does not match the manifest: it was '
     'changed or damaged. Nothing was restored.'),
    ('backup.table_unknown',
     'Bản sao lưu có bảng {table} mà cấu trúc kho dữ liệu không có. Không khôi phục.',
     'The backup has a table {table} that the warehouse schema does not. Nothing was restored.'),
    ('backup.table_missing',
     'Bản sao lưu thiếu bảng {table}. Không khôi phục.',
     'The backup lacks the table {table}. Nothing was restored.'),
    ('backup.columns_differ',
     'Các cột của bảng {table} trong bản sao lưu khác với cấu trúc kho dữ liệu. Không khôi phục.',
     'The columns of table {table} in the backup differ from the warehouse schema. Nothing was '
     'restored.'),
    ('backup.table_differs',
     'Bảng {table} sau khi nạp không giống bản sao lưu ({actual} dòng, cần {expected}). '
     'Không khôi phục.',
     'Table {table} after loading does not match the backup ({actual} rows, expected '
     '{expected}). Nothing was restored.'),
    # --- restoring
    ('backup.warehouse_not_empty',
     'Kho dữ liệu {path} đã có dữ liệu (hoặc không phải kho dữ liệu parkghg). Hãy khôi phục vào '
     'một đường dẫn mới (--db), hoặc thêm --force để chuyển kho hiện có sang tên khác rồi khôi '
     'phục.',
     'The warehouse {path} already holds data (or is not a parkghg warehouse). Restore into a '
     'new path (--db), or add --force to move the existing one aside and restore.'),
    ('backup.verified',
     'Bản sao lưu {path} hợp lệ: tạo lúc {created}, {tables} bảng, {rows} dòng, {files} tệp gốc; '
     'mọi mã kiểm tra đều khớp.',
     'The backup {path} is sound: made {created}, {tables} tables, {rows} rows, {files} original '
     'files; every checksum matches.'),
    ('backup.restored',
     'Đã khôi phục kho dữ liệu {path}: {tables} bảng, {rows} dòng, {files} tệp gốc; số dòng và '
     'dấu vân tay nội dung của mọi bảng khớp với bản sao lưu.',
     'Restored the warehouse {path}: {tables} tables, {rows} rows, {files} original files; every '
     'table\'s row count and content fingerprint match the backup.'),
    ('backup.moved_aside',
     'Dữ liệu cũ đã được giữ lại tại {path}.',
     'The previous data was kept at {path}.'),
    ('backup.migrations_added',
     'Đã cập nhật cấu trúc sau khi khôi phục: {names}',
     'Upgraded the schema after restoring: {names}'),
]
