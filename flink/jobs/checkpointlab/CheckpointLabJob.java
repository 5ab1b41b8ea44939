package checkpointlab;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The job every CheckpointLab case runs on a real Flink: the simulator's WordCount shape with one
 * operator per task (chaining off), so that each Flink task is one `operator[subtask]` of a
 * ckpt-scenario/1 job:
 *
 * <pre>
 *   numbers (rate-limited generator, "k0".."k{keys-1}") -> faults (map: the fault plan)
 *     -> keyBy(word) -> count (keyed count, emits "key=count") -> out (discarding sink)
 * </pre>
 *
 * Arguments: --name NAME, --records N (in all), --rate R (records/s in all), --parallelism P,
 * --keys K, --faults PLAN (see {@link FaultPlan}), and any Flink option as --conf KEY=VALUE
 * (checkpointing mode, interval, timeout, min-pause, max-concurrent, tolerable failures, retained,
 * restart strategy).
 */
public final class CheckpointLabJob {
    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        List<String> conf = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String key = args[i];
            if (!key.startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --KEY VALUE pairs, found '" + key + "'");
            }
            String value = args[++i];
            if (key.equals("--conf")) conf.add(value); else options.put(key.substring(2), value);
        }
        Map<String, String> flinkOptions = new HashMap<>();
        for (String kv : conf) {
            int eq = kv.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("--conf takes KEY=VALUE, found '" + kv + "'");
            flinkOptions.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        String name = options.getOrDefault("name", "checkpointlab");
        long records = Long.parseLong(options.getOrDefault("records", "1000"));
        double rate = Double.parseDouble(options.getOrDefault("rate", "100"));
        int parallelism = Integer.parseInt(options.getOrDefault("parallelism", "2"));
        int keys = Integer.parseInt(options.getOrDefault("keys", "4"));
        FaultPlan plan = FaultPlan.parse(options.getOrDefault("faults", ""));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(Configuration.fromMap(flinkOptions));
        env.setParallelism(parallelism);
        env.disableOperatorChaining();

        DataGeneratorSource<String> generator = new DataGeneratorSource<>(
                index -> "k" + (index % keys), records, RateLimiterStrategy.perSecond(rate), Types.STRING);
        DataStream<String> words = env.fromSource(generator, WatermarkStrategy.noWatermarks(), "numbers").uid("numbers");
        DataStream<String> faulty = words.map(new FaultInjector(plan)).name("faults").uid("faults");
        DataStream<String> counts = faulty.keyBy(word -> word).process(new KeyedCount()).name("count").uid("count");
        counts.sinkTo(new DiscardingSink<>()).name("out").uid("out");
        env.execute(name);
    }
}
