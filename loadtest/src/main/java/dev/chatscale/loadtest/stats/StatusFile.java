package dev.chatscale.loadtest.stats;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * A small key=value file through which a load generator (Gatling simulation, TCP swarm) tells the
 * benchmark runner its phase and counters while it runs. The writer replaces the whole file
 * atomically (write a sibling temp file, then rename), so a reader never sees half a file.
 *
 * <p>Stateless apart from the path; a single writer is assumed, readers may be other processes.
 */
public final class StatusFile {
    private final Path path;

    /** A status file at {@code path}. */
    public StatusFile(Path path) {
        this.path = path;
    }

    /** Where the file lives. */
    public Path path() {
        return path;
    }

    /** Replaces the file's content with {@code values} (insertion order kept). */
    public void write(Map<String, ?> values) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, ?> e : values.entrySet()) {
            text.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The current values, or an empty map when the file does not exist yet. */
    public Map<String, String> read() {
        String text;
        try {
            text = Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Properties props = new Properties();
        try {
            props.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : props.stringPropertyNames()) {
            out.put(name, props.getProperty(name));
        }
        return out;
    }
}
