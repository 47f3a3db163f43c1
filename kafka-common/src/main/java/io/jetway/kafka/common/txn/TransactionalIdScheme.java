package io.jetway.kafka.common.txn;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * Deterministic transactional ids {@code <prefix>-<processorIndex>-<slot>}, so that a restarted job can
 * find, commit and fence the transactions of its predecessors without listing the cluster's
 * transactions.
 * <p>
 * A processor's pool holds {@code poolSize} ids. The lowest bit of the slot number is the parity of
 * the execution's <em>generation</em> (0 for a fresh start, +1 at every restore): slot
 * {@code 2 * i + (generation & 1)} is pool index {@code i}. An execution therefore never uses an id
 * of the execution it restored from, whose prepared transactions another processor may still have to
 * commit.
 * <pre>
 *   job "orders", vertex "count", processor 3, pool of 3:
 *     generation 0, 2, 4, ...  orders-count-3-0  orders-count-3-2  orders-count-3-4
 *     generation 1, 3, 5, ...  orders-count-3-1  orders-count-3-3  orders-count-3-5
 * </pre>
 *
 * @param prefix the sanitised prefix, usually {@code <jobName>-<vertexName>}
 */
public record TransactionalIdScheme(String prefix) {

    /** Validates the prefix; use {@link #of} to build one from arbitrary names. */
    public TransactionalIdScheme {
        requireNonNull(prefix, "prefix cannot be null");
        if (prefix.isEmpty()) {
            throw new IllegalArgumentException("transactional id prefix cannot be empty");
        }
    }

    /** A scheme with the prefix {@code <jobName>-<vertexName>}, each part sanitised. */
    public static TransactionalIdScheme of(String jobName, String vertexName) {
        return new TransactionalIdScheme(sanitize(jobName) + "-" + sanitize(vertexName));
    }

    /** The id of pool index {@code poolIndex} of processor {@code processorIndex} in {@code generation}. */
    public String id(int processorIndex, int generation, int poolIndex) {
        if (processorIndex < 0 || generation < 0 || poolIndex < 0) {
            throw new IllegalArgumentException("negative processorIndex " + processorIndex + ", generation "
                    + generation + " or poolIndex " + poolIndex);
        }
        return prefix + "-" + processorIndex + "-" + (2 * poolIndex + (generation & 1));
    }

    /** The {@code poolSize} ids processor {@code processorIndex} writes with in {@code generation}. */
    public List<String> pool(int processorIndex, int generation, int poolSize) {
        List<String> ids = new ArrayList<>(poolSize);
        for (int i = 0; i < poolSize; i++) {
            ids.add(id(processorIndex, generation, i));
        }
        return ids;
    }

    /**
     * Replaces characters other than letters, digits, '.', '_' and '-' by '_', so that names are safe in
     * transactional ids, client ids and topic names alike.
     */
    public static String sanitize(String name) {
        requireNonNull(name, "name cannot be null");
        StringBuilder out = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean legal = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c == '.' || c == '_' || c == '-';
            out.append(legal ? c : '_');
        }
        return out.toString();
    }
}
