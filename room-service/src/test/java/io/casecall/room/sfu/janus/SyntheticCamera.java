package io.casecall.room.sfu.janus;

import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoTrack;

/** A 640x360 moving pattern at 20 frames per second, as a video track. */
final class SyntheticCamera implements AutoCloseable {

	private static final int WIDTH = 640;

	private static final int HEIGHT = 360;

	private final CustomVideoSource source = new CustomVideoSource();

	private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor((task) -> {
		Thread thread = new Thread(task, "synthetic-camera");
		thread.setDaemon(true);
		return thread;
	});

	private final VideoTrack track;

	private int tick;

	SyntheticCamera(PeerConnectionFactory factory, String id) {
		this.track = factory.createVideoTrack(id, this.source);
		this.ticker.scheduleAtFixedRate(this::push, 0, 50, TimeUnit.MILLISECONDS);
	}

	VideoTrack track() {
		return this.track;
	}

	private void push() {
		NativeI420Buffer buffer = NativeI420Buffer.allocate(WIDTH, HEIGHT);
		fill(buffer.getDataY(), buffer.getStrideY() * HEIGHT, this.tick * 4);
		fill(buffer.getDataU(), buffer.getStrideU() * (HEIGHT / 2), 90);
		fill(buffer.getDataV(), buffer.getStrideV() * (HEIGHT / 2), 200);
		VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
		this.source.pushFrame(frame);
		frame.release();
		this.tick++;
	}

	private static void fill(ByteBuffer plane, int size, int offset) {
		for (int i = 0; i < size; i++) {
			plane.put(i, (byte) ((i / 16 + offset) & 0xff));
		}
	}

	@Override
	public void close() {
		this.ticker.shutdownNow();
		try {
			this.ticker.awaitTermination(1, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.source.dispose();
		// The track stays: peer connections that sent it keep native references to it
		// (webrtc-java refuses to dispose it), and it goes with the test JVM.
	}

}
