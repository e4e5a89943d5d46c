package io.casecall.signaling.api;

/**
 * Shared rules for free text fields, Unicode-aware: what a browser would render as something
 * other than the text it shows is refused.
 * <ul>
 * <li>C0 and C1 control characters ({@code \p{Cc}}: U+0000-U+001F, U+007F-U+009F), and in
 * single-line text the Unicode line and paragraph separators (U+2028, U+2029);</li>
 * <li>bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069), which can make a
 * name or reason read differently from what it is ({@code "moc.elpmaxe"} shown as
 * {@code "example.com"}); the plain marks LRM/RLM/ALM stay allowed for right-to-left names;</li>
 * <li>for names: text with nothing visible (only spaces, zero-width or other invisible
 * characters, such as U+200B or U+3164).</li>
 * </ul>
 * Zero-width joiners inside visible text stay allowed (emoji sequences, Indic and Persian
 * scripts need them).
 */
final class TextRules {

	private static final String BIDI_CONTROLS = "\\u202A-\\u202E\\u2066-\\u2069";

	/** Characters that render as nothing: separators, format characters, blank fillers. */
	private static final String INVISIBLE = "\\p{Z}\\p{Cf}\\s\\u115F\\u1160\\u3164\\uFFA0\\u2800\\u034F"
			+ "\\u180B-\\u180E\\uFE00-\\uFE0F";

	/** No control characters (line breaks included), no bidi controls. */
	static final String SINGLE_LINE = "[^\\p{Cc}\\u2028\\u2029" + BIDI_CONTROLS + "]*";

	static final String SINGLE_LINE_MESSAGE = "must be a single line without control or bidi override characters";

	/** A single line with at least one visible character. */
	static final String NAME = "(?=.*[^" + INVISIBLE + "\\p{Cc}])" + SINGLE_LINE;

	static final String NAME_MESSAGE = "must be a single line with visible characters, without control or bidi override characters";

	/** Line breaks and tabs allowed, no other control characters, no bidi controls. */
	static final String MULTI_LINE = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F" + BIDI_CONTROLS + "]*";

	static final String MULTI_LINE_MESSAGE = "must not contain control characters other than line breaks and tabs, nor bidi override characters";

	private TextRules() {
	}

}
