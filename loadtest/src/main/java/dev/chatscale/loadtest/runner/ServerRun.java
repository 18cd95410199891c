package dev.chatscale.loadtest.runner;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark of one server: start it (unless it is an external target), optionally warm it up,
 * sample at 0 clients, run the Gatling idle WebSocket phase and sample during its hold, wait for
 * the sockets to go, sample at 0 again, run the swarm (idle TCP population sampled during its hold,
 * then fan-out), stop the server. The TCP idle phase runs only after Gatling's users have
 * disconnected: 10k WebSocket + 10k TCP users at once would need 20k descriptors in the server,
 * over the 20,000 open-files limit. Returns everything as JSON. Not thread-safe.
 */
final class ServerRun {
    /** Where to find the server, when the runner does not start it. */
    record Target(String host, int port, int wsPort, Long pid) {}

    private final BenchSettings settings;
    private final Path projectDir;
    private final Path outDir;
    private final Path javaHome;
    private final ChildProcesses children;
    private final Progress progress;
    private final Sampler sampler;

    ServerRun(BenchSettings settings, Path projectDir, Path outDir, Path javaHome, ChildProcesses children,
            Progress progress) {
        this.settings = settings;
        this.projectDir = projectDir;
        this.outDir = outDir;
        this.javaHome = javaHome;
        this.children = children;
        this.progress = progress;
        this.sampler = new Sampler(javaHome);
    }

    /**
     * The server flags of every model run: ports, a ping interval longer than the run (idle Gatling
     * users never answer PINGs), and flood control off ({@code --flood-rate 0}): the load generators
     * send faster than a human, and the benchmark measures the servers, not the rate limit.
     */
    static List<String> serverFlags(String host, int port, int wsPort, long pingIntervalSeconds) {
        return List.of("--host", host, "--port", Integer.toString(port), "--ws-port", Integer.toString(wsPort),
                "--ping-interval", pingIntervalSeconds + "s", "--ping-timeout", "120s",
                "--registration-timeout", "120s", "--flood-rate", "0");
    }

