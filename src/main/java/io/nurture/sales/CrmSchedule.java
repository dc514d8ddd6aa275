package io.nurture.sales;

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

/** Runs the CRM delivery on Quartz's clustered job store: one node at a time, every delivery interval. */
@Configuration(proxyBeanMethods = false)
class CrmSchedule {

	@Bean
	JobDetail crmDeliveryJob() {
		return JobBuilder.newJob(DeliveryJob.class).withIdentity("crm-delivery", "sales")
				.withDescription("Delivers qualified leads to the CRM webhook").storeDurably().build();
	}

	@Bean
	Trigger crmDeliveryTrigger(JobDetail crmDeliveryJob, HandoverSettings settings) {
		return TriggerBuilder.newTrigger().forJob(crmDeliveryJob).withIdentity("crm-delivery", "sales")
				.withSchedule(SimpleScheduleBuilder.simpleSchedule()
						.withIntervalInMilliseconds(settings.crm().deliveryInterval().toMillis()).repeatForever()
						.withMisfireHandlingInstructionNextWithRemainingCount())
				.build();
	}

	@DisallowConcurrentExecution
	static class DeliveryJob extends QuartzJobBean {

		private final CrmDelivery delivery;

		DeliveryJob(CrmDelivery delivery) {
			this.delivery = delivery;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			delivery.deliverDue();
		}
	}
}
