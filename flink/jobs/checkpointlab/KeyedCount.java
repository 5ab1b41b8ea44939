package checkpointlab;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** The simulator's keyed-count: a count per word in keyed state, emitting "word=count" after each update. */
public final class KeyedCount extends KeyedProcessFunction<String, String, String> {
    private static final long serialVersionUID = 1L;
    private transient ValueState<Long> count;

    @Override
    public void open(OpenContext context) {
        count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
    }

    @Override
    public void processElement(String word, Context context, Collector<String> out) throws Exception {
        Long current = count.value();
        long next = (current == null ? 0 : current) + 1;
        count.update(next);
        out.collect(word + "=" + next);
    }
}
