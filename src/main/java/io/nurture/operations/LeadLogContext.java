package io.nurture.operations;

import java.io.IOException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Puts the lead id of a request to {@code /api/leads/{id}/...} into the logging context ({@value #LEAD_ID}), so that
 * every line logged for it names the lead. Inside a journey step Camunda sets the same key from the business key
 * (the lead id) and {@code processInstanceId} itself (engine settings {@code loggingContext*} in application.yml).
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class LeadLogContext extends OncePerRequestFilter {

	/** The logging context key of the lead id; the log pattern and the JSON logs show it. */
	static final String LEAD_ID = "leadId";

	private static final Pattern LEAD_PATH = Pattern.compile("^/api/leads/([A-Za-z0-9-]{1,36})(?:/.*)?$");

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		Matcher lead = LEAD_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
		if (!lead.matches()) {
			chain.doFilter(request, response);
			return;
		}
		try (MDC.MDCCloseable context = MDC.putCloseable(LEAD_ID, lead.group(1))) {
			chain.doFilter(request, response);
		}
	}
}
