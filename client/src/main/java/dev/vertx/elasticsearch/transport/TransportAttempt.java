package dev.vertx.elasticsearch.transport;

import io.vertx.core.MultiMap;

/**
 * One attempt of a call, as a {@link CallObserver} sees it. An attempt moves through its {@link Phase}s once, in
 * order (a phase may be skipped), and ends {@link Phase#DONE} with one {@link Outcome}.
 */
public interface TransportAttempt {

  /** Where an attempt is. */
  enum Phase {
    /** Waiting for a connection to the node (bounded by {@code poolWaitTimeout}). */
    ACQUIRING,
    /** Writing the request. */
    WRITING,
    /** The request was written whole; waiting for the answer's head. */
    AWAITING,
    /** Reading the answer's body whole. */
    READING,
    /** The answer's body is handed out as a stream ({@link Transport#performStream}, 2xx). */
    STREAMING,
    /** Ended; {@link TransportAttempt#outcome()} says how. */
    DONE
  }

  /** How an attempt ended. */
  enum Outcome {
    /** The node never saw a whole request (no connection, or it failed while the request was written). */
    NOT_SENT,
    /** The whole request was written but no whole answer came: it may have been applied. */
    MAYBE_APPLIED,
    /** The node answered (any status). */
    ANSWERED
  }

  /** @return the attempt number, from 1 */
  int number();

  /** @return the node it goes to */
  Node node();

  /** @return where it is */
  Phase phase();

  /** @return how it ended, or {@code null} before {@link Phase#DONE} */
  Outcome outcome();

  /** @return the answer's status once its head arrived, else {@code 0} */
  int status();

  /** @return the answer's headers once its head arrived, else {@code null} */
  MultiMap headers();

  /** @return what failed the attempt, or {@code null} */
  Throwable error();
}
