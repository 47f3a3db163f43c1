package io.jetway;

import com.hazelcast.internal.metrics.DynamicMetricsProvider;
import com.hazelcast.internal.metrics.MetricDescriptor;
import com.hazelcast.internal.metrics.MetricsCollectionContext;
import com.hazelcast.jet.RestartableException;
import com.hazelcast.jet.core.Inbox;
import com.hazelcast.jet.core.Outbox;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.Watermark;

/**
 * Wraps a sink processor and injects the {@link Faults} registered under a name: a failure of snapshot phase 2
 * right after Jet recorded the snapshot as successful (before the sink commits), a stall of processing (no
 * item taken, so no snapshot barrier gets through), and a stall of phase 2 (the commit waits).
 */
final class FaultInjectingP implements Processor, DynamicMetricsProvider {

    private final Processor inner;
    private final String faultsName;
    private Faults faults;
    private long executionId;
    private int processorIndex;
    private long itemsSinceSnapshot;
    private long preparedItems;
    private boolean stallingPhase2;
    private boolean inSnapshot;

    FaultInjectingP(Processor inner, String faultsName) {
        this.inner = inner;
        this.faultsName = faultsName;
    }

    @Override
    public boolean isCooperative() {
        return inner.isCooperative();
    }

    @Override
    public void init(Outbox outbox, Context context) throws Exception {
        faults = Faults.get(faultsName);
        executionId = context.executionId();
        processorIndex = context.globalProcessorIndex();
        inner.init(outbox, context);
    }

    @Override
    public void process(int ordinal, Inbox inbox) {
        if (faults.processingStalled(executionId)) {
            return;
        }
        int before = inbox.size();
        inner.process(ordinal, inbox);
        int taken = before - inbox.size();
        itemsSinceSnapshot += taken;
        faults.itemsTaken(taken);
    }

    @Override
    public boolean tryProcessWatermark(Watermark watermark) {
        return inner.tryProcessWatermark(watermark);
    }

    @Override
    public boolean tryProcessWatermark(int ordinal, Watermark watermark) {
        return inner.tryProcessWatermark(ordinal, watermark);
    }

    @Override
    public boolean tryProcess() {
        return !faults.processingStalled(executionId) && inner.tryProcess();
    }

    @Override
    public boolean completeEdge(int ordinal) {
        return inner.completeEdge(ordinal);
    }

    @Override
    public boolean complete() {
        return inner.complete();
    }

    @Override
    public boolean saveToSnapshot() {
        if (!inSnapshot) {
            if (!faults.enterSnapshot(executionId)) {
                return false;
            }
            inSnapshot = true;
        }
        if (!inner.saveToSnapshot()) {
            return false;
        }
        preparedItems = itemsSinceSnapshot;
        itemsSinceSnapshot = 0;
        return true;
    }

    @Override
    public boolean snapshotCommitPrepare() {
        return inner.snapshotCommitPrepare();
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        if (success && preparedItems > 0) {
            if (faults.shouldFailPhase2(executionId)) {
                throw new RestartableException("Injected failure of snapshot phase 2 in sink processor "
                        + processorIndex + " of execution " + executionId + ", before committing " + preparedItems
                        + " items (faults '" + faultsName + "')");
            }
            boolean wasStalling = stallingPhase2;
            stallingPhase2 = faults.phase2Stalled(stallingPhase2);
            if (stallingPhase2) {
                return false;
            }
            if (wasStalling && faults.phase2RestartInstead()) {
                throw new RestartableException("Injected failure of snapshot phase 2 in sink processor "
                        + processorIndex + " after a stall, before committing " + preparedItems + " items");
            }
        }
        preparedItems = 0;
        if (!inner.snapshotCommitFinish(success)) {
            return false;
        }
        if (inSnapshot) {
            inSnapshot = false;
            faults.leaveSnapshot(executionId);
        }
        return true;
    }

    @Override
    public void restoreFromSnapshot(Inbox inbox) {
        inner.restoreFromSnapshot(inbox);
    }

    @Override
    public boolean finishSnapshotRestore() {
        return inner.finishSnapshotRestore();
    }

    @Override
    public void close() throws Exception {
        if (inSnapshot) {
            inSnapshot = false;
            faults.leaveSnapshot(executionId);     // ended between the phases (a restart): no phase 2 comes
        }
        inner.close();
    }

    @Override
    public boolean closeIsCooperative() {
        return inner.closeIsCooperative();
    }

    @Override
    public void provideDynamicMetrics(MetricDescriptor descriptor, MetricsCollectionContext context) {
        if (inner instanceof DynamicMetricsProvider provider) {
            provider.provideDynamicMetrics(descriptor, context);
        }
    }
}
