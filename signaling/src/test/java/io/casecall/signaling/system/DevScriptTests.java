package io.casecall.signaling.system;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code dev} script trusts a PID file only for the process it started (its command line), so a
 * stale PID after a reboot neither hides a stopped service nor gets an unrelated process killed,
 * and a dead process that is not reaped yet counts as dead. Runs {@code dev} with its own state
 * folder ({@code CASECALL_STATE_DIR}), beside whatever stack is running.
 */
class DevScriptTests {

	private static final Path DEV = Path.of("..", "dev").toAbsolutePath().normalize();

	@TempDir
	Path state;

	private final List<Process> started = new ArrayList<>();

	@AfterEach
	void stopWhatTheTestStarted() {
		this.started.forEach((process) -> process.descendants().forEach(ProcessHandle::destroyForcibly));
		this.started.forEach(Process::destroyForcibly);
	}

	@Test
	void aStalePidOfAnUnrelatedProcessIsNeitherRunningNorKilled() throws Exception {
		Process unrelated = start("sleep", "300");
		pidFile("redis-dev", unrelated.pid(), "redis-server 127.0.0.1:6380");

		Result status = dev("status");
		Result down = dev("down");

		assertThat(status.out()).contains("redis-dev: stopped");
		assertThat(down.out()).contains("redis-dev was not running").doesNotContain("Stopped redis-dev");
		assertThat(unrelated.isAlive()).isTrue();
		assertThat(this.state.resolve("run/redis-dev.pid")).doesNotExist();
	}

	@Test
	void aPidFileWithoutTheCommandLineItStartedIsNotTrusted() throws Exception {
		Process unrelated = start("sleep", "301");
		Files.createDirectories(this.state.resolve("run"));
		Files.writeString(this.state.resolve("run/janus-dev.pid"), Long.toString(unrelated.pid()));

		assertThat(dev("status").out()).contains("janus-dev: stopped");
		dev("down");
		assertThat(unrelated.isAlive()).isTrue();
	}

	@Test
	void anExitedProcessNotYetReapedCountsAsDead() throws Exception {
		// the shell becomes a sleep that never reaps; its child, a sleep too, exits only once that
		// happened (had it exited first, the shell might have reaped it: no zombie)
		Process parent = start("bash", "-c", "sh -c 'while [ \"$(cat /proc/$1/comm)\" != sleep ]; do sleep 0.05; done;"
				+ " exec sleep 0' _ $$ & echo $!; exec sleep 302");
		long zombie = Long.parseLong(
				new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.US_ASCII)).readLine()
					.trim());
		await().atMost(Duration.ofSeconds(5)).until(() -> processState(zombie).equals("Z"));
		pidFile("redis-dev", zombie, "");
		Files.writeString(this.state.resolve("run/redis-dev.cmd"), "sleep");

		assertThat(dev("status").out()).contains("redis-dev: stopped");
	}

	@Test
	void theProcessItStartedIsStoppedWithoutKillMinusNine() throws Exception {
		Process ours = start("sleep", "303");
		pidFile("app", ours.pid(), "sleep 303");

		assertThat(dev("status").out()).contains("app: running (pid " + ours.pid() + ")");
		Result down = dev("down");

		assertThat(down.out()).contains("Stopped app (pid " + ours.pid() + ")").doesNotContain("Killed");
		assertThat(ours.waitFor(5, TimeUnit.SECONDS)).isTrue();
		assertThat(ours.exitValue()).isEqualTo(128 + 15); // SIGTERM, not SIGKILL
	}

	@Test
	void helpIsTheHeaderCommentOnly() throws Exception {
		Result help = dev("help");

		assertThat(help.code()).isEqualTo(2);
		assertThat(help.out()).contains("./dev up").contains("./dev bench").doesNotContain("set -euo").doesNotContain("#");
	}

	@Test
	void badBenchArgumentsAreAUsageErrorBeforeAnythingStarts() throws Exception {
		for (List<String> bad : List.of(List.of("--concurrent", "0"), List.of("--calls", "-3"), List.of("--calls"),
				List.of("--wan", "fast"), List.of("--sfu", "mediasoup"), List.of("--colour", "blue"))) {
			List<String> command = new ArrayList<>(List.of("bench"));
			command.addAll(bad);
			Result result = dev(command.toArray(String[]::new));
			assertThat(result.code()).as(bad.toString()).isEqualTo(2);
			assertThat(result.err()).as(bad.toString()).contains("dev bench: ").contains("usage: ./dev bench")
				.doesNotContain("Exception");
		}
		assertThat(this.state.resolve("run")).doesNotExist();
	}

	private void pidFile(String name, long pid, String marker) throws IOException {
		Files.createDirectories(this.state.resolve("run"));
		Files.writeString(this.state.resolve("run/" + name + ".pid"), Long.toString(pid));
		Files.writeString(this.state.resolve("run/" + name + ".cmd"), marker);
	}

	private Process start(String... command) throws IOException {
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		this.started.add(process);
		return process;
	}

	private static String processState(long pid) throws IOException {
		String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
		return stat.substring(stat.lastIndexOf(')') + 2).split(" ")[0];
	}

	private Result dev(String... args) throws Exception {
		List<String> command = new ArrayList<>(List.of("bash", DEV.toString()));
		command.addAll(List.of(args));
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("CASECALL_STATE_DIR", this.state.toString());
		Path out = Files.createTempFile(this.state, "out", ".txt");
		Path err = Files.createTempFile(this.state, "err", ".txt");
		Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("dev " + String.join(" ", args) + " finished").isTrue();
		return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
	}

	private record Result(int code, String out, String err) {
	}

}
