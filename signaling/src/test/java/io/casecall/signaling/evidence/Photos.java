package io.casecall.signaling.evidence;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import com.drew.imaging.ImageMetadataReader;
import com.drew.lang.GeoLocation;
import com.drew.metadata.Directory;
import com.drew.metadata.Metadata;
import com.drew.metadata.exif.GpsDirectory;
import org.apache.commons.imaging.formats.jpeg.exif.ExifRewriter;
import org.apache.commons.imaging.formats.tiff.write.TiffOutputSet;

/**
 * Test photos that carry where they were taken: the GPS Exif is written by Apache Commons
 * Imaging, an XMP packet with GPS by hand, and {@link #location} reads them back with
 * metadata-extractor (neither is the code under test).
 */
public final class Photos {

	public static final double LATITUDE = 52.520008;

	public static final double LONGITUDE = 13.404954;

	/** A 4x3 lossless WebP as Chromium encodes it from a canvas (VP8X, ICCP, VP8L). */
	static final String CHROMIUM_WEBP = "UklGRgQCAABXRUJQVlA4WAoAAAAgAAAAAwAAAgAASUNDUMgBAAAAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADZWUDhMFgAAAC8DgAAAD1Cii6heU3X+w8ETHiL6HwU=";

	static final String XMP = "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
			+ "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
			+ "<rdf:Description rdf:about=\"\" xmlns:exif=\"http://ns.adobe.com/exif/1.0/\""
			+ " exif:GPSLatitude=\"52,31.2005N\" exif:GPSLongitude=\"13,24.2972E\"/>"
			+ "</rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>";

	private Photos() {
	}

	/** A camera-sized noisy picture, so the JPEG has real entropy-coded data. */
	static BufferedImage picture(int width, int height) {
		BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Random random = new Random(42);
		for (int y = 0; y < height; y++) {
			for (int x = 0; x < width; x++) {
				int r = (x * 255 / width + random.nextInt(24)) & 0xFF;
				int g = (y * 255 / height + random.nextInt(24)) & 0xFF;
				image.setRGB(x, y, (r << 16) | (g << 8) | ((r + g) / 2));
			}
		}
		return image;
	}

	/** A JPEG with GPS in Exif (APP1) and in an XMP packet (another APP1). */
	public static byte[] jpegWithGps() {
		return jpegWithGps(0);
	}

