package io.nurture.operations;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;
import org.springframework.stereotype.Component;

import io.nurture.email.Outbox;
import io.nurture.scoring.Scoring;
import io.nurture.system.ClusteredJobs;

/**
 * Keeps the project's own tables from growing without bound (Camunda's history has its own cleanup), by the policy
 * in {@code nurture.operations.pruning}: delivered emails lose their rendered bodies, old delivery attempts and
 * scored interactions go, and old score ledger lines are folded per rule so that the score still adds up. A Quartz
 * job on the clustered job store runs it on one node at a time, in transactions of {@code batch-size} rows.
 */
@Component
class Pruning {

	private static final Logger log = LoggerFactory.getLogger(Pruning.class);

	private final Outbox outbox;
	private final Scoring scoring;
	private final OperationsSettings settings;
	private final Clock clock;

	Pruning(Outbox outbox, Scoring scoring, OperationsSettings settings, Clock clock) {
		this.outbox = outbox;
		this.scoring = scoring;
		this.settings = settings;
		this.clock = clock;
	}

	/** What one pass removed: email bodies emptied, attempts deleted, ledger lines folded away, interactions deleted. */
	record Pruned(int emailBodies, int deliveryAttempts, int ledgerLines, int interactions) {
	}

	Pruned run() {
		OperationsSettings.Policy policy = settings.pruning();
		Instant now = clock.instant();
		int batch = policy.batchSize();
		int bodies = repeat(() -> outbox.pruneBodies(now.minus(policy.emailBodiesAfter()), batch), batch);
		int attempts = repeat(() -> outbox.pruneAttempts(now.minus(policy.deliveryAttemptsAfter()), batch), batch);
		// The ledger first: its folded lines no longer point at the interactions deleted after it.
		Instant ledgerCutoff = now.minus(policy.ledgerAfter());
		int ledgerLines = 0;
		List<String> leads;
		do {
			leads = scoring.compactableLedgers(ledgerCutoff, batch);
			for (String leadId : leads) {
				try (MDC.MDCCloseable context = MDC.putCloseable(LeadLogContext.LEAD_ID, leadId)) {
					ledgerLines += scoring.compactLedger(leadId, ledgerCutoff);
				}
			}
		}
		while (leads.size() == batch);
		int interactions = repeat(() -> scoring.pruneInteractions(now.minus(policy.interactionsAfter()), batch), batch);
		Pruned pruned = new Pruned(bodies, attempts, ledgerLines, interactions);
		if (bodies + attempts + ledgerLines + interactions > 0) {
			log.info("Pruned {} email bodies, {} delivery attempts, {} score ledger lines (folded), {} interactions",
					bodies, attempts, ledgerLines, interactions);
		}
		return pruned;
	}

	/** Runs one batch after another until a batch comes back short; returns the total. */
	private static int repeat(IntSupplier step, int batch) {
		int total = 0;
		int done;
		do {
			done = step.getAsInt();
			total += done;
		}
		while (done == batch);
		return total;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "nurture.operations.pruning.enabled", havingValue = "true", matchIfMissing = true)
	static class Schedule {

		@Bean
		JobDetail pruningJob() {
			return ClusteredJobs.job(PruningJob.class, "operations", "pruning",
					"Prunes email bodies, delivery attempts, interactions and score ledger lines by the pruning policy");
		}

		@Bean
		Trigger pruningTrigger(JobDetail pruningJob, OperationsSettings settings) {
			return ClusteredJobs.every(pruningJob, settings.pruning().interval());
		}
	}

	@DisallowConcurrentExecution
	static class PruningJob extends QuartzJobBean {

		private final Pruning pruning;

		PruningJob(Pruning pruning) {
			this.pruning = pruning;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			pruning.run();
		}
	}
}
