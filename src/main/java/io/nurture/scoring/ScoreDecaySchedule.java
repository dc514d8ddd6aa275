package io.nurture.scoring;

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

import io.nurture.system.ClusteredJobs;

/**
 * Lets engagement fade on Quartz's clustered JDBC job store: one node runs a decay pass at a time, and each lead is
 * locked while it fades, so with several nodes on one database every lead decays once per interval.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "nurture.scoring.decay.enabled", havingValue = "true", matchIfMissing = true)
class ScoreDecaySchedule {

	@Bean
	JobDetail scoreDecayJob() {
		return ClusteredJobs.job(DecayJob.class, "scoring", "score-decay", "Lets lead engagement fade by its half-life");
	}

	@Bean
	Trigger scoreDecayTrigger(JobDetail scoreDecayJob, ScoringSettings settings) {
		return ClusteredJobs.every(scoreDecayJob, settings.decay().interval());
	}

	@DisallowConcurrentExecution
	static class DecayJob extends QuartzJobBean {

		private static final Logger log = LoggerFactory.getLogger(DecayJob.class);

		private final Scoring scoring;
		private final ScoringSettings settings;

		DecayJob(Scoring scoring, ScoringSettings settings) {
			this.scoring = scoring;
			this.settings = settings;
		}

		/** Walks all due leads once, in id order; each lead fades in its own transaction. */
		@Override
		protected void executeInternal(JobExecutionContext context) {
			int decayed = 0;
			String after = "";
			List<String> batch;
			do {
				batch = scoring.dueForDecay(after, settings.decay().batchSize());
				for (String leadId : batch) {
					if (scoring.decay(leadId).isPresent()) {
						decayed++;
					}
					after = leadId;
				}
			}
			while (batch.size() == settings.decay().batchSize());
			if (decayed > 0) {
				log.info("Engagement of {} leads faded", decayed);
			}
		}
	}
}
