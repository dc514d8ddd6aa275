package io.nurture.sales;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.Trigger;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.quartz.QuartzJobBean;

import io.nurture.system.ClusteredJobs;

/** Runs the CRM delivery on Quartz's clustered job store: one node at a time, every delivery interval. */
@Configuration(proxyBeanMethods = false)
class CrmSchedule {

	@Bean
	JobDetail crmDeliveryJob() {
		return ClusteredJobs.job(DeliveryJob.class, "sales", "crm-delivery", "Delivers qualified leads to the CRM webhook");
	}

	@Bean
	Trigger crmDeliveryTrigger(JobDetail crmDeliveryJob, HandoverSettings settings) {
		return ClusteredJobs.every(crmDeliveryJob, settings.crm().deliveryInterval());
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
