package dev.fountain.broker.routing;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Consumer;

/**
 * The children of a {@link FilterNode}, without a map per node: {@code null} for none, an array of
 * at most {@value #SMALL} scanned in order (most nodes have one child or none), else a {@link Table}
 * with open addressing. A {@code ConcurrentHashMap} per node cost 64 bytes empty and 32 more per
 * child; the array of one child costs 24, and a table about 8 bytes per child.
 *
 * <p>Lookups take no lock and allocate nothing: a level is found by its hash ({@link
 * String#hashCode}, which the caller computes over the topic in place instead of cutting a
 * substring) and compared in place. Writers are serialised by the index's lock. An array is never
 * changed once published; a table takes a new child in place with a release store into a free
 * slot, and a removed child leaves a tombstone, so that a reader probing at the same time never
 * misses a child that is there (moving entries back, as deletion in linear probing usually does,
 * could hide one from a probe under way). Tables are rebuilt, and published whole, when tombstones
 * and children fill three quarters of them, or when they are mostly empty.
 */
final class Children {

    /** The most children kept in a plain array. */
    static final int SMALL = 8;
    private static final int MIN_TABLE = 16;
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(FilterNode[].class);
    /** A tombstone: matches no level (compared by identity before any level is). */
    private static final FilterNode REMOVED = new FilterNode(null, "");

    private Children() {
    }

    /** An open-addressing table of children, with linear probing. */
    static final class Table {
        final FilterNode[] slots;
        int size;
        int removed;

        Table(int capacity) {
            slots = new FilterNode[capacity];
        }

        /** Into a table no reader sees yet. */
        void put(FilterNode child) {
            int mask = slots.length - 1;
            int i = spread(child.level.hashCode()) & mask;
            while (slots[i] != null) {
                i = (i + 1) & mask;
            }
            slots[i] = child;
            size++;
        }
    }

    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /** The child whose level is {@code name.substring(from, end)}, whose hash is {@code hash}. */
    static FilterNode find(Object children, String name, int from, int end, int hash) {
        int length = end - from;
        if (children instanceof FilterNode[] few) {
            for (FilterNode child : few) {
                String level = child.level;
                if (level.hashCode() == hash && level.length() == length && name.regionMatches(from, level, 0, length)) {
                    return child;
                }
            }
            return null;
        }
        if (children == null) {
            return null;
        }
        FilterNode[] slots = ((Table) children).slots;
        int mask = slots.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            FilterNode child = (FilterNode) SLOTS.getAcquire(slots, i);
            if (child == null) {
                return null;
            }
            String level = child.level;
            if (child != REMOVED && level.hashCode() == hash && level.length() == length
                    && name.regionMatches(from, level, 0, length)) {
                return child;
            }
        }
    }

    /** The child whose level is {@code level}. */
    static FilterNode find(Object children, String level) {
        return find(children, level, 0, level.length(), level.hashCode());
    }

    /**
     * The child whose level is the wildcard {@code canonical} ({@link Levels#SINGLE} or
     * {@link Levels#MULTI}): compared by identity, since {@link Levels} gives every wildcard level
     * that one instance.
     */
    static FilterNode findWildcard(Object children, String canonical) {
        if (children instanceof FilterNode[] few) {
            for (FilterNode child : few) {
                if (child.level == canonical) {
                    return child;
                }
            }
            return null;
        }
        if (children == null) {
            return null;
        }
        FilterNode[] slots = ((Table) children).slots;
        int mask = slots.length - 1;
        for (int i = spread(canonical.hashCode()) & mask; ; i = (i + 1) & mask) {
            FilterNode child = (FilterNode) SLOTS.getAcquire(slots, i);
            if (child == null) {
                return null;
            }
            if (child.level == canonical) {
                return child;
            }
        }
    }

    /**
     * {@code children} with {@code child} added, which is not among them; the caller publishes
     * the result (which may be the same table, changed in place).
     */
    static Object with(Object children, FilterNode child) {
        if (children == null) {
            return new FilterNode[] {child};
        }
        if (children instanceof FilterNode[] few) {
            if (few.length < SMALL) {
                FilterNode[] next = new FilterNode[few.length + 1];
                System.arraycopy(few, 0, next, 0, few.length);
                next[few.length] = child;
                return next;
            }
            Table table = new Table(capacityFor(few.length + 1));
            for (FilterNode c : few) {
                table.put(c);
            }
            table.put(child);
            return table;
        }
        Table table = (Table) children;
        if ((table.size + table.removed + 1) * 4 > table.slots.length * 3) {
            Table rebuilt = rebuilt(table, table.size + 1);
            rebuilt.put(child);
            return rebuilt;
        }
        FilterNode[] slots = table.slots;
        int mask = slots.length - 1;
        int i = spread(child.level.hashCode()) & mask;
        while (slots[i] != null && slots[i] != REMOVED) {
            i = (i + 1) & mask;
        }
        if (slots[i] == REMOVED) {
            table.removed--;
        }
        SLOTS.setRelease(slots, i, child);
        table.size++;
        return table;
    }

    /** {@code children} without {@code child}, which is among them; the caller publishes the result. */
    static Object without(Object children, FilterNode child) {
        if (children instanceof FilterNode[] few) {
            if (few.length == 1) {
                return few[0] == child ? null : few;
            }
            for (int i = 0; i < few.length; i++) {
                if (few[i] == child) {
                    FilterNode[] next = new FilterNode[few.length - 1];
                    System.arraycopy(few, 0, next, 0, i);
                    System.arraycopy(few, i + 1, next, i, few.length - i - 1);
                    return next;
                }
            }
            return few;
        }
        Table table = (Table) children;
        FilterNode[] slots = table.slots;
        int mask = slots.length - 1;
        for (int i = spread(child.level.hashCode()) & mask; slots[i] != null; i = (i + 1) & mask) {
            if (slots[i] == child) {
                SLOTS.setRelease(slots, i, REMOVED);
                table.size--;
                table.removed++;
                break;
            }
        }
        if (table.size == 0) {
            return null;
        }
        if (table.size <= SMALL / 2) {
            FilterNode[] few = new FilterNode[table.size];
            int n = 0;
            for (FilterNode c : slots) {
                if (c != null && c != REMOVED) {
                    few[n++] = c;
                }
            }
            return few;
        }
        if (slots.length > MIN_TABLE && table.size * 8 < slots.length) {
            return rebuilt(table, table.size);
        }
        return table;
    }

    private static Table rebuilt(Table table, int children) {
        Table rebuilt = new Table(capacityFor(children));
        for (FilterNode c : table.slots) {
            if (c != null && c != REMOVED) {
                rebuilt.put(c);
            }
        }
        return rebuilt;
    }

    /** A power of two about twice {@code children}: half full after a rebuild. */
    private static int capacityFor(int children) {
        int wanted = children + children / 2 + 1;
        return Math.max(MIN_TABLE, Integer.highestOneBit(wanted - 1) << 1);
    }

    /** Calls {@code action} with every child; for writers and tests. */
    static void forEach(Object children, Consumer<FilterNode> action) {
        if (children instanceof FilterNode[] few) {
            for (FilterNode child : few) {
                action.accept(child);
            }
        } else if (children != null) {
            for (FilterNode child : ((Table) children).slots) {
                if (child != null && child != REMOVED) {
                    action.accept(child);
                }
            }
        }
    }

    /** How many slots the children take, for tests that check a table shrinks. */
    static int capacity(Object children) {
        if (children instanceof FilterNode[] few) {
            return few.length;
        }
        return children == null ? 0 : ((Table) children).slots.length;
    }
}
