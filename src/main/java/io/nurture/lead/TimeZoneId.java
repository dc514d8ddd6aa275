package io.nurture.lead;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.time.DateTimeException;
import java.time.ZoneId;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** An IANA time zone id such as Europe/Berlin; null passes. Offsets like +02:00 are refused: they ignore summer time. */
@Target(ElementType.FIELD)
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = TimeZoneId.Validator.class)
@interface TimeZoneId {

	String message() default "must be an IANA time zone id such as Europe/Berlin or America/New_York";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<TimeZoneId, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			if (value == null) {
				return true;
			}
			if (!value.contains("/") && !value.equals("UTC")) {
				return false;
			}
			try {
				return ZoneId.of(value).getId().equals(value);
			}
			catch (DateTimeException e) {
				return false;
			}
		}
	}
}
