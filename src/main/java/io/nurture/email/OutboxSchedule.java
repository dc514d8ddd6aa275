package io.nurture.email;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

import io.nurture.system.ClusteredJobs;

/** Runs the outbox dispatcher on Quartz's clustered job store: one node at a time, every dispatch interval. */
@Configuration(proxyBeanMethods = false)
class OutboxSchedule {

	@Bean
	JobDetail outboxDispatchJob() {
		return ClusteredJobs.job(DispatchJob.class, "email", "outbox-dispatch", "Delivers due emails from the outbox");
	}

	@Bean
	Trigger outboxDispatchTrigger(JobDetail outboxDispatchJob, MailSettings settings) {
		return ClusteredJobs.every(outboxDispatchJob, settings.dispatchInterval());
	}

	@DisallowConcurrentExecution
	static class DispatchJob extends QuartzJobBean {

		private final OutboxDispatcher dispatcher;

		DispatchJob(OutboxDispatcher dispatcher) {
			this.dispatcher = dispatcher;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			dispatcher.dispatchDue();
		}
	}
}
