package io.jetway.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles every {@code ```java} block of the repository's README against the libraries on this module's test
 * class path (jetway-core, jetway-protobuf, jetway-state-changelog, jetway-example-imap-backend, Hazelcast), so
 * that the README cannot drift from the API.
 * <p>
 * How a block is wrapped:
 * <ul>
 *     <li>the imports of {@link #IMPORTS} are added, and the block's own {@code import} lines;</li>
 *     <li>a block that declares a type ({@code class}, {@code interface}, {@code record}, {@code enum}) is
 *     compiled as it is, in a package of its own;</li>
 *     <li>any other block is the body of a method {@code void snippet() throws Exception} of a class whose
 *     fields are the variables the README's prose assumes ({@link #CONTEXT}): {@code hz}, {@code hzConfig},
 *     {@code p}, {@code dag}, {@code servers}, {@code config} and {@code payments}; a block may declare its own
 *     variable of the same name. {@code Payment} is the example's Protobuf message ({@code account},
 *     {@code amount_cents}, ...).</li>
 * </ul>
 * A block that is meant as a fragment is skipped when the line above its fence is the Markdown comment
 * {@code <!-- readme-snippet: not compiled, <reason> -->}; the reason is required and the skipped blocks are
 * listed on standard output. A failure names the README line of the error and the compiler's message.
 */
class ReadmeSnippetsCompileTest {

    static final String SKIP_MARKER = "<!-- readme-snippet: not compiled";

    static final List<String> IMPORTS = List.of(
            "com.hazelcast.config.*", "com.hazelcast.core.*", "com.hazelcast.function.*", "com.hazelcast.jet.*",
            "com.hazelcast.jet.aggregate.*", "com.hazelcast.jet.config.*", "com.hazelcast.jet.core.*",
            "com.hazelcast.jet.core.processor.*", "com.hazelcast.jet.pipeline.*", "com.hazelcast.map.*",
            "io.jetway.*", "io.jetway.codec.*", "io.jetway.protobuf.decode.*", "io.jetway.protobuf.encode.*",
            "io.jetway.protobuf.registry.*", "io.jetway.protobuf.serialization.*", "io.jetway.spi.codec.*",
            "io.jetway.spi.state.*", "io.jetway.state.*", "io.jetway.state.changelog.*",
            "io.jetway.examples.fraud.proto.Payment",
            "java.nio.*", "java.time.*", "java.util.*",
            "static com.hazelcast.jet.pipeline.JournalInitialPosition.*");

    /** The variables the README's statement blocks use without declaring them. */
    static final String CONTEXT = "HazelcastInstance hz; Config hzConfig; Pipeline p; DAG dag; String servers; "
            + "KafkaSourceConfig config; StreamStage<Payment> payments;";

    private static final Pattern TYPE_DECLARATION = Pattern.compile(
            "^(@\\w+(\\([^)]*\\))?\\s+)*"                                          // annotations
                    + "((public|protected|private|abstract|final|static|sealed|non-sealed|strictfp)\\s+)*"
                    + "(class|interface|record|enum|@interface)\\s+\\w+.*");

    private static final Pattern TYPE_NAME = Pattern.compile("\\b(class|interface|record|enum)\\s+(\\w+)");

    /** A {@code ```java} block: the README line of its first code line, its lines, and whether it is skipped. */
    record Snippet(int firstLine, List<String> lines, String skipReason) {
        boolean declaresType() {
            for (String line : lines) {
                String t = line.strip();
                if (t.isEmpty() || t.startsWith("//") || t.startsWith("import ") || t.startsWith("/*")
                        || t.startsWith("*")) {
                    continue;
                }
                return TYPE_DECLARATION.matcher(t).matches();
            }
            return false;
        }

        String firstTypeName() {
            java.util.regex.Matcher m = TYPE_NAME.matcher(String.join("\n", lines));
            return m.find() ? m.group(2) : "ReadmeTypes";
        }
    }

    @Test
    void everyJavaBlockOfTheReadmeCompiles(@TempDir Path out) throws IOException {
        Path readme = Path.of("..", "README.md");
        List<Snippet> snippets = extract(Files.readAllLines(readme, StandardCharsets.UTF_8));
        List<Snippet> compiled = snippets.stream().filter(s -> s.skipReason() == null).toList();
        System.out.println("README.md: compiling " + compiled.size() + " of " + snippets.size() + " java blocks");
        snippets.stream().filter(s -> s.skipReason() != null).forEach(s -> System.out.println(
                "README.md line " + s.firstLine() + ": not compiled (" + s.skipReason() + ")"));

        // a broken extractor must not pass by finding nothing to compile
        assertThat(compiled).as("java blocks found in %s", readme.toAbsolutePath()).hasSizeGreaterThanOrEqualTo(5);
        assertThat(compile(compiled, testClassPath(), out)).as("compiler errors in README.md's java blocks").isEmpty();
    }

    @Test
    void shouldFailNamingTheReadmeLineOfABrokenBlock(@TempDir Path out) {
        List<String> markdown = List.of(
                "# Title",                                                                   // 1
                "```java",                                                                   // 2
                "KafkaSourceConfig c = KafkaSourceConfig.builder(servers).topics(\"t\").build();", // 3
                "```",                                                                       // 4
                "text",                                                                      // 5
                "```java",                                                                   // 6
                "Pipeline q = Pipeline.create();",                                           // 7
                "q.readFrom(JetwaySources.kafka(config, RecordDecoders.utf8String()))",      // 8: no ';'
                "```",                                                                       // 9
                "<!-- readme-snippet: not compiled, a deliberate fragment -->",             // 10
                "```java",                                                                   // 11
                "this is not Java",                                                          // 12
                "```",                                                                       // 13
                "```java",                                                                   // 14
                "class Broken { int x = \"text\"; }",                                        // 15
                "```");                                                                      // 16
        List<Snippet> snippets = extract(markdown);

        assertThat(snippets).extracting(Snippet::firstLine).containsExactly(3, 7, 12, 15);
        assertThat(snippets.get(2).skipReason()).isEqualTo("a deliberate fragment");
        assertThat(snippets.get(3).declaresType()).isTrue();
        List<String> errors = compile(snippets.stream().filter(s -> s.skipReason() == null).toList(),
                testClassPath(), out);
        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).startsWith("README.md line 8:").contains("';' expected")
                .contains("in: q.readFrom(JetwaySources.kafka(");
        assertThat(errors.get(1)).startsWith("README.md line 15:").contains("incompatible types");
    }

    /** The {@code ```java} blocks of {@code markdown}, in order. */
    static List<Snippet> extract(List<String> markdown) {
        List<Snippet> snippets = new ArrayList<>();
        for (int i = 0; i < markdown.size(); i++) {
            if (!markdown.get(i).strip().equals("```java")) {
                continue;
            }
            String skipReason = null;
            if (i > 0 && markdown.get(i - 1).strip().startsWith(SKIP_MARKER)) {
                String marker = markdown.get(i - 1).strip();
                skipReason = marker.substring(SKIP_MARKER.length()).replaceFirst("^\\s*,", "")
                        .replaceFirst("-->$", "").strip();
                if (skipReason.isEmpty()) {
                    throw new IllegalStateException("README.md line " + i + ": a skipped block must say why");
                }
            }
            int end = i + 1;
            while (end < markdown.size() && !markdown.get(end).strip().startsWith("```")) {
                end++;
            }
            if (end == markdown.size()) {
                throw new IllegalStateException("README.md line " + (i + 1) + ": java block never closed");
            }
            snippets.add(new Snippet(i + 2, List.copyOf(markdown.subList(i + 1, end)), skipReason));
            i = end;
        }
        return snippets;
    }

    /**
     * Compiles {@code snippets}; returns one message per error, naming the README line. All blocks go to the
     * compiler at once, and only when that fails is each compiled on its own, because a syntax error in one
     * block stops javac before it reports the type errors of the others.
     */
    static List<String> compile(List<Snippet> snippets, String classPath, Path out) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        assertThat(compiler).as("a JDK's compiler (javax.tools)").isNotNull();
        List<String> options = List.of("-classpath", classPath, "-d", out.toString(), "-proc:none",
                "-implicit:none", "-nowarn", "-Xlint:none", "-encoding", "UTF-8");
        try (StandardJavaFileManager files = compiler.getStandardFileManager(null, Locale.ROOT,
                StandardCharsets.UTF_8)) {
            List<Wrapped> all = snippets.stream().map(ReadmeSnippetsCompileTest::wrap).toList();
            DiagnosticCollector<JavaFileObject> together = new DiagnosticCollector<>();
            if (compiler.getTask(null, files, together, options, null,
                    all.stream().map(Wrapped::source).toList()).call()) {
                return List.of();
            }
            List<String> errors = new ArrayList<>();
            for (int i = 0; i < snippets.size(); i++) {
                Snippet snippet = snippets.get(i);
                Wrapped wrapped = all.get(i);
                DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
                compiler.getTask(null, files, diagnostics, options, null, List.of(wrapped.source())).call();
                for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                    if (d.getKind() == Diagnostic.Kind.ERROR) {
                        int index = (int) Math.max(0, Math.min(snippet.lines().size() - 1,
                                d.getLineNumber() - wrapped.bodyStart()));
                        String text = snippet.lines().isEmpty() ? "" : snippet.lines().get(index).strip();
                        errors.add("README.md line " + (snippet.firstLine() + index) + ": " + d.getMessage(Locale.ROOT)
                                + "\n  in: " + text);
                    }
                }
            }
            if (errors.isEmpty()) {      // never pass on a failed compilation
                together.getDiagnostics().forEach(d -> errors.add("README.md, the blocks compiled together: " + d));
            }
            return errors;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A block as a compilation unit; {@code bodyStart} is the line of the unit that holds the block's first line. */
    record Wrapped(JavaFileObject source, int bodyStart) {
    }

    static Wrapped wrap(Snippet snippet) {
        String pkg = "readme.l" + snippet.firstLine();
        StringBuilder src = new StringBuilder("package ").append(pkg).append(";\n");
        int generatedLines = 1;
        List<String> body = new ArrayList<>();
        for (String line : snippet.lines()) {
            if (line.strip().startsWith("import ")) {
                src.append(line.strip()).append('\n');
                generatedLines++;
                body.add("");                                  // keeps the README's line numbers
            } else {
                body.add(line);
            }
        }
        for (String imp : IMPORTS) {
            src.append("import ").append(imp).append(";\n");
            generatedLines++;
        }
        boolean declaresType = snippet.declaresType();
        String className = declaresType ? snippet.firstTypeName() : "Snippet";   // a public type needs its file name
        if (!declaresType) {
            src.append("@SuppressWarnings(\"all\") class Snippet { ").append(CONTEXT)
                    .append(" void snippet() throws Exception {\n");
            generatedLines++;
        }
        int bodyStart = generatedLines + 1;
        body.forEach(line -> src.append(line).append('\n'));
        if (!declaresType) {
            src.append("}}\n");
        }
        String code = src.toString();
        URI uri = URI.create("string:///" + pkg.replace('.', '/') + "/" + className + ".java");
        return new Wrapped(new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return code;
            }
        }, bodyStart);
    }

    /** The test class path: Surefire's, which a manifest-only booter jar may hide from {@code java.class.path}. */
    static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classPath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        assertThat(Arrays.stream(classPath.split(File.pathSeparator)).anyMatch(e -> e.contains("jetway-core")
                || e.replace('\\', '/').endsWith("core/target/classes")))
                .as("the test class path holds jetway-core: %s", classPath).isTrue();
        return classPath;
    }
}
