E = [
("dash.nav.map", "Bản đồ", "Map"),
("dash.map.page_title", "Bản đồ phát thải các KCN", "Map of park emissions"),
("dash.map.title", "Phát thải theo KCN trên địa bàn tỉnh Đồng Nai", "Emissions by park in Dong Nai province"),
("dash.map.caption", "Năm {year} · GWP {gwp} · vòng tròn lớn hơn là phát thải lớn hơn (Phạm vi 1 + 2). Di chuột để xem chi tiết, bấm vào một KCN để mở trang KCN đó.", "{year} · GWP {gwp} · a larger circle is larger emissions (Scope 1 + 2). Hover for details; click a park to open it."),
("dash.map.enterprises", "Số doanh nghiệp", "Enterprises"),
("dash.map.boundary", "Ranh giới: tỉnh Đồng Nai từ ngày 01/07/2025 (sáp nhập với tỉnh Bình Phước), nét liền; ranh giới cũ trước sáp nhập, nét đứt. Ranh giới mới là phép hợp hai tỉnh cũ, chưa phải đường địa giới chính thức đã đo đạc.", "Boundary: Dong Nai province from 1 July 2025 (merged with Binh Phuoc), solid line; the former boundary before the merger, dashed. The new outline joins the two former provinces and is not an official surveyed line."),
("dash.map.source", "Nguồn ranh giới: TaliaCao/Vietnam-Shape-Map (giấy phép MIT), dựa trên lớp \"Địa phận tỉnh\" của Open Development Vietnam (giấy phép chưa kiểm chứng).", "Boundary source: TaliaCao/Vietnam-Shape-Map (MIT licence), based on Open Development Vietnam's \"Địa phận tỉnh\" layer (licence unverified)."),
]
