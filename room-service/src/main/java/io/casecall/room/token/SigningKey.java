package io.casecall.room.token;

import java.security.PrivateKey;
import java.security.interfaces.ECPublicKey;

/** One ES256 key pair with its {@code kid}. */
record SigningKey(String keyId, PrivateKey privateKey, ECPublicKey publicKey) {
}
