-- Issue 8: consent to tracking (email opens, link clicks, web visits) stands apart from the consent to marketing
-- email: given with a tick at capture (no double opt-in), withdrawn on its own. Its proof is in consent_records,
-- category TRACKING. Without it the engine records no open or click, and sales sees no engagement details.
ALTER TABLE consents ADD COLUMN tracking_status VARCHAR(20) DEFAULT 'NONE' NOT NULL;
ALTER TABLE consents ADD COLUMN tracking_changed_at DATETIME(6);
