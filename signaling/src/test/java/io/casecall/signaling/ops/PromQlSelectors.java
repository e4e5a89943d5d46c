package io.casecall.signaling.ops;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL and Prometheus text format for the metric-name test: the CaseCall series
 * selectors an expression uses (name plus label matchers), and the series a scrape exposes.
 */
final class PromQlSelectors {

	private static final Pattern SELECTOR = Pattern.compile("\\b(casecall_[a-z0-9_]+)\\b\\s*(\\{([^}]*)\\})?");

	private static final Pattern MATCHER = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)\\})?\\s+\\S+.*$");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private PromQlSelectors() {
	}

	/** A label matcher of a selector, e.g. {@code role="customer"}. */
	record LabelMatcher(String label, String op, String value) {
	}

	/** A series selector naming a CaseCall metric, as written in an expression. */
	record Selector(String name, List<LabelMatcher> matchers, String expression) {
	}

	/** Every selector of a CaseCall metric in a PromQL expression. */
	static List<Selector> selectors(String expression) {
		List<Selector> selectors = new ArrayList<>();
		Matcher selector = SELECTOR.matcher(expression);
		while (selector.find()) {
			List<LabelMatcher> matchers = new ArrayList<>();
			if (selector.group(3) != null) {
				Matcher matcher = MATCHER.matcher(selector.group(3));
				while (matcher.find()) {
					matchers.add(new LabelMatcher(matcher.group(1), matcher.group(2), matcher.group(3)));
				}
			}
			selectors.add(new Selector(selector.group(1), matchers, expression));
		}
		return selectors;
	}

	/** The series of a scrape in the Prometheus text format: sample name to the label sets seen. */
	static Map<String, List<Map<String, String>>> series(String exposition) {
		Map<String, List<Map<String, String>>> series = new LinkedHashMap<>();
		for (String line : exposition.split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.matches()) {
				continue;
			}
			Map<String, String> labels = new LinkedHashMap<>();
			if (sample.group(3) != null) {
				Matcher label = LABEL.matcher(sample.group(3));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			series.computeIfAbsent(sample.group(1), (name) -> new ArrayList<>()).add(labels);
		}
		return series;
	}

}
