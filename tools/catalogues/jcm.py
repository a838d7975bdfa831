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
    ("jcm.error_unknown_stage",
     "Không có giai đoạn '{stage}'. Các giai đoạn: {known}.",
     "No stage '{stage}'. Stages: {known}."),
    ("jcm.error_stage_move",
     "Dự án đang ở giai đoạn '{current}' không thể chuyển sang '{stage}'. Được phép: {allowed}.",
     "A project at stage '{current}' cannot move to '{stage}'. Allowed: {allowed}."),
    ("jcm.error_stage_date",
     "Ngày của giai đoạn '{stage}' ({date}) trước ngày của giai đoạn hiện tại ({current_date}).",
     "The date of stage '{stage}' ({date}) is before the current stage's date ({current_date})."),
    ("jcm.error_no_monitoring",
     "Chưa có số liệu giám sát '{parameter}' (phương pháp luận {methodology}) trong kỳ này. Hãy"
     " tải lên tệp giám sát của dự án hoặc số liệu hằng tháng tương ứng; giá trị thiếu không"
     " được coi là 0.",
     "No monitored value of '{parameter}' (methodology {methodology}) in this period. Upload"
     " the project's monitoring file or the matching monthly data; a missing reading is not"
     " taken as zero."),
    ("jcm.error_setting_denied",
     "Chỉ Sở, quản trị viên hoặc người vận hành máy chủ được thiết lập tham số JCM.",
     "Only the province, an admin or the server operator may set JCM parameters."),
    ("jcm.error_unknown_setting",
     "Không có tham số '{setting}'. Các tham số: {known}.",
     "No setting '{setting}'. Settings: {known}."),
    ("jcm.error_verification",
     "Mức kiểm chứng '{value}' không hợp lệ. Dùng một trong: {known}.",
     "Verification '{value}' is not valid. Use one of: {known}."),
    ("jcm.error_setting_range",
     "Giá trị {value} của '{setting}' nằm ngoài khoảng hợp lý (0 đến 2 tCO2/MWh).",
     "Value {value} of '{setting}' is outside the plausible range (0 to 2 tCO2/MWh)."),
    ("jcm.error_setting_source",
     "Cần ghi rõ nguồn của giá trị '{setting}' (ví dụ bảng tính của phương pháp luận VN_AM007).",
     "Give the source of the value of '{setting}' (e.g. the VN_AM007 methodology spreadsheet)."),
    ("jcm.error_write_denied",
     "Bạn không có quyền ghi dự án JCM này (chỉ Sở, quản trị viên, hoặc ban quản lý KCN đối với"
     " doanh nghiệp trong KCN của mình).",
     "You may not write this JCM project (only the province, an admin, or a park board for its"
     " own park's enterprises)."),
    ("jcm.error_project_not_visible",
     "Không tìm thấy dự án {project_id} trong phạm vi bạn được xem.",
     "Project {project_id} was not found within what you may see."),
    ("jcm.error_title",
     "Dự án cần có tên.",
     "A project needs a title."),
    ("jcm.error_financing",
     "Tỷ lệ tài trợ JCM {value} không hợp lệ: từ 0 đến 0,5 (tối đa một nửa vốn đầu tư ban đầu).",
     "JCM financing share {value} is not valid: 0 to 0.5 (at most half the initial investment)."),
    ("jcm.error_share",
     "Tỷ lệ tín chỉ chuyển cho Nhật Bản {value} phải từ 0 đến 1.",
     "Share of credits to Japan {value} must be between 0 and 1."),
    ("jcm.error_participant_role",
     "Vai trò '{role}' không hợp lệ. Dùng một trong: {known}.",
     "Role '{role}' is not valid. Use one of: {known}."),
    ("jcm.error_credits_denied",
     "Chỉ Sở, quản trị viên hoặc người vận hành máy chủ được ghi nhận tín chỉ đã cấp.",
     "Only the province, an admin or the server operator may record issued credits."),
    ("jcm.error_credits",
     "Số tín chỉ không hợp lệ: đã cấp {issued}, cho Nhật Bản {japan} (phải từ 0 đến số đã cấp,"
     " và kỳ kết thúc không trước kỳ bắt đầu).",
     "Credits are not valid: issued {issued}, to Japan {japan} (must be 0 to the issued amount,"
     " and the period must not end before it starts)."),
]
