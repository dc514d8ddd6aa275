package io.nurture.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;

import io.nurture.NurtureTest;

/** People the engine has not heard from for the retention period are erased by the retention job, and audited. */
class RetentionTest extends NurtureTest {

	@Autowired
	Retention retention;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void leadsSilentForTheRetentionPeriodAreErasedUnlessSalesWorksWithThem() {
		String silent = capture("silent");
		String recent = capture("recent");
		String withSales = capture("with-sales");
		Timestamp threeYearsAgo = Timestamp.from(Instant.now().minus(3 * 365, ChronoUnit.DAYS));
		jdbc.update("UPDATE leads SET updated_at = ? WHERE id IN (?, ?)", threeYearsAgo, silent, withSales);
		jdbc.update("UPDATE leads SET stage = 'SAL' WHERE id = ?", withSales);

		int erased = retention.run();

		assertThat(erased).isGreaterThanOrEqualTo(1);
		assertThat(get("/api/leads/" + silent).getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
		assertThat(get("/api/leads/" + recent).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(get("/api/leads/" + withSales).getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(jdbc.queryForList("SELECT actor, detail FROM privacy_audit WHERE lead_id = ?", silent))
				.singleElement().satisfies(entry -> {
					assertThat(entry.get("actor")).isEqualTo(Retention.ACTOR);
					assertThat((String) entry.get("detail")).startsWith("no activity since");
				});
	}

	private String capture(String name) {
		return post("/api/leads", """
				{"email":"%s","firstName":"Ada","source":"webinar","consent":false}""".formatted(uniqueEmail(name)))
				.getBody().get("id").asText();
	}
}
