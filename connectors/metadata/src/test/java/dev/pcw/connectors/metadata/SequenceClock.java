package dev.pcw.connectors.metadata;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/** A clock that returns the given instants, one per reading. */
final class SequenceClock extends Clock {
    private final Deque<Instant> readings;

    SequenceClock(Instant... readings) {
        this.readings = new ArrayDeque<>(Arrays.asList(readings));
    }

    @Override
    public synchronized Instant instant() {
        Instant next = readings.poll();
        if (next == null) {
            throw new IllegalStateException("SequenceClock has no more readings");
        }
        return next;
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
