-- 0014_programme: the enterprise needs survey's answer sheets and the programme plan tracker's
-- edits (issue 14). Both append-only and versioned: a revised answer sheet or an edited
-- activity is a new version, so the survey results and the tracker can be traced to who
-- said what when. Generated from the schema registry with tools/schema_sql.py.
CREATE TABLE survey_responses (
    response_id VARCHAR NOT NULL,
    survey_id VARCHAR NOT NULL,
    survey_version INTEGER NOT NULL,
    survey_year INTEGER NOT NULL,
    enterprise_id VARCHAR NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    answers JSON NOT NULL,
    source VARCHAR NOT NULL CHECK (source IN ('form', 'file')),
    file_name VARCHAR,
    submitted_by VARCHAR NOT NULL,
    submitted_at TIMESTAMP NOT NULL,
    PRIMARY KEY (response_id),
    UNIQUE (survey_id, survey_year, enterprise_id, version)
);

CREATE TABLE plan_activities (
    plan_id VARCHAR NOT NULL,
    activity_id VARCHAR NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    title_vi VARCHAR NOT NULL,
    title_en VARCHAR NOT NULL,
    lead VARCHAR NOT NULL,
    partners JSON NOT NULL,
    due_month VARCHAR NOT NULL,
    status VARCHAR NOT NULL CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
    output_kind VARCHAR CHECK (output_kind IS NULL OR output_kind IN ('survey', 'workshop_pack', 'annual_report', 'jcm_project')),
    output_ref VARCHAR,
    note VARCHAR,
    changed_by VARCHAR NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    PRIMARY KEY (plan_id, activity_id, version)
);

COMMENT ON TABLE survey_responses IS 'Every answer sheet an enterprise gave to a needs survey, versioned like uploads (append-only); the highest version per enterprise, survey and year is current';
COMMENT ON COLUMN survey_responses.response_id IS 'Answer-sheet id: survey-year-enterprise-vN';
COMMENT ON COLUMN survey_responses.survey_id IS 'Survey definition id (parkghg/surveys/*.toml)';
COMMENT ON COLUMN survey_responses.survey_version IS 'Version of the survey definition answered';
COMMENT ON COLUMN survey_responses.survey_year IS 'Survey round (year)';
COMMENT ON COLUMN survey_responses.enterprise_id IS 'Enterprise tax code (MST) as text, 10 digits or 13 with the branch dash';
COMMENT ON COLUMN survey_responses.version IS '1 for the first answer sheet, +1 for each revision';
COMMENT ON COLUMN survey_responses.answers IS 'Question id -> answer (choice id, list, bool, number, text)';
COMMENT ON COLUMN survey_responses.source IS 'form (dashboard) or file (uploaded answers)';
COMMENT ON COLUMN survey_responses.file_name IS 'Answers file name, for answers uploaded as a file';
COMMENT ON COLUMN survey_responses.submitted_by IS 'The submitting user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN survey_responses.submitted_at IS 'When (UTC)';

COMMENT ON TABLE plan_activities IS 'Edits of the programme plan tracker, one version per edit (append-only); the shipped plan file is version 0 and is not stored';
COMMENT ON COLUMN plan_activities.plan_id IS 'Plan id (parkghg/plans/*.toml)';
COMMENT ON COLUMN plan_activities.activity_id IS 'Activity id within the plan';
COMMENT ON COLUMN plan_activities.version IS '1 for the first edit, +1 for each later edit';
COMMENT ON COLUMN plan_activities.title_vi IS 'Activity title in Vietnamese';
COMMENT ON COLUMN plan_activities.title_en IS 'Activity title in English';
COMMENT ON COLUMN plan_activities.lead IS 'Lead agency code';
COMMENT ON COLUMN plan_activities.partners IS 'Partner agency codes (list)';
COMMENT ON COLUMN plan_activities.due_month IS 'Due month, YYYY-MM';
COMMENT ON COLUMN plan_activities.status IS 'planned, in_progress, done or cancelled';
COMMENT ON COLUMN plan_activities.output_kind IS 'What the platform produced for it';
COMMENT ON COLUMN plan_activities.output_ref IS 'Which one (survey year, report file, project id)';
COMMENT ON COLUMN plan_activities.note IS 'Free note of the editor';
COMMENT ON COLUMN plan_activities.changed_by IS 'The editing user name (a users.username, or the CLI operator''s name)';
COMMENT ON COLUMN plan_activities.changed_at IS 'When (UTC)';

