-- 0002_factors_inventories: custom emission factors and frozen inventory versions.
-- Nothing is deleted here either: a factor re-import adds rows that supersede older rows with
-- the same factor_id, and a recalculated inventory adds a version that supersedes the old one.

CREATE TABLE factor_imports (
    import_id VARCHAR PRIMARY KEY,
    import_seq INTEGER NOT NULL UNIQUE,
    file_name VARCHAR NOT NULL,
    import_file_sha256 VARCHAR NOT NULL,
    row_count INTEGER NOT NULL,
    imported_by VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE factor_imports IS 'Every accepted custom-factor file (rejected files write nothing)';

CREATE TABLE custom_factors (
    import_id VARCHAR NOT NULL,
    import_seq INTEGER NOT NULL,
    factor_id VARCHAR NOT NULL,
    library_version VARCHAR,
    kind VARCHAR NOT NULL,
    fuel_or_item VARCHAR,
    use VARCHAR,
    gas VARCHAR,
    value DOUBLE NOT NULL,
    unit VARCHAR,
    valid_from DATE,
    valid_to DATE,
    level VARCHAR NOT NULL,
    source VARCHAR,
    source_detail VARCHAR,
    verification VARCHAR,
    enterprise_id VARCHAR,
    imported_by VARCHAR NOT NULL,
    imported_at TIMESTAMP NOT NULL,
    import_file_sha256 VARCHAR NOT NULL,
    PRIMARY KEY (import_id, factor_id),
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from)
);
COMMENT ON TABLE custom_factors IS 'Enterprise-specific and national factors imported on top of the shipped library';
COMMENT ON COLUMN custom_factors.import_seq IS 'Import order: the highest import_seq of a factor_id is the current row';

CREATE VIEW custom_factors_current AS
SELECT *
FROM custom_factors
QUALIFY row_number() OVER (PARTITION BY factor_id ORDER BY import_seq DESC) = 1;

CREATE TABLE inventory_versions (
    version_id VARCHAR PRIMARY KEY,
    enterprise_id VARCHAR NOT NULL,
    year_from INTEGER NOT NULL,
    year_to INTEGER NOT NULL CHECK (year_to >= year_from),
    gwp_set VARCHAR NOT NULL,
    scope2_basis VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('draft', 'accepted', 'superseded')),
    reason VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    accepted_by VARCHAR,
    accepted_at TIMESTAMP,
    supersedes VARCHAR,
    superseded_by VARCHAR,
    superseded_at TIMESTAMP,
    factor_library_version VARCHAR,
    factor_library_sha256 VARCHAR,
    provisional BOOLEAN NOT NULL,
    row_count INTEGER NOT NULL,
    total_tco2e DOUBLE NOT NULL,
    activity_sha256 VARCHAR NOT NULL
);
COMMENT ON TABLE inventory_versions IS 'Frozen inventories of one enterprise over a span of years; accepted ones never change';
COMMENT ON COLUMN inventory_versions.total_tco2e IS 'Scopes 1+2+3 in tCO2e (biogenic and Montreal-gas memo rows excluded)';
COMMENT ON COLUMN inventory_versions.factor_library_sha256 IS 'Fingerprint of the whole effective library at freeze time (shipped + custom)';
COMMENT ON COLUMN inventory_versions.activity_sha256 IS 'Fingerprint of the activity rows used, to tell whether the data moved since';

CREATE TABLE inventory_version_rows (
    version_id VARCHAR NOT NULL,
    row_no INTEGER NOT NULL,
    enterprise_id VARCHAR NOT NULL,
    park_id VARCHAR,
    sector_id VARCHAR,
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
    PRIMARY KEY (version_id, row_no)
);
COMMENT ON TABLE inventory_version_rows IS 'The emission rows of a version exactly as computed when it was frozen';

CREATE TABLE inventory_version_factors (
    version_id VARCHAR NOT NULL,
    factor_id VARCHAR NOT NULL,
    library_version VARCHAR,
    kind VARCHAR,
    fuel_or_item VARCHAR,
    use VARCHAR,
    gas VARCHAR,
    value DOUBLE,
    unit VARCHAR,
    valid_from DATE,
    valid_to DATE,
    level VARCHAR,
    source VARCHAR,
    source_detail VARCHAR,
    verification VARCHAR,
    enterprise_id VARCHAR,
    PRIMARY KEY (version_id, factor_id)
);
COMMENT ON TABLE inventory_version_factors IS 'The factor rows a version used, so it can be shown and re-derived without today''s library';

CREATE TABLE inventory_version_activity (
    version_id VARCHAR NOT NULL,
    submission_id VARCHAR NOT NULL,
    row_number INTEGER NOT NULL,
    PRIMARY KEY (version_id, submission_id, row_number)
);
COMMENT ON TABLE inventory_version_activity IS 'The activity rows (never deleted) a version was computed from';
