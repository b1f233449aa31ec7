package dev.pcw.jobs.hybrid;

import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * One fetch per record per window, keyed by {@link FetchRequest#key()}: the first request for a
 * record opens a window of {@code windowMillis} (processing time); requests for the same record
 * until it closes are duplicates and dropped; when it closes, one request goes out. The fetch then
 * reads the record as it is after every change announced in the window, so collapsing them loses
 * nothing, and a request after the window opens a new one. Repeated deliveries of one EventBridge
 * event cost one read; so do several changes in quick succession.
 *
 * <p>Metrics (group {@code partnercentralEvents}): {@code duplicates}, {@code fetchesReleased}.
 */
public final class DedupeWindow extends KeyedProcessFunction<String, FetchRequest, FetchRequest> {
    private static final long serialVersionUID = 1L;

    private final long windowMillis;
    private transient ValueState<FetchRequest> pending;
    private transient Counter duplicates;
    private transient Counter released;

    public DedupeWindow(long windowMillis) {
        if (windowMillis < 0) {
            throw new IllegalArgumentException("the dedupe window cannot be negative");
        }
        this.windowMillis = windowMillis;
    }

    @Override
    public void open(Configuration parameters) {
        pending =
                getRuntimeContext()
                        .getState(
                                new ValueStateDescriptor<>(
                                        "pending", TypeInformation.of(FetchRequest.class)));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("partnercentralEvents");
        duplicates = metrics.counter("duplicates");
        released = metrics.counter("fetchesReleased");
    }

    @Override
    public void processElement(FetchRequest request, Context ctx, Collector<FetchRequest> out)
            throws Exception {
        if (pending.value() != null) {
            duplicates.inc();
            return;
        }
        pending.update(request);
        ctx.timerService()
                .registerProcessingTimeTimer(
                        ctx.timerService().currentProcessingTime() + windowMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<FetchRequest> out)
            throws Exception {
        FetchRequest request = pending.value();
        if (request != null) {
            pending.clear();
            released.inc();
            out.collect(request);
        }
    }
}
