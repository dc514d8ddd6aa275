-- What was done to a person's data, by whom and when: kept after the data itself is gone, with the lead id only.
CREATE TABLE privacy_audit (
    id         BIGINT AUTO_INCREMENT PRIMARY KEY,
    lead_id    VARCHAR(36)   NOT NULL,
    action     VARCHAR(20)   NOT NULL,
    actor      VARCHAR(100),
    detail     VARCHAR(1000),
    created_at DATETIME(6)   NOT NULL
);
CREATE INDEX ix_privacy_audit_lead ON privacy_audit (lead_id);
