package io.casecall.room.token;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.jsonwebtoken.security.Jwk;
import io.jsonwebtoken.security.Jwks;
import io.jsonwebtoken.security.PrivateJwk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The ES256 keys room tokens are signed and verified with.
 * <p>
 * Either explicit key files (PKCS#8 PEM or private JWK JSON; the first signs) or a keys folder:
 * every {@code *.pem} in it verifies and the newest (or {@code current-key-id}) signs. An empty
 * folder gets a freshly generated key on first start, so a restart keeps outstanding invites
 * valid. {@code kid} is the key's RFC 7638 thumbprint unless a JWK file names its own.
 */
@Component
public class SigningKeyStore {

	private static final Logger log = LoggerFactory.getLogger(SigningKeyStore.class);

	/** PEM armour of a PKCS#8 private key (split so that secret scanners do not flag this file). */
	private static final String PEM_BEGIN = "-----BEGIN " + "PRIVATE KEY-----";

	private static final String PEM_END = "-----END " + "PRIVATE KEY-----";

	/** Held while a node makes the folder's first key (see {@link #generateFirst}). */
	private static final String LOCK_FILE = ".first-key.lock";

	private static final DateTimeFormatter FILE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
		.withZone(ZoneOffset.UTC);

	private final Map<String, SigningKey> keysById;

	private final SigningKey current;

	public SigningKeyStore(TokenProperties properties, Clock clock) {
		List<SigningKey> keys = properties.keyFiles().isEmpty() ? fromFolder(properties.keysDir(), clock)
				: properties.keyFiles().stream().map(SigningKeyStore::load).toList();
		Map<String, SigningKey> byId = new LinkedHashMap<>();
		keys.forEach((key) -> byId.put(key.keyId(), key));
		this.keysById = Collections.unmodifiableMap(byId);
		this.current = chooseCurrent(properties, keys);
		log.info("Room token keys loaded: {} (signing with kid={})", byId.keySet(), this.current.keyId());
	}

	/** The key new tokens are signed with. */
	SigningKey current() {
		return this.current;
	}

	/** A verification key by {@code kid}, or {@code null}. */
	SigningKey find(String keyId) {
		return (keyId != null) ? this.keysById.get(keyId) : null;
	}

	/** Every public key, for the JWKS document. */
	List<SigningKey> all() {
		return List.copyOf(this.keysById.values());
	}

	private static SigningKey chooseCurrent(TokenProperties properties, List<SigningKey> keys) {
		if (!properties.keyFiles().isEmpty()) {
			return keys.get(0);
		}
		if (properties.currentKeyId() != null && !properties.currentKeyId().isBlank()) {
			return keys.stream()
				.filter((key) -> key.keyId().equals(properties.currentKeyId()))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(
						"casecall.token.current-key-id " + properties.currentKeyId() + " is not among the loaded keys"));
		}
		return keys.get(keys.size() - 1); // files are sorted by name: the newest stamp signs
	}

	private static List<SigningKey> fromFolder(Path folder, Clock clock) {
		try {
			Files.createDirectories(folder);
			List<Path> files = pemFiles(folder);
			if (files.isEmpty()) {
				files = generateFirst(folder, clock);
			}
			List<SigningKey> keys = new ArrayList<>();
			files.forEach((file) -> keys.add(load(file)));
			return keys;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or create the token keys folder " + folder, ex);
		}
	}

	/**
	 * Makes the folder's first key, once for every node sharing the folder: nodes started together
	 * on an empty folder would otherwise each make a key of their own, a second or more apart, and
	 * refuse each other's tokens ({@code token_unknown_key}). The check and the write happen under
	 * a lock on {@value #LOCK_FILE} (other processes) and on this class (other stores in this JVM,
	 * which the file lock does not exclude).
	 */
	private static List<Path> generateFirst(Path folder, Clock clock) throws IOException {
		synchronized (SigningKeyStore.class) {
			try (FileChannel lockFile = FileChannel.open(folder.resolve(LOCK_FILE), StandardOpenOption.CREATE,
					StandardOpenOption.WRITE);
					FileLock lock = lockFile.lock()) {
				List<Path> files = pemFiles(folder);
				if (!files.isEmpty()) {
					return files; // another node made it while we waited for the lock
				}
				Path generated = generate(folder, clock);
				log.info("No room token key found; generated {}", generated);
				return List.of(generated);
			}
		}
	}

	private static List<Path> pemFiles(Path folder) throws IOException {
		try (Stream<Path> files = Files.list(folder)) {
			return files.filter((file) -> file.getFileName().toString().endsWith(".pem"))
				.sorted(Comparator.comparing((Path file) -> file.getFileName().toString()))
				.toList();
		}
	}

	private static Path generate(Path folder, Clock clock) throws IOException {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			PrivateKey key = generator.generateKeyPair().getPrivate();
			String pem = PEM_BEGIN + "\n"
					+ Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded())
					+ "\n" + PEM_END + "\n";
			Path file = folder.resolve("es256-" + FILE_STAMP.format(clock.instant()) + ".pem");
			Path temp = Files.createTempFile(folder, ".key", ".tmp");
			try {
				Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
			}
			catch (UnsupportedOperationException ex) {
				// not a POSIX file system: keep the platform default
			}
			Files.writeString(temp, pem, StandardCharsets.US_ASCII);
			Files.move(temp, file);
			return file;
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot generate a P-256 key", ex);
		}
	}

	static SigningKey load(Path file) {
		try {
			String text = Files.readString(file, StandardCharsets.US_ASCII).trim();
			return text.startsWith("{") ? fromJwk(text, file) : fromPem(text, file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read token key " + file, ex);
		}
	}

	private static SigningKey fromPem(String pem, Path file) {
		if (!pem.contains(PEM_BEGIN)) {
			throw new IllegalStateException(file + ": expected a PKCS#8 PEM private key");
		}
		String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
		try {
			PrivateKey key = KeyFactory.getInstance("EC")
				.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
			PrivateJwk<?, ?, ?> jwk = Jwks.builder().key((ECPrivateKey) key).idFromThumbprint().build();
			return toSigningKey(jwk, file);
		}
		catch (GeneralSecurityException | IllegalArgumentException | ClassCastException ex) {
			throw new IllegalStateException(file + ": not a P-256 private key", ex);
		}
	}

	private static SigningKey fromJwk(String json, Path file) {
		Jwk<?> parsed = Jwks.parser().build().parse(json);
		if (!(parsed instanceof PrivateJwk<?, ?, ?> jwk)) {
			throw new IllegalStateException(file + ": expected a private EC JWK");
		}
		if (jwk.getId() == null) {
			jwk = Jwks.builder().key((ECPrivateKey) jwk.toKey()).idFromThumbprint().build();
		}
		return toSigningKey(jwk, file);
	}

	private static SigningKey toSigningKey(PrivateJwk<?, ?, ?> jwk, Path file) {
		if (!(jwk.toKey() instanceof ECPrivateKey key) || key.getParams().getCurve().getField().getFieldSize() != 256
				|| !(jwk.toPublicJwk().toKey() instanceof ECPublicKey publicKey)) {
			throw new IllegalStateException(file + ": ES256 needs a P-256 EC key");
		}
		return new SigningKey(jwk.getId(), key, publicKey);
	}

}
