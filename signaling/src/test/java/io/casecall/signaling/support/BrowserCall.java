package io.casecall.signaling.support;

/**
 * A live call between two real browsers, as the end-to-end tests of connection trouble start it:
 * {@link LiveCall#start(int, int, Browser, Browser, String)}, by its id.
 */
public final class BrowserCall {

	private BrowserCall() {
	}

	/**
	 * @param port the app's port (the agent's page and the API)
	 * @param customerPort the port the customer's page is opened through (the app's, or a link to it)
	 * @return the call's id
	 */
	public static String start(Browser agent, Browser customer, int port, int customerPort, String casePrefix) {
		return LiveCall.start(port, customerPort, agent, customer, casePrefix).id();
	}

	/** The link as the browser here must open it: the test app's random port, or a path to it. */
	public static String local(String url, int port) {
		return LiveCall.local(url, port);
	}

}
