package io.jetway.kafka.common.txn;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Waiting for a future and rethrowing its failure as it was thrown, not wrapped. */
public final class Futures {

    private Futures() {
    }

    /** {@link CompletableFuture#join()}, rethrowing the cause of a {@link CompletionException} if unchecked. */
    public static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException) {
                throw (RuntimeException) e.getCause();
            }
            if (e.getCause() instanceof Error) {
                throw (Error) e.getCause();
            }
            throw e;
        }
    }
}
