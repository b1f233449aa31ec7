package dev.pcw.connectors.partnercentral.simulator.junit;

import dev.pcw.connectors.partnercentral.simulator.PartnerCentralSimulator;
import dev.pcw.connectors.partnercentral.simulator.SimulatorClients;
import dev.pcw.connectors.partnercentral.simulator.SimulatorConfig;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.services.partnercentralselling.PartnerCentralSellingClient;

/**
 * Starts a {@link PartnerCentralSimulator} on a free loopback port before a test class and stops it
 * after. Before each test it puts the faults and quotas back to the configured ones and zeroes the
 * call counters, so tests do not see each other's knobs. The data is shared by the class: tests
 * that change records must not rely on others' changes.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PartnerCentralSimulatorExtension SIM =
 *         new PartnerCentralSimulatorExtension(SimulatorConfig.builder().opportunities(300));
 * }</pre>
 */
public final class PartnerCentralSimulatorExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {
    private final SimulatorConfig config;
    private PartnerCentralSimulator simulator;
    private PartnerCentralSellingClient client;

    /** The builder's settings, always on 127.0.0.1 and a free port. */
    public PartnerCentralSimulatorExtension(SimulatorConfig.Builder config) {
        this.config = config.host("127.0.0.1").port(0).build();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        simulator = PartnerCentralSimulator.start(config);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        simulator.setFaults(config.faults());
        simulator.setQuotas(config.quotas());
        simulator.accounting().reset();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (client != null) {
            client.close();
            client = null;
        }
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    public PartnerCentralSimulator simulator() {
        return simulator;
    }

    public URI endpoint() {
        return simulator.endpoint();
    }

    /** A shared SDK client with the SDK's default retry policy. */
    public synchronized PartnerCentralSellingClient client() {
        if (client == null) {
            client = SimulatorClients.builder(endpoint()).build();
        }
        return client;
    }
}
