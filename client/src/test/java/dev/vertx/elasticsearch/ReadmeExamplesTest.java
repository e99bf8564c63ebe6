package dev.vertx.elasticsearch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
 * Compiles every {@code ```java} block of the root README against the client and its test class path, so the examples
 * users copy cannot rot. A block is its imports followed by statements (local records and classes included); each
 * becomes the body of a method of its own class. Blocks fenced {@code ```java typed} belong to the typed module,
 * which compiles them itself.
 */
class ReadmeExamplesTest {

  private record Block(int line, List<String> imports, String body) {
  }

  private static List<Block> javaBlocks(Path readme) throws IOException {
    List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).strip().equals("```java")) {
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

  @Test
  void everyJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
    List<Block> blocks = javaBlocks(Path.of("..", "README.md"));
    assertThat(blocks).as("Java blocks in the README").hasSizeGreaterThanOrEqualTo(4);

    List<JavaFileObject> sources = new ArrayList<>();
    Map<String, Block> byClass = new HashMap<>();
    for (Block block : blocks) {
      byClass.put("ReadmeLine" + block.line(), block);
      String cls = "ReadmeLine" + block.line();
      sources.add(source(cls, "package readme;\n" + String.join("\n", block.imports()) + "\n\nclass " + cls
        + " {\n  static void example() throws Exception {\n" + block.body() + "\n  }\n}\n"));
    }
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8)) {
      List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(),
        "-proc:none", "-Xlint:none", "--release", "17");
      boolean compiled = compiler.getTask(null, files, diagnostics, options, null, sources).call();
      String errors = diagnostics.getDiagnostics().stream().filter(d -> d.getKind() == Diagnostic.Kind.ERROR)
        .map(d -> {
          Block block = byClass.get(d.getSource().getName().replaceAll(".*/|\\.java$", ""));
          // the body's first line is generated line imports + 4; in the README it follows the imports
          long line = block.line() + block.imports().size() + d.getLineNumber() - (block.imports().size() + 4);
          return "README.md line " + line + ": " + d.getMessage(null);
        })
        .collect(Collectors.joining("\n"));
      assertThat(compiled).as(errors).isTrue();
    }
  }
}
