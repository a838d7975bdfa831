-- 0005_enterprise_identity: what Form 06 section I asks of a facility (I.1 address and business
-- registration, I.2 legal representative) and the contacts a reviewer needs for reminders.
-- All optional: existing registry files keep importing; the registry import reads the new
-- columns when a file has them. Columns and comments from the schema registry
-- (parkghg/schema.py, printed with tools/schema_sql.py).
ALTER TABLE enterprises ADD COLUMN address VARCHAR;
ALTER TABLE enterprises ADD COLUMN business_registration_no VARCHAR;
ALTER TABLE enterprises ADD COLUMN legal_representative VARCHAR;
ALTER TABLE enterprises ADD COLUMN contact_email VARCHAR;
ALTER TABLE enterprises ADD COLUMN contact_phone VARCHAR;
COMMENT ON COLUMN enterprises.address IS 'Address of the facility (Form 06 I.1)';
COMMENT ON COLUMN enterprises.business_registration_no IS 'Business registration certificate number and date (Form 06 I.1); for most enterprises the enterprise code equals the tax code';
COMMENT ON COLUMN enterprises.legal_representative IS 'Legal representative, name and title (Form 06 I.2)';
COMMENT ON COLUMN enterprises.contact_email IS 'E-mail for reporting reminders';
COMMENT ON COLUMN enterprises.contact_phone IS 'Telephone for reporting reminders';
