package io.jetway.testing;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.function.Predicate;

/** Stack traces of this JVM's threads as text, for failure messages of tests that wait on a cluster. */
public final class ThreadDumps {
    private static final int MAX_FRAMES = 40;

    private ThreadDumps() {
    }

    /** The threads whose name passes {@code names}, each with its state, the lock it waits on and its stack. */
    public static String of(Predicate<String> names) {
        StringBuilder dump = new StringBuilder();
        for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
            if (info == null || !names.test(info.getThreadName())) {
                continue;
            }
            dump.append(System.lineSeparator()).append('"').append(info.getThreadName()).append("\" ")
                    .append(info.getThreadState());
            if (info.getLockName() != null) {
                dump.append(" on ").append(info.getLockName());
            }
            if (info.getLockOwnerName() != null) {
                dump.append(" owned by \"").append(info.getLockOwnerName()).append('"');
            }
            StackTraceElement[] stack = info.getStackTrace();
            for (int i = 0; i < Math.min(stack.length, MAX_FRAMES); i++) {
                dump.append(System.lineSeparator()).append("    at ").append(stack[i]);
            }
            if (stack.length > MAX_FRAMES) {
                dump.append(System.lineSeparator()).append("    ...");
            }
        }
        return dump.toString();
    }
}
