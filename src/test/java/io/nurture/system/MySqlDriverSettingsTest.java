package io.nurture.system;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

class MySqlDriverSettingsTest {

	@Test
	void aMySqlPoolGetsTheStatementCache() {
		HikariDataSource pool = pool("jdbc:mysql://db:3306/nurture?sendFractionalSeconds=false");

		assertThat(pool.getDataSourceProperties()).containsEntry("cachePrepStmts", "true")
				.containsEntry("prepStmtCacheSqlLimit", "16384").containsEntry("useLocalSessionState", "true");
	}

	@Test
	void whatTheOperatorSetWins() {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl("jdbc:mariadb://db:3306/nurture?cachePrepStmts=false");
		pool.addDataSourceProperty("prepStmtCacheSize", "25");

		new MySqlDriverSettings().postProcessAfterInitialization(pool, "dataSource");

		assertThat(pool.getDataSourceProperties()).doesNotContainKey("cachePrepStmts")
				.containsEntry("prepStmtCacheSize", "25").containsEntry("useLocalSessionState", "true");
	}

	@Test
	void otherDatabasesAreLeftAlone() {
		assertThat(pool("jdbc:h2:mem:nurture").getDataSourceProperties()).isEmpty();
	}

	private static HikariDataSource pool(String url) {
		HikariDataSource pool = new HikariDataSource();
		pool.setJdbcUrl(url);
		new MySqlDriverSettings().postProcessAfterInitialization(pool, "dataSource");
		return pool;
	}
}
