package io.nurture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpEntity;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.Store;

/**
 * The whole story as its three kinds of people live it: a marketer's form captures a lead, the lead reads its
 * emails over IMAP and confirms, engages, becomes sales-ready, and a sales user completes the review task through
 * the API Tasklist uses. Every step goes through HTTP, SMTP and IMAP.
 */
class NurtureJourneyEndToEndTest extends NurtureTest {


	@Test
	void aCapturedLeadIsNurturedScoredAndAcceptedBySales() throws Exception {
		String email = uniqueEmail("story");

		// A sign-up form captures the lead.
		ResponseEntity<JsonNode> captured = marketing().postForEntity("/api/leads", json("""
				{"email":"%s","firstName":"Katherine","lastName":"Johnson","company":"Orbital Analytics",
				 "jobTitle":"VP Engineering","industry":"Aerospace","phone":"+1 757 555 0100","country":"US",
				 "language":"en","source":"whitepaper","consent":true}""".formatted(email)), JsonNode.class);
		assertThat(captured.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String leadId = captured.getBody().get("id").asText();

		// The lead reads the confirmation email in its mailbox and confirms.
		String confirmation = awaitMailbox(email, 1)[0];
		assertThat(confirmation).contains("Katherine");
		ResponseEntity<String> confirmed = http.postForEntity(publicLink(confirmation, "/public/confirm"), null, String.class);
		assertThat(confirmed.getBody()).contains("Subscription confirmed");

		// Nurture in the decision-maker track: the welcome email now, the business case when the timer fires.
		assertThat(awaitMailbox(email, 2)[1]).contains("Katherine").contains("Unsubscribe");
		String journeyId = engine.getRuntimeService().createProcessInstanceQuery().processInstanceBusinessKey(leadId)
				.processDefinitionKey("lead-journey").singleResult().getId();
		String trackId = engine.getRuntimeService().createProcessInstanceQuery().superProcessInstanceId(journeyId)
				.singleResult().getId();
		Job followUpTimer = engine.getManagementService().createJobQuery().processInstanceId(trackId).timers()
				.singleResult();
		engine.getManagementService().executeJob(followUpTimer.getId());
		awaitMailbox(email, 3);

		// The lead engages; each interaction re-scores it, and the last makes it an MQL.
		for (String type : new String[] { "CONTENT_DOWNLOADED", "PRICING_PAGE_VISITED", "WEBINAR_ATTENDED" }) {
			assertThat(interact(leadId, type).get("stage").asText()).isEqualTo("LEAD");
		}
		JsonNode last = interact(leadId, "DEMO_REQUESTED");
		assertThat(last.get("score").asInt()).as("fit 25 (VP +15, contact data +10), engagement 8 + 10 + 15 + 30")
				.isEqualTo(88);
		assertThat(last.get("stage").asText()).isEqualTo("MQL");

		// Sales finds the review task, claims it and accepts the lead.
		JsonNode tasks = sales().getForObject("/engine-rest/task?processInstanceBusinessKey=" + leadId
				+ "&candidateGroup=sales", JsonNode.class);
		assertThat(tasks).hasSize(1);
		assertThat(tasks.get(0).get("name").asText()).isEqualTo("Review lead");
		String taskId = tasks.get(0).get("id").asText();
		assertThat(sales().postForEntity("/engine-rest/task/" + taskId + "/claim",
				json("{\"userId\":\"" + SALES_USER + "\"}"), String.class).getStatusCode()).isEqualTo(HttpStatus.NO_CONTENT);
		ResponseEntity<JsonNode> undecided = sales().postForEntity("/engine-rest/task/" + taskId + "/complete",
				json("{\"variables\":{\"decision\":{\"value\":\"return\"}}}"), JsonNode.class);
		assertThat(undecided.getStatusCode()).as("a return without a reason is refused").isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(undecided.getBody().get("message").asText()).contains("needs a reason");
		assertThat(sales().postForEntity("/engine-rest/task/" + taskId + "/complete",
				json("{\"variables\":{\"decision\":{\"value\":\"accept\"}}}"), String.class).getStatusCode())
				.isEqualTo(HttpStatus.NO_CONTENT);

		// The lead is a Sales Accepted Lead, and its history tells how it got there.
		assertThat(marketing().getForObject("/api/leads/" + leadId, JsonNode.class).get("stage").asText()).isEqualTo("SAL");
		JsonNode history = marketing().getForObject("/api/leads/" + leadId + "/history", JsonNode.class);
		assertThat(history.findValuesAsText("toStage")).containsExactly("LEAD", "MQL", "SAL");
		assertThat(history.get(2).get("cause").asText()).contains(SALES_USER);
	}

	private JsonNode interact(String leadId, String type) {
		ResponseEntity<JsonNode> response = marketing().postForEntity("/api/leads/" + leadId + "/interactions",
				json("{\"type\":\"" + type + "\"}"), JsonNode.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		return response.getBody();
	}

	/** The plain-text parts of the emails in the lead's inbox, read over IMAP as a mail client would. */
	private static String[] awaitMailbox(String address, int count) {
		String[][] texts = new String[1][];
		await().atMost(Duration.ofSeconds(15)).until(() -> {
			texts[0] = readInbox(address);
			return texts[0].length >= count;
		});
		return texts[0];
	}

	private static String[] readInbox(String address) throws Exception {
		Properties properties = new Properties();
		Session session = Session.getInstance(properties);
		try (Store store = session.getStore("imap")) {
			store.connect("127.0.0.1", MAIL.getImap().getPort(), address, address);
			Folder inbox = store.getFolder("INBOX");
			inbox.open(Folder.READ_ONLY);
			try {
				Message[] messages = inbox.getMessages();
				String[] texts = new String[messages.length];
				for (int i = 0; i < messages.length; i++) {
					texts[i] = plainText(messages[i]);
				}
				return texts;
			}
			finally {
				inbox.close(false);
			}
		}
		catch (jakarta.mail.AuthenticationFailedException noMailboxYet) {
			return new String[0];
		}
	}

	private static String plainText(Part part) throws Exception {
		if (part.isMimeType("text/plain")) {
			return (String) part.getContent();
		}
		Multipart multipart = (Multipart) part.getContent();
		for (int i = 0; i < multipart.getCount(); i++) {
			if (multipart.getBodyPart(i).isMimeType("text/plain")) {
				return (String) multipart.getBodyPart(i).getContent();
			}
		}
		return "";
	}

	private static String publicLink(String text, String path) {
		Matcher matcher = Pattern.compile("https?://\\S+" + Pattern.quote(path) + "\\?token=[A-Za-z0-9%._=-]+").matcher(text);
		assertThat(matcher.find()).as("a link to " + path).isTrue();
		URI uri = URI.create(matcher.group());
		return uri.getRawPath() + "?" + uri.getRawQuery();
	}

	private TestRestTemplate marketing() {
		return http.withBasicAuth(MARKETING_USER, PASSWORD);
	}

	private TestRestTemplate sales() {
		return http.withBasicAuth(SALES_USER, PASSWORD);
	}

	private static HttpEntity<String> json(String body) {
		HttpHeaders headers = new HttpHeaders();
		headers.setContentType(MediaType.APPLICATION_JSON);
		return new HttpEntity<>(body, headers);
	}
}
