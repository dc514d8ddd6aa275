-- The deployed fit table (Camunda decision definition id) that last assessed the lead's fit. An interaction
-- re-evaluates fit only when the journey's model or its fit table changed since; the profile's own changes
-- re-evaluate it when they happen.
ALTER TABLE lead_scores ADD COLUMN fit_table VARCHAR(64);
