-- The campaign a lead came through with a source (e.g. utm_campaign), so the handover report can say which
-- campaigns bring leads that sales accepts.
ALTER TABLE lead_sources ADD COLUMN campaign VARCHAR(100);
