import org.apache.flink.runtime.checkpoint.CheckpointException;
import org.apache.flink.runtime.checkpoint.CheckpointFailureManager;
import org.apache.flink.runtime.checkpoint.CheckpointFailureReason;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;

import java.lang.reflect.Field;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints, as JSON, every CheckpointFailureReason of the Flink on the classpath: its name, its
 * message, whether it is a pre-flight reason, and whether CheckpointFailureManager counts it
 * toward the tolerable failures (found by asking a real failure manager, not by reading code).
 * CheckpointLab's CheckpointFailureReason enum is tested against this output.
 */
public final class FailureReasons {
    public static void main(String[] args) throws Exception {
        Field counter = CheckpointFailureManager.class.getDeclaredField("continuousFailureCounter");
        counter.setAccessible(true);
        StringBuilder out = new StringBuilder("[\n");
        CheckpointFailureReason[] reasons = CheckpointFailureReason.values();
        for (int i = 0; i < reasons.length; i++) {
            CheckpointFailureReason r = reasons[i];
            CheckpointFailureManager manager = new CheckpointFailureManager(100, new CheckpointFailureManager.FailJobCallback() {
                @Override public void failJob(Throwable cause) {}
                @Override public void failJobDueToTaskFailure(Throwable cause, ExecutionAttemptID failingTask) {}
            });
            manager.checkFailureCounter(new CheckpointException(r), 1L);
            boolean counts = ((AtomicInteger) counter.get(manager)).get() > 0;
            out.append(String.format(" {\"name\": \"%s\", \"message\": \"%s\", \"preFlight\": %s, \"counts\": %s}%s\n",
                    r.name(), r.message().replace("\\", "\\\\").replace("\"", "\\\""), r.isPreFlight(), counts,
                    i + 1 < reasons.length ? "," : ""));
        }
        System.out.print(out.append("]\n"));
    }
}
