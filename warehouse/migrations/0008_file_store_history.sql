-- 0008: original files out of the database, and a monthly history summary for upload checks.
--
-- submission_files held every uploaded file as a BLOB, and DuckDB rewrote those blocks at
-- every checkpoint (60-80 % of an upload's time at province scale). The bytes now live in
-- <warehouse file>.files/<sha256[:2]>/<sha256>; warehouse.migrate writes the existing blobs
-- there (warehouse.filestore.export_blobs) before this SQL runs, so no file is lost.
--
-- history_monthly: the upload checks' history (outlier medians, production unit) used to
-- scan all of activity_current on every upload; this summary is kept in step with
-- period_current (warehouse.submissions.move_periods) and read through an index.

ALTER TABLE submission_files RENAME TO _v8_submission_files;
CREATE TABLE submission_files (
    submission_id VARCHAR NOT NULL,
    file_sha256 VARCHAR NOT NULL,
    file_size_bytes BIGINT NOT NULL CHECK (file_size_bytes >= 0),
    stored_path VARCHAR NOT NULL,
    PRIMARY KEY (submission_id),
    FOREIGN KEY (submission_id) REFERENCES submissions (submission_id)
);
INSERT INTO submission_files
SELECT submission_id, sha256(content), octet_length(content),
       substr(sha256(content), 1, 2) || '/' || sha256(content)
FROM _v8_submission_files;
DROP TABLE _v8_submission_files;

CREATE TABLE history_monthly (
    enterprise_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    category VARCHAR NOT NULL,
    item VARCHAR NOT NULL,
    unit_canonical VARCHAR NOT NULL,
    use VARCHAR,
    treatment VARCHAR,
    quantity_canonical DOUBLE NOT NULL CHECK (quantity_canonical >= 0)
);
INSERT INTO history_monthly
SELECT enterprise_id, period, category, item, unit_canonical, use, treatment,
       sum(quantity_canonical)
FROM activity_current
GROUP BY ALL;
CREATE INDEX history_monthly_enterprise ON history_monthly (enterprise_id);

COMMENT ON TABLE history_monthly IS 'Monthly totals of current activity per enterprise and item: the upload checks'' history (outlier medians, production unit) read without scanning activity_current; kept in step with period_current in the same transaction';
COMMENT ON COLUMN history_monthly.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN history_monthly.period IS 'First day of the reported month';
COMMENT ON COLUMN history_monthly.category IS 'Contract category (fuel, electricity, waste, …)';
COMMENT ON COLUMN history_monthly.item IS 'Contract item (diesel, grid, …)';
COMMENT ON COLUMN history_monthly.unit_canonical IS 'Canonical unit of the item for that dimension';
COMMENT ON COLUMN history_monthly.use IS 'stationary or mobile (fuels)';
COMMENT ON COLUMN history_monthly.treatment IS 'Treatment route (waste, wastewater)';
COMMENT ON COLUMN history_monthly.quantity_canonical IS 'Sum of the month''s current quantity_canonical for this key';

COMMENT ON TABLE submission_files IS 'Where the uploaded file, exactly as received, is stored: <warehouse file>.files/<stored_path> (content-addressed, outside the database so checkpoints never rewrite it)';
COMMENT ON COLUMN submission_files.submission_id IS 'The submission the bytes belong to';
COMMENT ON COLUMN submission_files.file_sha256 IS 'SHA-256 of the bytes (hex), the file''s address';
COMMENT ON COLUMN submission_files.file_size_bytes IS 'Size of the file [bytes]';
COMMENT ON COLUMN submission_files.stored_path IS 'Path under <warehouse file>.files/: <sha256[:2]>/<sha256>';
