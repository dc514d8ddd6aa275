-- Issue 5: emails that arrive once, on time, and respect the lead. One script for H2 and MySQL 8 / MariaDB.

-- The lead's own time zone (an IANA id such as Europe/Berlin), for send windows; empty means "from the country".
ALTER TABLE leads ADD COLUMN time_zone VARCHAR(50);

-- The send window a marketing email waits for, and why a due email is held back (send window, frequency cap).
ALTER TABLE email_outbox ADD COLUMN send_window VARCHAR(50);
ALTER TABLE email_outbox ADD COLUMN held_reason VARCHAR(300);

-- Every delivery attempt of an outbox email, with the SMTP server's answer.
CREATE TABLE email_attempts (
    id           BIGINT AUTO_INCREMENT PRIMARY KEY,
    outbox_id    BIGINT        NOT NULL,
    attempted_at DATETIME(6)   NOT NULL,
    outcome      VARCHAR(20)   NOT NULL,
    smtp_reply   VARCHAR(1000),
    CONSTRAINT fk_email_attempts_outbox FOREIGN KEY (outbox_id) REFERENCES email_outbox (id)
);
CREATE INDEX ix_email_attempts_outbox ON email_attempts (outbox_id);

-- How often marketing email reached a lead lately: the frequency cap counts sent marketing emails per lead.
CREATE INDEX ix_email_outbox_lead_sent ON email_outbox (lead_id, category, sent_at);

-- Addresses that get no more email: hard bounces and complaints, kept with what reported them.
CREATE TABLE email_suppressions (
    email_normalized VARCHAR(254)  NOT NULL PRIMARY KEY,
    reason           VARCHAR(20)   NOT NULL,
    detail           VARCHAR(1000),
    source           VARCHAR(20)   NOT NULL,
    created_at       DATETIME(6)   NOT NULL
);
