package dev.pcw.sidecar;

import io.javalin.security.RouteRole;
import java.util.Locale;

/** Who may call a route: anyone ({@link #OPEN}), or a principal holding the role. */
public enum Role implements RouteRole {
    OPEN,
    VIEWER,
    REQUESTER,
    APPROVER,
    ADMIN;

    /** The role's name as keys and tokens carry it ({@code viewer}, …). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
