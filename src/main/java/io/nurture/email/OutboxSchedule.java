package io.nurture.email;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

/** Runs the outbox dispatcher on Quartz's clustered job store: one node at a time, every dispatch interval. */
@Configuration(proxyBeanMethods = false)
class OutboxSchedule {

	@Bean
	JobDetail outboxDispatchJob() {
		return JobBuilder.newJob(DispatchJob.class).withIdentity("outbox-dispatch", "email")
				.withDescription("Delivers due emails from the outbox").storeDurably().build();
	}

	@Bean
	Trigger outboxDispatchTrigger(JobDetail outboxDispatchJob, MailSettings settings) {
		return TriggerBuilder.newTrigger().forJob(outboxDispatchJob).withIdentity("outbox-dispatch", "email")
				.withSchedule(SimpleScheduleBuilder.simpleSchedule()
						.withIntervalInMilliseconds(settings.dispatchInterval().toMillis()).repeatForever()
						.withMisfireHandlingInstructionNextWithRemainingCount())
				.build();
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
