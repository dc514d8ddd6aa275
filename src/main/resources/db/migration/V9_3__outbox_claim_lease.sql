-- Issue 7: an email claimed by a node that died mid-send is given back after a while instead of staying SENDING.
-- Which node claimed the email and when; a claim older than nurture.mail.claim-timeout is released by the dispatcher.
-- Emails claimed before this version have no claim time and are left as they are (at most once, as they were sent).
ALTER TABLE email_outbox ADD COLUMN claimed_by VARCHAR(100);
ALTER TABLE email_outbox ADD COLUMN claimed_at DATETIME(6);
CREATE INDEX ix_email_outbox_claimed ON email_outbox (status, claimed_at);
