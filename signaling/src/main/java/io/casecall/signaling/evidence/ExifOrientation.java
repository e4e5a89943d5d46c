package io.casecall.signaling.evidence;

import java.nio.charset.StandardCharsets;

/**
 * The one Exif field a photo keeps: its orientation. A phone stores most photos as the sensor saw
 * them and says in Exif how to turn them upright; {@link LocationStripper} drops Exif as a whole
 * (it can carry where the photo was taken), and writes back a minimal Exif segment with only this
 * tag so that the agent and a claims handler see the photo the right way up.
 */
final class ExifOrientation {

	private static final int TAG = 0x0112;

	private ExifOrientation() {
	}

	/**
	 * The orientation (2 to 8) in a JPEG APP1 segment's payload, or 0 when it has none, it is the
	 * default (1), or the segment is not Exif or does not add up (nothing is refused for it: the
	 * segment is dropped either way).
	 */
	static int read(byte[] in, int start, int length) {
		int end = start + length;
		if (length < 6 + 8 || !new String(in, start, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
			return 0;
		}
		int tiff = start + 6;
		boolean little = in[tiff] == 'I' && in[tiff + 1] == 'I';
		if (!little && !(in[tiff] == 'M' && in[tiff + 1] == 'M')) {
			return 0;
		}
		long ifd = tiff + (number(in, tiff + 4, 4, little) & 0xFFFFFFFFL);
		if (ifd + 2 > end) {
			return 0;
		}
		int entries = number(in, (int) ifd, 2, little);
		for (int n = 0; n < entries; n++) {
			int entry = (int) ifd + 2 + 12 * n;
			if (entry + 12 > end) {
				return 0;
			}
			if (number(in, entry, 2, little) == TAG && number(in, entry + 2, 2, little) == 3) {
				int value = number(in, entry + 8, 2, little);
				return (value >= 2 && value <= 8) ? value : 0;
			}
		}
		return 0;
	}

	/** A whole APP1 segment (marker included) of Exif with only the orientation in IFD0. */
	static byte[] segment(int orientation) {
		return new byte[] { (byte) 0xFF, (byte) 0xE1, 0, 34, // APP1, length 34
				'E', 'x', 'i', 'f', 0, 0, // Exif header
				'M', 'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF, IFD0 at 8
				0, 1, // one entry
				0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, (byte) orientation, 0, 0, // Orientation, SHORT, 1 value
				0, 0, 0, 0 }; // no next IFD
	}

	private static int number(byte[] in, int at, int size, boolean little) {
		int value = 0;
		for (int k = 0; k < size; k++) {
			int b = in[little ? at + size - 1 - k : at + k] & 0xFF;
			value = (value << 8) | b;
		}
		return value;
	}

}
