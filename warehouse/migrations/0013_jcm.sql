-- 0013_jcm: the JCM project register (issue 13): province settings for methodologies (the
-- conservative JCM grid factor), projects, their stages, participants, documents, monitored
-- values and issued credits. Every table is append-only (the current stage or setting is the
-- newest row), so no row referenced by a foreign key is ever updated. Columns and comments
-- from the schema registry (parkghg/schema.py, printed with tools/schema_sql.py).
CREATE TABLE jcm_settings (
    setting_key VARCHAR NOT NULL CHECK (setting_key IN ('grid_ef', 'diesel_genset_ef')),
    seq INTEGER NOT NULL,
    value DOUBLE NOT NULL CHECK (value >= 0),
    unit VARCHAR NOT NULL,
    source VARCHAR NOT NULL,
    verification VARCHAR NOT NULL CHECK (verification IN ('VERIFIED', 'SINGLE_SOURCE', 'UNVERIFIED')),
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (setting_key, seq)
);

CREATE TABLE jcm_projects (
    project_id VARCHAR NOT NULL,
    enterprise_id VARCHAR NOT NULL,
    methodology_id VARCHAR NOT NULL,
    technology_id VARCHAR,
    title VARCHAR NOT NULL,
    assumptions JSON,
    expected_er_tco2_per_year DOUBLE CHECK (expected_er_tco2_per_year IS NULL OR expected_er_tco2_per_year >= 0),
    investment_usd DOUBLE CHECK (investment_usd IS NULL OR investment_usd >= 0),
    jcm_financing_frac DOUBLE CHECK (jcm_financing_frac IS NULL OR jcm_financing_frac BETWEEN 0 AND 0.5),
    japan_credit_share_frac DOUBLE CHECK (japan_credit_share_frac IS NULL OR japan_credit_share_frac BETWEEN 0 AND 1),
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id),
    FOREIGN KEY (enterprise_id) REFERENCES enterprises (enterprise_id)
);

CREATE TABLE jcm_project_stages (
    project_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    stage VARCHAR NOT NULL CHECK (stage IN ('idea', 'feasibility_study', 'proposal', 'validation', 'registered', 'monitoring', 'verified', 'credits_issued', 'withdrawn')),
    stage_date DATE NOT NULL,
    note VARCHAR,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, seq),
    FOREIGN KEY (project_id) REFERENCES jcm_projects (project_id)
);

CREATE TABLE jcm_project_participants (
    project_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    name VARCHAR NOT NULL,
    role VARCHAR NOT NULL CHECK (role IN ('vn_enterprise', 'jp_partner', 'consultant', 'financier', 'other')),
    country VARCHAR,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, seq),
    FOREIGN KEY (project_id) REFERENCES jcm_projects (project_id)
);

CREATE TABLE jcm_project_documents (
    project_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    title VARCHAR NOT NULL,
    link VARCHAR,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, seq),
    FOREIGN KEY (project_id) REFERENCES jcm_projects (project_id)
);

CREATE TABLE jcm_monitoring_values (
    project_id VARCHAR NOT NULL,
    period DATE NOT NULL,
    parameter VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    value DOUBLE NOT NULL,
    unit VARCHAR NOT NULL,
    file_name VARCHAR,
    file_sha256 VARCHAR,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, period, parameter, seq),
    FOREIGN KEY (project_id) REFERENCES jcm_projects (project_id)
);

CREATE TABLE jcm_credits (
    project_id VARCHAR NOT NULL,
    seq INTEGER NOT NULL,
    period_from DATE NOT NULL,
    period_to DATE NOT NULL,
    issued_tco2 DOUBLE NOT NULL CHECK (issued_tco2 >= 0),
    to_japan_tco2 DOUBLE NOT NULL CHECK (to_japan_tco2 >= 0),
    to_viet_nam_tco2 DOUBLE NOT NULL CHECK (to_viet_nam_tco2 >= 0),
    note VARCHAR,
    recorded_by VARCHAR NOT NULL,
    recorded_at TIMESTAMP NOT NULL,
    PRIMARY KEY (project_id, seq),
    CHECK (period_to >= period_from),
    CHECK (abs(to_japan_tco2 + to_viet_nam_tco2 - issued_tco2) < 0.001),
    FOREIGN KEY (project_id) REFERENCES jcm_projects (project_id)
);

COMMENT ON TABLE jcm_settings IS 'Values the province fixes for JCM methodologies (the conservative JCM grid factor is not the inventory grid factor); newest row per key is current';
COMMENT ON COLUMN jcm_settings.setting_key IS 'Which setting (grid_ef, diesel_genset_ef)';
COMMENT ON COLUMN jcm_settings.seq IS 'Version of the setting, from 1';
COMMENT ON COLUMN jcm_settings.value IS 'The value, in unit';
COMMENT ON COLUMN jcm_settings.unit IS 'Unit of value (tCO2/MWh)';
COMMENT ON COLUMN jcm_settings.source IS 'Where the value comes from (methodology spreadsheet, …)';
COMMENT ON COLUMN jcm_settings.verification IS 'How well the value is checked';
COMMENT ON COLUMN jcm_settings.recorded_by IS 'The recording user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN jcm_settings.recorded_at IS 'When it was recorded (UTC)';

