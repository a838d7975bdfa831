-- 0015_stored_basis_shared: an emission row that is the same on either Scope 2 basis (every
-- category but electricity) is stored once with scope2_basis = 'both' and read with either
-- basis, instead of once per basis (issue 9: a third fewer rows to compute, write and read).
-- Rows stored per basis before this release keep their labels and read the same; a
-- recalculation rewrites a submission's rows in the new form. Only the column comment changes.
COMMENT ON COLUMN stored_emissions.scope2_basis IS 'location or market; both where the row is the same on either basis (every category but electricity)';
