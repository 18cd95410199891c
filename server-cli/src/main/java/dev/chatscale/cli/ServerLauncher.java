package dev.chatscale.cli;

import java.io.PrintStream;
import java.net.BindException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The {@code main} of every server: parses the shared flags plus the model's own, starts the server,
 * prints one ready line, and on SIGTERM or SIGINT shuts down gracefully and exits 0.
 *
 * <p>The ready line is the readiness signal scripts wait for, on stdout:
 * {@code chatscale <model> ready transport=<t> irc=<host:port> ws=<host:port|off> pid=<pid> java=<version>}.
 *
 * <p>Exit codes: 0 after a clean shutdown or {@code --help}/{@code --version}; 2 for a bad flag or
 * a port already in use; 1 when the server fails to start for any other reason.
 */
public final class ServerLauncher {
    /** How long SIGTERM may take before the process ends anyway. */
    public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(4);

    /** Starts a server of one model with the parsed settings. */
    @FunctionalInterface
    public interface Starter {
        ChatServer start(ListenSettings settings) throws Exception;
    }

    private ServerLauncher() {}

    /**
     * Runs a server until SIGTERM/SIGINT; returns only by ending the process.
     *
     * @param model the concurrency model's name, e.g. {@code netty}
     * @param args the command line
     * @param modelOptions a picocli-annotated object with the model's own flags, or {@code null}
     * @param starter starts the server once the flags are parsed (model options already filled)
     */
    public static void run(String model, String[] args, Object modelOptions, Starter starter) {
        int code = launch(model, args, modelOptions, starter, System.out, System.err, true);
        if (code != RUNNING) {
            System.exit(code);
        }
        awaitForever();
    }

    /** Returned by {@link #launch} when the server is up and the process must keep running. */
    static final int RUNNING = -1;

    /**
     * Parses, starts and installs the shutdown hook. Separated from {@link #run} for tests.
     *
     * @return an exit code, or {@link #RUNNING} when the server started
     */
    static int launch(String model, String[] args, Object modelOptions, Starter starter,
            PrintStream out, PrintStream err, boolean installShutdownHook) {
        Objects.requireNonNull(model, "model");
        LaunchCommand command = new LaunchCommand(model, starter, out, err, installShutdownHook);
        CommandLine cli = new CommandLine(command);
        cli.setCommandName("server-" + model);
        if (modelOptions != null) {
            cli.addMixin("model", modelOptions);
        }
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        int code = cli.execute(args);
        return command.started ? RUNNING : code;
    }

    static String version() {
        String v = ServerLauncher.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** picocli reads the version from here. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"chatscale " + version() + " (Java " + Runtime.version() + ")"};
        }
    }

    @Command(
            mixinStandardHelpOptions = true,
            versionProvider = Version.class,
            sortOptions = false,
            description = "Runs the chatscale IRC server (TCP and IRCv3 WebSocket). Chat with: telnet localhost 6667")
    static final class LaunchCommand implements Callable<Integer> {
        @Mixin
        ServerOptions options = new ServerOptions();

        private final String model;
        private final Starter starter;
        private final PrintStream out;
        private final PrintStream err;
        private final boolean installShutdownHook;
        /** Set once the server is up; read by launch() on the same thread. */
        boolean started;
        /** The running server, once started (tests stop it). */
        ChatServer server;

        LaunchCommand(String model, Starter starter, PrintStream out, PrintStream err, boolean installShutdownHook) {
            this.model = model;
            this.starter = starter;
            this.out = out;
            this.err = err;
            this.installShutdownHook = installShutdownHook;
        }

        @Override
        public Integer call() {
            ListenSettings settings;
            try {
                settings = options.toSettings("chatscale-" + version());
            } catch (IllegalArgumentException e) {
                err.println("server-" + model + ": " + e.getMessage());
                return 2;
            }
            ChatServer server;
            try {
                server = starter.start(settings);
            } catch (Exception e) {
                if (isAddressInUse(e)) {
                    err.println("server-" + model + ": cannot listen on " + settings.host() + " port "
                            + settings.port() + (settings.webSocketEnabled() ? " / ws-port " + settings.wsPort() : "")
                            + ": address already in use (pick another with --port / --ws-port)");
                    return 2;
                }
                err.println("server-" + model + ": failed to start: " + e);
                return 1;
            }
            if (installShutdownHook) {
                Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("shutdown").unstarted(() -> {
                    long start = System.nanoTime();
                    server.shutdown(SHUTDOWN_TIMEOUT);
                    // how long the server's own shutdown took; the rest of SIGTERM-to-exit is the
                    // JVM's (starting this hook thread, and the halt)
                    out.println("chatscale " + model + " stopped in "
                            + java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) + " ms");
                    out.flush();
                    // A JVM ended by SIGTERM exits 143; the server shut down cleanly, so say so.
                    Runtime.getRuntime().halt(0);
                }));
            }
            out.println(readyLine(model, server));
            out.flush();
            this.server = server;
            started = true;
            return 0;
        }
    }

    static String readyLine(String model, ChatServer server) {
        var irc = server.ircAddress();
        var ws = server.wsAddress();
        return "chatscale " + model + " ready transport=" + server.transport()
                + " irc=" + irc.getHostString() + ":" + irc.getPort()
                + " ws=" + (ws == null ? "off" : ws.getHostString() + ":" + ws.getPort())
                + " pid=" + ProcessHandle.current().pid()
                + " java=" + Runtime.version();
    }

    private static boolean isAddressInUse(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && m.contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
