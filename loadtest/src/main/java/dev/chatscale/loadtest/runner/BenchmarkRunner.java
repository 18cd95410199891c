package dev.chatscale.loadtest.runner;

import dev.chatscale.loadtest.report.ComparisonTable;
import dev.chatscale.loadtest.report.ReportWriter;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmark runner behind {@code ./bench}: for each server (netty, threaded, virtual) starts its
 * jar with identical JVM flags, samples it at 0 clients, runs the Gatling idle WebSocket phase
 * (sampling during the hold), the TCP swarm idle phase (sampling during its hold) and the fan-out
 * phase, stops it; then prints a comparison table and writes results.json, report.md and
 * report.html. Bounded by {@code --time-limit}; every child process is stopped on exit, failure or
 * Ctrl-C. Exit code 0 when every phase of every server passed, 1 otherwise, 2 on bad arguments,
 * 3 on the time limit.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, version = "chatscale bench 0.1.0",
        description = "Benchmarks the chatscale servers: memory per idle client, round-trip latency, fan-out.")
public final class BenchmarkRunner implements Callable<Integer> {
    @Option(names = "--servers", split = ",", description = "Servers to run (default: ${DEFAULT-VALUE}).")
    List<String> servers = List.of("netty", "threaded", "virtual");

    @Option(names = "--smoke", description = "CI smoke: 200 users, short holds, small fan-out, no warm-up.")
    boolean smoke;

    @Option(names = "--users", description = "Idle WebSocket users (default: 10000; smoke 200).")
    Integer users;

    @Option(names = "--swarm-users", description = "Idle TCP users of the swarm (default: = --users).")
    Integer swarmUsers;

    @Option(names = "--ramp", description = "Connections per second (default: ${DEFAULT-VALUE}).")
    double ramp = 500;

    @Option(names = "--room-size", description = "Idle users per room (default: ${DEFAULT-VALUE}).")
    int roomSize = 100;

    @Option(names = "--hold", description = "Gatling hold in seconds (default: 60; smoke 12).")
    Integer hold;

    @Option(names = "--swarm-hold", description = "Swarm idle hold in seconds (default: 20; smoke 6).")
    Integer swarmHold;

    @Option(names = "--probes", description = "Gatling probe users (default: 10; smoke 2).")
    Integer probes;

    @Option(names = "--fanout-members", description = "Fan-out room size (default: 1000; smoke 100).")
    Integer fanoutMembers;

    @Option(names = "--fanout-repeats", description = "Fan-out repeats (default: 20; smoke 5).")
    Integer fanoutRepeats;

    @Option(names = "--no-warmup", description = "Skip the warm-up before the 0-client sample (smoke never warms up).")
    boolean noWarmup;

    @Option(names = "--no-reference", description = "Skip the fan-out reference run against a trivial Vert.x relay.")
    boolean noReference;

    @Option(names = "--host", description = "Host the servers bind to (default: ${DEFAULT-VALUE}).")
    String host = "127.0.0.1";

    @Option(names = "--port", description = "IRC port the servers are started on (default: ${DEFAULT-VALUE}).")
    int port = 16667;

    @Option(names = "--ws-port", description = "WebSocket port the servers are started on (default: ${DEFAULT-VALUE}).")
    int wsPort = 18080;

    @Option(names = "--heap", description = "Server -Xms/-Xmx (default: ${DEFAULT-VALUE}).")
    String heap = "1g";

    @Option(names = "--server-jvm-opt", paramLabel = "OPT",
            description = "Extra JVM option for every server, after the standard flags; repeatable "
                    + "(e.g. --server-jvm-opt=-XX:StackShadowPages=10). Printed in the report with the others.")
    List<String> serverJvmOpts = new ArrayList<>();

    @Option(names = "--target", paramLabel = "HOST:PORT[,WSPORT]",
            description = "Benchmark a server this runner does not start.")
    String target;

    @Option(names = "--target-pid", description = "PID of the --target server, to sample its memory.")
    Long targetPid;

    @Option(names = "--target-name", description = "Model of the --target server (netty, threaded, virtual) so its "
            + "targets apply (default: ${DEFAULT-VALUE}).")
    String targetName = "target";

