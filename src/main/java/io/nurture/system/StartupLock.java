package io.nurture.system;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Locale;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

/**
 * Lets engine nodes that share one MySQL or MariaDB database start one after another. Flyway locks its own
 * migrations and Camunda its deployments, but Camunda creates its tables (schema-update) without any lock, and two
 * nodes starting at once on an empty database both try, and one fails. So the first use of the database takes a
 * named lock ({@code GET_LOCK}) on a connection of its own and keeps it until the application is ready (or failed):
 * the second node waits, then finds the tables, migrations and deployments in place. The lock belongs to the
 * database session, so a node killed while starting frees it at once. H2 (one node, embedded) needs no lock.
 */
final class StartupLock implements BeanPostProcessor, ApplicationListener<ApplicationEvent>, DisposableBean {

	/** The lock every node of one database takes while it starts. */
	static final String NAME = "nurture-engine-startup";
	/** How long a node waits for another to finish starting, more than any start takes. */
	static final Duration WAIT = Duration.ofMinutes(10);

	private static final Logger log = LoggerFactory.getLogger(StartupLock.class);

	private Connection held;
	private boolean done;

	@Override
	public synchronized Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource dataSource && !done && held == null) {
			acquire(dataSource);
		}
		return bean;
	}

	private void acquire(DataSource dataSource) {
		try {
			Connection connection = dataSource.getConnection();
			String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
			if (!product.contains("mysql") && !product.contains("mariadb")) {
				connection.close();
				done = true;
				return;
			}
			long started = System.nanoTime();
			try (PreparedStatement lock = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
				lock.setString(1, NAME);
				lock.setLong(2, WAIT.toSeconds());
				try (ResultSet result = lock.executeQuery()) {
					if (!result.next() || result.getInt(1) != 1) {
						connection.close();
						throw new IllegalStateException("Another engine node has been starting on this database for "
								+ WAIT.toMinutes() + " minutes (lock " + NAME + " held); not starting");
					}
				}
			}
			held = connection;
			Duration waited = Duration.ofNanos(System.nanoTime() - started);
			if (waited.toMillis() > 1000) {
				log.info("Waited {} s for another node to finish starting on this database", waited.toSeconds());
			}
		}
		catch (SQLException e) {
			// No lock without a database: whatever uses it next reports the real problem.
			log.warn("Could not take the startup lock: {}", e.getMessage());
			done = true;
		}
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		if (event instanceof ApplicationReadyEvent || event instanceof ApplicationFailedEvent
				|| event instanceof ContextClosedEvent) {
			release();
		}
	}

	/** A start that fails during refresh publishes no event to beans; its beans are destroyed, this one too. */
	@Override
	public void destroy() {
		release();
	}

	private synchronized void release() {
		done = true;
		if (held == null) {
			return;
		}
		try (Connection connection = held; PreparedStatement unlock = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
			unlock.setString(1, NAME);
			unlock.execute();
		}
		catch (SQLException e) {
			// Closing the session frees the lock as well.
			log.debug("Releasing the startup lock: {}", e.getMessage());
		}
		held = null;
	}
}
