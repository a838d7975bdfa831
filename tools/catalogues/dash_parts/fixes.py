E = [
# locks: only closed months, with a count and a confirmation (issue 11, problem 2)
("dash.locks.nothing_closed", "Năm {year} chưa có tháng nào kết thúc, nên chưa có gì để khóa.", "No month of {year} has ended yet, so there is nothing to lock."),
("dash.locks.preview", "Sẽ khóa {n} tháng-doanh nghiệp ({ents} doanh nghiệp, các tháng đã kết thúc {first} – {last}). Tháng chưa kết thúc không bị khóa.", "This locks {n} enterprise-months ({ents} enterprises, the ended months {first} – {last}). Months that have not ended stay open."),
("dash.locks.confirm", "Tôi xác nhận khóa {n} tháng-doanh nghiệp này", "I confirm locking these {n} enterprise-months"),
("dash.locks.lock_closed", "Khóa các tháng đã kết thúc của năm {year}", "Lock the ended months of {year}"),
]
E += [
# the year: default to a complete one, label a partial one, compare like for like (problem 1)
("dash.year.partial", "{year} (chưa đủ năm)", "{year} (partial)"),
("dash.year.partial_note", "Năm {year} chưa đủ số liệu: mới có đến tháng {last} ({n} tháng-doanh nghiệp). Tổng là tổng đã nộp; mức thay đổi chỉ so sánh cùng doanh nghiệp, cùng tháng của năm trước.", "{year} is partial: data reach {last} ({n} enterprise-months). Totals are what has been reported; the change compares only the same enterprises' same months of the year before."),
("dash.threshold.partial", "Năm {year} chưa đủ số liệu: doanh nghiệp chưa vượt ngưỡng vẫn có thể vượt khi đủ 12 tháng.", "{year} is partial: an enterprise not above a threshold yet may be once all twelve months are in."),
("dash.threshold.none_partial", "Chưa có doanh nghiệp nào vượt ngưỡng với số liệu đã nộp của năm {year} (chưa đủ năm, chưa kết luận được).", "No enterprise is above a threshold on the data reported for {year} so far (a partial year, not conclusive)."),
("dash.threshold.not_yet", "Chưa kết luận (năm chưa đủ)", "Not yet known (partial year)"),
# links (problem 5)
("dash.link.ignored", "Liên kết có bộ lọc không hợp lệ hoặc ngoài phạm vi của bạn, đã bỏ qua: {params}.", "The link had filters that are not valid or outside your reach; they were ignored: {params}."),
]
E += [
# review with context (issue 11)
("dash.review.context_month", "Tháng cần xem", "Month to look at"),
("dash.review.ctx_now", "Phát thải tháng {month} (tCO2tđ, Phạm vi 1 + 2)", "Emissions {month} (tCO2e, Scope 1 + 2)"),
("dash.review.ctx_other", "Tháng {month} (tCO2tđ)", "{month} (tCO2e)"),
("dash.review.ctx_category", "Nhóm", "Category"),
("dash.review.ctx_qty", "Lượng {month}", "Quantity {month}"),
("dash.review.ctx_change", "Thay đổi so với {month} (%)", "Change vs {month} (%)"),
("dash.review.ctx_tco2e", "tCO2tđ {month}", "tCO2e {month}"),
("dash.review.ctx_caption", "Lượng theo đơn vị chuẩn của hệ thống. Phát thải tính với AR5 và Phạm vi 2 theo vị trí (location-based). Dòng có lượng 0 ở tháng này là hạng mục các tháng trước có mà lần nộp này không có.", "Quantities in the system's standard units. Emissions with AR5 and location-based Scope 2. A row with 0 this month is an item earlier months had and this submission does not."),
("dash.review.f_states", "Trạng thái", "Status"),
("dash.review.f_warnings", "Cảnh báo", "Warnings"),
("dash.review.f_warnings_all", "Tất cả", "All"),
("dash.review.f_warnings_with", "Có cảnh báo", "With warnings"),
("dash.review.f_warnings_without", "Không có cảnh báo", "Without warnings"),
("dash.review.f_month", "Tháng số liệu", "Data month"),
("dash.review.bulk_title", "Chấp thuận nhiều lần nộp không có cảnh báo ({n})", "Accept several submissions without warnings ({n})"),
("dash.review.bulk_pick", "Các lần nộp sẽ chấp thuận", "Submissions to accept"),
("dash.review.bulk_accept", "Chấp thuận {n} lần nộp đã chọn", "Accept the {n} selected submissions"),
("dash.review.bulk_done", "Đã chấp thuận {n} lần nộp.", "Accepted {n} submissions."),
]
E += [
("dash.col.item", "Hạng mục", "Item"),
("dash.col.unit", "Đơn vị", "Unit"),
]
E += [
# production units inside intensity labels ("tCO2tđ/đôi sản phẩm", never "pair")
("dash.prod_unit.t", "tấn", "t"),
("dash.prod_unit.piece", "chiếc", "piece"),
("dash.prod_unit.pair", "đôi", "pair"),
("dash.prod_unit.m2", "m²", "m²"),
("dash.prod_unit.m3", "m³", "m³"),
("dash.prod_unit.MWh", "MWh", "MWh"),
]
