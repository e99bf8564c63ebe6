package dev.vertx.elasticsearch.example;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures the records of the service's loggers ({@code dev.vertx.elasticsearch.example} and below) until closed. */
final class ServiceLog extends Handler implements AutoCloseable {

  /** Held, so that the logger with the capturing handler is not collected (JUL keeps loggers weakly). */
  private final Logger logger = Logger.getLogger("dev.vertx.elasticsearch.example");
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  private ServiceLog() {
    logger.addHandler(this);
  }

  /** @return a capture, open until closed */
  static ServiceLog capture() {
    return new ServiceLog();
  }

  @Override
  public void publish(LogRecord record) {
    records.add(record);
  }

  /** @return the records captured so far */
  List<LogRecord> records() {
    return records;
  }

  @Override
  public void flush() {
  }

  @Override
  public void close() {
    logger.removeHandler(this);
  }
}
