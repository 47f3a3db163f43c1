package io.jetway.soak;

import io.jetway.testing.KafkaBrokerProcess;

import java.util.List;

/** Runs a plan of scenarios one after another on one broker, printing each result as it comes. */
final class SoakDriver {

    private SoakDriver() {
    }

    /**
     * Runs every scenario of {@code plan} and returns the table of their results (also in {@code target/soak/}).
     *
     * @param name  the results file's name prefix
     * @param title the table's first line (say the seed there)
     */
    static SoakTable run(String name, String title, List<SoakScenario> plan, SoakSettings settings,
                         KafkaBrokerProcess broker) {
        SoakTable table = new SoakTable(name, title);
        System.out.println("SOAK " + title + ": " + plan.size() + " runs, " + settings + ", results in "
                + table.runsFile().toAbsolutePath());
        SoakRunner runner = new SoakRunner(broker, settings);
        for (int i = 0; i < plan.size(); i++) {
            SoakScenario scenario = plan.get(i);
            System.out.println("SOAK run " + (i + 1) + "/" + plan.size() + ": " + scenario);
            if (!broker.isAlive()) {              // a failed broker restart must not fail every later run too
                System.out.println("SOAK broker not running after the previous run: restarting it");
                try {
                    broker.restart();
                } catch (RuntimeException e) {
                    System.out.println("SOAK broker restart failed (the run will fail): " + e);
                }
            }
            RunResult result = runner.run(scenario);
            table.add(result);
            System.out.println("SOAK " + result.summary());
        }
        System.out.println(table.render());
        return table;
    }
}
