package io.casecall.signaling.system;

import java.net.URI;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** RFC 9457 problem details with CaseCall's stable {@code code} member. */
public final class Problems {

	private Problems() {
	}

	/** A problem whose {@code type} is {@code urn:casecall:problem:<code>}. */
	public static ProblemDetail of(HttpStatus status, String code, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setType(URI.create("urn:casecall:problem:" + code));
		problem.setTitle(status.getReasonPhrase());
		problem.setProperty("code", code);
		return problem;
	}

}
