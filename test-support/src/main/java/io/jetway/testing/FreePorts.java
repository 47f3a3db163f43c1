package io.jetway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Picks TCP ports that are free on 127.0.0.1, never the same one twice in this JVM. */
public final class FreePorts {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();
    private static final int MAX_ATTEMPTS = 100;

    private FreePorts() {
    }

    /**
     * A port that was free a moment ago. The caller binds it soon after: the usual small race with
     * other processes is accepted, repeats inside this JVM are excluded.
     */
    public static synchronized int pick() {
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int port = socket.getLocalPort();
                if (HANDED_OUT.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot bind a free port on 127.0.0.1", e);
            }
        }
        throw new IllegalStateException("No new free port on 127.0.0.1 after " + MAX_ATTEMPTS + " attempts");
    }
}
