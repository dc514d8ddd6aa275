package io.nurture.email;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.Repository;

interface OutboxRepository extends Repository<OutboxMessage, Long> {

	/** Who claimed an email for delivery, and when. */
	record Claim(long id, String claimedBy, Instant claimedAt) {
	}

	Optional<OutboxMessage> findById(Long id);

	/** Written out rather than derived from the name: a derived query renders its SQL anew on every call. */
	@Query("SELECT * FROM email_outbox WHERE dedup_key = :dedupKey")
	Optional<OutboxMessage> findByDedupKey(String dedupKey);

	List<OutboxMessage> findByLeadIdOrderById(String leadId);

	@Query("SELECT * FROM email_outbox WHERE status = 'PENDING' AND next_attempt_at <= :now ORDER BY next_attempt_at, id LIMIT :limit")
	List<OutboxMessage> findDue(Instant now, int limit);

	/**
	 * When the lead's last marketing emails went out since the given moment, at most {@code atMost} of them, oldest
	 * first: what the frequency cap counts. The cap needs no more than its maximum, so a lead with a long history
	 * costs the check as little as a new one.
	 */
	default List<Instant> findMarketingSentSince(String leadId, Instant since, int atMost) {
		List<Instant> latest = new ArrayList<>(findLatestMarketingSentSince(leadId, since, atMost));
		Collections.reverse(latest);
		return latest;
	}

	@Query("SELECT sent_at FROM email_outbox WHERE lead_id = :leadId AND category = 'MARKETING' AND status = 'SENT' AND sent_at > :since ORDER BY sent_at DESC LIMIT :atMost")
	List<Instant> findLatestMarketingSentSince(String leadId, Instant since, int atMost);

	/**
	 * Locks the emails until the transaction ends and answers those still PENDING: the ones a dispatcher may claim
	 * ({@link #markSending}) in the same transaction; another dispatcher, on this node or another, waits for the lock
	 * and then finds them claimed.
	 * <p>
	 * The emails are locked by their primary keys, their status compared here, and the claim written by the keys
	 * alone. A single {@code UPDATE ... WHERE id = ? AND status = 'PENDING'} let MariaDB's optimizer walk the status
	 * index whenever few emails were pending, locking other emails' index entries on its way: two dispatch threads
	 * claiming neighbouring emails deadlocked (seen while seeding 100,000 leads). {@link #release} works the same way.
	 * <p>
	 * The read asks for {@code claimed_by}, which no index holds, so that it can only be answered from the rows. Asking
	 * for the columns of {@code ix_email_outbox_claimed} alone ({@code id, status, claimed_at}) let MariaDB read the
	 * chunk's emails by scanning that whole index whenever the outbox held fewer than some 200 emails, locking every
	 * email's index entry on its way; a chunk that then suppressed or held back one of another thread's emails
	 * deadlocked with it (seen seeding 10,000 leads into a new database). Read from the rows, by key or by a full scan
	 * of a small table, emails are locked in key order only. The dispatcher tries a claim that still loses a deadlock
	 * again ({@code ConflictRetry}).
	 */
	default List<Long> lockPending(Collection<Long> ids) {
		return lockStates(ids).stream().filter(state -> state.status() == OutboxMessage.Status.PENDING)
				.map(LockedState::id).toList();
	}

	/** The emails' status and claim, their rows locked until the transaction ends (see {@link #lockPending}). */
	@Query("SELECT id, status, claimed_by, claimed_at FROM email_outbox WHERE id IN (:ids) FOR UPDATE")
	List<LockedState> lockStates(Collection<Long> ids);

	/** The part of an email that claims are decided on. */
	record LockedState(long id, OutboxMessage.Status status, String claimedBy, Instant claimedAt) {
	}

	/** Claims the emails for delivery by the node; {@link #lockPending} decides which may be claimed. */
	@Modifying
	@Query("UPDATE email_outbox SET status = 'SENDING', claimed_by = :node, claimed_at = :now WHERE id IN (:ids)")
	int markSending(Collection<Long> ids, String node, Instant now);

