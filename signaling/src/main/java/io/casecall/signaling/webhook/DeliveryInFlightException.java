package io.casecall.signaling.webhook;

import io.casecall.room.system.CaseCallException;

/** A replay of a delivery that is still queued or waiting for a retry. */
public class DeliveryInFlightException extends CaseCallException {

	DeliveryInFlightException(String id) {
		super("webhook_delivery_in_flight",
				"Webhook delivery " + id + " is still queued or retrying; replay a delivered or dead one");
	}

}
