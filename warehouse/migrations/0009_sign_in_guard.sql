-- 0009_sign_in_guard: sign-in throttling state (issue 10 item 8) and the warehouse's own marks,
-- such as "built as a demo" (item 7). Columns and comments from the schema registry
-- (parkghg/schema.py, printed with tools/schema_sql.py).
CREATE TABLE sign_in_throttle (
    throttle_key VARCHAR NOT NULL,
    failures INTEGER NOT NULL,
    last_failure_at TIMESTAMP NOT NULL,
    PRIMARY KEY (throttle_key)
);

CREATE TABLE warehouse_marks (
    mark VARCHAR NOT NULL CHECK (mark IN ('demo')),
    set_at TIMESTAMP NOT NULL,
    set_by VARCHAR NOT NULL,
    PRIMARY KEY (mark)
);
COMMENT ON TABLE sign_in_throttle IS 'Recent wrong sign-ins per account, per client and per account on one client: each key''s delay grows with its failures (issue 10)';
COMMENT ON COLUMN sign_in_throttle.throttle_key IS 'account:<name>, client:<id> or pair:<id>|<name>; names known or not alike';
COMMENT ON COLUMN sign_in_throttle.failures IS 'Wrong sign-ins since the key''s last success or unlock';
COMMENT ON COLUMN sign_in_throttle.last_failure_at IS 'When the last one happened (UTC)';

COMMENT ON TABLE warehouse_marks IS 'Facts about the warehouse itself, such as that it was built as a demo (demo accounts sign in only there)';
COMMENT ON COLUMN warehouse_marks.mark IS 'What is marked, e.g. demo';
COMMENT ON COLUMN warehouse_marks.set_at IS 'When (UTC)';
COMMENT ON COLUMN warehouse_marks.set_by IS 'Who set it (a command)';

