-- 0004_schema_registry: foreign keys, and a comment on every table and column, from the schema
-- registry (parkghg/schema.py).
--
-- Generated once with tools/schema_sql.py and committed; like every shipped migration it never
-- changes afterwards. tests/schema/test_registry_matches_warehouse.py proves that a warehouse
-- migrated to the end equals the registry (columns, types, defaults, keys, checks, foreign keys,
-- comments), so this file and the registry cannot drift.
--
-- DuckDB cannot add a foreign key to an existing table, so each table that gains one is rebuilt:
-- renamed to _v3_<name>, created again under its own name, checked for rows pointing at nothing
-- (the upgrade stops, naming the relation, and the whole migration rolls back), filled by
-- column name, and the old copy dropped. Parents come before children. Every row, column order
-- and value is kept, so positional INSERTs and existing data are unaffected.
--
-- Relations not enforced here (parks -> provinces, enterprises -> parks/sectors, the
-- inventory_versions supersedes chain, the audit log and the labels copied into frozen versions)
-- are documented in the registry with the reason and checked by tests/schema/test_integrity.py:
-- DuckDB refuses to update the foreign-key columns of a row that other rows reference, which the
-- registry re-import and recalculation legitimately do.

-- The views read tables that are rebuilt: drop them first, re-create them unchanged below.
DROP VIEW submission_review_state;
DROP VIEW custom_factors_current;
DROP VIEW activity_current;

-- submissions
ALTER TABLE submissions RENAME TO _v3_submissions;
CREATE TABLE submissions (
    submission_id VARCHAR NOT NULL,
    enterprise_id VARCHAR,
    file_name VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    file_size_bytes BIGINT NOT NULL,
    file_format VARCHAR NOT NULL,
    read_notes_vi VARCHAR,
    read_notes_en VARCHAR,
    template_version VARCHAR,
    uploaded_by VARCHAR NOT NULL,
    uploaded_at TIMESTAMP NOT NULL,
    period_first DATE,
    period_last DATE,
    status VARCHAR NOT NULL CHECK (status IN ('accepted', 'rejected', 'superseded')),
    row_count INTEGER NOT NULL,
    error_count INTEGER NOT NULL,
    warning_count INTEGER NOT NULL,
    PRIMARY KEY (submission_id),
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of submissions(enterprise_id) -> enterprises(enterprise_id) point at nothing, e.g. ' || CAST(min(c.enterprise_id) AS VARCHAR))
FROM _v3_submissions AS c
WHERE c.enterprise_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprises AS p WHERE p.enterprise_id = c.enterprise_id)
HAVING count(*) > 0;
INSERT INTO submissions BY NAME SELECT * FROM _v3_submissions;
DROP TABLE _v3_submissions;

-- submission_files
ALTER TABLE submission_files RENAME TO _v3_submission_files;
CREATE TABLE submission_files (
    submission_id VARCHAR NOT NULL,
    content BLOB NOT NULL,
    PRIMARY KEY (submission_id),
    FOREIGN KEY (submission_id) REFERENCES submissions (submission_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of submission_files(submission_id) -> submissions(submission_id) point at nothing, e.g. ' || CAST(min(c.submission_id) AS VARCHAR))
FROM _v3_submission_files AS c
WHERE c.submission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions AS p WHERE p.submission_id = c.submission_id)
HAVING count(*) > 0;
INSERT INTO submission_files BY NAME SELECT * FROM _v3_submission_files;
DROP TABLE _v3_submission_files;

-- submission_issues
ALTER TABLE submission_issues RENAME TO _v3_submission_issues;
CREATE TABLE submission_issues (
    submission_id VARCHAR NOT NULL,
    issue_no INTEGER NOT NULL,
    severity VARCHAR NOT NULL CHECK (severity IN ('error', 'warning')),
    row_number INTEGER,
    column_name VARCHAR,
    value VARCHAR,
    code VARCHAR NOT NULL,
    problem_vi VARCHAR NOT NULL,
    problem_en VARCHAR NOT NULL,
    fix_vi VARCHAR NOT NULL,
    fix_en VARCHAR NOT NULL,
    PRIMARY KEY (submission_id, issue_no),
    FOREIGN KEY (submission_id) REFERENCES submissions (submission_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of submission_issues(submission_id) -> submissions(submission_id) point at nothing, e.g. ' || CAST(min(c.submission_id) AS VARCHAR))
FROM _v3_submission_issues AS c
WHERE c.submission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions AS p WHERE p.submission_id = c.submission_id)
HAVING count(*) > 0;
INSERT INTO submission_issues BY NAME SELECT * FROM _v3_submission_issues;
DROP TABLE _v3_submission_issues;

-- activity_rows
ALTER TABLE activity_rows RENAME TO _v3_activity_rows;
CREATE TABLE activity_rows (
    submission_id VARCHAR NOT NULL,
    row_number INTEGER NOT NULL,
    enterprise_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    category VARCHAR NOT NULL,
    item VARCHAR NOT NULL,
    quantity DOUBLE NOT NULL CHECK (quantity >= 0),
    unit VARCHAR NOT NULL,
    quantity_canonical DOUBLE NOT NULL CHECK (quantity_canonical >= 0),
    unit_canonical VARCHAR NOT NULL,
    use VARCHAR,
    treatment VARCHAR,
    counterparty VARCHAR,
    note VARCHAR,
    PRIMARY KEY (submission_id, row_number),
    FOREIGN KEY (submission_id) REFERENCES submissions (submission_id),
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of activity_rows(submission_id) -> submissions(submission_id) point at nothing, e.g. ' || CAST(min(c.submission_id) AS VARCHAR))
FROM _v3_activity_rows AS c
WHERE c.submission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions AS p WHERE p.submission_id = c.submission_id)
HAVING count(*) > 0;
SELECT error('upgrade refused: ' || count(*) || ' row(s) of activity_rows(enterprise_id) -> enterprises(enterprise_id) point at nothing, e.g. ' || CAST(min(c.enterprise_id) AS VARCHAR))
FROM _v3_activity_rows AS c
WHERE c.enterprise_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprises AS p WHERE p.enterprise_id = c.enterprise_id)
HAVING count(*) > 0;
INSERT INTO activity_rows BY NAME SELECT * FROM _v3_activity_rows;
DROP TABLE _v3_activity_rows;

-- period_current
ALTER TABLE period_current RENAME TO _v3_period_current;
CREATE TABLE period_current (
    enterprise_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    submission_id VARCHAR NOT NULL,
    PRIMARY KEY (enterprise_id, period),
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id),
    FOREIGN KEY (submission_id) REFERENCES submissions (submission_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of period_current(enterprise_id) -> enterprises(enterprise_id) point at nothing, e.g. ' || CAST(min(c.enterprise_id) AS VARCHAR))
FROM _v3_period_current AS c
WHERE c.enterprise_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprises AS p WHERE p.enterprise_id = c.enterprise_id)
HAVING count(*) > 0;
SELECT error('upgrade refused: ' || count(*) || ' row(s) of period_current(submission_id) -> submissions(submission_id) point at nothing, e.g. ' || CAST(min(c.submission_id) AS VARCHAR))
FROM _v3_period_current AS c
WHERE c.submission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions AS p WHERE p.submission_id = c.submission_id)
HAVING count(*) > 0;
INSERT INTO period_current BY NAME SELECT * FROM _v3_period_current;
DROP TABLE _v3_period_current;

