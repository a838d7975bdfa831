E = [
("dash.uncertainty.caption", "Độ không chắc chắn tổng hợp của tổng phạm vi 1+2 năm {year}: ±{pct}% (±{abs} tCO2tđ, khoảng tin cậy 95%, IPCC 2006 Tập 1 Chương 3, Cách tiếp cận 1).", "Combined uncertainty of the {year} scopes 1+2 total: ±{pct}% (±{abs} tCO2e, 95% interval, IPCC 2006 Vol. 1 ch. 3, Approach 1)."),
("dash.uncertainty.unverified", "Một số giá trị mặc định dùng để tính CHƯA ĐƯỢC KIỂM CHỨNG (xem metrics/factors/README.md).", "Some of the default values it uses are UNVERIFIED (see metrics/factors/README.md)."),
("dash.territorial.title", "Tổng theo lãnh thổ năm {year} (không tính trùng)", "Territorial total {year} (no double counting)"),
("dash.territorial.sum", "Tổng các kiểm kê doanh nghiệp (tCO2tđ)", "Sum of enterprise inventories (tCO2e)"),
("dash.territorial.sum_help", "Cộng phạm vi 1+2 (ranh giới Thông tư 38) của mọi doanh nghiệp trong phạm vi đang xem.", "Scopes 1+2 (Circular 38 boundary) of every enterprise in view, added up."),
("dash.territorial.transfers", "Năng lượng mua bán nội bộ, tính hai lần (tCO2tđ)", "Energy traded inside, counted twice (tCO2e)"),
("dash.territorial.transfers_help", "Phạm vi 2 của hơi nước/điện mà doanh nghiệp mua từ một doanh nghiệp khác trong cùng phạm vi: nhiên liệu tạo ra nó đã nằm trong phạm vi 1 của bên bán.", "Scope 2 of steam or electricity an enterprise bought from another enterprise in view: the fuel that made it is already in the seller's Scope 1."),
("dash.territorial.total", "Tổng theo lãnh thổ (tCO2tđ)", "Territorial total (tCO2e)"),
("dash.territorial.total_help", "Tổng các kiểm kê trừ phần năng lượng mua bán nội bộ: mỗi tấn chỉ tính một lần.", "The sum of inventories less the energy traded inside: each tonne counted once."),
("dash.territorial.explain", "Chênh lệch {diff} tCO2tđ: {n} dòng số liệu mua hơi nước/điện từ doanh nghiệp khác trong cùng phạm vi (cột 'counterparty'); lượng phát thải đó nằm trong phạm vi 1 của bên bán và phạm vi 2 của bên mua, nên tổng lãnh thổ chỉ tính một lần.", "Difference {diff} tCO2e: {n} activity row(s) buying steam or electricity from another enterprise in view (the 'counterparty' column); those emissions are in the seller's Scope 1 and the buyer's Scope 2, so the territorial total counts them once."),
("dash.territorial.equal", "Không có doanh nghiệp nào mua hơi nước/điện từ doanh nghiệp khác trong phạm vi: tổng theo lãnh thổ bằng tổng các kiểm kê.", "No enterprise bought steam or electricity from another enterprise in view: the territorial total equals the sum of inventories."),
("dash.territorial.not_by_sector", "Tổng theo lãnh thổ tính cho cả KCN/tỉnh, không lọc theo ngành.", "The territorial total covers the whole park or province; it is not filtered by sector."),
]
