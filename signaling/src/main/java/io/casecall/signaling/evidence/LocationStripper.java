package io.casecall.signaling.evidence;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Removes the metadata blocks that can carry where a photo was taken, walking the container
 * structure rather than searching for strings: in JPEG every APP1 segment (Exif, XMP, extended
 * XMP) and APP13 (Photoshop/IPTC); in PNG the {@code eXIf} chunk and the text chunks
 * ({@code tEXt}, {@code zTXt}, {@code iTXt}: XMP and free text); in WebP the {@code EXIF} and
 * {@code XMP } chunks (and their flags in {@code VP8X}). The picture data is copied unchanged;
 * whatever follows a JPEG's end marker or a PNG's {@code IEND} (appended images) is dropped.
 * A structure that does not add up is refused as {@code malformed_image}.
 * <p>
 * Exif also holds a JPEG's orientation: that one tag is written back in a minimal Exif segment of
 * its own ({@link ExifOrientation}), so that a phone's photo is still shown upright. PNG and WebP
 * photos lose it (browsers' own captures, canvas and {@code ImageCapture}, are already upright).
 */
final class LocationStripper {

	private LocationStripper() {
	}

	static byte[] strip(ImageFormat format, byte[] bytes) {
		return switch (format) {
			case JPEG -> jpeg(bytes);
			case PNG -> png(bytes);
			case WEBP -> webp(bytes);
		};
	}

	private static byte[] jpeg(byte[] in) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		out.write(0xFF);
		out.write(0xD8);
		int i = 2;
		boolean scanned = false;
		boolean turned = false;
		while (true) {
			if (i >= in.length || (in[i] & 0xFF) != 0xFF) {
				throw EvidenceException.malformed("a JPEG segment does not start with a marker");
			}
			while (i < in.length && (in[i] & 0xFF) == 0xFF) {
				i++; // fill bytes
			}
			if (i >= in.length) {
				throw EvidenceException.malformed("the JPEG ends inside a marker");
			}
			int marker = in[i] & 0xFF;
			i++;
			if (marker == 0xD9) {
				if (!scanned) {
					throw EvidenceException.malformed("the JPEG has no image data");
				}
				out.write(0xFF);
				out.write(0xD9);
				return out.toByteArray(); // anything after the end (appended images, trailers) is dropped
			}
			if ((marker >= 0xD0 && marker <= 0xD7) || marker == 0x01) {
				out.write(0xFF);
				out.write(marker);
				continue;
			}
			if (i + 2 > in.length) {
				throw EvidenceException.malformed("the JPEG ends inside a segment");
			}
			int length = ((in[i] & 0xFF) << 8) | (in[i + 1] & 0xFF);
			if (length < 2 || i + length > in.length) {
				throw EvidenceException.malformed("a JPEG segment is longer than the file");
			}
			boolean drop = marker == 0xE1 || marker == 0xED;
			int orientation = (marker == 0xE1 && !turned) ? ExifOrientation.read(in, i + 2, length - 2) : 0;
			if (orientation != 0) {
				out.writeBytes(ExifOrientation.segment(orientation)); // upright, with nothing else of Exif
				turned = true;
			}
			if (!drop) {
				out.write(0xFF);
				out.write(marker);
				out.write(in, i, length);
			}
			i += length;
			if (marker == 0xDA) {
				scanned = true;
				int start = i;
				while (i + 1 < in.length && !((in[i] & 0xFF) == 0xFF && (in[i + 1] & 0xFF) != 0x00
						&& ((in[i + 1] & 0xFF) < 0xD0 || (in[i + 1] & 0xFF) > 0xD7))) {
					i++; // entropy-coded data: stuffed 0xFF00 and restart markers belong to it
				}
				out.write(in, start, i - start);
			}
		}
	}

	private static byte[] png(byte[] in) {
		ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
		out.write(in, 0, 8);
		int i = 8;
		while (i + 12 <= in.length) {
			long length = readInt(in, i, false) & 0xFFFFFFFFL;
			if (length > in.length - i - 12) {
				throw EvidenceException.malformed("a PNG chunk is longer than the file");
			}
			String type = new String(in, i + 4, 4, StandardCharsets.ISO_8859_1);
			int total = 12 + (int) length;
			if (!(type.equals("eXIf") || type.equals("tEXt") || type.equals("zTXt") || type.equals("iTXt"))) {
				out.write(in, i, total);
			}
			i += total;
			if (type.equals("IEND")) {
				return out.toByteArray();
			}
		}
		throw EvidenceException.malformed("the PNG has no end chunk");
	}

	private static byte[] webp(byte[] in) {
		long riffSize = readInt(in, 4, true) & 0xFFFFFFFFL;
		if (riffSize + 8 > in.length || riffSize < 4) {
			throw EvidenceException.malformed("the WebP is shorter than its header says");
		}
		int end = (int) riffSize + 8;
		ByteArrayOutputStream body = new ByteArrayOutputStream(in.length);
		body.write(in, 8, 4); // "WEBP"
		int i = 12;
		boolean image = false;
		while (i + 8 <= end) {
			String type = new String(in, i, 4, StandardCharsets.ISO_8859_1);
			long size = readInt(in, i + 4, true) & 0xFFFFFFFFL;
			long padded = size + (size & 1);
			if (padded > end - i - 8) {
				throw EvidenceException.malformed("a WebP chunk is longer than the file");
			}
			int total = 8 + (int) padded;
			if (type.equals("VP8X") && size >= 10) {
				byte[] chunk = java.util.Arrays.copyOfRange(in, i, i + total);
				chunk[8] &= (byte) ~0x0C; // clear the EXIF (0x08) and XMP (0x04) flags
				body.write(chunk, 0, chunk.length);
			}
			else if (!type.equals("EXIF") && !type.equals("XMP ")) {
				body.write(in, i, total);
			}
			image |= type.equals("VP8 ") || type.equals("VP8L") || type.equals("ANMF");
			i += total;
		}
		if (!image) {
			throw EvidenceException.malformed("the WebP has no image data");
		}
		byte[] rest = body.toByteArray();
		ByteArrayOutputStream out = new ByteArrayOutputStream(rest.length + 8);
		out.write(in, 0, 4);
		int size = rest.length;
		out.write(size & 0xFF);
		out.write((size >> 8) & 0xFF);
		out.write((size >> 16) & 0xFF);
		out.write((size >> 24) & 0xFF);
		out.write(rest, 0, rest.length);
		return out.toByteArray();
	}

	private static int readInt(byte[] in, int at, boolean littleEndian) {
		if (at + 4 > in.length) {
			throw EvidenceException.malformed("the file ends inside a header");
		}
		int b0 = in[at] & 0xFF;
		int b1 = in[at + 1] & 0xFF;
		int b2 = in[at + 2] & 0xFF;
		int b3 = in[at + 3] & 0xFF;
		return littleEndian ? (b3 << 24) | (b2 << 16) | (b1 << 8) | b0 : (b0 << 24) | (b1 << 16) | (b2 << 8) | b3;
	}

}
