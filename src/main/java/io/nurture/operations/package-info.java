/**
 * What operators need to run the engine: health, metrics and the Prometheus endpoint, the lead id and process
 * instance id on log lines, incidents that name the lead and the step, and the pruning of the project's own tables.
 */
package io.nurture.operations;
