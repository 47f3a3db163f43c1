package io.jetway.internal.sync;

import com.hazelcast.jet.JetException;
import com.hazelcast.jet.RestartableException;
import com.hazelcast.jet.Traverser;
import com.hazelcast.jet.Traversers;
import com.hazelcast.jet.core.AbstractProcessor;
import com.hazelcast.jet.core.BroadcastKey;
import com.hazelcast.logging.ILogger;
import com.hazelcast.transaction.HazelcastXAResource;
import com.hazelcast.transaction.TransactionContext;
import io.jetway.internal.snapshot.RestoreAudit;
import io.jetway.internal.snapshot.SnapshotEmitter;

import javax.transaction.xa.XAException;
import javax.transaction.xa.XAResource;
import javax.transaction.xa.Xid;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;

import static com.hazelcast.jet.core.BroadcastKey.broadcastKey;

/**
 * A sink that offers into a Hazelcast IQueue exactly once, with Hazelcast XA transactions tied to Jet's
 * two-phase snapshot (IMaps use {@link MapSyncSinkP}, which needs no transactions).
 * <ul>
 *     <li>Items of one snapshot epoch are written in one XA transaction, opened at the epoch's first item.</li>
 *     <li>Phase 1: end and prepare it (Hazelcast keeps prepared transactions, with backups, until they are
 *     finished from any member) and save its id in the snapshot.</li>
 *     <li>Phase 2: commit it. Between the phases no item is written: a prepared transaction still holds its
 *     keys' locks, so the sink waits for the commit (usually milliseconds).</li>
 *     <li>A failed snapshot restarts the job: the prepared transaction is in no completed snapshot and is
 *     rolled back by the restart's recovery.</li>
 *     <li>Recovery from snapshot N: every processor commits the transactions saved in N before its first
 *     write (the first commit wins, the others find nothing to do), so no restored transaction can land
 *     after a newer write of one of its keys; processor 0 rolls back every other prepared transaction of
 *     this job and vertex left by earlier executions.</li>
 * </ul>
 * Blocking calls: the processor is non-cooperative.
 */
public final class XaSyncSinkP<T> extends AbstractProcessor {

    private final TransactionalWrite<T> write;

    private ILogger logger;
    private String where;
    private String prefix;
    private long executionId;
    private int processorIndex;
    private HazelcastXAResource xa;
    private TransactionContext transaction;
    private Xid current;
    private long epoch;
    private Xid prepared;
    private boolean recovered;
    private final Map<Integer, List<Xid>> restored = new HashMap<>();
    private Traverser<Entry<Object, Object>> snapshotTraverser;
    private final RestoreAudit restoreAudit = new RestoreAudit();
    private SnapshotEmitter snapshotEmitter;
    private SnapshotEmitter.SnapshotOutbox snapshotOutbox;
    private Context context;

    /** A processor applying {@code write} (its own instance) to each item. */
    public XaSyncSinkP(TransactionalWrite<T> write) {
        this.write = write;
    }

    @Override
    public boolean isCooperative() {
        return false;
    }

