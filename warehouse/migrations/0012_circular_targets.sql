-- 0012_circular_targets: park facts for the eco-park scorecard, reduction targets and the
-- province's eco-park thresholds (issue 12). No foreign keys: parks rows are upserted by the
-- registry import. Columns and comments from the schema registry (tools/schema_sql.py).
CREATE TABLE park_facts (
    fact_id VARCHAR NOT NULL,
    park_id VARCHAR NOT NULL,
    indicator VARCHAR NOT NULL,
    value DOUBLE NOT NULL CHECK (value >= 0),
    fact_date DATE NOT NULL,
    evidence_note VARCHAR,
    entered_by VARCHAR NOT NULL,
    entered_role VARCHAR NOT NULL,
    entered_at TIMESTAMP NOT NULL,
    PRIMARY KEY (fact_id)
);

CREATE TABLE targets (
    target_id VARCHAR NOT NULL,
    revision INTEGER NOT NULL CHECK (revision >= 1),
    level VARCHAR NOT NULL CHECK (level IN ('province', 'park', 'enterprise')),
    subject_id VARCHAR,
    metric VARCHAR NOT NULL CHECK (metric IN ('absolute_tco2e', 'intensity_tco2e_per_billion_vnd')),
    boundary VARCHAR NOT NULL,
    base_year INTEGER NOT NULL CHECK (base_year BETWEEN 1990 AND 2100),
    target_year INTEGER NOT NULL CHECK (target_year BETWEEN 1990 AND 2100),
    reduction_frac DOUBLE NOT NULL CHECK (reduction_frac BETWEEN 0 AND 1),
    base_value DOUBLE,
    source VARCHAR,
    verification VARCHAR NOT NULL CHECK (verification IN ('VERIFIED', 'UNVERIFIED')),
    note VARCHAR,
    active BOOLEAN NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (target_id, revision),
    CHECK (target_year > base_year)
);

CREATE TABLE eco_park_thresholds (
    setting_id VARCHAR NOT NULL,
    criteria_version VARCHAR NOT NULL,
    criterion_id VARCHAR NOT NULL,
    threshold DOUBLE NOT NULL,
    note VARCHAR,
    set_by VARCHAR NOT NULL,
    set_at TIMESTAMP NOT NULL,
    PRIMARY KEY (setting_id)
);
COMMENT ON TABLE park_facts IS 'Eco-park facts the monthly data cannot show (cleaner-production share, green land share, coordination mechanism), entered by the park board or the province with a date and evidence; append-only, the newest entry wins';
COMMENT ON COLUMN park_facts.fact_id IS 'Fact entry id (random hex)';
COMMENT ON COLUMN park_facts.park_id IS 'Industrial park the fact is about';
COMMENT ON COLUMN park_facts.indicator IS 'Criterion indicator (metrics/criteria/eco_park_v1.csv, source park_fact)';
COMMENT ON COLUMN park_facts.value IS 'The value, in the criterion''s unit (fraction, years, or 1 = yes / 0 = no)';
COMMENT ON COLUMN park_facts.fact_date IS 'Date the fact refers to (e.g. survey or report date)';
COMMENT ON COLUMN park_facts.evidence_note IS 'Where the fact comes from (document, survey, visit)';
COMMENT ON COLUMN park_facts.entered_by IS 'Entering user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN park_facts.entered_role IS 'Role of the entering user at the time';
COMMENT ON COLUMN park_facts.entered_at IS 'When it was entered (UTC)';

COMMENT ON TABLE targets IS 'Emission-reduction targets as data: level, metric on a stated boundary, base and target year, reduction; append-only, a newer row with the same target_id replaces an older one';
COMMENT ON COLUMN targets.target_id IS 'Target id (slug, e.g. dn385_2030)';
COMMENT ON COLUMN targets.revision IS 'Revision of the target, from 1';
COMMENT ON COLUMN targets.level IS 'province, park or enterprise';
COMMENT ON COLUMN targets.subject_id IS 'park_id or enterprise_id the target is for (empty for the province)';
COMMENT ON COLUMN targets.metric IS 'absolute_tco2e (tCO2e) or intensity_tco2e_per_billion_vnd (tCO2e per billion VND of revenue)';
COMMENT ON COLUMN targets.boundary IS 'Reporting boundary of the emissions (circular38)';
COMMENT ON COLUMN targets.base_year IS 'Base year';
COMMENT ON COLUMN targets.target_year IS 'Target year';
COMMENT ON COLUMN targets.reduction_frac IS 'Reduction from the base-year value by the target year (1 = net zero) [fraction]';
COMMENT ON COLUMN targets.base_value IS 'Fixed base-year value in the metric''s unit (empty: the base-year actual)';
COMMENT ON COLUMN targets.source IS 'Decision or document setting the target';
COMMENT ON COLUMN targets.verification IS 'VERIFIED or UNVERIFIED';
COMMENT ON COLUMN targets.note IS 'Free note';
COMMENT ON COLUMN targets.active IS 'False when the target was withdrawn';
COMMENT ON COLUMN targets.created_by IS 'Writing user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN targets.created_at IS 'When (UTC)';

COMMENT ON TABLE eco_park_thresholds IS 'Thresholds the province set for eco-park criteria whose legal value is not verified (admin, audited); append-only, the newest wins';
COMMENT ON COLUMN eco_park_thresholds.setting_id IS 'Setting id (random hex)';
COMMENT ON COLUMN eco_park_thresholds.criteria_version IS 'Criteria file version (eco_park_v1)';
COMMENT ON COLUMN eco_park_thresholds.criterion_id IS 'Criterion of that version';
COMMENT ON COLUMN eco_park_thresholds.threshold IS 'Threshold, in the criterion''s unit';
COMMENT ON COLUMN eco_park_thresholds.note IS 'Why this value (decision, letter)';
COMMENT ON COLUMN eco_park_thresholds.set_by IS 'Setting user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN eco_park_thresholds.set_at IS 'When (UTC)';

