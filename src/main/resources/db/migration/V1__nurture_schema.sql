-- The project's own tables. Personal data lives here and nowhere else: Camunda's tables hold lead ids and flags only.
-- One script for H2 and MySQL 8 / MariaDB, so the types are the ones both understand.

CREATE TABLE leads (
    id               VARCHAR(36)  NOT NULL PRIMARY KEY,
    email            VARCHAR(254) NOT NULL,
    email_normalized VARCHAR(254) NOT NULL,
    first_name       VARCHAR(100),
    last_name        VARCHAR(100),
    company          VARCHAR(200),
    company_size     INT,
    job_title        VARCHAR(200),
    industry         VARCHAR(100),
    phone            VARCHAR(50),
    country          VARCHAR(2),
    language         VARCHAR(10),
    stage            VARCHAR(20)  NOT NULL,
    created_at       DATETIME(6)  NOT NULL,
    updated_at       DATETIME(6)  NOT NULL,
    version          BIGINT       NOT NULL,
    CONSTRAINT uk_leads_email UNIQUE (email_normalized)
);

CREATE TABLE lead_sources (
    lead_id     VARCHAR(36) NOT NULL,
    position    INT         NOT NULL,
    source      VARCHAR(50) NOT NULL,
    captured_at DATETIME(6) NOT NULL,
    PRIMARY KEY (lead_id, position),
    CONSTRAINT fk_lead_sources_lead FOREIGN KEY (lead_id) REFERENCES leads (id)
);

CREATE TABLE lead_stage_changes (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    lead_id    VARCHAR(36)  NOT NULL,
    from_stage VARCHAR(20),
    to_stage   VARCHAR(20)  NOT NULL,
    cause      VARCHAR(1200) NOT NULL,
    changed_at DATETIME(6)  NOT NULL,
    CONSTRAINT fk_stage_changes_lead FOREIGN KEY (lead_id) REFERENCES leads (id)
);
CREATE INDEX ix_stage_changes_lead ON lead_stage_changes (lead_id);

CREATE TABLE consents (
    lead_id      VARCHAR(36)  NOT NULL PRIMARY KEY,
    status       VARCHAR(20)  NOT NULL,
    source       VARCHAR(50)  NOT NULL,
    consent_text VARCHAR(500) NOT NULL,
    requested_at DATETIME(6),
    confirmed_at DATETIME(6),
    withdrawn_at DATETIME(6),
    version      BIGINT       NOT NULL
);

-- The current assessment of a lead: fit from its profile, engagement from what it did, the grade and the MQL rule.
CREATE TABLE lead_scores (
    lead_id             VARCHAR(36) NOT NULL PRIMARY KEY,
    model               VARCHAR(50) NOT NULL,
    score               INT         NOT NULL,
    fit_score           INT         NOT NULL,
    engagement_score    INT         NOT NULL,
    grade               VARCHAR(2)  NOT NULL,
    reachable           BOOLEAN     NOT NULL,
    mql                 BOOLEAN     NOT NULL,
    last_interaction_at DATETIME(6),
    decayed_at          DATETIME(6) NOT NULL,
    updated_at          DATETIME(6) NOT NULL
);
CREATE INDEX ix_lead_scores_decay ON lead_scores (decayed_at);

CREATE TABLE interactions (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    lead_id         VARCHAR(36)   NOT NULL,
    type            VARCHAR(40)   NOT NULL,
    url             VARCHAR(2000),
    content         VARCHAR(300),
    idempotency_key VARCHAR(100),
    occurred_at     DATETIME(6)   NOT NULL,
    recorded_at     DATETIME(6)   NOT NULL,
    scored          BOOLEAN       NOT NULL,
    CONSTRAINT uk_interactions_idempotency UNIQUE (lead_id, idempotency_key)
);
CREATE INDEX ix_interactions_lead ON interactions (lead_id);

-- Append-only: every score change with what caused it (an interaction, the profile, decay), the DMN rule that
-- matched, the points, and the assessment after it.
CREATE TABLE score_ledger (
    id             BIGINT AUTO_INCREMENT PRIMARY KEY,
    lead_id        VARCHAR(36)  NOT NULL,
    axis           VARCHAR(12)  NOT NULL,
    cause          VARCHAR(40)  NOT NULL,
    interaction_id BIGINT,
    decision       VARCHAR(100),
    rule_id        VARCHAR(100),
    reason         VARCHAR(200) NOT NULL,
    points         INT          NOT NULL,
    score_after    INT          NOT NULL,
    grade_after    VARCHAR(2)   NOT NULL,
    mql_after      BOOLEAN      NOT NULL,
    created_at     DATETIME(6)  NOT NULL
);
CREATE INDEX ix_score_ledger_lead ON score_ledger (lead_id);

-- Written in the same transaction as the journey step that sends the email; delivered by the dispatcher.
CREATE TABLE email_outbox (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    dedup_key       VARCHAR(200) NOT NULL,
    lead_id         VARCHAR(36)  NOT NULL,
    template        VARCHAR(100) NOT NULL,
    category        VARCHAR(20)  NOT NULL,
    recipient       VARCHAR(254) NOT NULL,
    subject         VARCHAR(500) NOT NULL,
    html_body       LONGTEXT     NOT NULL,
    text_body       LONGTEXT     NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    attempts        INT          NOT NULL,
    next_attempt_at DATETIME(6)  NOT NULL,
    last_error      VARCHAR(1000),
    message_id      VARCHAR(200) NOT NULL,
    created_at      DATETIME(6)  NOT NULL,
    sent_at         DATETIME(6),
    CONSTRAINT uk_email_outbox_dedup UNIQUE (dedup_key)
);
CREATE INDEX ix_email_outbox_due ON email_outbox (status, next_attempt_at);

CREATE TABLE sales_reviews (
    id                  BIGINT AUTO_INCREMENT PRIMARY KEY,
    lead_id             VARCHAR(36)   NOT NULL,
    process_instance_id VARCHAR(64)   NOT NULL,
    decision            VARCHAR(10)   NOT NULL,
    return_reason       VARCHAR(30),
    comment             VARCHAR(1000),
    reviewer            VARCHAR(64),
    decided_at          DATETIME(6)   NOT NULL
);
CREATE INDEX ix_sales_reviews_lead ON sales_reviews (lead_id);
