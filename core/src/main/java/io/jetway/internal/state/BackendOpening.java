package io.jetway.internal.state;

import com.hazelcast.jet.JetException;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** Polls a state backend's {@code open} without blocking and turns its failure into a job error. */
final class BackendOpening {

    private BackendOpening() {
    }

    /**
     * Whether {@code opening} has completed successfully; {@code false} while it runs.
     *
     * @throws JetException naming {@code where} and the backend when opening failed
     */
    static boolean completed(CompletableFuture<Void> opening, String where, String backendName, boolean restoring) {
        if (!opening.isDone()) {
            return false;
        }
        try {
            opening.get();
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new JetException(where + ": interrupted while opening the state backend", e);
        } catch (ExecutionException e) {
            throw new JetException(where + ": state backend '" + backendName + "' failed to "
                    + (restoring ? "restore" : "open") + ": " + e.getCause().getMessage(), e.getCause());
        }
    }
}
