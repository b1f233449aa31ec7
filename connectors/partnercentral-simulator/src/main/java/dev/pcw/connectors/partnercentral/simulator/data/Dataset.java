package dev.pcw.connectors.partnercentral.simulator.data;

import dev.pcw.schemas.partnercentral.PartnerCentralEntity;

/** The records of one catalog: one {@link EntityStore} per entity and the generator behind them. */
public final class Dataset {
    private final String catalog;
    private final DataGenerator generator;
    private final EntityStore opportunities = new EntityStore();
    private final EntityStore solutions = new EntityStore();
    private final EntityStore invitations = new EntityStore();
    private final EntityStore engagements = new EntityStore();

    private Dataset(String catalog, DataGenerator generator) {
        this.catalog = catalog;
        this.generator = generator;
    }

    /**
     * Generates a catalog's records.
     *
     * @param sizes opportunities, solutions, engagements, invitations
     */
    public static Dataset generate(
            long seed, String catalog, String accountId, long anchorMillis, int[] sizes) {
        DataGenerator gen = new DataGenerator(seed, catalog, accountId, anchorMillis);
        Dataset d = new Dataset(catalog, gen);
        gen.populate(d, sizes[0], sizes[1], sizes[2], sizes[3]);
        return d;
    }

    public String catalog() {
        return catalog;
    }

    DataGenerator generator() {
        return generator;
    }

    public EntityStore opportunities() {
        return opportunities;
    }

    public EntityStore solutions() {
        return solutions;
    }

    public EntityStore invitations() {
        return invitations;
    }

    public EntityStore engagements() {
        return engagements;
    }

    /**
     * Runs {@code work} with a batch open on every store: its changes are visible to other readers
     * all at once when it returns (or fails).
     */
    public <T> T inBatch(java.util.function.Supplier<T> work) {
        EntityStore[] stores = {opportunities, solutions, invitations, engagements};
        int opened = 0;
        try {
            for (EntityStore s : stores) {
                s.openBatch();
                opened++;
            }
            return work.get();
        } finally {
            for (int i = 0; i < opened; i++) {
                stores[i].closeBatch();
            }
        }
    }

    public EntityStore store(PartnerCentralEntity entity) {
        switch (entity) {
            case OPPORTUNITIES:
                return opportunities;
            case SOLUTIONS:
                return solutions;
            case ENGAGEMENT_INVITATIONS:
                return invitations;
            case ENGAGEMENTS:
                return engagements;
            default:
                throw new IllegalArgumentException(entity.toString());
        }
    }
}
