package dev.fountain.bench.store;

import dev.fountain.broker.store.BenchLog;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The implementations under measurement, by the name {@code bench/store.sh} and the command line
 * use. Each keeps its files in a directory of its own.
 */
enum Candidate {

    /** The broker's own append-only log, {@code dev.fountain.broker.store.DiskStore}, through {@link BenchLog}. */
    LOG("log") {
        @Override
        JournalCandidate open(Path directory, SyncPolicy policy) throws IOException {
            return BenchLog.open(directory, policy);
        }

        @Override
        Recovered recover(Path directory) throws IOException {
            return BenchLog.recover(directory);
        }

        @Override
        void compact(Path directory) throws IOException {
            BenchLog.compact(directory);
        }
    },

    /** H2 MVStore 2.4.240, used as {@link MvStoreCandidate} describes. */
    MVSTORE("mvstore") {
        @Override
        JournalCandidate open(Path directory, SyncPolicy policy) {
            return MvStoreCandidate.open(directory, policy);
        }

        @Override
        Recovered recover(Path directory) {
            return MvStoreCandidate.recover(directory);
        }

        @Override
        void compact(Path directory) {
            MvStoreCandidate.compact(directory);
        }
    };

    private final String id;

    Candidate(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    static Candidate parse(String id) {
        for (Candidate candidate : values()) {
            if (candidate.id.equals(id)) {
                return candidate;
            }
        }
        throw new IllegalArgumentException("unknown candidate " + id + " (log, mvstore)");
    }

    /** Opens the store in {@code directory} (created when missing) for appending. */
    abstract JournalCandidate open(Path directory, SyncPolicy policy) throws IOException;

    /** Opens what is in {@code directory} and reads all of it into memory, as a restart does. */
    abstract Recovered recover(Path directory) throws IOException;

    /** Shrinks the files in {@code directory} to the live data, as far as the implementation does. */
    abstract void compact(Path directory) throws IOException;
}
