package dev.fountain.app.connector;

import dev.fountain.broker.Broker;
import dev.fountain.broker.local.LocalClient;
import dev.fountain.broker.local.Metadata;
import dev.fountain.broker.local.NotAuthorisedException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The embedded broker as a {@link Connector}: each route is its own in-process client, a clean
 * session not registered under its client id (so no network client can take it over), subscribed
 * in the same index as network clients; a message that matches two routes reaches both.
 * Publishes go through one in-process client of their own. All of them are the broker's ACL user
 * {@code aclUser} ({@code null}: anonymous), checked like a network client with that user name.
 */
public final class EmbeddedConnector implements Connector {

    private static final String PREFIX = "fountain/";
    /** The publishing client's: it never subscribes, so nothing arrives. */
    private static final Receiver SUBSCRIBES_NOTHING = new Receiver() {
        @Override
        public void receive(Delivery delivery) {
            delivery.done();
        }

        @Override
        public boolean ready() {
            return true;
        }
    };

    private final Broker broker;
    private final String aclUser;
    private final LocalClient publisher;
    private final List<LocalClient> clients = new CopyOnWriteArrayList<>();

    public EmbeddedConnector(Broker broker, String aclUser) {
        this.broker = broker;
        this.aclUser = aclUser;
        this.publisher = broker.localClient(PREFIX + "publisher", aclUser, adapt(SUBSCRIBES_NOTHING));
    }

    @Override
    public Subscription subscribe(String name, String filter, int qos, Receiver receiver) {
        LocalClient client = broker.localClient(PREFIX + name, aclUser, adapt(receiver));
        clients.add(client);
        CompletableFuture<Void> subscribed;
        try {
            subscribed = client.subscribe(filter, qos);
        } catch (IllegalArgumentException refused) {
            clients.remove(client);
            client.close();
            throw refused;
        }
        return new Subscription() {
            @Override
            public CompletableFuture<Void> subscribed() {
                return subscribed;
            }

            @Override
            public void resume() {
                client.resume();
            }

            @Override
            public void close() {
                clients.remove(client);
                client.close();
            }
        };
    }

    @Override
    public void publish(String topic, byte[] payload, int qos, boolean retain, byte[] correlationData) {
        try {
            publisher.publish(topic, payload, qos, retain,
                    correlationData == null ? Metadata.NONE : Metadata.correlation(correlationData));
        } catch (NotAuthorisedException refused) {
            throw new PublishRefusedException(refused.getMessage(), refused);
        }
    }

    @Override
    public void close() {
        clients.forEach(LocalClient::close);
        clients.clear();
        publisher.close();
    }

    private static dev.fountain.broker.local.Receiver adapt(Receiver receiver) {
        return new dev.fountain.broker.local.Receiver() {
            @Override
            public void receive(dev.fountain.broker.local.Delivery delivery) {
                receiver.receive(new LocalDelivery(delivery));
            }

            @Override
            public boolean ready() {
                return receiver.ready();
            }
        };
    }

    /** A broker delivery as the runtime reads it; the payload stays the broker's shared buffer. */
    private record LocalDelivery(dev.fountain.broker.local.Delivery delivery) implements Delivery {
        @Override
        public String topic() {
            return delivery.topic();
        }

        @Override
        public int qos() {
            return delivery.qos();
        }

        @Override
        public boolean retained() {
            return delivery.retain();
        }

        @Override
        public boolean duplicate() {
            return delivery.duplicate();
        }

        @Override
        public ByteBuffer payload() {
            return delivery.payload();
        }

        @Override
        public byte[] payloadBytes() {
            return delivery.payloadBytes();
        }

        @Override
        public String payloadString() {
            return delivery.payloadString();
        }

        @Override
        public String contentType() {
            return delivery.contentType();
        }

        @Override
        public String responseTopic() {
            return delivery.responseTopic();
        }

        @Override
        public byte[] correlationData() {
            return delivery.correlationData();
        }

        @Override
        public String userProperty(String name) {
            return delivery.userProperty(name);
        }

        @Override
        public void done() {
            delivery.done();
        }
    }
}