    @Override
    protected void init(Context context) {
        logger = context.logger();
        where = "job '" + context.jobConfig().getName() + "' vertex '" + context.vertexName() + "'";
        prefix = JetwayXid.prefix(context.jobId(), context.vertexName());
        executionId = context.executionId();
        processorIndex = context.globalProcessorIndex();
        xa = context.hazelcastInstance().getXAResource();
        this.context = context;
        snapshotEmitter = SnapshotEmitter.of(context, null);
        snapshotOutbox = this::tryEmitToSnapshot;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected boolean tryProcess(int ordinal, Object item) throws Exception {
        recoverOnce();
        if (prepared != null) {
            return false;      // wait for phase 2: the prepared transaction still holds its locks
        }
        if (current == null) {
            current = JetwayXid.of(prefix, executionId, processorIndex, ++epoch);
            xa.start(current, XAResource.TMNOFLAGS);
            transaction = xa.getTransactionContext();
        }
        write.apply(transaction, (T) item);
        return true;
    }

    @Override
    public boolean complete() {
        recoverOnce();
        return true;
    }

    @Override
    public boolean saveToSnapshot() {
        recoverOnce();
        if (snapshotTraverser == null) {
            List<Xid> toSave = new ArrayList<>(1);
            if (current != null) {
                try {
                    xa.end(current, XAResource.TMSUCCESS);
                    xa.prepare(current);
                } catch (XAException e) {
                    throw new JetException(where + ": preparing transaction " + current + " failed (XA error "
                            + e.errorCode + "): " + e, e);
                }
                prepared = current;
                current = null;
                transaction = null;
                toSave.add(prepared);
            }
            List<Entry<Object, Object>> entries = new ArrayList<>(1);
            entries.add(new SimpleImmutableEntry<>(broadcastKey("jetway.xa|" + prefix + processorIndex), toSave));
            snapshotTraverser = Traversers.traverseIterable(entries);
        }
        if (!snapshotEmitter.emit(snapshotTraverser, snapshotOutbox)) {
            return false;
        }
        snapshotTraverser = null;
        return true;
    }

    @Override
    public boolean snapshotCommitFinish(boolean success) {
        if (prepared == null) {
            return true;
        }
        if (!success) {
            throw new RestartableException(where + ": snapshot failed while transaction " + prepared
                    + " was prepared; restarting so that recovery rolls it back");
        }
        try {
            xa.commit(prepared, false);
        } catch (XAException e) {
            throw new RestartableException(where + ": committing transaction " + prepared + " failed (XA error "
                    + e.errorCode + "); the restart commits it from the snapshot", e);
        }
        prepared = null;
        return true;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void restoreFromSnapshot(Object key, Object value) {
        if (restoreAudit.take(key, value)) {
            return;
        }
        String name = (String) ((BroadcastKey<?>) key).key();
        int oldIndex = Integer.parseInt(name.substring(name.lastIndexOf('|') + 1));
        restored.computeIfAbsent(oldIndex, i -> new ArrayList<>()).addAll((List<Xid>) value);
    }

    @Override
    public boolean finishSnapshotRestore() {
        restoreAudit.verify(context);
        return true;
    }

    /** Commits what the snapshot holds and (processor 0) rolls back what earlier executions left prepared. */
    private void recoverOnce() {
        if (recovered) {
            return;
        }
        recovered = true;
        // Every processor commits every restored transaction before its first write (a commit of one already
        // committed is a no-op): a key of a restored transaction may now be routed to this processor, and its
        // new value must not be overwritten by that transaction's older one committed later by another.
        List<Xid> keep = new ArrayList<>();
        for (List<Xid> xids : restored.values()) {
            keep.addAll(xids);
        }
        for (Xid xid : keep) {
            commitRestored(xid);
        }
        if (processorIndex == 0) {
            rollBackStrays(keep);
        }
        restored.clear();
    }

    private void commitRestored(Xid xid) {
        try {
            xa.commit(xid, false);
            logger.info(where + ": committed transaction " + xid + " of the restored snapshot");
        } catch (XAException e) {
            if (e.errorCode == XAException.XAER_NOTA) {
                // phase 2 of that snapshot, or another processor of this restore, already committed it
                logger.fine(where + ": transaction " + xid + " of the restored snapshot was already committed");
                return;
            }
            throw new JetException(where + ": cannot commit transaction " + xid + " of the restored snapshot (XA error "
                    + e.errorCode + "): its writes would be lost", e);
        }
    }

    private void rollBackStrays(List<Xid> keep) {
        try {
            for (Xid xid : xa.recover(XAResource.TMSTARTRSCAN | XAResource.TMENDRSCAN)) {
                if (JetwayXid.isStray(xid, prefix, executionId) && keep.stream().noneMatch(k -> JetwayXid.same(k, xid))) {
                    xa.rollback(xid);
                    logger.info(where + ": rolled back transaction " + new String(xid.getGlobalTransactionId(),
                            java.nio.charset.StandardCharsets.UTF_8) + ", prepared by an execution that did not finish it");
                }
            }
        } catch (XAException e) {
            throw new JetException(where + ": recovering prepared transactions failed (XA error " + e.errorCode + ")", e);
        }
    }

    @Override
    public void close() {
        if (current != null) {
            try {
                xa.end(current, XAResource.TMFAIL);
                xa.rollback(current);
            } catch (XAException | RuntimeException e) {
                // the member may be gone; a transaction left open times out, a prepared one is found on recovery
                logger.fine(where + ": rolling back open transaction " + current + " on close failed: " + e);
            }
        }
    }
}