	/** Emails claimed before the given moment and still not done: their node stopped between claim and result. */
	@Query("SELECT id, claimed_by, claimed_at FROM email_outbox WHERE status = 'SENDING' AND claimed_at < :before ORDER BY id LIMIT :limit")
	List<Claim> findClaimedBefore(Instant before, int limit);

	/** Gives an expired claim back, to be delivered again at once; 0 when the claim changed meanwhile. */
	default int release(Claim claim, Instant now, String reason) {
		boolean unchanged = lockStates(List.of(claim.id())).stream()
				.anyMatch(state -> state.status() == OutboxMessage.Status.SENDING
						&& claim.claimedAt().equals(state.claimedAt())
						&& Objects.equals(claim.claimedBy(), state.claimedBy()));
		return unchanged ? giveBack(claim.id(), now, reason) : 0;
	}

	/** Makes a claimed email pending again; {@link #release} decides whether it may. */
	@Modifying
	@Query("UPDATE email_outbox SET status = 'PENDING', next_attempt_at = :now, last_error = :reason WHERE id = :id")
	int giveBack(long id, Instant now, String reason);

	/** Records the email as sent; 0 when it is gone (its lead was erased meanwhile). */
	@Modifying
	@Query("UPDATE email_outbox SET status = 'SENT', attempts = attempts + 1, sent_at = :now, last_error = NULL WHERE id = :id")
	int markSent(long id, Instant now);

	/** Records a failed attempt; 0 when the email is gone (its lead was erased meanwhile). */
	@Modifying
	@Query("UPDATE email_outbox SET status = :status, attempts = attempts + 1, next_attempt_at = :next, last_error = :error WHERE id = :id")
	int markAttemptFailed(long id, String status, Instant next, String error);

	/**
	 * Gives a message back, to go out later: its send window is closed or the frequency cap is reached. Called in the
	 * transaction that claimed it, so by primary key alone (see {@link #lockPending}).
	 */
	@Modifying
	@Query("UPDATE email_outbox SET status = 'PENDING', next_attempt_at = :until, held_reason = :reason WHERE id = :id")
	void hold(long id, Instant until, String reason);

	@Modifying
	@Query("UPDATE email_outbox SET status = 'SUPPRESSED', last_error = :reason WHERE id = :id")
	void suppress(long id, String reason);

	/** How many emails wait for delivery (PENDING) or are being delivered (SENDING). */
	@Query("SELECT status, COUNT(*) AS emails FROM email_outbox WHERE status IN ('PENDING', 'SENDING') GROUP BY status")
	List<StatusCount> countBacklog();

	record StatusCount(OutboxMessage.Status status, long emails) {
	}

	/** Delivered or given-up emails created before the cutoff that still carry their rendered body. */
	@Query("""
			SELECT id FROM email_outbox WHERE created_at < :cutoff AND status IN ('SENT', 'FAILED', 'SUPPRESSED')
			AND text_body <> '' ORDER BY id LIMIT :limit""")
	List<Long> findBodiesBefore(Instant cutoff, int limit);

	/** Drops the rendered bodies; recipient, subject, template, status and times stay for the export and the cap. */
	@Modifying
	@Query("UPDATE email_outbox SET html_body = '', text_body = '' WHERE id IN (:ids)")
	int pruneBodies(Collection<Long> ids);

	/**
	 * Locks the lead's emails until the transaction ends. The dispatcher records a result by updating the email
	 * before it adds the attempt, so an erasure that takes these locks first never finds an attempt added under it.
	 */
	@Query("SELECT id FROM email_outbox WHERE lead_id = :leadId FOR UPDATE")
	List<Long> lockByLeadId(String leadId);

	@Modifying
	@Query("DELETE FROM email_outbox WHERE lead_id = :leadId")
	void deleteByLeadId(String leadId);
}
