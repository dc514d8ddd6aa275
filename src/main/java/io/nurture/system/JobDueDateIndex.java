package io.nurture.system;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * An index on the due date of Camunda's jobs, which Camunda's schema lacks. Every waiting journey has a timer job,
 * and the job executor looks for due jobs every second, oldest first ({@code jobExecutorAcquireByDueDate}): without
 * the index each look reads and sorts the whole job table, 100,000 rows with 100,000 journeys waiting; with it, it
 * reads only the jobs that are due (docs/benchmarks.md, "Journeys and timers").
 * <p>
 * Created once Camunda has created or updated its tables, by the first node that finds it missing, and only when
 * Camunda manages its schema itself ({@code camunda.bpm.database.schema-update: true}); where operators run the
 * schema scripts themselves, the log names the statement to add. An index that already leads with
 * {@code DUEDATE_}, under any name, counts. Failing to create it never stops the engine: it then runs as Camunda
 * ships, and the log says why.
 */
@Component
class JobDueDateIndex extends AbstractProcessEnginePlugin {

	static final String NAME = "NURTURE_IDX_JOB_DUEDATE";

	private static final Logger log = LoggerFactory.getLogger(JobDueDateIndex.class);

	@Override
	public void postProcessEngineBuild(ProcessEngine engine) {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
				.getProcessEngineConfiguration();
		String table = configuration.getDatabaseTablePrefix() + "ACT_RU_JOB";
		String create = "CREATE INDEX " + NAME + " ON " + table + " (DUEDATE_)";
		DataSource dataSource = configuration.getDataSource();
		try (Connection connection = dataSource.getConnection()) {
			if (exists(connection, table)) {
				return;
			}
			if (ProcessEngineConfiguration.DB_SCHEMA_UPDATE_FALSE.equals(configuration.getDatabaseSchemaUpdate())) {
				log.warn("Camunda's job table has no index on the due date, and Camunda does not manage the schema here; "
						+ "with many journeys waiting, looking for due timers reads the whole table. Add it: {}", create);
				return;
			}
			try (Statement statement = connection.createStatement()) {
				statement.execute(create);
			}
			log.info("Created the index {} on {} (DUEDATE_), so due timers are found without reading every job", NAME,
					table);
		}
		catch (SQLException e) {
			if (createdMeanwhile(dataSource, table)) {
				return;
			}
			log.warn("Could not create the index on the due date of Camunda's jobs ({}); timers still fire, but looking "
					+ "for due ones reads the whole job table. Add it: {}", e.getMessage(), create);
		}
	}

	/** Another node may have created it between our look and our statement. */
	private static boolean createdMeanwhile(DataSource dataSource, String table) {
		try (Connection connection = dataSource.getConnection()) {
			return exists(connection, table);
		}
		catch (SQLException e) {
			return false;
		}
	}

	/** Whether any index of the table starts with the due date column. */
	static boolean exists(Connection connection, String table) throws SQLException {
		DatabaseMetaData metadata = connection.getMetaData();
		String name = metadata.storesLowerCaseIdentifiers() ? table.toLowerCase(Locale.ROOT) : table;
		try (ResultSet indexes = metadata.getIndexInfo(connection.getCatalog(), connection.getSchema(), name, false,
				true)) {
			while (indexes.next()) {
				if (indexes.getShort("ORDINAL_POSITION") == 1
						&& "DUEDATE_".equalsIgnoreCase(indexes.getString("COLUMN_NAME"))) {
					return true;
				}
			}
		}
		return false;
	}
}
