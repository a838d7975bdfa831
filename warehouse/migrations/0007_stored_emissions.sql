-- 0007_stored_emissions: emissions computed once, when the data arrives. Every accepted
-- submission's emission rows for every GWP set and Scope 2 basis, tagged with the factor
-- library and the calculation that wrote them; a factor import recomputes the affected rows
-- as a recorded calculation. Existing submissions are computed by `parkghg init` after this
-- migration (service.emissions.backfill): SQL cannot run the engine. Columns and comments from
-- the schema registry (parkghg/schema.py, printed with tools/schema_sql.py).
CREATE TABLE emission_calculations (
    calculation_id VARCHAR NOT NULL,
    trigger VARCHAR NOT NULL CHECK (trigger IN ('upload', 'factor_import', 'backfill')),
    trigger_id VARCHAR,
    library_version VARCHAR NOT NULL,
    library_sha256 VARCHAR NOT NULL,
    submission_count INTEGER NOT NULL CHECK (submission_count >= 0),
    row_count BIGINT NOT NULL CHECK (row_count >= 0),
    calculated_by VARCHAR NOT NULL,
    calculated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (calculation_id)
);

CREATE TABLE emission_sources (
    submission_id VARCHAR NOT NULL,
    calculation_id VARCHAR NOT NULL,
    PRIMARY KEY (submission_id),
    FOREIGN KEY (submission_id) REFERENCES submissions (submission_id),
    FOREIGN KEY (calculation_id) REFERENCES emission_calculations (calculation_id)
);

CREATE TABLE stored_emissions (
    submission_id VARCHAR NOT NULL,
    enterprise_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    year INTEGER NOT NULL,
    scope VARCHAR NOT NULL,
    source_category VARCHAR NOT NULL,
    item VARCHAR NOT NULL,
    gas VARCHAR NOT NULL,
    activity_quantity DOUBLE,
    activity_unit VARCHAR,
    energy_tj DOUBLE,
    gas_t DOUBLE,
    gwp DOUBLE,
    tco2e DOUBLE,
    gwp_set VARCHAR NOT NULL,
    scope2_basis VARCHAR NOT NULL,
    provisional BOOLEAN NOT NULL,
    factor_ids VARCHAR,
    library_version VARCHAR NOT NULL,
    calculation_id VARCHAR NOT NULL
);

COMMENT ON TABLE emission_calculations IS 'Every calculation that wrote stored emission rows: an accepted upload, the recalculation after a factor import, or the backfill of an upgraded warehouse';
COMMENT ON COLUMN emission_calculations.calculation_id IS 'Calculation id';
COMMENT ON COLUMN emission_calculations.trigger IS 'What caused it: upload, factor_import or backfill';
COMMENT ON COLUMN emission_calculations.trigger_id IS 'The submission or factor import that caused it';
COMMENT ON COLUMN emission_calculations.library_version IS 'Shipped factor library version (v1, …)';
COMMENT ON COLUMN emission_calculations.library_sha256 IS 'Fingerprint of the effective library (shipped plus custom factors) used';
COMMENT ON COLUMN emission_calculations.submission_count IS 'Submissions whose rows were (re)computed';
COMMENT ON COLUMN emission_calculations.row_count IS 'Emission rows written';
COMMENT ON COLUMN emission_calculations.calculated_by IS 'The user name (a users.username, or the CLI operator''s name) whose action caused it';
COMMENT ON COLUMN emission_calculations.calculated_at IS 'When (UTC)';

COMMENT ON TABLE emission_sources IS 'The calculation that last computed each accepted submission''s stored emissions (listed even when it yields no emission row, e.g. water only)';
COMMENT ON COLUMN emission_sources.submission_id IS 'The submission';
COMMENT ON COLUMN emission_sources.calculation_id IS 'The calculation that wrote its current rows';

COMMENT ON TABLE stored_emissions IS 'Emission rows of every accepted submission, computed once when it arrived (and again when factors change) for every GWP set and Scope 2 basis; park and sector are joined from the registry when read';
COMMENT ON COLUMN stored_emissions.submission_id IS 'Submission whose activity rows these come from';
COMMENT ON COLUMN stored_emissions.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN stored_emissions.period IS 'First day of the reported month';
COMMENT ON COLUMN stored_emissions.year IS 'Calendar year of the period';
COMMENT ON COLUMN stored_emissions.scope IS '1, 2, 3, outside (biogenic CO2) or memo (Montreal-Protocol gases)';
COMMENT ON COLUMN stored_emissions.source_category IS 'stationary_combustion, mobile_combustion, refrigerant_recharge, electricity, steam or waste';
COMMENT ON COLUMN stored_emissions.item IS 'Contract item; waste rows are ''<item>:<treatment>''';
COMMENT ON COLUMN stored_emissions.gas IS 'Gas of the row (CO2e where the factor is itself CO2e)';
COMMENT ON COLUMN stored_emissions.activity_quantity IS 'Activity in activity_unit (repeated on each gas row of one activity)';
COMMENT ON COLUMN stored_emissions.activity_unit IS 'Canonical unit of activity_quantity';
COMMENT ON COLUMN stored_emissions.energy_tj IS 'Energy of the activity (repeated on each gas row) [TJ]';
COMMENT ON COLUMN stored_emissions.gas_t IS 'Mass of the gas (null where the factor is itself CO2e) [t]';
COMMENT ON COLUMN stored_emissions.gwp IS 'Global warming potential applied (null where the factor is CO2e) [tCO2e/t]';
COMMENT ON COLUMN stored_emissions.tco2e IS 'Emissions [tCO2e]';
COMMENT ON COLUMN stored_emissions.gwp_set IS 'IPCC assessment report of the GWPs: AR4, AR5 or AR6';
COMMENT ON COLUMN stored_emissions.scope2_basis IS 'location or market';
COMMENT ON COLUMN stored_emissions.provisional IS 'Rests on a factor flagged CONFLICT/ESTIMATE/UNVERIFIED or a grid EF standing in for a later year';
COMMENT ON COLUMN stored_emissions.factor_ids IS 'Ids of the factors used, ''; ''-separated';
COMMENT ON COLUMN stored_emissions.library_version IS 'Shipped factor library version used (v1, …)';
COMMENT ON COLUMN stored_emissions.calculation_id IS 'The calculation that wrote the row';

