package dev.chatscale.loadtest.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One chat server under test, started as its own JVM from {@code server-X/target/server-X.jar}
 * with the benchmark's JVM flags and the common server flags; ready once it printed
 * {@code chatscale <model> ready ... pid=<pid> ...} on stdout. Its output goes to a log file.
 * Stopped with SIGTERM by PID (then SIGKILL after a grace period). Not thread-safe.
 */
public final class ServerProcess {
    private static final Pattern READY = Pattern.compile("^chatscale (\\S+) ready (.*)$");
    private static final Pattern FIELD = Pattern.compile("(\\w+)=(\\S+)");

    private final Process process;
    private final String readyLine;
    private final long pid;
    private final String transport;
    private final String wsAddress;
    private final ChildProcesses children;

    private ServerProcess(Process process, String readyLine, ChildProcesses children) {
        this.process = process;
        this.readyLine = readyLine;
        this.children = children;
        Matcher m = FIELD.matcher(readyLine);
        long p = process.pid();
        String t = "?";
        String ws = "off";
        while (m.find()) {
            switch (m.group(1)) {
                case "pid" -> p = Long.parseLong(m.group(2));
                case "transport" -> t = m.group(2);
                case "ws" -> ws = m.group(2);
                default -> { }
            }
        }
        this.pid = p;
        this.transport = t;
        this.wsAddress = ws;
    }

    /** Why a server could not be started; the message is meant for the user. */
    public static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        public StartException(String message) {
            super(message);
        }
    }

    /** Throws a clear error when {@code host:port} is already taken by another process. */
    public static void requireFreePort(String host, int port, String what) throws StartException {
        try (ServerSocket s = new ServerSocket()) {
            // SO_REUSEADDR as the servers themselves bind: TIME_WAIT leftovers of the previous server's
            // clients must not count as "taken", a live listener still does.
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw new StartException(what + " port " + host + ":" + port
                    + " is taken (another process listens there): stop it or pick another with --port/--ws-port");
        }
    }

    /**
     * Starts the jar and waits up to {@code readyTimeoutSeconds} for its ready line.
     *
     * @param command full command line (java, JVM flags, -jar, jar, server flags)
     * @param log file receiving the server's stdout and stderr
     */
    public static ServerProcess start(List<String> command, Path log, int readyTimeoutSeconds, ChildProcesses children)
            throws StartException, IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        Process p = children.track(new ProcessBuilder(command).redirectErrorStream(true).start());
        CompletableFuture<String> ready = new CompletableFuture<>();
        List<String> head = new ArrayList<>();
        Thread.ofPlatform().daemon().name("server-log").start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                 PrintWriter w = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
                String line;
                while ((line = r.readLine()) != null) {
                    w.println(line);
                    if (!ready.isDone()) {
                        if (head.size() < 40) {
                            head.add(line);
                        }
                        if (READY.matcher(line).matches()) {
                            ready.complete(line);
                        }
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            } finally {
                ready.complete(null);
            }
        });
        String line;
        try {
            line = ready.get(readyTimeoutSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            line = null;
        } catch (java.util.concurrent.ExecutionException e) {
            line = null;
        }
        if (line == null) {
            boolean exited = p.waitFor(2, TimeUnit.SECONDS);
            children.stop(p.toHandle(), 5);
            String output = String.join("\n  ", head);
            if (exited && p.exitValue() == 2) {
                throw new StartException("server exited with code 2 (a port is taken?):\n  " + output);
            }
            throw new StartException((exited ? "server exited with code " + p.exitValue()
                    : "server printed no ready line within " + readyTimeoutSeconds + " s")
                    + "; its output (" + log + "):\n  " + output);
        }
        return new ServerProcess(p, line, children);
    }

    public long pid() {
        return pid;
    }

    public String readyLine() {
        return readyLine;
    }

    public String transport() {
        return transport;
    }

    /** Whether the server serves WebSocket (its ready line does not say {@code ws=off}). */
    public boolean servesWebSocket() {
        return !"off".equals(wsAddress);
    }

    public boolean alive() {
        return process.isAlive();
    }

    /**
     * SIGTERM by PID, wait up to 15 s, then SIGKILL and wait (up to 60 s) until the process is gone;
     * returns the exit code if it exited by itself after SIGTERM.
     */
    public Optional<Integer> stop() {
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        h.ifPresent(ProcessHandle::destroy);
        try {
            if (process.waitFor(15, TimeUnit.SECONDS)) {
                children.stop(process.toHandle(), 1);
                return Optional.of(process.exitValue());
            }
            children.stop(process.toHandle(), 1);
            process.waitFor(60, TimeUnit.SECONDS); // a JVM with 10k threads takes a while to die
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Optional.empty();
    }

    /**
     * Waits up to {@code seconds} for {@code host:port} to be free (the previous server's socket may
     * outlive its process by a moment), then fails like {@link #requireFreePort}.
     */
    public static void awaitFreePort(String host, int port, String what, int seconds)
            throws StartException, InterruptedException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                requireFreePort(host, port, what);
                return;
            } catch (StartException e) {
                if (System.nanoTime() > until) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }
}
