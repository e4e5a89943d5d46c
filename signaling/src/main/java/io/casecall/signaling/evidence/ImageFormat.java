package io.casecall.signaling.evidence;

/** The photo formats evidence accepts, recognised by their first bytes (never by a header). */
enum ImageFormat {

	JPEG("image/jpeg"), PNG("image/png"), WEBP("image/webp");

	private static final byte[] PNG_SIGNATURE = { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n' };

	private final String contentType;

	ImageFormat(String contentType) {
		this.contentType = contentType;
	}

	String contentType() {
		return this.contentType;
	}

	/** The format of {@code bytes}, or {@code null} when it is none of them. */
	static ImageFormat sniff(byte[] bytes) {
		if (bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8 && (bytes[2] & 0xFF) == 0xFF) {
			return JPEG;
		}
		if (startsWith(bytes, PNG_SIGNATURE, 0)) {
			return PNG;
		}
		if (bytes.length >= 12 && startsWith(bytes, "RIFF".getBytes(), 0) && startsWith(bytes, "WEBP".getBytes(), 8)) {
			return WEBP;
		}
		return null;
	}

	static boolean startsWith(byte[] bytes, byte[] prefix, int at) {
		if (bytes.length < at + prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (bytes[at + i] != prefix[i]) {
				return false;
			}
		}
		return true;
	}

}
