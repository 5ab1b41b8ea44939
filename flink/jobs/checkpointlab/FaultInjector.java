package checkpointlab;

import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A pass-through map that carries out a {@link FaultPlan}: it counts the records it processed in
 * operator state, and fails, throws or stalls where the plan says. Every fault it injects is
 * logged on the TaskManager as "CheckpointLab fault: ...", so a capture shows what was planted.
 */
public final class FaultInjector extends RichMapFunction<String, String> implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FaultInjector.class);

    private final FaultPlan plan;
    private transient ListState<Long> processedState;
    private transient long processed;

    public FaultInjector(FaultPlan plan) { this.plan = plan; }

    private int subtask() { return getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(); }

    private int attempt() { return getRuntimeContext().getTaskInfo().getAttemptNumber(); }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        processedState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("processed", PoisonLongSerializer.INSTANCE));
        processed = 0;
        for (Long n : processedState.get()) {
            if (n >= PoisonLongSerializer.MARKERS_BELOW) processed += n;
        }
        LOG.info("CheckpointLab faults[{}] attempt {}: {} records processed so far (restored: {})",
                subtask(), attempt(), processed, context.isRestored());
    }

    @Override
    public String map(String word) {
        processed++;
        if (attempt() == 0 && plan.find("fail-record", subtask(), processed) != null) {
            LOG.info("CheckpointLab fault: fail-record: faults[{}] fails at record {}", subtask(), processed);
            throw new RuntimeException("CheckpointLab fault: faults[" + subtask() + "] fails at record " + processed);
        }
        return word;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        long id = context.getCheckpointId();
        processedState.clear();
        processedState.add(processed);
        FaultPlan.Action sleep = plan.find("sleep-snapshot", subtask(), id);
        if (sleep != null) {
            LOG.info("CheckpointLab fault: sleep-snapshot: faults[{}] sleeps {} ms in the snapshot of checkpoint {}", subtask(), sleep.millis, id);
            Thread.sleep(sleep.millis);
        }
        if (plan.find("throw-snapshot", subtask(), id) != null) {
            LOG.info("CheckpointLab fault: throw-snapshot: faults[{}] throws in the snapshot of checkpoint {}", subtask(), id);
            throw new RuntimeException("CheckpointLab fault: faults[" + subtask() + "] throws in snapshotState of checkpoint " + id);
        }
        if (plan.find("async-fail", subtask(), id) != null) {
            LOG.info("CheckpointLab fault: async-fail: the upload of faults[{}]'s state for checkpoint {} will fail", subtask(), id);
            processedState.add(PoisonLongSerializer.POISON);
        }
        FaultPlan.Action slow = plan.find("slow-upload", subtask(), id);
        if (slow != null) {
            LOG.info("CheckpointLab fault: slow-upload: the upload of faults[{}]'s state for checkpoint {} takes {} ms", subtask(), id, slow.millis);
            processedState.add(PoisonLongSerializer.slow(slow.millis));
        }
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        LOG.info("CheckpointLab faults[{}]: checkpoint {} complete", subtask(), checkpointId);
    }

    @Override
    public void notifyCheckpointAborted(long checkpointId) {
        LOG.info("CheckpointLab faults[{}]: checkpoint {} aborted", subtask(), checkpointId);
    }
}
