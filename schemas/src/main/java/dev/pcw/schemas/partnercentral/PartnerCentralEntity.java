package dev.pcw.schemas.partnercentral;

/**
 * The Partner Central Selling entities pcw syncs; {@link #configName()} is how {@code
 * connectors.yaml} and bronze paths name them.
 */
public enum PartnerCentralEntity {
    OPPORTUNITIES("opportunities", "Opportunity"),
    SOLUTIONS("solutions", "Solution"),
    ENGAGEMENT_INVITATIONS("engagement_invitations", "EngagementInvitation"),
    ENGAGEMENTS("engagements", "Engagement");

    private final String configName;
    private final String apiName;

    PartnerCentralEntity(String configName, String apiName) {
        this.configName = configName;
        this.apiName = apiName;
    }

    /** The lower-case name used in configuration, paths and table names. */
    public String configName() {
        return configName;
    }

    /** The singular name the API uses in operation names ({@code Get<apiName>}). */
    public String apiName() {
        return apiName;
    }

    /**
     * Parses a configured entity name.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static PartnerCentralEntity parse(String value) {
        for (PartnerCentralEntity e : values()) {
            if (e.configName.equalsIgnoreCase(value == null ? "" : value.trim())) {
                return e;
            }
        }
        StringBuilder names = new StringBuilder();
        for (PartnerCentralEntity e : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(e.configName);
        }
        throw new IllegalArgumentException(
                "Unknown Partner Central entity '" + value + "': use one of " + names);
    }
}
