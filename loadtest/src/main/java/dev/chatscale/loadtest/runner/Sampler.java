package dev.chatscale.loadtest.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Samples a server process: forced full GC then heap info and NMT summary through {@code jcmd},
 * then VmRSS/Threads from {@code /proc/PID/status}, open fds, and {@code /proc/net/sockstat}, and
 * last the live heap by class ({@code jcmd GC.class_histogram}, which runs one more full GC and
 * walks the heap). The jcmd calls before /proc come first on purpose: the first attach starts the
 * JVM's "Attach Listener" thread, and doing it before reading Threads makes every sample (including
 * the one at 0 clients) count it alike. The histogram comes after the /proc reads so that its heap
 * walk (native tables, a second GC) never shows in RSS. Being last, the histogram can miss the
 * hold it was meant for (on a loaded machine each jcmd takes seconds, and a smoke run's sampling
 * window is 4 s): when the descriptor count moved by more than {@link #stableFds} allows while it
 * ran, the histogram is discarded ({@link ClassHistogram#NONE}; the raw file says why). Each jcmd
 * call is bounded (30 s). Not thread-safe; one sampler per runner.
 */
public final class Sampler {
    private final Path jcmd;

    /** A sampler using {@code jcmd} of the given JDK home. */
    public Sampler(Path javaHome) {
        this.jcmd = javaHome.resolve("bin").resolve("jcmd");
    }

    /** Takes one sample of {@code pid}, labelled, with {@code clients} connections held. */
    public ProcessSample sample(long pid, String label, long clients) {
        return sample(pid, label, clients, null);
    }

    /**
     * Takes one sample of {@code pid}, labelled, with {@code clients} connections held, and keeps jcmd's
     * class histogram text in {@code histogramFile} (unless null; a failed write is ignored).
     */
    public ProcessSample sample(long pid, String label, long clients, Path histogramFile) {
        jcmd(pid, "GC.run");
        long heap = ProcFiles.heapUsedKb(jcmd(pid, "GC.heap_info"));
        NmtSummary nmt = NmtSummary.parse(jcmd(pid, "VM.native_memory", "summary"));
        String status = ProcFiles.read(Path.of("/proc", Long.toString(pid), "status"));
        long epochMillis = System.currentTimeMillis();
        int fds = countFds(pid);
        ProcFiles.SockStat sockStat = ProcFiles.sockStat(ProcFiles.read(Path.of("/proc/net/sockstat")));
        String histogram = jcmd(pid, "GC.class_histogram");
        int fdsAfter = countFds(pid);
        boolean stable = stableFds(clients, fds, fdsAfter);
        if (histogramFile != null) {
            try {
                Files.createDirectories(histogramFile.toAbsolutePath().getParent());
                Files.writeString(histogramFile, (stable ? "" : "# chatscale: DISCARDED, open descriptors went from " + fds
                        + " to " + fdsAfter + " while this histogram was taken (clients were leaving or joining)\n")
                        + histogram, StandardCharsets.UTF_8);
            } catch (IOException e) {
                // the parsed histogram is still in the sample
            }
        }
        return new ProcessSample(label, clients, epochMillis, ProcFiles.rssKb(status), ProcFiles.threads(status), fds,
                heap, nmt, sockStat, stable ? ClassHistogram.parse(histogram) : ClassHistogram.NONE);
    }

    /**
     * Whether the server still held the sampled population when the histogram had been taken: the open
     * descriptors moved by at most max(10, 5 % of {@code clients}) (or could not be read).
     */
    static boolean stableFds(long clients, int fdsBefore, int fdsAfter) {
        if (fdsBefore < 0 || fdsAfter < 0) {
            return true;
        }
        return Math.abs(fdsAfter - fdsBefore) <= Math.max(10, clients / 20);
    }

    /** A file-name-safe form of a sample label: "0 clients (after WebSocket phase)" → "0-clients-after-websocket-phase". */
    public static String slug(String label) {
        String s = label.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        return s.isEmpty() ? "sample" : s;
    }

    /** Open file descriptors of {@code pid}, or -1. */
    public static int countFds(long pid) {
        try (Stream<Path> s = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return (int) s.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private String jcmd(long pid, String... command) {
        List<String> cmd = new ArrayList<>(List.of(jcmd.toString(), Long.toString(pid)));
        cmd.addAll(List.of(command));
        Path out = null;
        try {
            out = Files.createTempFile("chatscale-jcmd", ".txt");
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "";
            }
            return Files.readString(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            }
        }
    }
}
