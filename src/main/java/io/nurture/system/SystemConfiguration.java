package io.nurture.system;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Beans every feature shares. */
@Configuration(proxyBeanMethods = false)
class SystemConfiguration {

	/** One clock for all timestamps, so tests can reason about time. */
	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** Nodes sharing one MySQL or MariaDB database start one after another; static, as it must see the DataSource made. */
	@Bean
	static StartupLock startupLock() {
		return new StartupLock();
	}
}