-- period_history
ALTER TABLE period_history RENAME TO _v3_period_history;
CREATE TABLE period_history (
    enterprise_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    submission_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL CHECK (action IN ('accepted', 'restored')),
    changed_by VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id),
    FOREIGN KEY (submission_id) REFERENCES submissions (submission_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of period_history(enterprise_id) -> enterprises(enterprise_id) point at nothing, e.g. ' || CAST(min(c.enterprise_id) AS VARCHAR))
FROM _v3_period_history AS c
WHERE c.enterprise_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprises AS p WHERE p.enterprise_id = c.enterprise_id)
HAVING count(*) > 0;
SELECT error('upgrade refused: ' || count(*) || ' row(s) of period_history(submission_id) -> submissions(submission_id) point at nothing, e.g. ' || CAST(min(c.submission_id) AS VARCHAR))
FROM _v3_period_history AS c
WHERE c.submission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions AS p WHERE p.submission_id = c.submission_id)
HAVING count(*) > 0;
INSERT INTO period_history BY NAME SELECT * FROM _v3_period_history;
DROP TABLE _v3_period_history;

-- period_locks
ALTER TABLE period_locks RENAME TO _v3_period_locks;
CREATE TABLE period_locks (
    enterprise_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    locked_by VARCHAR NOT NULL,
    locked_at TIMESTAMP NOT NULL,
    reason VARCHAR,
    PRIMARY KEY (enterprise_id, period),
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of period_locks(enterprise_id) -> enterprises(enterprise_id) point at nothing, e.g. ' || CAST(min(c.enterprise_id) AS VARCHAR))
FROM _v3_period_locks AS c
WHERE c.enterprise_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprises AS p WHERE p.enterprise_id = c.enterprise_id)
HAVING count(*) > 0;
INSERT INTO period_locks BY NAME SELECT * FROM _v3_period_locks;
DROP TABLE _v3_period_locks;

-- custom_factors
ALTER TABLE custom_factors RENAME TO _v3_custom_factors;
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
    CHECK (valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from),
    FOREIGN KEY (import_id) REFERENCES factor_imports (import_id),
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of custom_factors(import_id) -> factor_imports(import_id) point at nothing, e.g. ' || CAST(min(c.import_id) AS VARCHAR))
FROM _v3_custom_factors AS c
WHERE c.import_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM factor_imports AS p WHERE p.import_id = c.import_id)
HAVING count(*) > 0;
SELECT error('upgrade refused: ' || count(*) || ' row(s) of custom_factors(enterprise_id) -> enterprises(enterprise_id) point at nothing, e.g. ' || CAST(min(c.enterprise_id) AS VARCHAR))
FROM _v3_custom_factors AS c
WHERE c.enterprise_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprises AS p WHERE p.enterprise_id = c.enterprise_id)
HAVING count(*) > 0;
INSERT INTO custom_factors BY NAME SELECT * FROM _v3_custom_factors;
DROP TABLE _v3_custom_factors;

