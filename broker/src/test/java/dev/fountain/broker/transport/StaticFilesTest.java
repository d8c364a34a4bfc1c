package dev.fountain.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which request paths come to which files of an http_dir, and that none leads out of it. */
class StaticFilesTest {

    @TempDir
    Path dir;

    private Path root;
    private StaticFiles files;

    @BeforeEach
    void createFiles() throws Exception {
        root = Files.createDirectories(dir.resolve("public"));
        Files.writeString(root.resolve("index.html"), "<h1>home</h1>");
        Files.createDirectories(root.resolve("docs"));
        Files.writeString(root.resolve("docs/index.html"), "<h1>docs</h1>");
        Files.writeString(root.resolve("docs/guide one.txt"), "spaces");
        Files.writeString(root.resolve(".env"), "PASSWORD=secret");
        Files.writeString(dir.resolve("secret.txt"), "secret");
        Files.createSymbolicLink(root.resolve("link-out.txt"), dir.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-out"), dir);
        Files.createSymbolicLink(root.resolve("link-in.txt"), root.resolve("docs/guide one.txt"));
        files = new StaticFiles(root);
    }

    private StaticFiles.Result resolve(String uri) {
        return files.resolve(uri);
    }

    @ParameterizedTest
    @CsvSource({
        "/, index.html",
        "/index.html, index.html",
        "/docs/, docs/index.html",
        "/docs/index.html?v=3, docs/index.html",
        "/docs/guide%20one.txt, docs/guide one.txt",
        "//docs//index.html, docs/index.html",
    })
    void aPathComesToItsFileAndADirectoryToItsIndex(String uri, String file) throws Exception {
        Path expected = root.resolve(file);
        assertThat(resolve(uri))
                .isEqualTo(new StaticFiles.Found(expected.toRealPath(), StaticFiles.contentType(expected)));
    }

    @Test
    void aSymbolicLinkInsideTheDirectoryIsFollowed() throws Exception {
        Path target = root.resolve("docs/guide one.txt").toRealPath();
        assertThat(resolve("/link-in.txt")).isEqualTo(new StaticFiles.Found(target, "text/plain; charset=utf-8"));
    }

    @Test
    void aDirectoryWithoutItsSlashIsRedirectedSoItsRelativeLinksWork() {
        assertThat(resolve("/docs")).isEqualTo(new StaticFiles.Redirect("/docs/"));
        // Rebuilt from its segments: "//docs" must not become a redirect to the host "docs".
        assertThat(resolve("//docs")).isEqualTo(new StaticFiles.Redirect("/docs/"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/missing.html", "/docs/missing/", "/index.html/more"})
    void aPathToNothingIsNotFound(String uri) {
        assertThat(resolve(uri)).isEqualTo(StaticFiles.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/../secret.txt",
        "/docs/../../secret.txt",
        "/./index.html",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/.%2e/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/docs\\..\\..\\secret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/index.html%00.png",
        "/%00",
        "/docs/%0a",
        "/.env",
        "/%2eenv",
        "/link-out.txt",
        "/dir-out/secret.txt",
        "/dir-out/",
    })
    void everyWayOutOfTheDirectoryIsRefused(String uri) {
        assertThat(resolve(uri)).isEqualTo(StaticFiles.NOT_FOUND);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost/../secret.txt", "secret.txt", "*", "/%zz", "/%2", "/%c3%28"})
    void whatIsNotAnOriginFormPathIsABadRequest(String uri) {
        assertThat(resolve(uri)).isEqualTo(StaticFiles.BAD_REQUEST);
    }

    @ParameterizedTest
    @CsvSource({
        "page.html, text/html; charset=utf-8",
        "app.js, text/javascript; charset=utf-8",
        "app.mjs, text/javascript; charset=utf-8",
        "style.css, text/css; charset=utf-8",
        "data.json, application/json",
        "app.js.map, application/json",
        "logo.svg, image/svg+xml",
        "logo.PNG, image/png",
        "favicon.ico, image/x-icon",
        "notes.txt, text/plain; charset=utf-8",
        "module.wasm, application/wasm",
        "archive.tar.gz, application/octet-stream",
        "README, application/octet-stream",
    })
    void theContentTypeFollowsTheExtension(String name, String type) {
        assertThat(StaticFiles.contentType(Path.of(name))).isEqualTo(type);
    }
}
