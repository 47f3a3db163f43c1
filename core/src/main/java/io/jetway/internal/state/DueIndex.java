package io.jetway.internal.state;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which keys have windows that close at which event time: an in-memory index of a windowing processor,
 * rebuilt from the state stores after a restore. A key is in the index at most once, at its earliest due
 * time.
 */
final class DueIndex<K> {

    private final TreeMap<Long, List<K>> keysByDue = new TreeMap<>();
    private final Map<K, Long> dueOf = new HashMap<>();

    /** Files {@code key} under {@code due}, or removes it when {@code due} is {@code Long.MAX_VALUE}. */
    void set(K key, long due) {
        Long previous = dueOf.get(key);
        if (previous != null) {
            if (previous == due) {
                return;
            }
            List<K> keys = keysByDue.get(previous);
            keys.remove(key);
            if (keys.isEmpty()) {
                keysByDue.remove(previous);
            }
        }
        if (due == Long.MAX_VALUE) {
            dueOf.remove(key);
            return;
        }
        dueOf.put(key, due);
        keysByDue.computeIfAbsent(due, d -> new ArrayList<>(2)).add(key);
    }

    /** Removes and returns every key due at or before {@code time}. */
    List<K> pollDue(long time) {
        List<K> due = new ArrayList<>();
        while (!keysByDue.isEmpty() && keysByDue.firstKey() <= time) {
            for (K key : keysByDue.pollFirstEntry().getValue()) {
                dueOf.remove(key);
                due.add(key);
            }
        }
        return due;
    }

    /** How many keys are waiting. */
    int size() {
        return dueOf.size();
    }
}
