package dev.vertx.elasticsearch.reliability;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Captures java.util.logging output (Vert.x and Netty log through it here) of one logger tree while open. */
final class LogCapture extends Handler implements AutoCloseable {

  private final Logger logger;
  private final Level previous;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final SimpleFormatter formatter = new SimpleFormatter();

  private LogCapture(String name, Level level) {
    logger = Logger.getLogger(name);
    previous = logger.getLevel();
    logger.setLevel(level);
    setLevel(level);
    logger.addHandler(this);
  }

  /**
   * @param name the logger name, {@code ""} for every logger
   * @param level the lowest level to capture
   * @return a capture, open until closed
   */
  static LogCapture start(String name, Level level) {
    return new LogCapture(name, level);
  }

  @Override
  public void publish(LogRecord record) {
    if (isLoggable(record)) {
      records.add(record);
    }
  }

  List<LogRecord> records() {
    return records;
  }

  /** @return every record formatted, with its message parameters and the full stack trace of its throwable */
  String text() {
    StringBuilder sb = new StringBuilder();
    for (LogRecord r : records) {
      sb.append(formatter.format(r));
      if (r.getThrown() != null) {
        StringWriter w = new StringWriter();
        r.getThrown().printStackTrace(new PrintWriter(w));
        sb.append(w);
      }
    }
    return sb.toString();
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
    logger.setLevel(previous);
  }
}
