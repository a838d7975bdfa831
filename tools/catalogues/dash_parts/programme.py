"""Menu section of the programme pages (their own texts are in the programme catalogue)."""

E = [
    ("dash.nav.section.programme", "Chương trình hợp tác", "Programme"),
]