-- inventory_versions
ALTER TABLE inventory_versions RENAME TO _v3_inventory_versions;
CREATE TABLE inventory_versions (
    version_id VARCHAR NOT NULL,
    enterprise_id VARCHAR NOT NULL,
    year_from INTEGER NOT NULL,
    year_to INTEGER NOT NULL,
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
    activity_sha256 VARCHAR NOT NULL,
    PRIMARY KEY (version_id),
    CHECK (year_to >= year_from),
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of inventory_versions(enterprise_id) -> enterprises(enterprise_id) point at nothing, e.g. ' || CAST(min(c.enterprise_id) AS VARCHAR))
FROM _v3_inventory_versions AS c
WHERE c.enterprise_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprises AS p WHERE p.enterprise_id = c.enterprise_id)
HAVING count(*) > 0;
INSERT INTO inventory_versions BY NAME SELECT * FROM _v3_inventory_versions;
DROP TABLE _v3_inventory_versions;

-- inventory_version_rows
ALTER TABLE inventory_version_rows RENAME TO _v3_inventory_version_rows;
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
    PRIMARY KEY (version_id, row_no),
    FOREIGN KEY (version_id) REFERENCES inventory_versions (version_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of inventory_version_rows(version_id) -> inventory_versions(version_id) point at nothing, e.g. ' || CAST(min(c.version_id) AS VARCHAR))
FROM _v3_inventory_version_rows AS c
WHERE c.version_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM inventory_versions AS p WHERE p.version_id = c.version_id)
HAVING count(*) > 0;
INSERT INTO inventory_version_rows BY NAME SELECT * FROM _v3_inventory_version_rows;
DROP TABLE _v3_inventory_version_rows;

-- inventory_version_factors
ALTER TABLE inventory_version_factors RENAME TO _v3_inventory_version_factors;
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
    PRIMARY KEY (version_id, factor_id),
    FOREIGN KEY (version_id) REFERENCES inventory_versions (version_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of inventory_version_factors(version_id) -> inventory_versions(version_id) point at nothing, e.g. ' || CAST(min(c.version_id) AS VARCHAR))
FROM _v3_inventory_version_factors AS c
WHERE c.version_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM inventory_versions AS p WHERE p.version_id = c.version_id)
HAVING count(*) > 0;
INSERT INTO inventory_version_factors BY NAME SELECT * FROM _v3_inventory_version_factors;
DROP TABLE _v3_inventory_version_factors;

-- inventory_version_activity
ALTER TABLE inventory_version_activity RENAME TO _v3_inventory_version_activity;
CREATE TABLE inventory_version_activity (
    version_id VARCHAR NOT NULL,
    submission_id VARCHAR NOT NULL,
    row_number INTEGER NOT NULL,
    PRIMARY KEY (version_id, submission_id, row_number),
    FOREIGN KEY (version_id) REFERENCES inventory_versions (version_id),
    FOREIGN KEY (submission_id, row_number) REFERENCES activity_rows (submission_id, row_number)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of inventory_version_activity(version_id) -> inventory_versions(version_id) point at nothing, e.g. ' || CAST(min(c.version_id) AS VARCHAR))
FROM _v3_inventory_version_activity AS c
WHERE c.version_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM inventory_versions AS p WHERE p.version_id = c.version_id)
HAVING count(*) > 0;
SELECT error('upgrade refused: ' || count(*) || ' row(s) of inventory_version_activity(submission_id, row_number) -> activity_rows(submission_id, row_number) point at nothing, e.g. ' || CAST(min(c.submission_id) AS VARCHAR) || ', ' || CAST(min(c.row_number) AS VARCHAR))
FROM _v3_inventory_version_activity AS c
WHERE c.submission_id IS NOT NULL AND c.row_number IS NOT NULL AND NOT EXISTS (SELECT 1 FROM activity_rows AS p WHERE p.submission_id = c.submission_id AND p.row_number = c.row_number)
HAVING count(*) > 0;
INSERT INTO inventory_version_activity BY NAME SELECT * FROM _v3_inventory_version_activity;
DROP TABLE _v3_inventory_version_activity;

-- users
ALTER TABLE users RENAME TO _v3_users;
CREATE TABLE users (
    username VARCHAR NOT NULL,
    display_name VARCHAR NOT NULL,
    password_hash VARCHAR,
    role VARCHAR NOT NULL CHECK (role IN ('enterprise', 'park', 'province', 'admin')),
    enterprise_id VARCHAR,
    park_id VARCHAR,
    language VARCHAR NOT NULL DEFAULT 'vi' CHECK (language IN ('vi', 'en')),
    email VARCHAR,
    oidc_subject VARCHAR,
    disabled BOOLEAN NOT NULL DEFAULT false,
    created_at TIMESTAMP NOT NULL,
    created_by VARCHAR NOT NULL,
    last_login_at TIMESTAMP,
    PRIMARY KEY (username),
    CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL)),
    CHECK ((role = 'park') = (park_id IS NOT NULL)),
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id),
    FOREIGN KEY (park_id) REFERENCES parks (park_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of users(enterprise_id) -> enterprises(enterprise_id) point at nothing, e.g. ' || CAST(min(c.enterprise_id) AS VARCHAR))
FROM _v3_users AS c
WHERE c.enterprise_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprises AS p WHERE p.enterprise_id = c.enterprise_id)
HAVING count(*) > 0;
SELECT error('upgrade refused: ' || count(*) || ' row(s) of users(park_id) -> parks(park_id) point at nothing, e.g. ' || CAST(min(c.park_id) AS VARCHAR))
FROM _v3_users AS c
WHERE c.park_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM parks AS p WHERE p.park_id = c.park_id)
HAVING count(*) > 0;
INSERT INTO users BY NAME SELECT * FROM _v3_users;
DROP TABLE _v3_users;

