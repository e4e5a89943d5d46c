package io.casecall.signaling.evidence;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder: {@code <dir>/<callId>/<evidenceId>}, folders 0700 and files 0600 (written to a
 * temporary file first, then moved into place, so a reader never sees half a photo). For one node
 * ({@code ./dev up}); several nodes need a shared store (S3).
 */
class LocalEvidenceStore implements EvidenceStore {

	private final Path dir;

	LocalEvidenceStore(Path dir) {
		this.dir = dir.toAbsolutePath().normalize();
	}

	@Override
	public void put(String callId, String evidenceId, byte[] bytes, String contentType) {
		try {
			Path folder = folder(this.dir);
			Path call = folder(this.dir.resolve(callId));
			Path temp = Files.createTempFile(folder, ".upload-", ".tmp",
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			try {
				Files.write(temp, bytes);
				Files.move(temp, call.resolve(evidenceId), StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(temp);
			}
		}
		catch (IOException ex) {
			throw new EvidenceStoreException("The evidence folder refused the photo", ex);
		}
	}

	@Override
	public byte[] get(String callId, String evidenceId) {
		try {
			return Files.readAllBytes(this.dir.resolve(callId).resolve(evidenceId));
		}
		catch (NoSuchFileException ex) {
			return null;
		}
		catch (IOException ex) {
			throw new EvidenceStoreException("The evidence folder could not be read", ex);
		}
	}

	@Override
	public void delete(String callId, String evidenceId) {
		try {
			Files.deleteIfExists(this.dir.resolve(callId).resolve(evidenceId));
		}
		catch (IOException ex) {
			throw new EvidenceStoreException("A photo could not be deleted", ex);
		}
	}

	@Override
	public void deleteCall(String callId) {
		Path call = this.dir.resolve(callId);
		if (!Files.isDirectory(call)) {
			return;
		}
		try (Stream<Path> files = Files.walk(call)) {
			for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new EvidenceStoreException("The evidence of a call could not be deleted", ex);
		}
	}

	private static Path folder(Path path) throws IOException {
		try {
			Files.createDirectories(path.getParent());
			Files.createDirectory(path,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
		}
		catch (FileAlreadyExistsException ex) {
			// there already
		}
		return path;
	}

}
