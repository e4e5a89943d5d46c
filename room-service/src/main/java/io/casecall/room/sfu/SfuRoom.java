package io.casecall.room.sfu;

/**
 * A call's media room on one SFU instance.
 * @param roomId the call's room id
 * @param instance the SFU instance that holds it (name from configuration)
 */
public record SfuRoom(String roomId, String instance) {
}
