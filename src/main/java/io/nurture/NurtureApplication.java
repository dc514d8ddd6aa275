package io.nurture;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The nurture engine: leads are captured, nurtured by BPMN journeys with FreeMarker emails,
 * re-scored after every interaction and handed to sales in Camunda Tasklist.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class NurtureApplication {

	public static void main(String[] args) {
		SpringApplication.run(NurtureApplication.class, args);
	}
}
