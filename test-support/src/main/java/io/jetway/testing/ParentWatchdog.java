package io.jetway.testing;

import java.io.IOException;
import java.io.InputStream;

/**
 * Ends a child JVM when the JVM that started it goes away, even by kill -9: the parent holds the
 * write end of the child's stdin, so end-of-stream on stdin means the parent is gone.
 */
final class ParentWatchdog {
    private ParentWatchdog() {
    }

    static void start() {
        Thread watchdog = new Thread(ParentWatchdog::haltOnEndOfStdin, "jetway-parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
    }

    private static void haltOnEndOfStdin() {
        InputStream stdin = System.in;
        byte[] buffer = new byte[64];
        try {
            while (stdin.read(buffer) >= 0) {
                // the parent never writes; anything it might write is ignored
            }
        } catch (IOException e) {
            // a broken pipe means the parent is gone as well
        }
        System.err.println("jetway: parent JVM is gone, halting child JVM " + ProcessHandle.current().pid());
        Runtime.getRuntime().halt(3);
    }
}
