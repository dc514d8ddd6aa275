package io.nurture.email;

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

import io.nurture.consent.Consents;
import io.nurture.links.PublicLinks;

import io.nurture.system.ClusteredJobs;

/** Reads the bounce mailbox on Quartz's clustered job store, one node at a time, when a mailbox is configured. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "nurture.mail.bounce-mailbox.enabled", havingValue = "true")
class BounceSchedule {

	private static final Logger log = LoggerFactory.getLogger(BounceSchedule.class);

	@Bean
	BounceMailboxReader bounceMailboxReader(MailSettings settings, Bounces bounces, PublicLinks links,
			Consents consents) {
		return new BounceMailboxReader(settings.bounceMailbox(), bounces, links, consents);
	}

	@Bean
	JobDetail bounceMailboxJob() {
		return ClusteredJobs.job(ReadJob.class, "email", "bounce-mailbox", "Reads bounces and complaints from the bounce mailbox");
	}

	@Bean
	Trigger bounceMailboxTrigger(JobDetail bounceMailboxJob, MailSettings settings) {
		return ClusteredJobs.every(bounceMailboxJob, settings.bounceMailbox().interval());
	}

	@DisallowConcurrentExecution
	static class ReadJob extends QuartzJobBean {

		private final BounceMailboxReader reader;

		ReadJob(BounceMailboxReader reader) {
			this.reader = reader;
		}

		@Override
		protected void executeInternal(JobExecutionContext context) {
			try {
				reader.readOnce();
			}
			catch (Exception e) {
				// The mailbox may be briefly unreachable; the next run reads what this one missed.
				log.warn("Bounce mailbox not read: {}", e.getMessage());
			}
		}
	}
}
