package io.nurture.system;

import java.util.Map;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Connector/J settings for MySQL and MariaDB that the engine's load needs, whatever JDBC URL the operator gives.
 * Without a statement cache the driver parses the text of every statement it prepares: Camunda's queries run to
 * kilobytes, and a flight recording of the interaction benchmark found an eighth of all request CPU in that parsing
 * ({@code QueryInfo}). With {@code useLocalSessionState} the driver remembers the session's autocommit and isolation
 * instead of asking the server before each transaction. A setting the URL or
 * {@code spring.datasource.hikari.data-source-properties} already gives wins; other databases are left alone.
 */
@Component
class MySqlDriverSettings implements BeanPostProcessor {

	static final Map<String, String> DEFAULTS = Map.of(
			"cachePrepStmts", "true",
			"prepStmtCacheSize", "500",
			"prepStmtCacheSqlLimit", "16384",
			"cacheResultSetMetadata", "true",
			"cacheServerConfiguration", "true",
			"useLocalSessionState", "true",
			"elideSetAutoCommits", "true",
			"maintainTimeStats", "false");

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof HikariDataSource pool && pool.getJdbcUrl() != null
				&& (pool.getJdbcUrl().startsWith("jdbc:mysql:") || pool.getJdbcUrl().startsWith("jdbc:mariadb:"))) {
			DEFAULTS.forEach((name, value) -> {
				if (!pool.getJdbcUrl().contains(name + "=") && !pool.getDataSourceProperties().containsKey(name)) {
					pool.addDataSourceProperty(name, value);
				}
			});
		}
		return bean;
	}
}
