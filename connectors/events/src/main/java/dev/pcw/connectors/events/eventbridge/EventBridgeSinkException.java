package dev.pcw.connectors.events.eventbridge;

/** EventBridge refused events in a way no retry can fix; the message says what to check. */
public final class EventBridgeSinkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    EventBridgeSinkException(String message, Throwable cause) {
        super(message, cause);
    }
}
