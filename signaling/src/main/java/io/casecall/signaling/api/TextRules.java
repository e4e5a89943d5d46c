package io.casecall.signaling.api;

/** Shared rules for free text fields. */
final class TextRules {

	/** No control characters (line breaks included). */
	static final String SINGLE_LINE = "[^\\p{Cntrl}]*";

	static final String SINGLE_LINE_MESSAGE = "must be a single line without control characters";

	/** Line breaks and tabs allowed, no other control characters. */
	static final String MULTI_LINE = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*";

	static final String MULTI_LINE_MESSAGE = "must not contain control characters other than line breaks and tabs";

	private TextRules() {
	}

}
