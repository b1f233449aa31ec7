package dev.pcw.connectors.metadata;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves one step forward on every reading, so that rows get distinct times. */
final class SteppingClock extends Clock {
    private final AtomicLong nextMillis;
    private final long stepMillis;

    SteppingClock(Instant start, Duration step) {
        this.nextMillis = new AtomicLong(start.toEpochMilli());
        this.stepMillis = step.toMillis();
    }

    /** Moves the clock forward by {@code d} (besides the step of each reading). */
    void advance(Duration d) {
        nextMillis.addAndGet(d.toMillis());
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(nextMillis.getAndAdd(stepMillis));
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("always UTC");
    }
}
