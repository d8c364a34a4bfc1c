package dev.fountain.maven;

import java.util.regex.Pattern;

/** Which entries of the application's jars go into the runnable jar, and how. */
final class EntryRules {

    /**
     * A signature covers the jar it came from; in a merged jar it no longer matches, and the JVM
     * refuses to load the signed classes ("Invalid signature file digest").
     */
    private static final Pattern SIGNATURE =
            Pattern.compile("META-INF/([^/]+\\.(SF|DSA|RSA|EC)|SIG-[^/]+)", Pattern.CASE_INSENSITIVE);

    /**
     * A module descriptor describes one module; the runnable jar runs on the class path, where a
     * descriptor taken from one dependency would only mislead tools that read it.
     */
    private static final Pattern MODULE_INFO = Pattern.compile("(META-INF/versions/\\d+/)?module-info\\.class");

    private static final Pattern SERVICE = Pattern.compile("META-INF/services/[^/]+");

    private EntryRules() {
    }

    /**
     * Entries left out: signatures, module descriptors, the manifests (the jar has its own) and
     * jar indexes, which list the packages of the jar they came from and would send the class
     * loader looking in the wrong places.
     */
    static boolean isLeftOut(String name) {
        return SIGNATURE.matcher(name).matches()
                || MODULE_INFO.matcher(name).matches()
                || name.equalsIgnoreCase("META-INF/MANIFEST.MF")
                || name.equalsIgnoreCase("META-INF/INDEX.LIST");
    }

    /** {@code META-INF/services/<interface>}: merged across jars, since ServiceLoader reads only one of each. */
    static boolean isServiceFile(String name) {
        return SERVICE.matcher(name).matches();
    }
}