-- submission_reviews
ALTER TABLE submission_reviews RENAME TO _v3_submission_reviews;
CREATE TABLE submission_reviews (
    review_id BIGINT NOT NULL DEFAULT nextval('submission_reviews_seq'),
    submission_id VARCHAR NOT NULL,
    enterprise_id VARCHAR,
    decision VARCHAR NOT NULL CHECK (decision IN ('accepted', 'returned')),
    reviewer VARCHAR NOT NULL,
    reviewer_role VARCHAR NOT NULL CHECK (reviewer_role IN ('park', 'province', 'admin', 'system')),
    comment VARCHAR,
    reviewed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (review_id),
    CHECK (decision = 'accepted' OR comment IS NOT NULL),
    FOREIGN KEY (submission_id) REFERENCES submissions (submission_id),
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id)
);
SELECT error('upgrade refused: ' || count(*) || ' row(s) of submission_reviews(submission_id) -> submissions(submission_id) point at nothing, e.g. ' || CAST(min(c.submission_id) AS VARCHAR))
FROM _v3_submission_reviews AS c
WHERE c.submission_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM submissions AS p WHERE p.submission_id = c.submission_id)
HAVING count(*) > 0;
SELECT error('upgrade refused: ' || count(*) || ' row(s) of submission_reviews(enterprise_id) -> enterprises(enterprise_id) point at nothing, e.g. ' || CAST(min(c.enterprise_id) AS VARCHAR))
FROM _v3_submission_reviews AS c
WHERE c.enterprise_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM enterprises AS p WHERE p.enterprise_id = c.enterprise_id)
HAVING count(*) > 0;
INSERT INTO submission_reviews BY NAME SELECT * FROM _v3_submission_reviews;
DROP TABLE _v3_submission_reviews;

-- The views, exactly as 0001, 0002 and 0003 created them.
CREATE VIEW activity_current AS
SELECT a.*
FROM activity_rows AS a
JOIN period_current AS p
  ON a.enterprise_id = p.enterprise_id
 AND a.period = p.period
 AND a.submission_id = p.submission_id;

CREATE VIEW custom_factors_current AS
SELECT *
FROM custom_factors
QUALIFY row_number() OVER (PARTITION BY factor_id ORDER BY import_seq DESC) = 1;

CREATE VIEW submission_review_state AS
SELECT s.submission_id,
       s.enterprise_id,
       COALESCE(r.decision, 'pending') AS review_state,
       r.reviewer,
       r.reviewer_role,
       r.comment AS review_comment,
       r.reviewed_at
FROM submissions AS s
LEFT JOIN (
    SELECT * FROM submission_reviews
    QUALIFY row_number() OVER (PARTITION BY submission_id ORDER BY review_id DESC) = 1
) AS r ON r.submission_id = s.submission_id
WHERE s.status <> 'rejected';

-- Comments: every table and column, from the registry's descriptions (unit in brackets).
COMMENT ON TABLE schema_migrations IS 'Migrations applied to this warehouse (warehouse/migrate.py)';
COMMENT ON COLUMN schema_migrations.name IS 'Migration file name without .sql (NNNN_name)';
COMMENT ON COLUMN schema_migrations.applied_at IS 'When it was applied';

COMMENT ON TABLE provinces IS 'Provinces (tinh/thanh pho) covered by this warehouse';
COMMENT ON COLUMN provinces.province_id IS 'Province id (lower-case slug)';
COMMENT ON COLUMN provinces.name_vi IS 'Name in Vietnamese';
COMMENT ON COLUMN provinces.name_en IS 'Name in English';

COMMENT ON TABLE parks IS 'Industrial parks (khu cong nghiep)';
COMMENT ON COLUMN parks.park_id IS 'Park id (lower-case slug)';
COMMENT ON COLUMN parks.province_id IS 'Province the park is in';
COMMENT ON COLUMN parks.name_vi IS 'Name in Vietnamese';
COMMENT ON COLUMN parks.name_en IS 'Name in English';
COMMENT ON COLUMN parks.area_ha IS 'Approved land area in hectares [ha]';
COMMENT ON COLUMN parks.operator IS 'Company operating the park (infrastructure developer)';
COMMENT ON COLUMN parks.latitude IS 'Latitude of the park (WGS 84) [degree]';
COMMENT ON COLUMN parks.longitude IS 'Longitude of the park (WGS 84) [degree]';

COMMENT ON TABLE sectors IS 'Industrial sectors with their VSIC 2018 division code';
COMMENT ON COLUMN sectors.sector_id IS 'Sector id (seeded by migration 0001)';
COMMENT ON COLUMN sectors.vsic_code IS 'VSIC 2018 division or range of divisions (e.g. 13-14)';
COMMENT ON COLUMN sectors.name_vi IS 'Name in Vietnamese';
COMMENT ON COLUMN sectors.name_en IS 'Name in English';

