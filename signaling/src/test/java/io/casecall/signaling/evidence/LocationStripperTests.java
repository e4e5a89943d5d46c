package io.casecall.signaling.evidence;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Base64;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocationStripperTests {

	@Test
	void removesExifAndXmpLocationFromAJpegAndKeepsThePicture() throws IOException {
		byte[] photo = Photos.jpegWithGps();
		assertThat(Photos.location(photo).getLatitude()).isCloseTo(Photos.LATITUDE, org.assertj.core.data.Offset.offset(1e-4));
		assertThat(Photos.directories(photo)).contains("XMP");

		byte[] clean = LocationStripper.strip(ImageFormat.JPEG, photo);

		assertThat(Photos.location(clean)).isNull();
		assertThat(Photos.directories(clean)).doesNotContain("XMP", "GPS", "Exif IFD0");
		assertThat(Photos.contains(clean, "Exif\0\0")).isFalse();
		assertThat(Photos.contains(clean, "GPSLatitude")).isFalse();
		assertThat(samePixels(ImageIO.read(new ByteArrayInputStream(photo)),
				ImageIO.read(new ByteArrayInputStream(clean)))).isTrue();
	}

	@Test
	void keepsAJpegsOrientationAndNothingElseOfItsExif() throws IOException {
		byte[] photo = Photos.jpegWithGps(6);
		assertThat(Photos.orientation(photo)).isEqualTo(6);

		byte[] clean = LocationStripper.strip(ImageFormat.JPEG, photo);

		assertThat(Photos.orientation(clean)).isEqualTo(6);
		assertThat(Photos.location(clean)).isNull();
		assertThat(Photos.directories(clean)).doesNotContain("XMP", "GPS");
		assertThat(Photos.contains(clean, "GPSLatitude")).isFalse();
		assertThat(samePixels(ImageIO.read(new ByteArrayInputStream(photo)),
				ImageIO.read(new ByteArrayInputStream(clean)))).isTrue();
	}

	@Test
	void dropsWhatFollowsTheJpegEnd() {
		byte[] appended = Photos.concat(Photos.jpegWithGps(), Photos.jpegWithGps());

		byte[] clean = LocationStripper.strip(ImageFormat.JPEG, appended);

		assertThat(clean.length).isLessThan(appended.length / 2);
		assertThat(Photos.contains(clean, "GPSLatitude")).isFalse();
		assertThat(clean[clean.length - 2] & 0xFF).isEqualTo(0xFF);
		assertThat(clean[clean.length - 1] & 0xFF).isEqualTo(0xD9);
	}

	@Test
	void removesExifAndTextChunksFromAPng() throws IOException {
		byte[] photo = Photos.pngWithGps();
		assertThat(Photos.contains(photo, "eXIf")).isTrue();

		byte[] clean = LocationStripper.strip(ImageFormat.PNG, photo);

		assertThat(Photos.location(clean)).isNull();
		assertThat(Photos.contains(clean, "eXIf")).isFalse();
		assertThat(Photos.contains(clean, "GPSLatitude")).isFalse();
		assertThat(samePixels(ImageIO.read(new ByteArrayInputStream(photo)),
				ImageIO.read(new ByteArrayInputStream(clean)))).isTrue();
	}

	@Test
	void removesExifAndXmpChunksFromAWebpAndClearsTheirFlags() {
		byte[] photo = Photos.webpWithGps();
		assertThat(Photos.location(photo)).isNotNull();

		byte[] clean = LocationStripper.strip(ImageFormat.WEBP, photo);

		assertThat(Photos.location(clean)).isNull();
		assertThat(Photos.contains(clean, "EXIF")).isFalse();
		assertThat(Photos.contains(clean, "XMP ")).isFalse();
		assertThat(clean[20] & 0x0C).isZero();
		byte[] original = Base64.getDecoder().decode(Photos.CHROMIUM_WEBP);
		assertThat(clean).isEqualTo(original); // Chromium's own file, byte for byte, size field included
	}

	@Test
	void leavesAPhotoWithoutLocationAsItIs() {
		byte[] original = Base64.getDecoder().decode(Photos.CHROMIUM_WEBP);

		assertThat(LocationStripper.strip(ImageFormat.WEBP, original)).isEqualTo(original);
	}

	@Test
	void refusesATruncatedJpeg() {
		byte[] photo = Photos.jpegWithGps();

		assertThatThrownBy(() -> LocationStripper.strip(ImageFormat.JPEG, Arrays.copyOf(photo, 400)))
			.isInstanceOfSatisfying(EvidenceException.class, (ex) -> assertThat(ex.code()).isEqualTo("malformed_image"));
	}

	@Test
	void refusesAPngWithoutItsEnd() {
		byte[] photo = Photos.pngWithGps();

		assertThatThrownBy(() -> LocationStripper.strip(ImageFormat.PNG, Arrays.copyOf(photo, photo.length - 12)))
			.isInstanceOfSatisfying(EvidenceException.class, (ex) -> assertThat(ex.code()).isEqualTo("malformed_image"));
	}

	@Test
	void refusesAWebpShorterThanItsHeaderSays() {
		byte[] photo = Photos.webpWithGps();

		assertThatThrownBy(() -> LocationStripper.strip(ImageFormat.WEBP, Arrays.copyOf(photo, photo.length - 10)))
			.isInstanceOfSatisfying(EvidenceException.class, (ex) -> assertThat(ex.code()).isEqualTo("malformed_image"));
	}

	@Test
	void recognisesFormatsByTheirBytesOnly() {
		assertThat(ImageFormat.sniff(Photos.jpegWithGps())).isEqualTo(ImageFormat.JPEG);
		assertThat(ImageFormat.sniff(Photos.pngWithGps())).isEqualTo(ImageFormat.PNG);
		assertThat(ImageFormat.sniff(Photos.webpWithGps())).isEqualTo(ImageFormat.WEBP);
		assertThat(ImageFormat.sniff("GIF89a......".getBytes())).isNull();
		assertThat(ImageFormat.sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes())).isNull();
		assertThat(ImageFormat.sniff(new byte[0])).isNull();
	}

	private static boolean samePixels(BufferedImage a, BufferedImage b) {
		if (a.getWidth() != b.getWidth() || a.getHeight() != b.getHeight()) {
			return false;
		}
		for (int y = 0; y < a.getHeight(); y++) {
			for (int x = 0; x < a.getWidth(); x++) {
				if (a.getRGB(x, y) != b.getRGB(x, y)) {
					return false;
				}
			}
		}
		return true;
	}

}
