-- Issue 7: the pruning job (operations/Pruning) finds old rows by time; these indexes keep its daily pass cheap.
-- One script for H2 and MySQL 8 / MariaDB.
CREATE INDEX ix_email_outbox_created ON email_outbox (created_at);
CREATE INDEX ix_email_attempts_time ON email_attempts (attempted_at);
CREATE INDEX ix_interactions_occurred ON interactions (occurred_at);
CREATE INDEX ix_score_ledger_created ON score_ledger (created_at);
