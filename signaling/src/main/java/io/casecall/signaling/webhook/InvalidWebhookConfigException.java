package io.casecall.signaling.webhook;

/** The webhook configuration cannot work; the application does not start. */
class InvalidWebhookConfigException extends IllegalStateException {

	InvalidWebhookConfigException(String message) {
		super(message);
	}

}