COMMENT ON TABLE enterprises IS 'Enterprises; enterprise_id is the tax code (MST) kept as text';
COMMENT ON COLUMN enterprises.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN enterprises.name IS 'Registered name';
COMMENT ON COLUMN enterprises.park_id IS 'Industrial park the enterprise is in';
COMMENT ON COLUMN enterprises.sector_id IS 'Sector (sectors.sector_id)';
COMMENT ON COLUMN enterprises.vsic_code IS 'VSIC 2018 code of the main activity (2 to 5 digits)';
COMMENT ON COLUMN enterprises.roof_area_m2 IS 'Usable roof area (rooftop solar potential) [m2]';
COMMENT ON COLUMN enterprises.employees IS 'Number of employees';
COMMENT ON COLUMN enterprises.on_national_list IS 'On the Prime Minister''s list of facilities that must inventory GHG';

COMMENT ON TABLE submissions IS 'Every upload attempt: accepted, rejected (no data written) or superseded';
COMMENT ON COLUMN submissions.submission_id IS 'Submission id (random hex)';
COMMENT ON COLUMN submissions.enterprise_id IS 'Enterprise whose history the upload belongs to (null: nobody''s, e.g. a rejected file naming an enterprise outside the uploader''s scope)';
COMMENT ON COLUMN submissions.file_name IS 'File name as uploaded';
COMMENT ON COLUMN submissions.file_sha256 IS 'SHA-256 of the file bytes (hex)';
COMMENT ON COLUMN submissions.file_size_bytes IS 'Size of the file [byte]';
COMMENT ON COLUMN submissions.file_format IS 'csv, xlsx, … as detected when reading';
COMMENT ON COLUMN submissions.read_notes_vi IS 'How the file was read (encoding, separator), Vietnamese';
COMMENT ON COLUMN submissions.read_notes_en IS 'How the file was read (encoding, separator), English';
COMMENT ON COLUMN submissions.template_version IS 'Upload contract version it was checked against';
COMMENT ON COLUMN submissions.uploaded_by IS 'Uploading user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN submissions.uploaded_at IS 'When it was uploaded (UTC)';
COMMENT ON COLUMN submissions.period_first IS 'First month in the file (accepted uploads)';
COMMENT ON COLUMN submissions.period_last IS 'Last month in the file (accepted uploads)';
COMMENT ON COLUMN submissions.status IS 'accepted (supplies at least one month), rejected, or superseded (every month replaced)';
COMMENT ON COLUMN submissions.row_count IS 'Activity rows written (0 when rejected)';
COMMENT ON COLUMN submissions.error_count IS 'Problems that rejected the file';
COMMENT ON COLUMN submissions.warning_count IS 'Warnings stored with an accepted file';

COMMENT ON TABLE submission_files IS 'The uploaded file exactly as received, for audit and re-download';
COMMENT ON COLUMN submission_files.submission_id IS 'The submission the bytes belong to';
COMMENT ON COLUMN submission_files.content IS 'File bytes as received';

COMMENT ON TABLE submission_issues IS 'Problems and warnings found in each submission, in both languages';
COMMENT ON COLUMN submission_issues.submission_id IS 'The submission the issue was found in';
COMMENT ON COLUMN submission_issues.issue_no IS 'Issue number within the submission, from 1';
COMMENT ON COLUMN submission_issues.severity IS 'error (rejects the file) or warning';
COMMENT ON COLUMN submission_issues.row_number IS 'Row number as the user sees it in Excel (header row = 1)';
COMMENT ON COLUMN submission_issues.column_name IS 'Column the issue is in (contract name)';
COMMENT ON COLUMN submission_issues.value IS 'Offending value as read';
COMMENT ON COLUMN submission_issues.code IS 'Issue code (stable; the catalogue key suffix)';
COMMENT ON COLUMN submission_issues.problem_vi IS 'What is wrong, Vietnamese';
COMMENT ON COLUMN submission_issues.problem_en IS 'What is wrong, English';
COMMENT ON COLUMN submission_issues.fix_vi IS 'How to fix it, Vietnamese';
COMMENT ON COLUMN submission_issues.fix_en IS 'How to fix it, English';

COMMENT ON TABLE activity_rows IS 'Monthly activity rows of every accepted upload, current or superseded';
COMMENT ON COLUMN activity_rows.submission_id IS 'The accepted submission the row came from';
COMMENT ON COLUMN activity_rows.row_number IS 'Excel row number in the uploaded file';
COMMENT ON COLUMN activity_rows.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN activity_rows.period IS 'First day of the reported month';
COMMENT ON COLUMN activity_rows.category IS 'Contract category (fuel, electricity, waste, …)';
COMMENT ON COLUMN activity_rows.item IS 'Contract item (diesel, grid, …)';
COMMENT ON COLUMN activity_rows.quantity IS 'Quantity as uploaded, in unit';
COMMENT ON COLUMN activity_rows.unit IS 'Unit as uploaded (contract spelling)';
COMMENT ON COLUMN activity_rows.quantity_canonical IS 'Quantity converted to unit_canonical (exact unit conversion only)';
COMMENT ON COLUMN activity_rows.unit_canonical IS 'Canonical unit of the item for that dimension';
COMMENT ON COLUMN activity_rows.use IS 'stationary or mobile (fuels)';
COMMENT ON COLUMN activity_rows.treatment IS 'Treatment route (waste, wastewater)';
COMMENT ON COLUMN activity_rows.counterparty IS 'Supplier or receiver; a registry enterprise id marks industrial symbiosis';
COMMENT ON COLUMN activity_rows.note IS 'Free text from the enterprise';

