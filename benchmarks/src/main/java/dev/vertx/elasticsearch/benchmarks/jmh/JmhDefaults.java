package dev.vertx.elasticsearch.benchmarks.jmh;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How every benchmark of this package runs (the annotations are inherited): the average time of an operation, 3
 * warm-up and 5 measured iterations of 2 s, in one fork with a fixed 1 GB heap, state per thread. A benchmark class
 * names its own {@code @OutputTimeUnit}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public abstract class JmhDefaults {

  /** For the benchmark classes. */
  protected JmhDefaults() {
  }
}
