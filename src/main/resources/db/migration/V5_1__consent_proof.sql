-- Issue 5: the proof of consent, append-only: every request, confirmation and withdrawal per lead and email
-- category, with how it happened (form, import, API, link, one-click, complaint), the source and the wording.
CREATE TABLE consent_records (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    lead_id      VARCHAR(36)  NOT NULL,
    category     VARCHAR(20)  NOT NULL,
    event        VARCHAR(20)  NOT NULL,
    method       VARCHAR(20)  NOT NULL,
    source       VARCHAR(50),
    consent_text VARCHAR(500),
    occurred_at  DATETIME(6)  NOT NULL
);
CREATE INDEX ix_consent_records_lead ON consent_records (lead_id);
