package io.casecall.room.sfu;

/**
 * Reachability and load of one SFU instance.
 * @param name instance name from configuration
 * @param up whether it answered its last health check
 * @param load a load figure comparable between instances of the same kind (rooms, endpoints or
 * the SFU's own stress level), or {@code -1} when unknown
 * @param detail a short human-readable detail (version, last error)
 */
public record SfuInstanceStatus(String name, boolean up, double load, String detail) {
}
