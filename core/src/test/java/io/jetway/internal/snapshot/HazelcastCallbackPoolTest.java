package io.jetway.internal.snapshot;

import com.hazelcast.internal.util.ConcurrencyUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class HazelcastCallbackPoolTest {

    private Executor before;

    @BeforeEach
    void rememberHazelcastsExecutor() {
        before = ConcurrencyUtil.getDefaultAsyncExecutor();
    }

    @AfterEach
    void restoreHazelcastsExecutor() {
        ConcurrencyUtil.setDefaultAsyncExecutor(before);
    }

    /** Hazelcast's own choice, as a freshly loaded ConcurrencyUtil makes it, is recognised for what it is. */
    @Test
    void shouldRecogniseHazelcastsThreadPerCallbackOnlyWhereHazelcastChoseIt() throws Exception {
        Executor hazelcastsChoice = freshHazelcastDefault();

        if (ForkJoinPool.getCommonPoolParallelism() <= 1) {
            assertThat(HazelcastCallbackPool.isThreadPerCallback(hazelcastsChoice)).isTrue();
        } else {
            assertThat(hazelcastsChoice).isSameAs(ForkJoinPool.commonPool());
            assertThat(HazelcastCallbackPool.isThreadPerCallback(hazelcastsChoice)).isFalse();
        }
        assertThat(HazelcastCallbackPool.isThreadPerCallback(ForkJoinPool.commonPool())).isFalse();
        assertThat(HazelcastCallbackPool.isThreadPerCallback(Runnable::run)).isFalse();
        assertThat(HazelcastCallbackPool.isThreadPerCallback(null)).isFalse();
    }

    /** A thread per callback is replaced by a pool of 4 that runs Hazelcast's callbacks. */
    @Test
    void shouldReplaceTheThreadPerCallbackByAPool() throws Throwable {
        ConcurrencyUtil.setDefaultAsyncExecutor(threadPerCallbackAsHazelcastMakesIt());

        assertThat(HazelcastCallbackPool.installIfThreadPerCallback()).isTrue();

        Executor installed = ConcurrencyUtil.getDefaultAsyncExecutor();
        assertThat(installed).isInstanceOf(ForkJoinPool.class);
        assertThat(((ForkJoinPool) installed).getParallelism()).isEqualTo(HazelcastCallbackPool.THREADS);
        String thread = CompletableFuture.supplyAsync(() -> Thread.currentThread().getName(), installed)
                                         .get(10, TimeUnit.SECONDS);
        assertThat(thread).startsWith("jetway-hazelcast-callback-");
        assertThat(HazelcastCallbackPool.installIfThreadPerCallback()).as("installed once only").isFalse();
        assertThat(ConcurrencyUtil.getDefaultAsyncExecutor()).isSameAs(installed);
    }

    /** An executor someone else set is kept. */
    @Test
    void shouldKeepAnExecutorSetByAnyoneElse() {
        Executor users = Runnable::run;
        ConcurrencyUtil.setDefaultAsyncExecutor(users);

        assertThat(HazelcastCallbackPool.installIfThreadPerCallback()).isFalse();

        assertThat(ConcurrencyUtil.getDefaultAsyncExecutor()).isSameAs(users);
    }

    /**
     * Hazelcast's thread-per-callback lambda as a freshly loaded ConcurrencyUtil makes it when the common pool has one
     * thread; on a machine whose pool has more, the same lambda method bound the way the compiler binds it.
     */
    private static Executor threadPerCallbackAsHazelcastMakesIt() throws Throwable {
        Class<?> util = isolatedConcurrencyUtil();
        Executor fresh = defaultExecutorOf(util);
        if (HazelcastCallbackPool.isThreadPerCallback(fresh)) {
            return fresh;
        }
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(util, MethodHandles.lookup());
        MethodType execute = MethodType.methodType(void.class, Runnable.class);
        return (Executor) LambdaMetafactory.metafactory(lookup, "execute", MethodType.methodType(Executor.class),
                execute, lookup.findStatic(util, "lambda$static$0", execute), execute).getTarget().invoke();
    }

    private static Executor freshHazelcastDefault() throws Exception {
        return defaultExecutorOf(isolatedConcurrencyUtil());
    }

    private static Executor defaultExecutorOf(Class<?> concurrencyUtil) throws Exception {
        return (Executor) concurrencyUtil.getMethod("getDefaultAsyncExecutor").invoke(null);
    }

    private static Class<?> isolatedConcurrencyUtil() throws Exception {
        URL hazelcastJar = ConcurrencyUtil.class.getProtectionDomain().getCodeSource().getLocation();
        ClassLoader isolated = new URLClassLoader(new URL[]{hazelcastJar}, ClassLoader.getPlatformClassLoader());
        return Class.forName(ConcurrencyUtil.class.getName(), true, isolated);
    }
}
