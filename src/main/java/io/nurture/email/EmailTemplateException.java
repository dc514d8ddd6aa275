package io.nurture.email;

/** A template is missing or does not render; the journey step that needed it fails and can be retried. */
public class EmailTemplateException extends RuntimeException {

	EmailTemplateException(String message, Throwable cause) {
		super(message, cause);
	}
}
