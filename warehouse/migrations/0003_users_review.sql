-- 0003_users_review: who may sign in, the review workflow and the append-only audit log.
-- Depends only on 0001 (submissions, period_current, period_locks, enterprises, parks).
-- All timestamps are UTC without a time zone, like the rest of the warehouse.

CREATE TABLE users (
    username VARCHAR PRIMARY KEY,
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
    CHECK ((role = 'enterprise') = (enterprise_id IS NOT NULL)),
    CHECK ((role = 'park') = (park_id IS NOT NULL))
);
COMMENT ON TABLE users IS 'People who may sign in; the role and its enterprise_id/park_id fix what they can read';
COMMENT ON COLUMN users.username IS 'Lower-case sign-in name; also the user id written in audit_log and uploaded_by';
COMMENT ON COLUMN users.password_hash IS 'argon2id hash (never the password); NULL for accounts that sign in only through the province identity provider';
COMMENT ON COLUMN users.email IS 'Used to match an identity-provider (OIDC) sign-in to this row';
COMMENT ON COLUMN users.oidc_subject IS 'issuer|sub of the identity-provider account bound to this row on its first OIDC sign-in';

CREATE SEQUENCE submission_reviews_seq START 1;
CREATE TABLE submission_reviews (
    review_id BIGINT PRIMARY KEY DEFAULT nextval('submission_reviews_seq'),
    submission_id VARCHAR NOT NULL,
    enterprise_id VARCHAR,
    decision VARCHAR NOT NULL CHECK (decision IN ('accepted', 'returned')),
    reviewer VARCHAR NOT NULL,
    reviewer_role VARCHAR NOT NULL CHECK (reviewer_role IN ('park', 'province', 'admin', 'system')),
    comment VARCHAR,
    reviewed_at TIMESTAMP NOT NULL,
    CHECK (decision = 'accepted' OR comment IS NOT NULL)
);
COMMENT ON TABLE submission_reviews IS 'Every review decision on a submission (append-only); the newest one is its state, none means pending';
COMMENT ON COLUMN submission_reviews.comment IS 'Shown to the enterprise; required when the submission is returned';

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

CREATE SEQUENCE audit_log_seq START 1;
CREATE TABLE audit_log (
    audit_id BIGINT PRIMARY KEY DEFAULT nextval('audit_log_seq'),
    logged_at TIMESTAMP NOT NULL,
    actor VARCHAR NOT NULL,
    actor_role VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    object_type VARCHAR NOT NULL,
    object_id VARCHAR,
    enterprise_id VARCHAR,
    park_id VARCHAR,
    details JSON
);
COMMENT ON TABLE audit_log IS 'Append-only record of every review, lock, unlock, restore, upload, export and user change';
COMMENT ON COLUMN audit_log.enterprise_id IS 'The enterprise the action concerns, used to scope who may read the row';
COMMENT ON COLUMN audit_log.park_id IS 'Set for park-wide actions (bulk lock) so the park board can read them';
