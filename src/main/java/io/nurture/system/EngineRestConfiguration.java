package io.nurture.system;

import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.camunda.bpm.engine.rest.dto.ExceptionDto;
import org.camunda.bpm.engine.rest.exception.RestException;
import org.camunda.bpm.engine.rest.exception.RestExceptionHandler;
import org.camunda.bpm.spring.boot.starter.rest.CamundaJerseyResourceConfig;
import org.springframework.stereotype.Component;

import jakarta.annotation.Priority;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/**
 * The engine REST API as Camunda ships it, with one correction: a task completion that a task listener refuses
 * (for example a sales review without a reason) is a 400 with the listener's message, not a 500.
 */
@Component
class EngineRestConfiguration extends CamundaJerseyResourceConfig {

	@Override
	protected void registerAdditionalResources() {
		register(RefusedInputMapper.class);
	}

	@Priority(1)
	static class RefusedInputMapper implements ExceptionMapper<RestException> {

		private final RestExceptionHandler camunda = new RestExceptionHandler();

		@Override
		public Response toResponse(RestException exception) {
			for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
				if (cause instanceof FormFieldValidationException refused) {
					ExceptionDto body = new ExceptionDto();
					body.setType("InvalidRequestException");
					body.setMessage(refused.getMessage());
					return Response.status(Response.Status.BAD_REQUEST).type(MediaType.APPLICATION_JSON_TYPE).entity(body)
							.build();
				}
			}
			return camunda.toResponse(exception);
		}
	}
}
