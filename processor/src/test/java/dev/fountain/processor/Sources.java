package dev.fountain.processor;

import com.google.testing.compile.JavaFileObjects;
import java.util.ArrayList;
import java.util.List;
import javax.tools.JavaFileObject;

/** Small handler sources for error tests, laid out so that a test can name the line of each member. */
final class Sources {

    /** The line of {@link #handler}'s first member line: after the package, imports and class line. */
    static final int FIRST_MEMBER_LINE = 7;

    private Sources() {
    }

    /** {@code example.Handler}, a class holding {@code members}, the first on {@link #FIRST_MEMBER_LINE}. */
    static JavaFileObject handler(String... members) {
        return file("example.Handler", "class Handler {", members);
    }

    /**
     * {@code example.<simpleName>} whose class is declared by {@code declaration} (on line 6) and
     * holds {@code members}.
     */
    static JavaFileObject file(String qualifiedName, String declaration, String... members) {
        List<String> lines = new ArrayList<>(List.of(
                "package example;",
                "",
                "import dev.fountain.*;",
                "import java.util.*;",
                "",
                declaration));
        lines.addAll(List.of(members));
        lines.add("}");
        return JavaFileObjects.forSourceLines(qualifiedName, lines);
    }
}
