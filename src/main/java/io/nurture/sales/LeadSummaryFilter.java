package io.nurture.sales;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Adds the lead's summary ({@link LeadSummary}) to the form variables of the review and qualification tasks, as
 * Tasklist and the engine REST API load them ({@code GET .../task/{id}/form-variables}). Personal data therefore
 * reaches the form without ever being a process variable: nothing of it is written to Camunda's runtime or history
 * tables. The engine answers first, so only a user allowed to read the task gets the summary.
 */
@Component
class LeadSummaryFilter extends OncePerRequestFilter {

	private static final Pattern FORM_VARIABLES = Pattern
			.compile("^(?:/engine-rest|/camunda/api/engine/engine/[^/]+)/task/([^/]+)/form-variables$");

	private final TaskService tasks;
	private final LeadSummary summaries;
	private final ObjectMapper json;

	LeadSummaryFilter(TaskService tasks, LeadSummary summaries, ObjectMapper json) {
		this.tasks = tasks;
		this.summaries = summaries;
		this.json = json;
	}

	@Override
	protected boolean shouldNotFilter(HttpServletRequest request) {
		return !"GET".equals(request.getMethod()) || !FORM_VARIABLES.matcher(path(request)).matches();
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		ContentCachingResponseWrapper answer = new ContentCachingResponseWrapper(response);
		chain.doFilter(request, answer);
		Matcher matcher = FORM_VARIABLES.matcher(path(request));
		Map<String, String> summary = answer.getStatus() == HttpStatus.OK.value() && matcher.matches()
				? summaryOf(matcher.group(1)) : Map.of();
		JsonNode body = summary.isEmpty() ? null : json.readTree(answer.getContentAsByteArray());
		if (!(body instanceof ObjectNode variables)) {
			answer.copyBodyToResponse();
			return;
		}
		List<String> wanted = request.getParameter("variableNames") != null
				? Arrays.asList(request.getParameter("variableNames").split(",")) : null;
		summary.forEach((name, value) -> {
			if (wanted == null || wanted.contains(name)) {
				ObjectNode variable = variables.putObject(name);
				variable.put("type", "String");
				variable.put("value", value);
				variable.putObject("valueInfo");
			}
		});
		byte[] bytes = json.writeValueAsBytes(variables);
		answer.resetBuffer();
		answer.setContentLength(bytes.length);
		answer.getOutputStream().write(bytes);
		answer.copyBodyToResponse();
	}

	private Map<String, String> summaryOf(String taskId) {
		Task task = tasks.createTaskQuery().taskId(taskId).singleResult();
		if (task == null || !(SalesHandover.REVIEW_TASK.equals(task.getTaskDefinitionKey())
				|| SalesHandover.QUALIFY_TASK.equals(task.getTaskDefinitionKey()))
				|| !task.getProcessDefinitionId().startsWith(SalesHandover.PROCESS_KEY + ":")) {
			return Map.of();
		}
		Object leadId = tasks.getVariable(taskId, "leadId");
		return leadId instanceof String id ? summaries.of(id) : Map.of();
	}

	private static String path(HttpServletRequest request) {
		return request.getRequestURI().substring(request.getContextPath().length());
	}
}
