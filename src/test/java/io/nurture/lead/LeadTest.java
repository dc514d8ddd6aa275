package io.nurture.lead;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;

import org.junit.jupiter.api.Test;

/** The lead guards its own funnel position. */
class LeadTest {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	@Test
	void aKnownPersonStartsAsLeadAnAddressAloneAsSubscriber() {
		assertThat(Lead.capture(newLead("Ada", null), NOW).getStage()).isEqualTo(Stage.LEAD);
		assertThat(Lead.capture(newLead(null, null), NOW).getStage()).isEqualTo(Stage.SUBSCRIBER);
	}

	@Test
	void salesCanReturnALeadButNobodySkipsTheReview() {
		Lead lead = Lead.capture(newLead("Ada", "+44 20 7946 0000"), NOW);

		assertThatThrownBy(() -> lead.moveTo(Stage.SAL, "skip", NOW)).isInstanceOf(IllegalStageChangeException.class)
				.hasMessageContaining("LEAD to SAL");
		lead.moveTo(Stage.MQL, "score", NOW);
		lead.moveTo(Stage.LEAD, "returned", NOW);
		assertThat(lead.getStage()).isEqualTo(Stage.LEAD);
	}

	@Test
	void aDisqualifiedLeadCanComeBackButACustomerHasLeftTheFunnel() {
		Lead lead = Lead.capture(newLead("Ada", "+44 20 7946 0000"), NOW);

		lead.moveTo(Stage.DISQUALIFIED, "competitor", NOW);
		assertThat(lead.getStage().leavesNurture()).isTrue();
		lead.moveTo(Stage.LEAD, "marketing took it back", NOW);
		lead.moveTo(Stage.CUSTOMER, "bought online", NOW);
		assertThatThrownBy(() -> lead.moveTo(Stage.LEAD, "again", NOW))
				.isInstanceOf(IllegalStageChangeException.class).hasMessageContaining("CUSTOMER to LEAD");
	}

	@Test
	void recaptureAddsTheSourceAndKeepsWhatWeKnew() {
		Lead lead = Lead.capture(newLead("Ada", null), NOW);

		lead.recapture(new NewLead("ADA@example.com", "Adeline", "Lovelace", null, null, null, null, "+44 1", null, null,
				"trade-show", true), NOW);

		assertThat(lead.getFirstName()).isEqualTo("Ada");
		assertThat(lead.getPhone()).isEqualTo("+44 1");
		assertThat(lead.getSources()).extracting(LeadSource::source).containsExactly("webinar", "trade-show");
	}

	@Test
	void salesCanOnlyCallALeadWithNameAndPhone() {
		assertThat(Lead.capture(newLead("Ada", "+44 20 7946 0000"), NOW).isReachable()).isTrue();
		assertThat(Lead.capture(newLead("Ada", null), NOW).isReachable()).isFalse();
	}

	private static NewLead newLead(String firstName, String phone) {
		return new NewLead("ada@example.com", firstName, firstName != null ? "Lovelace" : null, null, null, null, null,
				phone, null, null, "webinar", true);
	}
}