COMMENT ON TABLE period_current IS 'Which submission currently supplies each enterprise-month';
COMMENT ON COLUMN period_current.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN period_current.period IS 'First day of the reported month';
COMMENT ON COLUMN period_current.submission_id IS 'The submission whose rows are current';

COMMENT ON TABLE period_history IS 'Every move of the period_current pointer, for audit';
COMMENT ON COLUMN period_history.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN period_history.period IS 'First day of the reported month';
COMMENT ON COLUMN period_history.submission_id IS 'The submission the month was pointed at';
COMMENT ON COLUMN period_history.action IS 'accepted (a new upload) or restored (an older one)';
COMMENT ON COLUMN period_history.changed_by IS 'The user name (a users.username, or the CLI operator''s name) who moved it';
COMMENT ON COLUMN period_history.changed_at IS 'When (UTC)';

COMMENT ON TABLE period_locks IS 'Enterprise-months a reviewer has locked: uploads cannot replace them until unlocked';
COMMENT ON COLUMN period_locks.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN period_locks.period IS 'First day of the reported month';
COMMENT ON COLUMN period_locks.locked_by IS 'The user name (a users.username, or the CLI operator''s name) who locked it';
COMMENT ON COLUMN period_locks.locked_at IS 'When (UTC)';
COMMENT ON COLUMN period_locks.reason IS 'Why, as typed by the reviewer';

COMMENT ON TABLE factor_imports IS 'Every accepted custom-factor file (rejected files write nothing)';
COMMENT ON COLUMN factor_imports.import_id IS 'Import id (random hex)';
COMMENT ON COLUMN factor_imports.import_seq IS 'Import order, from 1';
COMMENT ON COLUMN factor_imports.file_name IS 'File name as imported';
COMMENT ON COLUMN factor_imports.import_file_sha256 IS 'SHA-256 of the file bytes (hex)';
COMMENT ON COLUMN factor_imports.row_count IS 'Factor rows written';
COMMENT ON COLUMN factor_imports.imported_by IS 'Importing user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN factor_imports.imported_at IS 'When (UTC)';

COMMENT ON TABLE custom_factors IS 'Enterprise-specific and national factors imported on top of the shipped library';
COMMENT ON COLUMN custom_factors.import_id IS 'The import that added the row';
COMMENT ON COLUMN custom_factors.import_seq IS 'Import order: the highest import_seq of a factor_id is the current row';
COMMENT ON COLUMN custom_factors.factor_id IS 'Factor id, unique in the effective library';
COMMENT ON COLUMN custom_factors.library_version IS 'Library version the row was published in (v1, …)';
COMMENT ON COLUMN custom_factors.kind IS 'What the number is: ncv, co2_ef, ch4_ef, n2o_ef, density, grid_ef, gwp, waste_ef, …';
COMMENT ON COLUMN custom_factors.fuel_or_item IS 'Contract item the factor applies to; waste rows are ''<item>:<treatment>''';
COMMENT ON COLUMN custom_factors.use IS 'stationary or mobile; empty means any use';
COMMENT ON COLUMN custom_factors.gas IS 'Gas the factor is for (CO2, CH4, N2O, a refrigerant, …)';
COMMENT ON COLUMN custom_factors.value IS 'The factor, in unit';
COMMENT ON COLUMN custom_factors.unit IS 'Unit of value (fixed per kind, e.g. kg/TJ, GJ/t, t CO2e/MWh)';
COMMENT ON COLUMN custom_factors.valid_from IS 'First day the factor applies (empty: always)';
COMMENT ON COLUMN custom_factors.valid_to IS 'Last day the factor applies (empty: open-ended)';
COMMENT ON COLUMN custom_factors.level IS 'Circular 38 Art. 18 rank: enterprise, national, ipcc_default or other_published';
COMMENT ON COLUMN custom_factors.source IS 'Publication the value comes from';
COMMENT ON COLUMN custom_factors.source_detail IS 'Table, page or note locating the value in the source';
COMMENT ON COLUMN custom_factors.verification IS 'How well the value is checked (VERIFIED, SINGLE_SOURCE, …, UNVERIFIED)';
COMMENT ON COLUMN custom_factors.enterprise_id IS 'For an enterprise-specific factor, the enterprise it is for';
COMMENT ON COLUMN custom_factors.imported_by IS 'Importing user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN custom_factors.imported_at IS 'When (UTC)';
COMMENT ON COLUMN custom_factors.import_file_sha256 IS 'SHA-256 of the imported file (hex)';

