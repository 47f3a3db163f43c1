package io.jetway;

import com.hazelcast.cluster.Address;
import com.hazelcast.jet.core.Processor;
import com.hazelcast.jet.core.ProcessorMetaSupplier;
import com.hazelcast.jet.core.ProcessorSupplier;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Wraps every processor of a meta-supplier in a {@link FaultInjectingP}. */
final class FaultInjection {

    private FaultInjection() {
    }

    static ProcessorMetaSupplier wrap(ProcessorMetaSupplier inner, String faultsName) {
        return new WrappingMetaSupplier(inner, faultsName);
    }

    private static final class WrappingMetaSupplier implements ProcessorMetaSupplier {
        private static final long serialVersionUID = 1L;
        private final ProcessorMetaSupplier inner;
        private final String faultsName;

        WrappingMetaSupplier(ProcessorMetaSupplier inner, String faultsName) {
            this.inner = inner;
            this.faultsName = faultsName;
        }

        @Override
        public int preferredLocalParallelism() {
            return inner.preferredLocalParallelism();
        }

        @Override
        public void init(Context context) throws Exception {
            inner.init(context);
        }

        @Override
        public Function<? super Address, ? extends ProcessorSupplier> get(List<Address> addresses) {
            Function<? super Address, ? extends ProcessorSupplier> suppliers = inner.get(addresses);
            return address -> new WrappingSupplier(suppliers.apply(address), faultsName);
        }

        @Override
        public void close(Throwable error) throws Exception {
            inner.close(error);
        }
    }

    private static final class WrappingSupplier implements ProcessorSupplier {
        private static final long serialVersionUID = 1L;
        private final ProcessorSupplier inner;
        private final String faultsName;

        WrappingSupplier(ProcessorSupplier inner, String faultsName) {
            this.inner = inner;
            this.faultsName = faultsName;
        }

        @Override
        public void init(Context context) throws Exception {
            inner.init(context);
        }

        @Override
        public Collection<? extends Processor> get(int count) {
            List<Processor> wrapped = new ArrayList<>(count);
            for (Processor processor : inner.get(count)) {
                wrapped.add(new FaultInjectingP(processor, faultsName));
            }
            return wrapped;
        }

        @Override
        public void close(Throwable error) throws Exception {
            inner.close(error);
        }
    }
}
