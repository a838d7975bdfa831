E = [
("dash.serve.starting", "Bảng điều khiển đang chạy tại {url} (kho dữ liệu {path}). Nhấn Ctrl+C để dừng.", "The dashboard is running at {url} (warehouse {path}). Press Ctrl+C to stop."),
("dash.serve.demo", "Chế độ trình diễn: trang đăng nhập hiện {n} tài khoản dùng thử. Chỉ dùng với dữ liệu mẫu.", "Demo mode: the sign-in page shows the {n} demo accounts. Use with sample data only."),
]
