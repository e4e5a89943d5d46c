package io.casecall.signaling.system;

import java.util.Locale;

import org.springframework.http.HttpStatus;

/**
 * Stable codes and texts for errors the servlet container raises before any handler runs, shared
 * by {@link ProblemErrorController} (errors that reach the error page) and
 * {@link ProblemReportValve} (errors Tomcat answers itself, such as a bad path or oversized header).
 */
final class ContainerErrors {

	private ContainerErrors() {
	}

	static String code(int status) {
		return switch (status) {
			case 400 -> "bad_request";
			case 404 -> "not_found";
			case 405 -> "method_not_allowed";
			case 408 -> "request_timeout";
			case 413 -> "payload_too_large";
			case 414 -> "uri_too_long";
			case 431 -> "header_too_large";
			case 500 -> "internal_error";
			case 503 -> "service_unavailable";
			default -> {
				HttpStatus known = HttpStatus.resolve(status);
				yield (known != null) ? known.name().toLowerCase(Locale.ROOT) : "error";
			}
		};
	}

	static String detail(int status) {
		return switch (status) {
			case 400 -> "The request could not be read (bad path, header or encoding)";
			case 404 -> "Nothing here";
			case 405 -> "This method is not allowed here";
			case 408 -> "The request was not received in time";
			case 413 -> "The request body is too large";
			case 414 -> "The request line is too long";
			case 431 -> "The request headers are too large";
			case 500 -> "Something went wrong on our side";
			default -> {
				HttpStatus known = HttpStatus.resolve(status);
				yield (known != null) ? known.getReasonPhrase() : "Error";
			}
		};
	}

	static String title(int status) {
		HttpStatus known = HttpStatus.resolve(status);
		return (known != null) ? known.getReasonPhrase() : "Error";
	}

}
