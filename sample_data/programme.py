"""The demo's programme data: park facts, reduction targets (issue 12).

Why written through the service layer: like the uploads, facts and targets enter the demo
warehouse by the same checked, audited path a park board or admin would use, so the pages show
what real data would produce. Everything is fictional except the Decision 385/QĐ-UBND
percentages, whose baseline is UNVERIFIED (the base year here is the sample's first year).

* **Amata** (one of the national eco-industrial-park pilots, regulation.md §4.1) gets facts
  that pass the Decree 35/2022 Art. 37 criteria (with the Decree 82/2018 fallback values) and
  strong symbiosis in the generated data (``sample_data.profiles.ECO_PARKS``);
* **Bien Hoa 1** gets facts that fail several of them and no symbiosis
  (``NO_SYMBIOSIS_PARKS``);
* park targets: Amata an intensity target it meets, Bien Hoa 2 an absolute cut it misses.
"""

from __future__ import annotations

import io
from pathlib import Path

from parkghg.log import get_logger
from sample_data.generator import SampleSpec
from service.access import Actor
from service.circular import import_park_facts
from service.db import open_warehouse
from service.targets import import_shipped_targets, import_targets

log = get_logger(__name__)

ENTERED_BY = "sample-data"
QUALIFYING_PARK = "amata"
FAILING_PARK = "bien_hoa_1"
_FACTS = {
    QUALIFYING_PARK: (("legal_compliance_years", 6), ("basic_services_provided", 1),
                      ("io_monitoring_mechanism", 1), ("annual_recp_report", 1),
                      ("recp_aware_frac", 0.94), ("recp_applying_frac", 0.32),
                      ("green_infra_land_frac", 0.27)),
    FAILING_PARK: (("legal_compliance_years", 2), ("basic_services_provided", 1),
                   ("io_monitoring_mechanism", 0), ("annual_recp_report", 0),
                   ("recp_aware_frac", 0.55), ("recp_applying_frac", 0.08),
                   ("green_infra_land_frac", 0.18)),
}
#: (target id, park, metric, reduction %) from the sample's first to its last year.
_PARK_TARGETS = (
    ("amata_intensity", QUALIFYING_PARK, "intensity_tco2e_per_billion_vnd", 3),
    ("bien_hoa_2_absolute", "bien_hoa_2", "absolute_tco2e", 25),
)


def _csv(header: str, rows: list[str]) -> bytes:
    buf = io.StringIO()
    buf.write(header + "\n")
    for row in rows:
        buf.write(row + "\n")
    return buf.getvalue().encode("utf-8")


def load_programme(path: Path, spec: SampleSpec, parks: set[str]) -> None:
    """Write the demo's facts and targets for the parks present in this sample."""
    first, last = int(spec.start[:4]), int(spec.end[:4])
    actor = Actor.system(ENTERED_BY)
    facts = [f"{park},{indicator},{value},{last}-06-30,fictional demo fact"
             for park, rows in _FACTS.items() if park in parks for indicator, value in rows]
    targets = [f"{tid},park,{park},{metric},{first},{last},{pct},fictional demo target"
               for tid, park, metric, pct in _PARK_TARGETS if park in parks and last > first]
    with open_warehouse(path) as con:
        if last > first:
            import_shipped_targets(con, actor=actor, base_year=first)
        if facts:
            import_park_facts(con, _csv("park_id,indicator,value,fact_date,evidence_note",
                                        facts), "sample_park_facts.csv", actor=actor)
        if targets:
            import_targets(con, _csv("target_id,level,subject_id,metric,base_year,target_year,"
                                     "reduction_pct,note", targets),
                           "sample_targets.csv", actor=actor)
    log.info("sample programme: %d facts, %d park targets", len(facts), len(targets))


__all__ = ["FAILING_PARK", "QUALIFYING_PARK", "load_programme"]
