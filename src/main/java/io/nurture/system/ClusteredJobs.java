package io.nurture.system;

import java.time.Duration;

import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;

/**
 * Recurring jobs on Quartz's clustered JDBC job store: one node runs a job at a time (with
 * {@code @DisallowConcurrentExecution} on the job), every interval; a run missed while no node was up is not caught
 * up, the next one simply comes.
 */
public final class ClusteredJobs {

	private ClusteredJobs() {
	}

	/** The job, known to the cluster as {@code group.name}. */
	public static JobDetail job(Class<? extends Job> type, String group, String name, String description) {
		return JobBuilder.newJob(type).withIdentity(name, group).withDescription(description).storeDurably().build();
	}

	/** Runs the job now and every {@code interval} after. */
	public static Trigger every(JobDetail job, Duration interval) {
		return TriggerBuilder.newTrigger().forJob(job).withIdentity(job.getKey().getName(), job.getKey().getGroup())
				.withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(interval.toMillis())
						.repeatForever().withMisfireHandlingInstructionNextWithRemainingCount())
				.build();
	}
}
