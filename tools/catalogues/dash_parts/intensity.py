E = [
("dash.intensity.tco2e_per_output", "tCO2tđ/{unit} sản phẩm", "tCO2e per {unit} of output"),
("dash.intensity.tco2e_per_billion_vnd", "tCO2tđ/tỷ đồng doanh thu", "tCO2e per billion VND of revenue"),
("dash.intensity.tco2e_per_ha", "tCO2tđ/ha", "tCO2e per ha"),
("dash.intensity.none", "Chưa tính được cường độ phát thải: cần số liệu sản lượng hoặc doanh thu (doanh nghiệp) hoặc diện tích (KCN).", "No intensity yet: it needs production or revenue data (enterprise) or the park's area."),
]
