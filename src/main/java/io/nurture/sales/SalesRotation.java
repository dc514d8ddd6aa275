package io.nurture.sales;

import java.util.List;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Round robin within a sales team: the team's turn counter is raised in the step's transaction (its row lock keeps
 * two concurrent handovers apart), and the lead goes to the member whose turn it is, in user id order.
 */
@Component
class SalesRotation {

	private final JdbcTemplate jdbc;
	private final IdentityService identity;

	SalesRotation(JdbcTemplate jdbc, IdentityService identity) {
		this.jdbc = jdbc;
		this.identity = identity;
	}

	/** The member whose turn it is, or null when the team has no members (then the team's queue gets the lead). */
	String next(String team) {
		List<User> members = identity.createUserQuery().memberOfGroup(team).orderByUserId().asc().list();
		if (members.isEmpty()) {
			return null;
		}
		if (jdbc.update("UPDATE sales_rotation SET turns = turns + 1 WHERE team = ?", team) == 0) {
			try {
				jdbc.update("INSERT INTO sales_rotation (team, turns) VALUES (?, 1)", team);
			}
			catch (DuplicateKeyException concurrentFirstTurn) {
				jdbc.update("UPDATE sales_rotation SET turns = turns + 1 WHERE team = ?", team);
			}
		}
		long turns = jdbc.queryForObject("SELECT turns FROM sales_rotation WHERE team = ?", Long.class, team);
		return members.get((int) ((turns - 1) % members.size())).getId();
	}
}