COMMENT ON TABLE inventory_versions IS 'Frozen inventories of one enterprise over a span of years; accepted ones never change';
COMMENT ON COLUMN inventory_versions.version_id IS '<enterprise>-<from>-<to>-v<n>';
COMMENT ON COLUMN inventory_versions.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN inventory_versions.year_from IS 'First year covered';
COMMENT ON COLUMN inventory_versions.year_to IS 'Last year covered';
COMMENT ON COLUMN inventory_versions.gwp_set IS 'IPCC assessment report of the GWPs: AR4, AR5 or AR6';
COMMENT ON COLUMN inventory_versions.scope2_basis IS 'location or market';
COMMENT ON COLUMN inventory_versions.status IS 'draft, accepted or superseded';
COMMENT ON COLUMN inventory_versions.reason IS 'Why the version was made (typed by the person)';
COMMENT ON COLUMN inventory_versions.created_by IS 'The user name (a users.username, or the CLI operator''s name) who froze it';
COMMENT ON COLUMN inventory_versions.created_at IS 'When (UTC)';
COMMENT ON COLUMN inventory_versions.accepted_by IS 'The user name (a users.username, or the CLI operator''s name) who accepted it';
COMMENT ON COLUMN inventory_versions.accepted_at IS 'When it was accepted (UTC)';
COMMENT ON COLUMN inventory_versions.supersedes IS 'The version this recalculation replaces';
COMMENT ON COLUMN inventory_versions.superseded_by IS 'The version that replaced this one';
COMMENT ON COLUMN inventory_versions.superseded_at IS 'When it was replaced (UTC)';
COMMENT ON COLUMN inventory_versions.factor_library_version IS 'Shipped factor library version used (v1, …)';
COMMENT ON COLUMN inventory_versions.factor_library_sha256 IS 'Fingerprint of the whole effective library at freeze time (shipped + custom)';
COMMENT ON COLUMN inventory_versions.provisional IS 'Any emission row is provisional';
COMMENT ON COLUMN inventory_versions.row_count IS 'Emission rows frozen';
COMMENT ON COLUMN inventory_versions.total_tco2e IS 'Scopes 1+2+3 in tCO2e (biogenic and Montreal-gas memo rows excluded) [tCO2e]';
COMMENT ON COLUMN inventory_versions.activity_sha256 IS 'Fingerprint of the activity rows used, to tell whether the data moved since';

COMMENT ON TABLE inventory_version_rows IS 'The emission rows of a version exactly as computed when it was frozen';
COMMENT ON COLUMN inventory_version_rows.version_id IS 'The version the row belongs to';
COMMENT ON COLUMN inventory_version_rows.row_no IS 'Row order within the version, from 0';
COMMENT ON COLUMN inventory_version_rows.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN inventory_version_rows.park_id IS 'Industrial park of the enterprise';
COMMENT ON COLUMN inventory_version_rows.sector_id IS 'Sector of the enterprise';
COMMENT ON COLUMN inventory_version_rows.period IS 'First day of the reported month';
COMMENT ON COLUMN inventory_version_rows.year IS 'Calendar year of the period';
COMMENT ON COLUMN inventory_version_rows.scope IS '1, 2, 3, outside (biogenic CO2) or memo (Montreal-Protocol gases)';
COMMENT ON COLUMN inventory_version_rows.source_category IS 'stationary_combustion, mobile_combustion, refrigerant_recharge, electricity, steam or waste';
COMMENT ON COLUMN inventory_version_rows.item IS 'Contract item; waste rows are ''<item>:<treatment>''';
COMMENT ON COLUMN inventory_version_rows.gas IS 'Gas of the row (CO2e where the factor is itself CO2e)';
COMMENT ON COLUMN inventory_version_rows.activity_quantity IS 'Activity in activity_unit (repeated on each gas row of one activity)';
COMMENT ON COLUMN inventory_version_rows.activity_unit IS 'Canonical unit of activity_quantity';
COMMENT ON COLUMN inventory_version_rows.energy_tj IS 'Energy of the activity (repeated on each gas row) [TJ]';
COMMENT ON COLUMN inventory_version_rows.gas_t IS 'Mass of the gas (null where the factor is itself CO2e) [t]';
COMMENT ON COLUMN inventory_version_rows.gwp IS 'Global warming potential applied (null where the factor is CO2e) [tCO2e/t]';
COMMENT ON COLUMN inventory_version_rows.tco2e IS 'Emissions [tCO2e]';
COMMENT ON COLUMN inventory_version_rows.gwp_set IS 'IPCC assessment report of the GWPs: AR4, AR5 or AR6';
COMMENT ON COLUMN inventory_version_rows.scope2_basis IS 'location or market';
COMMENT ON COLUMN inventory_version_rows.provisional IS 'Rests on a factor flagged CONFLICT/ESTIMATE/UNVERIFIED or a grid EF standing in for a later year';
COMMENT ON COLUMN inventory_version_rows.factor_ids IS 'Ids of the factors used, ''; ''-separated';

