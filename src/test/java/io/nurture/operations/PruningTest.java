package io.nurture.operations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import io.nurture.NurtureTest;
import io.nurture.consent.Consents;
import io.nurture.email.Outbox;
import io.nurture.email.OutboxMessage;
import io.nurture.scoring.ScoreExplanation;
import io.nurture.scoring.ScoreExplanation.Contribution;
import io.nurture.scoring.ScoreLedgerEntry;
import io.nurture.scoring.Scoring;

/**
 * The pruning policy: old email bodies, delivery attempts and interactions go, old ledger lines are folded, and the
 * score, its explanation and everything recent stay as they were.
 */
class PruningTest extends NurtureTest {

	@Autowired
	Pruning pruning;
	@Autowired
	Consents consents;
	@Autowired
	Outbox outbox;
	@Autowired
	Scoring scoring;
	@Autowired
	JdbcTemplate jdbc;

	@Test
	void oldDetailIsPrunedWhileTheScoreStillAddsUpAndRecentLeadsKeepEverything() throws Exception {
		String old = engagedLead("pruned");
		String recent = engagedLead("kept");
		ScoreExplanation before = scoring.explain(old);
		int ledgerLines = scoring.ledger(old).size();
		awaitSent(old);
		awaitSent(recent);
		age(old, Duration.ofDays(400));

		Pruning.Pruned pruned = pruning.run();

		assertThat(pruned.emailBodies()).isGreaterThanOrEqualTo(2);
		assertThat(outbox.of(old)).allSatisfy(email -> {
			assertThat(email.htmlBody()).isEmpty();
			assertThat(email.textBody()).isEmpty();
			assertThat(email.subject()).as("what was sent stays").isNotBlank();
			assertThat(email.sentAt()).isNotNull();
			assertThat(outbox.attempts(email.id())).isEmpty();
		});
		assertThat(scoring.interactions(old)).isEmpty();

		ScoreExplanation after = scoring.explain(old);
		assertThat(after.score()).isEqualTo(before.score());
		assertThat(scoring.ledger(old)).as("two page visits folded into one line").hasSize(ledgerLines - 1);
		assertThat(sumByAxis(scoring.ledger(old))).isEqualTo(Map.of(ScoreLedgerEntry.Axis.FIT, before.fitScore(),
				ScoreLedgerEntry.Axis.ENGAGEMENT, before.engagementScore()));
		assertThat(after.topContributions()).extracting(Contribution::axis, Contribution::ruleId, Contribution::points)
				.isEqualTo(before.topContributions().stream()
						.map(line -> tuple(line.axis(), line.ruleId(), line.points())).toList());

		assertThat(outbox.of(recent)).allSatisfy(email -> assertThat(email.textBody()).isNotEmpty());
		assertThat(scoring.interactions(recent)).hasSize(2);
		assertThat(scoring.ledger(recent)).hasSize(ledgerLines);
	}

	/** A confirmed lead with its confirmation and welcome emails and two visits of the same page. */
	private String engagedLead(String name) {
		String leadId = post("/api/leads", """
				{"email":"%s","firstName":"Ada","jobTitle":"CTO","industry":"Software","source":"webinar",
				"consent":true}""".formatted(uniqueEmail(name))).getBody().get("id").asText();
		// Confirmed only once the confirmation is out: confirmed earlier, it would be suppressed instead of sent.
		awaitSent(leadId);
		consents.confirm(leadId);
		for (int visit = 0; visit < 2; visit++) {
			post("/api/leads/" + leadId + "/interactions", """
					{"type":"PAGE_VISITED","url":"https://northwind.example/blog"}""");
		}
		return leadId;
	}

	private void awaitSent(String leadId) {
		long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
		while (!outbox.of(leadId).stream().allMatch(email -> email.status() == OutboxMessage.Status.SENT)) {
			assertThat(System.nanoTime()).as("the emails of %s went out: %s", leadId, outbox.of(leadId)).isLessThan(deadline);
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException e) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(e);
			}
		}
	}

	/** Makes everything the lead has in the project's tables look as old as that. */
	private void age(String leadId, Duration age) {
		Timestamp then = Timestamp.from(Instant.now().minus(age));
		jdbc.update("UPDATE email_outbox SET created_at = ?, sent_at = ? WHERE lead_id = ?", then, then, leadId);
		jdbc.update("UPDATE email_attempts SET attempted_at = ? WHERE outbox_id IN (SELECT id FROM email_outbox WHERE lead_id = ?)",
				then, leadId);
		jdbc.update("UPDATE interactions SET occurred_at = ? WHERE lead_id = ?", then, leadId);
		jdbc.update("UPDATE score_ledger SET created_at = ? WHERE lead_id = ?", then, leadId);
	}

	private static Map<ScoreLedgerEntry.Axis, Integer> sumByAxis(List<ScoreLedgerEntry> ledger) {
		return ledger.stream().collect(Collectors.groupingBy(ScoreLedgerEntry::axis,
				Collectors.summingInt(ScoreLedgerEntry::points)));
	}
}
