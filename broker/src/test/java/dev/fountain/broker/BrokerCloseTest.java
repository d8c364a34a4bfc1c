package dev.fountain.broker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.fountain.broker.testing.RawClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;

/**
 * Closing the broker closes every connection at once, connected clients' and those that have not
 * sent CONNECT yet: a client sees the end of the stream, and so learns its broker is gone without
 * waiting for its keep alive to run out. Repeated, since the connections of one event loop were left
 * open in about a third of the runs before the broker closed them itself.
 */
class BrokerCloseTest {

    @RepeatedTest(20)
    void everyConnectedClientSeesTheConnectionClose() throws Exception {
        Broker broker = Broker.builder().port(0).build().start();
        List<RawClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                clients.add(i % 2 == 0 ? RawClient.connect(broker.port(), "client-" + i) : RawClient.open(broker.port()));
            }
        } finally {
            broker.close();
        }
        List<Integer> open = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            if (!clients.get(i).closedByBroker()) {
                open.add(i);
            }
            clients.get(i).close();
        }
        assertThat(open).as("clients the broker left open").isEmpty();
    }
}
