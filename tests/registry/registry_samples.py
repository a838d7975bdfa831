"""Small registry CSV texts shared by the registry tests."""

from __future__ import annotations

from service.access import Actor

#: The operator at the server: full rights, named in the audit log as cli:tests.
OPERATOR = Actor.system("tests")

PROVINCES_CSV = "province_id,name_vi,name_en\ndong_nai,Đồng Nai,Dong Nai\n"
PARKS_CSV = (
    "park_id,province_id,name_vi,name_en,area_ha,operator,latitude,longitude\n"
    "amata,dong_nai,KCN Amata,Amata IP,494,Amata,10.948,106.872\n"
    "long_duc,dong_nai,KCN Long Đức,Long Duc IP,283,,10.803,106.962\n"
)
ENTERPRISES_CSV = (
    "enterprise_id,name,park_id,sector_id,vsic_code,roof_area_m2,employees,on_national_list\n"
    "0312345678,Công ty A (fictional),amata,food,1010,1200,50,true\n"
    "3600123456-001,Công ty B (fictional),long_duc,electronics,2610,,800,false\n"
    "3600999999,Công ty C (fictional),amata,metal,2511,300.5,,\n"
)
