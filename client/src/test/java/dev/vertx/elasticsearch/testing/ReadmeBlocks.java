package dev.vertx.elasticsearch.testing;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles the Java blocks of a Markdown file against the test class path, so the examples users copy cannot rot. A
 * block is its imports followed by statements (local records and classes included); each becomes the body of a method
 * of its own class. The fence picks the blocks: {@code java} for the client's, {@code java typed} for the typed
 * module's (compiled by that module, which has elasticsearch-java on its class path).
 */
public final class ReadmeBlocks {

  private record Block(int line, List<String> imports, String body) {
  }

  private ReadmeBlocks() {
  }

  /**
   * Asserts that the root README (one folder up from the module's) has at least that many blocks of the fence and that
   * all of them compile.
   *
   * @param fence the info string of the fences to take, e.g. {@code java mutiny}
   * @param atLeast how many such blocks the README has at the least
   * @param out where to write the classes
   * @throws IOException when the README cannot be read
   */
  public static void assertRootReadmeCompiles(String fence, int atLeast, Path out) throws IOException {
    Map.Entry<Integer, String> compiled = compile(Path.of("..", "README.md"), fence, out);
    assertThat(compiled.getKey()).as("```" + fence + " blocks in the README").isGreaterThanOrEqualTo(atLeast);
    assertThat(compiled.getValue()).isEmpty();
  }

  /**
   * @param markdown the file
   * @param fence the info string of the fences to take, e.g. {@code java}
   * @param out where to write the classes
   * @return how many blocks were compiled, and the compiler errors with their line in the file (empty when none)
   * @throws IOException when the file cannot be read
   */
  public static Map.Entry<Integer, String> compile(Path markdown, String fence, Path out) throws IOException {
    List<Block> blocks = blocks(markdown, fence);
    List<JavaFileObject> sources = new ArrayList<>();
    Map<String, Block> byClass = new HashMap<>();
    for (Block block : blocks) {
      String cls = "ReadmeLine" + block.line();
      byClass.put(cls, block);
      sources.add(source(cls, "package readme;\n" + String.join("\n", block.imports()) + "\n\nclass " + cls
        + " {\n  static void example() throws Exception {\n" + block.body() + "\n  }\n}\n"));
    }
    if (sources.isEmpty()) {
      return Map.entry(0, "");
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
        "-proc:none", "-Xlint:none", "--release", "17");
      compiler.getTask(null, files, diagnostics, options, null, sources).call();
    }
    String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
      .map(d -> {
        Block block = byClass.get(d.getSource().getName().replaceAll(".*/|\\.java$", ""));
        // the body's first generated line is imports + 4; in the file it follows the imports
        long line = block.line() + d.getLineNumber() - 4;
        return markdown.getFileName() + " line " + line + ": " + d.getMessage(null);
      })
      .collect(Collectors.joining("\n"));
    return Map.entry(blocks.size(), errors);
  }

  private static List<Block> blocks(Path markdown, String fence) throws IOException {
    List<String> lines = Files.readAllLines(markdown, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```" + fence)) {
        continue;
      }
      int start = i + 1;
      List<String> imports = new ArrayList<>();
      StringBuilder body = new StringBuilder();
      for (i = start; i < lines.size() && !lines.get(i).strip().equals("```"); i++) {
        String line = lines.get(i);
        if (line.startsWith("import ")) {
          imports.add(line);
        } else {
          body.append(line).append('\n');
        }
      }
      blocks.add(new Block(start, imports, body.toString()));
    }
    return blocks;
  }

  private static JavaFileObject source(String className, String code) {
    return new SimpleJavaFileObject(URI.create("string:///readme/" + className + ".java"), JavaFileObject.Kind.SOURCE) {
      @Override
      public CharSequence getCharContent(boolean ignoreEncodingErrors) {
        return code;
      }
    };
  }
}
