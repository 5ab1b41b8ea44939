package checkpointlab;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * What the faults operator does, as a comma-separated list of actions (each on one subtask, in its
 * first execution attempt only, so that a restarted job runs clean):
 *
 * <ul>
 *   <li>{@code fail-record:S:N} — subtask S throws while processing its N-th record (1-based);
 *   <li>{@code throw-snapshot:S:C} — subtask S throws in snapshotState of checkpoint C (sync phase);
 *   <li>{@code sleep-snapshot:S:C:MS} — subtask S sleeps MS ms in snapshotState of checkpoint C;
 *   <li>{@code async-fail:S:C} — the upload of subtask S's state for checkpoint C fails (async phase);
 *   <li>{@code slow-upload:S:C:MS} — the upload of subtask S's state for checkpoint C takes MS ms more.
 * </ul>
 */
public final class FaultPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    /** One action of the plan. */
    public static final class Action implements Serializable {
        private static final long serialVersionUID = 1L;
        public final String kind;
        public final int subtask;
        public final long at;
        public final long millis;

        Action(String kind, int subtask, long at, long millis) {
            this.kind = kind; this.subtask = subtask; this.at = at; this.millis = millis;
        }
    }

    public final List<Action> actions;

    private FaultPlan(List<Action> actions) { this.actions = actions; }

    public static FaultPlan parse(String text) {
        List<Action> actions = new ArrayList<>();
        for (String part : text.split(",")) {
            if (part.isBlank()) continue;
            String[] f = part.trim().split(":");
            switch (f[0]) {
                case "fail-record":
                case "throw-snapshot":
                case "async-fail":
                    need(f, 3, part);
                    actions.add(new Action(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), 0));
                    break;
                case "sleep-snapshot":
                case "slow-upload":
                    need(f, 4, part);
                    actions.add(new Action(f[0], Integer.parseInt(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3])));
                    break;
                default:
                    throw new IllegalArgumentException("unknown fault '" + f[0] + "' in '" + part
                            + "' (fail-record, throw-snapshot, sleep-snapshot, async-fail, slow-upload)");
            }
        }
        return new FaultPlan(actions);
    }

    private static void need(String[] fields, int n, String part) {
        if (fields.length != n) throw new IllegalArgumentException("fault '" + part + "' needs " + (n - 1) + " numbers");
    }

    /** The action of this kind for this subtask at this record or checkpoint, or null. */
    public Action find(String kind, int subtask, long at) {
        for (Action a : actions) {
            if (a.kind.equals(kind) && a.subtask == subtask && a.at == at) return a;
        }
        return null;
    }
}