COMMENT ON TABLE jcm_projects IS 'JCM projects an enterprise forms (never updated; stage in jcm_project_stages)';
COMMENT ON COLUMN jcm_projects.project_id IS 'JCM project id (jcm-<hex>)';
COMMENT ON COLUMN jcm_projects.enterprise_id IS 'The Vietnamese enterprise hosting the project';
COMMENT ON COLUMN jcm_projects.methodology_id IS 'Methodology (metrics.jcm.registry id)';
COMMENT ON COLUMN jcm_projects.technology_id IS 'Technology of the catalogue, if from screening';
COMMENT ON COLUMN jcm_projects.title IS 'Project title';
COMMENT ON COLUMN jcm_projects.assumptions IS 'Ex-ante values and assumptions the project uses';
COMMENT ON COLUMN jcm_projects.expected_er_tco2_per_year IS 'Expected emission reductions a year [tCO2/yr]';
COMMENT ON COLUMN jcm_projects.investment_usd IS 'Initial investment (indicative) [USD]';
COMMENT ON COLUMN jcm_projects.jcm_financing_frac IS 'Share of the initial investment financed by the JCM (at most half) [fraction]';
COMMENT ON COLUMN jcm_projects.japan_credit_share_frac IS 'Share of issued credits that goes to Japan (agreed per project) [fraction]';
COMMENT ON COLUMN jcm_projects.created_by IS 'The user name (a users.username, or the CLI operator''s name) who added it';
COMMENT ON COLUMN jcm_projects.created_at IS 'When it was added (UTC)';

COMMENT ON TABLE jcm_project_stages IS 'Every stage a JCM project entered (append-only); the newest is current';
COMMENT ON COLUMN jcm_project_stages.project_id IS 'JCM project id (jcm-<hex>)';
COMMENT ON COLUMN jcm_project_stages.seq IS 'Order of the change, from 1';
COMMENT ON COLUMN jcm_project_stages.stage IS 'Stage entered';
COMMENT ON COLUMN jcm_project_stages.stage_date IS 'Date the stage was entered (as documented)';
COMMENT ON COLUMN jcm_project_stages.note IS 'Why, or the document that marks the stage';
COMMENT ON COLUMN jcm_project_stages.recorded_by IS 'The recording user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN jcm_project_stages.recorded_at IS 'When it was recorded (UTC)';

COMMENT ON TABLE jcm_project_participants IS 'Project participants (Vietnamese enterprise, Japanese partner, …)';
COMMENT ON COLUMN jcm_project_participants.project_id IS 'JCM project id (jcm-<hex>)';
COMMENT ON COLUMN jcm_project_participants.seq IS 'Order added, from 1';
COMMENT ON COLUMN jcm_project_participants.name IS 'Participant name';
COMMENT ON COLUMN jcm_project_participants.role IS 'Role in the project';
COMMENT ON COLUMN jcm_project_participants.country IS 'Country (VN, JP, …)';
COMMENT ON COLUMN jcm_project_participants.recorded_by IS 'The recording user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN jcm_project_participants.recorded_at IS 'When it was recorded (UTC)';

COMMENT ON TABLE jcm_project_documents IS 'Documents of a project by name and link (PDD, validation report, …)';
COMMENT ON COLUMN jcm_project_documents.project_id IS 'JCM project id (jcm-<hex>)';
COMMENT ON COLUMN jcm_project_documents.seq IS 'Order added, from 1';
COMMENT ON COLUMN jcm_project_documents.title IS 'Document name';
COMMENT ON COLUMN jcm_project_documents.link IS 'Where the document is kept (URL or path)';
COMMENT ON COLUMN jcm_project_documents.recorded_by IS 'The recording user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN jcm_project_documents.recorded_at IS 'When it was recorded (UTC)';

COMMENT ON TABLE jcm_monitoring_values IS 'Monitored parameters of a project from a project monitoring upload (append-only; newest row per project, period and parameter is current)';
COMMENT ON COLUMN jcm_monitoring_values.project_id IS 'JCM project id (jcm-<hex>)';
COMMENT ON COLUMN jcm_monitoring_values.period IS 'First day of the monitored month';
COMMENT ON COLUMN jcm_monitoring_values.parameter IS 'Monitoring parameter of the methodology';
COMMENT ON COLUMN jcm_monitoring_values.seq IS 'Version of the value, from 1';
COMMENT ON COLUMN jcm_monitoring_values.value IS 'The monitored value, in the parameter''s unit';
COMMENT ON COLUMN jcm_monitoring_values.unit IS 'Unit of value (the methodology''s)';
COMMENT ON COLUMN jcm_monitoring_values.file_name IS 'Monitoring file the value came from';
COMMENT ON COLUMN jcm_monitoring_values.file_sha256 IS 'SHA-256 of that file';
COMMENT ON COLUMN jcm_monitoring_values.recorded_by IS 'The recording user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN jcm_monitoring_values.recorded_at IS 'When it was recorded (UTC)';

COMMENT ON TABLE jcm_credits IS 'Credits issued for a project and where they went (shared with Japan); shown beside the inventory, never subtracted from it';
COMMENT ON COLUMN jcm_credits.project_id IS 'JCM project id (jcm-<hex>)';
COMMENT ON COLUMN jcm_credits.seq IS 'Issuance, from 1';
COMMENT ON COLUMN jcm_credits.period_from IS 'First day of the monitoring period credited';
COMMENT ON COLUMN jcm_credits.period_to IS 'Last month (first day) of the period credited';
COMMENT ON COLUMN jcm_credits.issued_tco2 IS 'Credits issued [tCO2]';
COMMENT ON COLUMN jcm_credits.to_japan_tco2 IS 'Credits issued to the Japanese side [tCO2]';
COMMENT ON COLUMN jcm_credits.to_viet_nam_tco2 IS 'Credits issued to the Vietnamese side [tCO2]';
COMMENT ON COLUMN jcm_credits.note IS 'Joint Committee notification or registry reference';
COMMENT ON COLUMN jcm_credits.recorded_by IS 'The recording user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN jcm_credits.recorded_at IS 'When it was recorded (UTC)';

