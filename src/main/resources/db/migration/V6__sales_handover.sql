-- The sales handover: who decided what in which step and journey, the round-robin turns per team, and the CRM
-- webhook's queue. One script for H2 and MySQL 8 / MariaDB.

ALTER TABLE sales_reviews ADD COLUMN step VARCHAR(10) DEFAULT 'REVIEW' NOT NULL;
ALTER TABLE sales_reviews ADD COLUMN journey VARCHAR(100);
ALTER TABLE sales_reviews ADD COLUMN team VARCHAR(64);

-- How many leads each team has been given; the next lead goes to the member after the last one.
CREATE TABLE sales_rotation (
    team  VARCHAR(64) NOT NULL PRIMARY KEY,
    turns BIGINT      NOT NULL
);

-- Written in the transaction of "Hand over to CRM"; delivered by the CRM delivery job until the CRM takes it.
CREATE TABLE crm_handovers (
    id                  VARCHAR(36)   NOT NULL PRIMARY KEY,
    lead_id             VARCHAR(36)   NOT NULL,
    process_instance_id VARCHAR(64)   NOT NULL,
    payload             LONGTEXT      NOT NULL,
    status              VARCHAR(20)   NOT NULL,
    attempts            INT           NOT NULL,
    next_attempt_at     DATETIME(6)   NOT NULL,
    last_error          VARCHAR(1000),
    created_at          DATETIME(6)   NOT NULL,
    delivered_at        DATETIME(6),
    CONSTRAINT uk_crm_handovers_step UNIQUE (process_instance_id)
);
CREATE INDEX ix_crm_handovers_due ON crm_handovers (status, next_attempt_at);
