package io.nurture.system.dev;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/**
 * The development profile only: an embedded GreenMail server as the mail server (SMTP and IMAP, mailboxes made on
 * first delivery with the address as login and password) and demo users for the Camunda webapps.
 */
@Configuration(proxyBeanMethods = false)
@Profile("dev")
@EnableConfigurationProperties(DevelopmentSetup.MailServerSettings.class)
class DevelopmentSetup {

	@ConfigurationProperties("nurture.dev.mail-server")
	record MailServerSettings(int smtpPort, int imapPort) {
	}

	record DemoUser(String id, String password, String firstName, String lastName, List<String> groups) {
	}

	/** sam and kim also form the UK team of processes/handover-routing.dmn; max is the sales manager. */
	static final List<DemoUser> DEMO_USERS = List.of(
			new DemoUser("mara", "mara", "Mara", "Marketing", List.of("marketing")),
			new DemoUser("sam", "sam", "Sam", "Sales", List.of("sales", "sales-uk")),
			new DemoUser("kim", "kim", "Kim", "Sales", List.of("sales", "sales-uk")),
			new DemoUser("max", "max", "Max", "Manager", List.of("sales", "sales-managers")));

	@Bean(initMethod = "start", destroyMethod = "stop")
	GreenMail developmentMailServer(MailServerSettings settings) {
		return new GreenMail(new ServerSetup[] { new ServerSetup(settings.smtpPort(), "localhost", ServerSetup.PROTOCOL_SMTP),
				new ServerSetup(settings.imapPort(), "localhost", ServerSetup.PROTOCOL_IMAP) })
				.withConfiguration(GreenMailConfiguration.aConfig());
	}

	/** demo/demo is the admin, made by camunda.bpm.admin-user; marketing and sales users are made here. */
	@Bean
	ApplicationRunner demoUsers(IdentityService identity) {
		return (ApplicationArguments args) -> {
			for (String group : List.of("marketing", "sales", "sales-uk", "sales-managers")) {
				if (identity.createGroupQuery().groupId(group).count() == 0) {
					Group created = identity.newGroup(group);
					created.setName(Character.toUpperCase(group.charAt(0)) + group.substring(1));
					created.setType("WORKFLOW");
					identity.saveGroup(created);
				}
			}
			for (DemoUser demo : DEMO_USERS) {
				if (identity.createUserQuery().userId(demo.id()).count() == 0) {
					User user = identity.newUser(demo.id());
					user.setFirstName(demo.firstName());
					user.setLastName(demo.lastName());
					user.setEmail(demo.id() + "@northwind.example");
					user.setPassword(demo.password());
					identity.saveUser(user);
					demo.groups().forEach(group -> identity.createMembership(demo.id(), group));
				}
			}
		};
	}
}