	/** The same, little-endian Exif with an orientation tag in IFD0 too (0: none). */
	static byte[] jpegWithGps(int orientation) {
		try {
			ByteArrayOutputStream plain = new ByteArrayOutputStream();
			ImageIO.write(picture(640, 480), "jpeg", plain);
			TiffOutputSet exif = (orientation == 0) ? new TiffOutputSet()
					: new TiffOutputSet(java.nio.ByteOrder.LITTLE_ENDIAN);
			exif.setGpsInDegrees(LONGITUDE, LATITUDE);
			if (orientation != 0) {
				exif.getOrCreateRootDirectory()
					.add(org.apache.commons.imaging.formats.tiff.constants.TiffTagConstants.TIFF_TAG_ORIENTATION,
							(short) orientation);
			}
			ByteArrayOutputStream withExif = new ByteArrayOutputStream();
			new ExifRewriter().updateExifMetadataLossless(plain.toByteArray(), withExif, exif);
			byte[] jpeg = withExif.toByteArray();
			byte[] xmp = concat("http://ns.adobe.com/xap/1.0/\0".getBytes(StandardCharsets.ISO_8859_1),
					XMP.getBytes(StandardCharsets.UTF_8));
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			out.write(jpeg, 0, 2);
			out.write(0xFF);
			out.write(0xE1);
			out.write((xmp.length + 2) >> 8);
			out.write((xmp.length + 2) & 0xFF);
			out.write(xmp);
			out.write(jpeg, 2, jpeg.length - 2);
			return out.toByteArray();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The TIFF structure (Exif with GPS) Commons Imaging wrote into {@link #jpegWithGps()}. */
	static byte[] exifTiff() {
		byte[] jpeg = jpegWithGps();
		for (int i = 2; i + 4 < jpeg.length;) {
			int length = ((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF);
			if ((jpeg[i + 1] & 0xFF) == 0xE1 && new String(jpeg, i + 4, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
				return java.util.Arrays.copyOfRange(jpeg, i + 10, i + 2 + length);
			}
			i += 2 + length;
		}
		throw new IllegalStateException("no Exif written");
	}

	/** A PNG with an {@code eXIf} chunk (GPS) and an {@code iTXt} XMP chunk, both before IDAT. */
	public static byte[] pngWithGps() {
		try {
			ByteArrayOutputStream plain = new ByteArrayOutputStream();
			ImageIO.write(picture(320, 240), "png", plain);
			byte[] png = plain.toByteArray();
			int ihdrEnd = 8 + 12 + 13;
			byte[] itxt = concat("XML:com.adobe.xmp\0\0\0\0\0".getBytes(StandardCharsets.ISO_8859_1),
					XMP.getBytes(StandardCharsets.UTF_8));
			return concat(java.util.Arrays.copyOfRange(png, 0, ihdrEnd), chunk("eXIf", exifTiff()),
					chunk("iTXt", itxt), java.util.Arrays.copyOfRange(png, ihdrEnd, png.length));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Chromium's WebP with EXIF (GPS) and XMP chunks added, and their VP8X flags set. */
	public static byte[] webpWithGps() {
		byte[] webp = Base64.getDecoder().decode(CHROMIUM_WEBP);
		byte[] body = java.util.Arrays.copyOfRange(webp, 12, webp.length);
		body[8] |= 0x0C;
		byte[] rest = concat("WEBP".getBytes(StandardCharsets.ISO_8859_1), body, riff("EXIF", exifTiff()),
				riff("XMP ", XMP.getBytes(StandardCharsets.UTF_8)));
		return concat("RIFF".getBytes(StandardCharsets.ISO_8859_1), le(rest.length), rest);
	}

	/** Where metadata-extractor says the photo was taken, or {@code null}. */
	public static GeoLocation location(byte[] photo) {
		try {
			Metadata metadata = ImageMetadataReader.readMetadata(new ByteArrayInputStream(photo));
			for (GpsDirectory gps : metadata.getDirectoriesOfType(GpsDirectory.class)) {
				if (gps.getGeoLocation() != null) {
					return gps.getGeoLocation();
				}
			}
			return null;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The Exif orientation metadata-extractor reads (IFD0), or {@code null}. */
	static Integer orientation(byte[] photo) {
		try {
			com.drew.metadata.exif.ExifIFD0Directory ifd0 = ImageMetadataReader
				.readMetadata(new ByteArrayInputStream(photo))
				.getFirstDirectoryOfType(com.drew.metadata.exif.ExifIFD0Directory.class);
			return (ifd0 != null) ? ifd0.getInteger(com.drew.metadata.exif.ExifIFD0Directory.TAG_ORIENTATION) : null;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Names of the metadata directories metadata-extractor finds (for example "XMP", "GPS"). */
	public static java.util.List<String> directories(byte[] photo) {
		try {
			java.util.List<String> names = new java.util.ArrayList<>();
			for (Directory directory : ImageMetadataReader.readMetadata(new ByteArrayInputStream(photo))
				.getDirectories()) {
				names.add(directory.getName());
			}
			return names;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static boolean contains(byte[] haystack, String needle) {
		return new String(haystack, StandardCharsets.ISO_8859_1).contains(needle);
	}

	private static byte[] chunk(String type, byte[] data) {
		byte[] typed = concat(type.getBytes(StandardCharsets.ISO_8859_1), data);
		CRC32 crc = new CRC32();
		crc.update(typed);
		return concat(ByteBuffer.allocate(4).putInt(data.length).array(), typed,
				ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
	}

	private static byte[] riff(String type, byte[] data) {
		byte[] chunk = concat(type.getBytes(StandardCharsets.ISO_8859_1), le(data.length), data);
		return (data.length % 2 == 1) ? concat(chunk, new byte[1]) : chunk;
	}

	private static byte[] le(int value) {
		return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array();
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

}
