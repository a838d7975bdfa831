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
