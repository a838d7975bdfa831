-- 0011_web_sessions: dashboard sessions that survive a page reload (issue 11). The browser keeps a
-- random token in a cookie; the warehouse keeps only its SHA-256, the user, the expiry and the
-- sign-out time. Columns and comments from the schema registry (tools/schema_sql.py).
CREATE TABLE web_sessions (
    token_sha256 VARCHAR NOT NULL,
    username VARCHAR NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    PRIMARY KEY (token_sha256)
);
COMMENT ON TABLE web_sessions IS 'Dashboard sign-in sessions that survive a page reload: only a hash of the random token the browser keeps, never a password; revoked at sign-out';
COMMENT ON COLUMN web_sessions.token_sha256 IS 'SHA-256 (hex) of the session token; the token itself is never stored';
COMMENT ON COLUMN web_sessions.username IS 'The user name (a users.username, or the CLI operator''s name) signed in';
COMMENT ON COLUMN web_sessions.created_at IS 'When the session started (UTC)';
COMMENT ON COLUMN web_sessions.expires_at IS 'When the session stops being accepted (UTC)';
COMMENT ON COLUMN web_sessions.revoked_at IS 'When the user signed out (UTC); NULL while valid';

