package checkpointlab;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

import java.io.IOException;

/**
 * A serializer of longs with two marker values: it refuses to write {@link #POISON}, and it takes
 * its time over a {@link #slow} marker. Operator state is copied in a snapshot's synchronous phase
 * and written in its asynchronous phase, so a marked state fails or slows exactly the upload:
 * Flink's CHECKPOINT_ASYNC_EXCEPTION, or a long asynchronous phase, reached from user code.
 */
public final class PoisonLongSerializer extends TypeSerializerSingleton<Long> {
    private static final long serialVersionUID = 1L;
    public static final long POISON = Long.MIN_VALUE;
    /** Markers below this value are not counts: POISON, or a slow marker carrying its milliseconds. */
    public static final long MARKERS_BELOW = Long.MIN_VALUE + 2_000_000_000L;
    public static final PoisonLongSerializer INSTANCE = new PoisonLongSerializer();

    @Override public boolean isImmutableType() { return true; }
    @Override public Long createInstance() { return 0L; }
    @Override public Long copy(Long from) { return from; }
    @Override public Long copy(Long from, Long reuse) { return from; }
    @Override public int getLength() { return 8; }

    @Override
    public void serialize(Long record, DataOutputView target) throws IOException {
        if (record == POISON) throw new IOException("CheckpointLab fault: async-fail: this state cannot be written");
        if (record < MARKERS_BELOW) {
            try {
                Thread.sleep(record - POISON - 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("CheckpointLab fault: slow-upload interrupted", e);
            }
        }
        target.writeLong(record);
    }

    /** The marker that makes writing the state take `millis` ms (less than 1,999,999,999). */
    public static long slow(long millis) { return POISON + 1 + millis; }

    @Override public Long deserialize(DataInputView source) throws IOException { return source.readLong(); }
    @Override public Long deserialize(Long reuse, DataInputView source) throws IOException { return source.readLong(); }
    @Override public void copy(DataInputView source, DataOutputView target) throws IOException { target.writeLong(source.readLong()); }

    @Override
    public TypeSerializerSnapshot<Long> snapshotConfiguration() { return new Snapshot(); }

    /** The serializer's snapshot: nothing to configure. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Long> {
        public Snapshot() { super(() -> INSTANCE); }
    }
}
