package dev.fountain.broker.transport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Maps the path of an HTTP request to a file under a listener's {@code http_dir} and refuses every
 * way out of it. Each segment is percent-decoded once and must then be a plain name: no
 * {@code ..} or {@code .} (so none encoded as {@code %2e%2e} either), no slash or backslash (so no
 * {@code %2f} or {@code %5c}), no {@code %} (so nothing encoded twice), no NUL or other control
 * character. Names starting with a dot are not served at all: that is where {@code .git} and
 * {@code .env} live. What is left is resolved to its real path, which must still lie inside the
 * directory, so a symbolic link cannot lead out of it.
 */
final class StaticFiles {

    /** What a request path comes to. */
    sealed interface Result permits Found, Redirect, Refused {
    }

    /** A file to send. */
    record Found(Path file, String contentType) implements Result {
    }

    /** A directory asked for without its trailing slash, so that its page's relative links work. */
    record Redirect(String location) implements Result {
    }

    /** Nothing to send: a path that names no file ({@code notFound}) or is not a path at all. */
    record Refused(boolean notFound) implements Result {
    }

    static final Refused NOT_FOUND = new Refused(true);
    static final Refused BAD_REQUEST = new Refused(false);

    private static final String DEFAULT_TYPE = "application/octet-stream";
    private static final Map<String, String> TYPES = Map.ofEntries(
            Map.entry("html", "text/html; charset=utf-8"),
            Map.entry("js", "text/javascript; charset=utf-8"),
            Map.entry("mjs", "text/javascript; charset=utf-8"),
            Map.entry("css", "text/css; charset=utf-8"),
            Map.entry("json", "application/json"),
            Map.entry("map", "application/json"),
            Map.entry("txt", "text/plain; charset=utf-8"),
            Map.entry("svg", "image/svg+xml"),
            Map.entry("png", "image/png"),
            Map.entry("jpg", "image/jpeg"),
            Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"),
            Map.entry("webp", "image/webp"),
            Map.entry("ico", "image/x-icon"),
            Map.entry("woff2", "font/woff2"),
            Map.entry("wasm", "application/wasm"));

    private final Path root;

    /** @throws IOException when {@code directory} does not exist */
    StaticFiles(Path directory) throws IOException {
        this.root = directory.toRealPath();
    }

    /** What {@code uri}, a request target as the request line has it, comes to. */
    Result resolve(String uri) {
        if (!uri.startsWith("/")) {
            return BAD_REQUEST;
        }
        int queryStart = uri.indexOf('?');
        String path = queryStart < 0 ? uri : uri.substring(0, queryStart);
        Path file = root;
        StringBuilder canonical = new StringBuilder();
        try {
            for (String segment : path.split("/")) {
                if (segment.isEmpty()) {
                    continue;
                }
                canonical.append('/').append(segment);
                String name = percentDecoded(segment);
                if (name == null) {
                    return BAD_REQUEST;
                }
                if (!isPlainName(name)) {
                    return NOT_FOUND;
                }
                file = file.resolve(name);
            }
        } catch (InvalidPathException e) {
            return NOT_FOUND;
        }
        if (Files.isDirectory(file)) {
            if (!path.endsWith("/")) {
                // Rebuilt from the segments: "//host" must not become a redirect to another site.
                return new Redirect(canonical + "/");
            }
            file = file.resolve("index.html");
        }
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            return NOT_FOUND;
        }
        if (!real.startsWith(root) || !Files.isRegularFile(real) || !Files.isReadable(real)) {
            return NOT_FOUND;
        }
        return new Found(real, contentType(real));
    }

    static String contentType(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String extension = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(extension, DEFAULT_TYPE);
    }

    private static boolean isPlainName(String name) {
        if (name.startsWith(".")) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == '%') {
                return false;
            }
        }
        return true;
    }

    /** The segment with its %XX escapes decoded as UTF-8, or {@code null} when they are broken. */
    private static String percentDecoded(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
                continue;
            }
            if (i + 2 >= segment.length()) {
                return null;
            }
            int high = Character.digit(segment.charAt(i + 1), 16);
            int low = Character.digit(segment.charAt(i + 2), 16);
            if (high < 0 || low < 0) {
                return null;
            }
            bytes.write(high << 4 | low);
            i += 2;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
