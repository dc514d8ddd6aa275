package io.nurture.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;
import org.springframework.stereotype.Component;

import io.nurture.system.ClusteredJobs;

/**
 * Erases the leads the engine has not heard from for {@code nurture.privacy.retention.inactive-after}, on Quartz's
 * clustered job store (one node at a time), each in its own transaction and with an audit entry.
 */
@Component
class Retention {

	static final String ACTOR = "retention";

	private static final Logger log = LoggerFactory.getLogger(Retention.class);

	private final RetentionRepository due;
	private final Erasure erasure;
	private final PrivacySettings settings;
	private final Clock clock;

	Retention(RetentionRepository due, Erasure erasure, PrivacySettings settings, Clock clock) {
		this.due = due;
		this.erasure = erasure;
		this.settings = settings;
		this.clock = clock;
	}

	/** Erases every lead whose retention is due; returns how many. */
	int run() {
		Instant cutoff = clock.instant().minus(settings.retention().inactiveAfter());
		String why = "no activity since " + cutoff;
		int erased = 0;
		List<String> batch;
		do {
			batch = due.findInactiveSince(cutoff, settings.retention().batchSize());
			for (String leadId : batch) {
				erasure.erase(leadId, ACTOR, why);
				erased++;
			}
		}
		while (batch.size() == settings.retention().batchSize());
		if (erased > 0) {
			log.info("Retention erased {} leads without activity since {}", erased, cutoff);
		}
		return erased;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "nurture.privacy.retention.enabled", havingValue = "true", matchIfMissing = true)
	static class Schedule {

		@Bean
		JobDetail retentionJob() {
			return ClusteredJobs.job(RetentionJob.class, "privacy", "retention", "Erases leads without activity for the retention period");
		}

		@Bean
		Trigger retentionTrigger(JobDetail retentionJob, PrivacySettings settings) {
			return ClusteredJobs.every(retentionJob, settings.retention().interval());
		}
	}

	@DisallowConcurrentExecution
	static class RetentionJob extends QuartzJobBean {

		private final Retention retention;

		RetentionJob(Retention retention) {
			this.retention = retention;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			retention.run();
		}
	}
}
