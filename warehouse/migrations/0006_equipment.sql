-- 0006_equipment: a refrigerant row may name the equipment it was charged into, for Circular 38
-- Appendix II table 2.2 (refrigeration and electrical equipment register) in Form 06. Optional:
-- rows uploaded before keep NULL, files without the column keep importing. Column and comment
-- from the schema registry (parkghg/schema.py, printed with tools/schema_sql.py).
--
-- activity_current selects a.*; it is dropped and re-created unchanged so that it is bound to
-- the table with its new column.
DROP VIEW activity_current;
ALTER TABLE activity_rows ADD COLUMN equipment VARCHAR;
COMMENT ON COLUMN activity_rows.equipment IS 'Equipment a refrigerant was charged into (Circular 38 table 2.2); refrigerant rows only';
CREATE VIEW activity_current AS
SELECT a.*
FROM activity_rows AS a
JOIN period_current AS p
  ON a.enterprise_id = p.enterprise_id
 AND a.period = p.period
 AND a.submission_id = p.submission_id;
