package io.nurture.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import io.nurture.NurtureTest;

/** Camunda's job table gets an index on the due date, so looking for due timers does not read every waiting one. */
class JobDueDateIndexTest extends NurtureTest {

	@Autowired
	private DataSource dataSource;

	@Test
	void theEngineStartsWithAnIndexOnTheJobsDueDate() throws SQLException {
		assertThat(dueDateIndexes()).containsExactly(JobDueDateIndex.NAME);
	}

	@Test
	void anotherNodeStartingOnTheSameDatabaseAddsNoSecondIndex() throws SQLException {
		new JobDueDateIndex().postProcessEngineBuild(engine);

		assertThat(dueDateIndexes()).containsExactly(JobDueDateIndex.NAME);
	}

	@Test
	void whereOperatorsRunTheSchemaScriptsTheEngineLeavesTheSchemaAlone() throws SQLException {
		ProcessEngineConfigurationImpl configuration = (ProcessEngineConfigurationImpl) engine
				.getProcessEngineConfiguration();
		String schemaUpdate = configuration.getDatabaseSchemaUpdate();
		drop();
		try {
			configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_FALSE);
			new JobDueDateIndex().postProcessEngineBuild(engine);
			assertThat(dueDateIndexes()).isEmpty();
		}
		finally {
			configuration.setDatabaseSchemaUpdate(schemaUpdate);
			new JobDueDateIndex().postProcessEngineBuild(engine);
		}
		assertThat(dueDateIndexes()).as("created again where Camunda manages its schema")
				.containsExactly(JobDueDateIndex.NAME);
	}

	private void drop() throws SQLException {
		try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
			boolean mysql = connection.getMetaData().getDatabaseProductName().toLowerCase().matches(".*(mysql|mariadb).*");
			statement.execute("DROP INDEX " + JobDueDateIndex.NAME + (mysql ? " ON ACT_RU_JOB" : ""));
		}
	}

	/** The names of the job table's indexes whose first column is the due date. */
	private List<String> dueDateIndexes() throws SQLException {
		List<String> names = new ArrayList<>();
		try (Connection connection = dataSource.getConnection();
				ResultSet indexes = connection.getMetaData().getIndexInfo(connection.getCatalog(),
						connection.getSchema(), "ACT_RU_JOB", false, true)) {
			while (indexes.next()) {
				if (indexes.getShort("ORDINAL_POSITION") == 1
						&& "DUEDATE_".equalsIgnoreCase(indexes.getString("COLUMN_NAME"))) {
					names.add(indexes.getString("INDEX_NAME").toUpperCase());
				}
			}
		}
		return names;
	}
}
