-- 0001_initial: registry, submissions and monthly activity facts.
-- Nothing is ever deleted: a re-upload moves the period_current pointer and the older rows
-- stay in activity_rows, restorable from the history.

CREATE TABLE provinces (
    province_id VARCHAR PRIMARY KEY,
    name_vi VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);
COMMENT ON TABLE provinces IS 'Provinces (tinh/thanh pho) covered by this warehouse';

CREATE TABLE parks (
    park_id VARCHAR PRIMARY KEY,
    province_id VARCHAR NOT NULL,
    name_vi VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL,
    area_ha DOUBLE CHECK (area_ha IS NULL OR area_ha > 0),
    operator VARCHAR,
    latitude DOUBLE CHECK (latitude IS NULL OR latitude BETWEEN -90 AND 90),
    longitude DOUBLE CHECK (longitude IS NULL OR longitude BETWEEN -180 AND 180)
);
COMMENT ON TABLE parks IS 'Industrial parks (khu cong nghiep)';
COMMENT ON COLUMN parks.area_ha IS 'Approved land area in hectares';

CREATE TABLE sectors (
    sector_id VARCHAR PRIMARY KEY,
    vsic_code VARCHAR NOT NULL,
    name_vi VARCHAR NOT NULL,
    name_en VARCHAR NOT NULL
);
COMMENT ON TABLE sectors IS 'Industrial sectors with their VSIC 2018 division code';

INSERT INTO sectors VALUES
    ('textiles_garments', '13-14', 'Dệt may', 'Textiles and garments'),
    ('footwear', '15', 'Da giày', 'Footwear and leather'),
    ('food', '10-11', 'Chế biến thực phẩm, đồ uống', 'Food and beverages'),
    ('rubber_plastics', '22', 'Cao su và nhựa', 'Rubber and plastics'),
    ('chemicals', '20', 'Hóa chất', 'Chemicals'),
    ('electronics', '26-27', 'Điện tử, thiết bị điện', 'Electronics and electrical equipment'),
    ('metal', '24-25', 'Kim loại và sản phẩm kim loại', 'Basic and fabricated metal'),
    ('wood', '16', 'Gỗ và sản phẩm gỗ', 'Wood and wood products'),
    ('building_materials', '23', 'Vật liệu xây dựng', 'Building materials (non-metallic minerals)'),
    ('other', '32', 'Ngành khác', 'Other manufacturing');

CREATE TABLE enterprises (
    enterprise_id VARCHAR PRIMARY KEY,
    name VARCHAR NOT NULL,
    park_id VARCHAR NOT NULL,
    sector_id VARCHAR NOT NULL,
    vsic_code VARCHAR NOT NULL,
    roof_area_m2 DOUBLE CHECK (roof_area_m2 IS NULL OR roof_area_m2 >= 0),
    employees INTEGER CHECK (employees IS NULL OR employees >= 0),
    on_national_list BOOLEAN NOT NULL DEFAULT false
);
COMMENT ON TABLE enterprises IS 'Enterprises; enterprise_id is the tax code (MST) kept as text';
COMMENT ON COLUMN enterprises.on_national_list IS 'On the Prime Minister''s list of facilities that must inventory GHG';

CREATE TABLE submissions (
    submission_id VARCHAR PRIMARY KEY,
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
    warning_count INTEGER NOT NULL
);
COMMENT ON TABLE submissions IS 'Every upload attempt: accepted, rejected (no data written) or superseded';

CREATE TABLE submission_files (
    submission_id VARCHAR PRIMARY KEY,
    content BLOB NOT NULL
);
COMMENT ON TABLE submission_files IS 'The uploaded file exactly as received, for audit and re-download';

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
    PRIMARY KEY (submission_id, issue_no)
);
COMMENT ON COLUMN submission_issues.row_number IS 'Row number as the user sees it in Excel (header row = 1)';

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
    PRIMARY KEY (submission_id, row_number)
);
COMMENT ON TABLE activity_rows IS 'Monthly activity rows of every accepted upload, current or superseded';
COMMENT ON COLUMN activity_rows.period IS 'First day of the reported month';
COMMENT ON COLUMN activity_rows.quantity IS 'Quantity as uploaded, in unit';
COMMENT ON COLUMN activity_rows.quantity_canonical IS 'Quantity converted to unit_canonical (exact unit conversion only)';

CREATE TABLE period_current (
    enterprise_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    submission_id VARCHAR NOT NULL,
    PRIMARY KEY (enterprise_id, period)
);
COMMENT ON TABLE period_current IS 'Which submission currently supplies each enterprise-month';

CREATE TABLE period_history (
    enterprise_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    submission_id VARCHAR NOT NULL,
    action VARCHAR NOT NULL CHECK (action IN ('accepted', 'restored')),
    changed_by VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
COMMENT ON TABLE period_history IS 'Every move of the period_current pointer, for audit';

CREATE VIEW activity_current AS
SELECT a.*
FROM activity_rows AS a
JOIN period_current AS p
  ON a.enterprise_id = p.enterprise_id
 AND a.period = p.period
 AND a.submission_id = p.submission_id;

CREATE TABLE period_locks (
    enterprise_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    locked_by VARCHAR NOT NULL,
    locked_at TIMESTAMP NOT NULL,
    reason VARCHAR,
    PRIMARY KEY (enterprise_id, period)
);
COMMENT ON TABLE period_locks IS 'Enterprise-months a reviewer has locked: uploads cannot replace them until unlocked';