COMMENT ON TABLE inventory_version_factors IS 'The factor rows a version used, so it can be shown and re-derived without today''s library';
COMMENT ON COLUMN inventory_version_factors.version_id IS 'The version that used the factor';
COMMENT ON COLUMN inventory_version_factors.factor_id IS 'Factor id, unique in the effective library';
COMMENT ON COLUMN inventory_version_factors.library_version IS 'Library version the row was published in (v1, …)';
COMMENT ON COLUMN inventory_version_factors.kind IS 'What the number is: ncv, co2_ef, ch4_ef, n2o_ef, density, grid_ef, gwp, waste_ef, …';
COMMENT ON COLUMN inventory_version_factors.fuel_or_item IS 'Contract item the factor applies to; waste rows are ''<item>:<treatment>''';
COMMENT ON COLUMN inventory_version_factors.use IS 'stationary or mobile; empty means any use';
COMMENT ON COLUMN inventory_version_factors.gas IS 'Gas the factor is for (CO2, CH4, N2O, a refrigerant, …)';
COMMENT ON COLUMN inventory_version_factors.value IS 'The factor, in unit';
COMMENT ON COLUMN inventory_version_factors.unit IS 'Unit of value (fixed per kind, e.g. kg/TJ, GJ/t, t CO2e/MWh)';
COMMENT ON COLUMN inventory_version_factors.valid_from IS 'First day the factor applies (empty: always)';
COMMENT ON COLUMN inventory_version_factors.valid_to IS 'Last day the factor applies (empty: open-ended)';
COMMENT ON COLUMN inventory_version_factors.level IS 'Circular 38 Art. 18 rank: enterprise, national, ipcc_default or other_published';
COMMENT ON COLUMN inventory_version_factors.source IS 'Publication the value comes from';
COMMENT ON COLUMN inventory_version_factors.source_detail IS 'Table, page or note locating the value in the source';
COMMENT ON COLUMN inventory_version_factors.verification IS 'How well the value is checked (VERIFIED, SINGLE_SOURCE, …, UNVERIFIED)';
COMMENT ON COLUMN inventory_version_factors.enterprise_id IS 'For an enterprise-specific factor, the enterprise it is for';

COMMENT ON TABLE inventory_version_activity IS 'The activity rows (never deleted) a version was computed from';
COMMENT ON COLUMN inventory_version_activity.version_id IS 'The version';
COMMENT ON COLUMN inventory_version_activity.submission_id IS 'Submission of the activity row';
COMMENT ON COLUMN inventory_version_activity.row_number IS 'Row number of the activity row in that submission';

COMMENT ON TABLE users IS 'People who may sign in; the role and its enterprise_id/park_id fix what they can read';
COMMENT ON COLUMN users.username IS 'Lower-case sign-in name; also the user id written in audit_log and uploaded_by';
COMMENT ON COLUMN users.display_name IS 'Name shown in the dashboard';
COMMENT ON COLUMN users.password_hash IS 'argon2id hash (never the password); NULL for accounts that sign in only through the province identity provider';
COMMENT ON COLUMN users.role IS 'enterprise, park, province or admin';
COMMENT ON COLUMN users.enterprise_id IS 'The enterprise of an enterprise account';
COMMENT ON COLUMN users.park_id IS 'The park of a park-board account';
COMMENT ON COLUMN users.language IS 'Preferred language, vi or en';
COMMENT ON COLUMN users.email IS 'Used to match an identity-provider (OIDC) sign-in to this row';
COMMENT ON COLUMN users.oidc_subject IS 'issuer|sub of the identity-provider account bound to this row on its first OIDC sign-in';
COMMENT ON COLUMN users.disabled IS 'A disabled account cannot sign in';
COMMENT ON COLUMN users.created_at IS 'When the account was created (UTC)';
COMMENT ON COLUMN users.created_by IS 'The user name (a users.username, or the CLI operator''s name) who created it';
COMMENT ON COLUMN users.last_login_at IS 'Last successful sign-in (UTC)';

COMMENT ON TABLE submission_reviews IS 'Every review decision on a submission (append-only); the newest one is its state, none means pending';
COMMENT ON COLUMN submission_reviews.review_id IS 'Review id, increasing';
COMMENT ON COLUMN submission_reviews.submission_id IS 'The submission reviewed';
COMMENT ON COLUMN submission_reviews.enterprise_id IS 'Its enterprise (copied for scoped reads)';
COMMENT ON COLUMN submission_reviews.decision IS 'accepted or returned';
COMMENT ON COLUMN submission_reviews.reviewer IS 'The reviewing user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN submission_reviews.reviewer_role IS 'park, province, admin or system';
COMMENT ON COLUMN submission_reviews.comment IS 'Shown to the enterprise; required when the submission is returned';
COMMENT ON COLUMN submission_reviews.reviewed_at IS 'When (UTC)';

COMMENT ON TABLE audit_log IS 'Append-only record of every review, lock, unlock, restore, upload, export and user change';
COMMENT ON COLUMN audit_log.audit_id IS 'Audit row id, increasing';
COMMENT ON COLUMN audit_log.logged_at IS 'When (UTC)';
COMMENT ON COLUMN audit_log.actor IS 'The acting user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN audit_log.actor_role IS 'Role of the actor at the time';
COMMENT ON COLUMN audit_log.action IS 'What was done (upload, lock, review, user_created, …)';
COMMENT ON COLUMN audit_log.object_type IS 'Kind of thing acted on (submission, period, user, …)';
COMMENT ON COLUMN audit_log.object_id IS 'Id of the thing acted on';
COMMENT ON COLUMN audit_log.enterprise_id IS 'The enterprise the action concerns, used to scope who may read the row';
COMMENT ON COLUMN audit_log.park_id IS 'Set for park-wide actions (bulk lock) so the park board can read them';
COMMENT ON COLUMN audit_log.details IS 'Action-specific details';

