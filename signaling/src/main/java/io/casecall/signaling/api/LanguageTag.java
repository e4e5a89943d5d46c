package io.casecall.signaling.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.IllformedLocaleException;
import java.util.Locale;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/** A well-formed BCP 47 language tag ({@code en}, {@code zh-CN}, {@code es-419}). */
@Documented
@Constraint(validatedBy = LanguageTag.Validator.class)
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@interface LanguageTag {

	String message() default "must be a BCP 47 language tag such as en or zh-CN";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<LanguageTag, String> {

		@Override
		public boolean isValid(String value, ConstraintValidatorContext context) {
			return value == null || canonical(value) != null;
		}

		/** The canonical form of a well-formed tag, or {@code null}. */
		static String canonical(String value) {
			try {
				Locale locale = new Locale.Builder().setLanguageTag(value).build();
				return locale.getLanguage().isEmpty() ? null : locale.toLanguageTag();
			}
			catch (IllformedLocaleException ex) {
				return null;
			}
		}

	}

}
