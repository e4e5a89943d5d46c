package io.casecall.signaling.webhook;

import io.casecall.room.system.CaseCallException;

/** No delivery with that id (never existed, or older than the retention). */
public class DeliveryNotFoundException extends CaseCallException {

	DeliveryNotFoundException(String id) {
		super("webhook_delivery_not_found", "No webhook delivery " + id);
	}

}