    @Option(names = "--out", description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("loadtest/target/benchmark");

    @Option(names = "--project-dir", description = "Project root with mvnw and server-*/target (default: .).")
    Path projectDir = Path.of(".");

    @Option(names = "--time-limit", description = "Hard bound on the whole run in minutes (default: 60; smoke 8).")
    Integer timeLimitMinutes;

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchmarkRunner()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        BenchSettings settings = settings();
        Path javaHome = Path.of(System.getProperty("java.home"));
        Path project = projectDir.toAbsolutePath().normalize();
        Path outDir = (out.isAbsolute() ? out : project.resolve(out)).normalize();
        Files.createDirectories(outDir);
        ServerRun.Target tgt = target == null ? null : parseTarget(target, targetPid);
        List<String> names = tgt == null ? servers : List.of(targetName);
        ChildProcesses children = new ChildProcesses().installShutdownHook();
        Progress progress = new Progress(System.out);
        int limitMinutes = timeLimitMinutes != null ? timeLimitMinutes : smoke ? 8 : 60;
        Thread watchdog = Thread.ofPlatform().daemon().name("bench-time-limit").start(() -> {
            try {
                Thread.sleep(TimeUnit.MINUTES.toMillis(limitMinutes));
                System.err.println("bench: time limit of " + limitMinutes + " min reached; stopping everything");
                children.stopAll(5);
                Runtime.getRuntime().halt(3);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        JsonObject results = new JsonObject()
                .put("machine", MachineInfo.describe(javaHome))
                .put("mode", smoke ? "smoke" : tgt != null ? "target" : "full")
                .put("settings", settings.toJson());
        JsonArray runs = new JsonArray();
        results.put("servers", runs);
        progress.line("chatscale benchmark (" + results.getString("mode") + "): servers " + names + ", output " + outDir);
        try {
            ServerRun runner = new ServerRun(settings, project, outDir, javaHome, children, progress);
            for (String name : names) {
                runs.add(runner.run(name, tgt));
                Files.writeString(outDir.resolve("results.json"), results.encodePrettily(), StandardCharsets.UTF_8);
            }
            if (!smoke && !noReference && settings.fanoutMembers() > 0) {
                results.put("reference", runner.calibrateFanout());
            }
        } finally {
            children.stopAll(5);
            watchdog.interrupt();
        }
        progress.server("");
        Files.writeString(outDir.resolve("results.json"), results.encodePrettily(), StandardCharsets.UTF_8);
        new ReportWriter(results).write(outDir);
        System.out.println();
        System.out.println(ComparisonTable.render(results));
        System.out.println("results: " + outDir.resolve("results.json"));
        System.out.println("report:  " + outDir.resolve("report.html") + " (and report.md)");
        boolean ok = allOk(runs);
        System.out.println(ok ? "bench: all phases passed" : "bench: FAILURES (see errors above and in report.md)");
        return ok ? 0 : 1;
    }

    private BenchSettings settings() {
        int u = users != null ? users : smoke ? 200 : 10_000;
        return new BenchSettings(u, ramp, roomSize,
                hold != null ? hold : smoke ? 12 : 60,
                probes != null ? probes : smoke ? 2 : 10,
                swarmUsers != null ? swarmUsers : u,
                swarmHold != null ? swarmHold : smoke ? 6 : 20,
                fanoutMembers != null ? fanoutMembers : smoke ? 100 : 1_000,
                fanoutRepeats != null ? fanoutRepeats : smoke ? 5 : 20,
                !smoke && !noWarmup, host, port, wsPort, heap, jvmFlags());
    }

    /** The standard server flags followed by any {@code --server-jvm-opt}s, the same for every server. */
    List<String> jvmFlags() {
        List<String> flags = new ArrayList<>(BenchSettings.defaultJvmFlags(heap));
        for (String opt : serverJvmOpts) {
            if (!opt.startsWith("-")) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "--server-jvm-opt takes a JVM option starting with '-', not '" + opt + "'");
            }
            flags.add(opt);
        }
        return flags;
    }

    static ServerRun.Target parseTarget(String spec, Long pid) {
        String[] hostPorts = spec.split(",", 2);
        int colon = hostPorts[0].lastIndexOf(':');
        if (colon <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(new BenchmarkRunner()),
                    "--target must be HOST:PORT[,WSPORT], got " + spec);
        }
        try {
            int p = Integer.parseInt(hostPorts[0].substring(colon + 1));
            int w = hostPorts.length > 1 ? Integer.parseInt(hostPorts[1]) : -1;
            return new ServerRun.Target(hostPorts[0].substring(0, colon), p, w, pid);
        } catch (NumberFormatException e) {
            throw new CommandLine.ParameterException(new CommandLine(new BenchmarkRunner()),
                    "--target must be HOST:PORT[,WSPORT], got " + spec);
        }
    }

    static boolean allOk(JsonArray runs) {
        if (runs.isEmpty()) {
            return false;
        }
        for (int i = 0; i < runs.size(); i++) {
            if (!runs.getJsonObject(i).getJsonArray("errors", new JsonArray()).isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
