package io.jetway.soak;

import io.jetway.soak.SoakScenario.Backend;
import io.jetway.soak.SoakScenario.Fault;
import io.jetway.soak.SoakScenario.Input;
import io.jetway.soak.SoakScenario.Mode;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Function;

/**
 * Which scenarios a soak runs, each with its own seed drawn from one master seed (printed, and settable with
 * {@code -Djetway.soak.seed=S}), so that a whole soak, or one run of it ({@code -Djetway.soak.replay=...}),
 * can be repeated.
 */
final class SoakPlan {

    private SoakPlan() {
    }

    /** {@code jetway.soak.seed}, or the clock. */
    static long masterSeed() {
        return Long.getLong("jetway.soak.seed", System.currentTimeMillis());
    }

    /**
     * The short soak: every fault once, in a seeded rotation over the four mode × backend cells (six runs
     * cover each cell at least once) and the two inputs.
     */
    static List<SoakScenario> rotation(long masterSeed) {
        Random random = new Random(masterSeed);
        int cellOffset = random.nextInt(4);
        int inputOffset = random.nextInt(2);
        List<SoakScenario> plan = new ArrayList<>();
        Fault[] faults = Fault.values();
        for (int i = 0; i < faults.length; i++) {
            int cell = (cellOffset + i) % 4;
            plan.add(new SoakScenario(Input.values()[(inputOffset + i) % 2], faults[i], Mode.values()[cell / 2],
                    Backend.values()[cell % 2], random.nextLong()));
        }
        return plan;
    }

    /**
     * The full soak: {@code runsPerCell} runs of every fault × mode × backend, cells interleaved (round r of
     * every cell before round r + 1, so that a stopped soak has covered all cells evenly), the input alternating
     * from round to round. Limited by {@code jetway.soak.faults}, {@code .modes}, {@code .backends} and
     * {@code .inputs} (comma-separated names), or replaced by {@code jetway.soak.replay} (comma-separated
     * scenarios as {@link SoakScenario#toString()} prints them).
     */
    static List<SoakScenario> full(long masterSeed, int runsPerCell) {
        String replay = System.getProperty("jetway.soak.replay", "").trim();
        if (!replay.isEmpty()) {
            return Arrays.stream(replay.split(",")).map(SoakScenario::parse).toList();
        }
        List<Fault> faults = selected("jetway.soak.faults", Fault.values(), Fault::valueOf);
        List<Mode> modes = selected("jetway.soak.modes", Mode.values(), Mode::valueOf);
        List<Backend> backends = selected("jetway.soak.backends", Backend.values(), Backend::parse);
        List<Input> inputs = selected("jetway.soak.inputs", Input.values(), Input::valueOf);
        Random random = new Random(masterSeed);
        List<SoakScenario> plan = new ArrayList<>();
        for (int round = 0; round < runsPerCell; round++) {
            Input input = inputs.get(round % inputs.size());
            for (Fault fault : faults) {
                for (Mode mode : modes) {
                    for (Backend backend : backends) {
                        plan.add(new SoakScenario(input, fault, mode, backend, random.nextLong()));
                    }
                }
            }
        }
        return plan;
    }

    private static <E> List<E> selected(String property, E[] all, Function<String, E> parse) {
        String value = System.getProperty(property, "").trim();
        if (value.isEmpty()) {
            return List.of(all);
        }
        return Arrays.stream(value.split(",")).map(s -> parse.apply(s.trim().toUpperCase(Locale.ROOT))).toList();
    }
}
