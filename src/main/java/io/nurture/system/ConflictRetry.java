package io.nurture.system;

import java.util.function.Supplier;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Component;

/**
 * Runs a transactional step again when it lost a race: two requests touching the same process instance
 * or inserting the same unique key. Each try is a whole transaction, so a lost try leaves nothing behind.
 */
@Component
public class ConflictRetry {

	private static final Logger log = LoggerFactory.getLogger(ConflictRetry.class);
	private static final int ATTEMPTS = 5;

	public <T> T run(Supplier<T> step) {
		for (int attempt = 1;; attempt++) {
			try {
				return step.get();
			}
			catch (OptimisticLockingException | ConcurrencyFailureException | DuplicateKeyException conflict) {
				if (attempt == ATTEMPTS) {
					throw conflict;
				}
				// The type only: a duplicate key's message quotes the value, which may be a lead's email address.
				log.debug("Concurrent update ({}), trying again ({} of {})", conflict.getClass().getSimpleName(),
						attempt + 1, ATTEMPTS);
				try {
					Thread.sleep(10L * attempt);
				}
				catch (InterruptedException interrupted) {
					Thread.currentThread().interrupt();
					throw conflict;
				}
			}
		}
	}
}