    /** Benchmarks {@code name}: a model (jar server-name) or, with {@code target}, an external server. */
    JsonObject run(String name, Target target) throws IOException, InterruptedException {
        progress.server(name);
        JsonObject r = new JsonObject().put("name", name);
        JsonArray errors = new JsonArray();
        r.put("errors", errors);
        ServerProcess server = null;
        String host = settings.host();
        int port = settings.port();
        int wsPort = settings.wsPort();
        Long pid;
        boolean ws = true;
        if (target != null) {
            host = target.host();
            port = target.port();
            wsPort = target.wsPort();
            pid = target.pid();
            ws = wsPort > 0;
            r.put("external", true);
        } else {
            Path jar = projectDir.resolve("server-" + name).resolve("target").resolve("server-" + name + ".jar");
            if (!Files.isRegularFile(jar)) {
                errors.add("jar missing: " + jar + " (build with ./mvnw -B -q -DskipTests package)");
                progress.line("SKIPPED: " + errors.getString(0));
                return r;
            }
            List<String> cmd = new ArrayList<>(List.of(javaHome.resolve("bin").resolve("java").toString()));
            cmd.addAll(settings.jvmFlags());
            cmd.addAll(List.of("-jar", jar.toString()));
            cmd.addAll(serverFlags(host, port, wsPort, settings.pingIntervalSeconds()));
            r.put("command", String.join(" ", cmd));
            try {
                ServerProcess.awaitFreePort(host, port, "IRC", 20);
                ServerProcess.awaitFreePort(host, wsPort, "WebSocket", 20);
                progress.line("starting " + jar.getFileName());
                server = ServerProcess.start(cmd, outDir.resolve("logs").resolve(name + "-server.log"), 60, children);
            } catch (ServerProcess.StartException e) {
                errors.add(e.getMessage());
                progress.line("FAILED to start: " + e.getMessage());
                return r;
            }
            pid = server.pid();
            ws = server.servesWebSocket();
            r.put("ready_line", server.readyLine()).put("transport", server.transport()).put("pid", pid);
            progress.line("ready: " + server.readyLine());
        }
        try {
            if (settings.warmup()) {
                warmUp(name, host, port, wsPort, ws, errors);
            }
            Optional<ProcessSample> zero = settleAndSample(name, pid, "0 clients", null, r);
            zero.ifPresent(s -> r.put("sample_zero", s.toJson()));
            ProcessSample[] wsIdle = new ProcessSample[1];
            if (ws) {
                JsonObject g = gatling(name, host, wsPort, settings.users(), settings.holdSeconds(), settings.probes(),
                        pid, wsIdle, errors);
                r.put("gatling", g);
            } else {
                errors.add("server does not serve WebSocket (ws=off): Gatling phase skipped");
            }
            if (wsIdle[0] != null) {
                r.put("sample_ws_idle", wsIdle[0].toJson());
                zero.ifPresent(z -> r.put("per_client_ws", PerClient.between(z, wsIdle[0]).toJson()));
            }
            Optional<ProcessSample> zero2 = settleAndSample(name, pid, "0 clients (after WebSocket phase)",
                    zero.orElse(null), r);
            zero2.ifPresent(s -> r.put("sample_zero_tcp", s.toJson()));
            ProcessSample[] tcpIdle = new ProcessSample[1];
            r.put("swarm", swarm(name, host, port, settings.swarmUsers(), settings.swarmHoldSeconds(),
                    settings.fanoutMembers(), settings.fanoutRepeats(), 5, pid, tcpIdle, errors, "tcp"));
            if (tcpIdle[0] != null) {
                r.put("sample_tcp_idle", tcpIdle[0].toJson());
                // Same 0-client baseline as the WebSocket figure: right after the WebSocket users left, the
                // netty server still held ~28 MB of live heap that it released later (seen on a 10k run),
                // which would make the TCP growth look negative. The post-WebSocket sample stays in the JSON.
                zero.ifPresent(z -> r.put("per_client_tcp", PerClient.between(z, tcpIdle[0]).toJson()));
            }
            if (server != null && !server.alive()) {
                errors.add("server process died during the run (see logs/" + name + "-server.log)");
            }
        } finally {
            if (server != null) {
                progress.line("stopping server (SIGTERM pid " + server.pid() + ")");
                long sigterm = System.nanoTime();
                Optional<Integer> exit = server.stop();
                long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sigterm);
                r.put("sigterm_exit_ms", ms);
                exit.ifPresentOrElse(code -> {
                    r.put("exit_code", code);
                    progress.line("exited with status " + code + " " + ms + " ms after SIGTERM");
                    if (code != 0) {
                        errors.add("server exited with status " + code + " after SIGTERM");
                    }
                }, () -> errors.add("server did not exit within 15 s of SIGTERM; killed"));
            }
        }
        return r;
    }

    /**
     * Fan-out against {@code MiniIrcServer} (a trivial Vert.x relay, no IRC logic, not one of the
     * benchmarked servers): the floor that this machine and the swarm's own receive path put under
     * every fan-out figure.
     */
    JsonObject calibrateFanout() throws IOException, InterruptedException {
        progress.server("reference");
        JsonObject r = new JsonObject().put("name", "reference (trivial Vert.x relay)");
        JsonArray errors = new JsonArray();
        r.put("errors", errors);
        List<String> cmd = List.of(javaHome.resolve("bin").resolve("java").toString(), "-Xms1g", "-Xmx1g",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.chatscale.loadtest.selfcheck.MiniIrcServer", "0", "0");
        ServerProcess mini;
        try {
            mini = ServerProcess.start(cmd, outDir.resolve("logs").resolve("reference-server.log"), 30, children);
        } catch (ServerProcess.StartException e) {
            errors.add(e.getMessage());
            return r;
        }
        try {
            Matcher m = Pattern.compile(" irc=[^ :]+:(\\d+)").matcher(mini.readyLine());
            if (!m.find()) {
                errors.add("reference server printed no irc= port");
                return r;
            }
            r.put("swarm", swarm("reference", "127.0.0.1", Integer.parseInt(m.group(1)), 0, 0, settings.fanoutMembers(),
                    settings.fanoutRepeats(), 5, null, new ProcessSample[1], errors, "ref"));
        } finally {
            mini.stop();
        }
        return r;
    }

    private void warmUp(String name, String host, int port, int wsPort, boolean ws, JsonArray errors)
            throws IOException, InterruptedException {
        progress.line("warm-up (small swarm and Gatling runs; not measured)");
        JsonArray ignored = new JsonArray();
        swarm(name + "-warmup", host, port, 300, 1, 100, 10, 2, null, new ProcessSample[1], ignored, "wu");
        if (ws) {
            gatling(name + "-warmup", host, wsPort, 200, 4, 2, null, new ProcessSample[1], ignored);
        }
        if (!ignored.isEmpty()) {
            errors.add("warm-up problems: " + ignored.encode());
        }
    }

    /** Upper bound on waiting for a server to settle between phases. */
    static final int SETTLE_SECONDS = 120;
    /** Threads or descriptors above the baseline that still count as settled (starters, lingering writers). */
    static final int SETTLE_SLACK = 16;

    static boolean settled(int fds, int threads, ProcessSample baseline) {
        return fds <= baseline.fds() + SETTLE_SLACK && threads <= baseline.threads() + SETTLE_SLACK;
    }

    private static boolean settled(long pid, ProcessSample baseline) {
        int threads = ProcFiles.threads(ProcFiles.read(Path.of("/proc", Long.toString(pid), "status")));
        return settled(Sampler.countFds(pid), threads, baseline);
    }

    /**
     * Samples once the server has settled: after a phase, until its descriptors and threads are back
     * near {@code baseline} (a thread-per-connection server spends a while ending 10,000 threads and
     * broadcasting their QUITs; the next phase must not start in that storm), bounded by
     * {@value #SETTLE_SECONDS} s; the time it took goes into {@code r} as {@code settle_ms}.
     */
    private Optional<ProcessSample> settleAndSample(String name, Long pid, String label, ProcessSample baseline,
            JsonObject r) throws InterruptedException {
        if (pid == null) {
            return Optional.empty();
        }
        if (baseline != null) {
            long start = System.nanoTime();
            long until = start + TimeUnit.SECONDS.toNanos(SETTLE_SECONDS);
            while (!settled(pid, baseline) && System.nanoTime() < until) {
                Thread.sleep(500);
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            r.put("settle_ms", ms);
            progress.line("settled after the previous phase in " + ms + " ms");
        } else {
            Thread.sleep(2_000);
        }
        progress.line("sampling: " + label);
        return Optional.of(sample(name, pid, label, 0));
    }

    /** One sample; the whole class histogram goes to raw/NAME-histogram-LABEL.txt. */
    private ProcessSample sample(String name, long pid, String label, long clients) {
        return sampler.sample(pid, label, clients,
                outDir.resolve("raw").resolve(name + "-histogram-" + Sampler.slug(label) + ".txt"));
    }

    private JsonObject gatling(String name, String host, int wsPort, int users, int hold, int probes, Long pid,
            ProcessSample[] sampleOut, JsonArray errors) throws IOException, InterruptedException {
        Path raw = outDir.resolve("raw");
        Path result = raw.resolve(name + "-gatling.json");
        Path reports = outDir.resolve("gatling").resolve(name);
        Files.deleteIfExists(result);
        long timeout = settings.gatlingTimeoutSeconds() + (long) Math.ceil(users / settings.rampPerSec());
        List<String> cmd = List.of("timeout", "--kill-after=15", Long.toString(timeout + 30),
                projectDir.resolve("mvnw").toString(), "-B", "-ntp", "-pl", "loadtest", "gatling:test",
                "-Dgatling.resultsFolder=" + reports.toAbsolutePath(),
                "-Dusers=" + users, "-DrampPerSec=" + settings.rampPerSec(), "-DroomSize=" + settings.roomSize(),
                "-DholdSeconds=" + hold, "-Dprobes=" + probes, "-Dhost=" + host, "-DwsPort=" + wsPort,
                "-DresultFile=" + result.toAbsolutePath(),
                "-DstatusFile=" + raw.resolve(name + "-gatling.status").toAbsolutePath());
        progress.line("Gatling: " + users + " idle WebSocket users + " + probes + " probes, hold " + hold + " s");
        LoadProcess lp = new LoadProcess("gatling", cmd, Map.of("JAVA_HOME", javaHome.toString(), "CI", "true"),
                projectDir, outDir.resolve("logs").resolve(name + "-gatling.log"),
                raw.resolve(name + "-gatling.status"), children, progress);
        LoadProcess.Outcome o = lp.run(timeout, Set.of("sampling"), s -> true, s -> {
            if (pid != null) {
                long clients = parse(s.get("joined")) + parse(s.get("probes_registered"));
                progress.line("sampling during WebSocket hold: " + clients + " clients");
                sampleOut[0] = sample(name, pid, users + " WebSocket idle", clients);
            }
        });
        JsonObject g = new JsonObject().put("exit_code", o.exitCode()).put("timed_out", o.timedOut())
                .put("elapsed_ms", o.elapsedMillis()).put("ok", o.ok()).put("log", "logs/" + name + "-gatling.log");
        if (Files.isRegularFile(result)) {
            g.put("result", new JsonObject(Files.readString(result, StandardCharsets.UTF_8)));
        } else {
            errors.add("Gatling wrote no result (" + name + "): see logs/" + name + "-gatling.log");
        }
        newestReport(reports).ifPresent(index -> g.put("report", outDir.relativize(index).toString()));
        if (!o.ok()) {
            errors.add("Gatling run failed (" + name + ", exit " + o.exitCode() + (o.timedOut() ? ", timed out" : "")
                    + "): assertions or errors, see logs/" + name + "-gatling.log");
        }
        if (pid != null && sampleOut[0] == null) {
            errors.add("no sample taken during the WebSocket hold (" + name + ")");
        }
        return g;
    }

    private JsonObject swarm(String name, String host, int port, int users, int hold, int members, int repeats,
            int warmup, Long pid, ProcessSample[] sampleOut, JsonArray errors, String prefix)
            throws IOException, InterruptedException {
        Path raw = outDir.resolve("raw");
        Path result = raw.resolve(name + "-swarm.json");
        Files.deleteIfExists(result);
        long timeout = settings.swarmTimeoutSeconds();
        List<String> cmd = List.of(javaHome.resolve("bin").resolve("java").toString(), "-Xms1g", "-Xmx1g",
                "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "dev.chatscale.loadtest.swarm.SwarmMain", "--host", host, "--port", Integer.toString(port),
                "--users", Integer.toString(users), "--ramp", Double.toString(settings.rampPerSec()),
                "--room-size", Integer.toString(settings.roomSize()), "--hold", Integer.toString(hold),
                "--fanout-members", Integer.toString(members), "--fanout-repeats", Integer.toString(repeats),
                "--fanout-warmup", Integer.toString(warmup), "--prefix", prefix,
                "--time-limit", Long.toString(timeout), "--out", result.toAbsolutePath().toString(),
                "--status", raw.resolve(name + "-swarm.status").toAbsolutePath().toString());
        progress.line("TCP swarm: " + users + " idle users, hold " + hold + " s, then fan-out to " + members
                + " members x " + repeats);
        LoadProcess lp = new LoadProcess("swarm", cmd, Map.of(), projectDir,
                outDir.resolve("logs").resolve(name + "-swarm.log"), raw.resolve(name + "-swarm.status"), children,
                progress);
        LoadProcess.Outcome o = lp.run(timeout + 30, Set.of("idle-hold"), s -> true, s -> {
            if (pid != null) {
                long clients = parse(s.get("joined"));
                progress.line("sampling during TCP hold: " + clients + " clients");
                sampleOut[0] = sample(name, pid, users + " TCP idle", clients);
            }
        });
        JsonObject sw = new JsonObject().put("exit_code", o.exitCode()).put("timed_out", o.timedOut())
                .put("elapsed_ms", o.elapsedMillis()).put("ok", o.ok()).put("log", "logs/" + name + "-swarm.log");
        if (Files.isRegularFile(result)) {
            sw.put("result", new JsonObject(Files.readString(result, StandardCharsets.UTF_8)));
        } else {
            errors.add("swarm wrote no result (" + name + "): see logs/" + name + "-swarm.log");
        }
        if (!o.ok()) {
            errors.add("swarm run failed (" + name + ", exit " + o.exitCode() + (o.timedOut() ? ", timed out" : "")
                    + "): see logs/" + name + "-swarm.log");
        }
        return sw;
    }

    private static long parse(String v) {
        try {
            return v == null ? 0 : Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The index.html of the most recent Gatling report under {@code dir}. */
    static Optional<Path> newestReport(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("index.html")))
                    .max(Comparator.comparing(p -> p.getFileName().toString()))
                    .map(p -> p.resolve("index.html"));
        }
    }
}
