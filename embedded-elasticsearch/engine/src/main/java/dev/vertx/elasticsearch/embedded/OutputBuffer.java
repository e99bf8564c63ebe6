package dev.vertx.elasticsearch.embedded;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** The recent lines of the forked JVM's output (bounded), optionally also appended to a file. */
final class OutputBuffer {

    private final int capacity;
    private final ArrayDeque<String> lines;
    private BufferedWriter file;

    OutputBuffer(int capacity, Path logFile) {
        this.capacity = capacity;
        this.lines = new ArrayDeque<>(capacity);
        if (logFile != null) {
            try {
                if (logFile.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(logFile.toAbsolutePath().getParent());
                }
                file = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            } catch (IOException e) {
                lines.add("embedded-elasticsearch: cannot write the log file " + logFile + ": " + e);
            }
        }
    }

    synchronized void add(String line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
        }
        lines.addLast(line);
        if (file != null) {
            try {
                file.write(line);
                file.newLine();
                file.flush();
            } catch (IOException e) {
                file = null;
            }
        }
    }

    synchronized List<String> last(int count) {
        List<String> all = new ArrayList<>(lines);
        return all.subList(Math.max(0, all.size() - count), all.size());
    }

    synchronized void close() {
        if (file != null) {
            try {
                file.close();
            } catch (IOException e) {
                // ignore
            }
            file = null;
        }
    }
}
