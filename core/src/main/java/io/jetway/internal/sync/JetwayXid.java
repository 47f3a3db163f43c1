package io.jetway.internal.sync;

import javax.transaction.xa.Xid;
import java.io.Serializable;
import java.util.Arrays;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * The XA transaction id of one snapshot epoch of one sync sink processor:
 * {@code jetway|<jobId>|<vertex>|<executionId>|<processorIndex>|<epoch>}. The job and vertex prefix lets a
 * restarted job find its own prepared transactions among the cluster's; the execution id tells those of
 * a dead execution from the live one's.
 */
final class JetwayXid implements Xid, Serializable {

    static final int FORMAT_ID = 0x4A57_5359;   // "JWSY"
    private static final long serialVersionUID = 1L;
    private static final byte[] BRANCH = {1};

    private final byte[] globalId;

    private JetwayXid(byte[] globalId) {
        this.globalId = globalId;
    }

    static JetwayXid of(String jobVertexPrefix, long executionId, int processorIndex, long epoch) {
        return new JetwayXid((jobVertexPrefix + executionId + "|" + processorIndex + "|" + epoch).getBytes(UTF_8));
    }

    /** {@code jetway|<jobId>|<vertex>|}: every id of one vertex of one job starts with it. */
    static String prefix(long jobId, String vertex) {
        return "jetway|" + Long.toHexString(jobId) + "|" + vertex + "|";
    }

    /** Whether {@code xid} is one of ours for {@code prefix}, from an execution other than {@code executionId}. */
    static boolean isStray(Xid xid, String prefix, long executionId) {
        if (xid.getFormatId() != FORMAT_ID) {
            return false;
        }
        String id = new String(xid.getGlobalTransactionId(), UTF_8);
        return id.startsWith(prefix) && !id.startsWith(prefix + executionId + "|");
    }

    /** Whether two ids name the same transaction (ours or Hazelcast's copy of it). */
    static boolean same(Xid a, Xid b) {
        return a.getFormatId() == b.getFormatId() && Arrays.equals(a.getGlobalTransactionId(), b.getGlobalTransactionId())
                && Arrays.equals(a.getBranchQualifier(), b.getBranchQualifier());
    }

    @Override
    public int getFormatId() {
        return FORMAT_ID;
    }

    @Override
    public byte[] getGlobalTransactionId() {
        return globalId.clone();
    }

    @Override
    public byte[] getBranchQualifier() {
        return BRANCH.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof JetwayXid that && Arrays.equals(globalId, that.globalId);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(globalId);
    }

    @Override
    public String toString() {
        return new String(globalId, UTF_8);
    }
}
