package dev.fountain.broker.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.fountain.broker.config.Tls;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.log.LogDestination;
import dev.fountain.broker.log.LogType;
import dev.fountain.broker.security.TlsIdentity;
import dev.fountain.broker.testing.TestCertificates;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The user name a client certificate gives ({@code use_identity_as_username},
 * {@code use_subject_as_username}), as the first MQTT stage behind the TLS stages finds it on the
 * channel: set before the first byte of the CONNECT is read.
 */
class TlsIdentityTest {

    @TempDir
    static Path certificatesDir;
    private static TestCertificates certificates;

    @TempDir
    Path dir;

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final CompletableFuture<String> seenByFirstRead = new CompletableFuture<>();
    private BrokerLog log;

    @BeforeAll
    static void makeCertificates() throws Exception {
        certificates = TestCertificates.create(certificatesDir);
    }

    @AfterEach
    void stop() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        if (log != null) {
            log.close();
        }
    }

    /** A server with the listener's TLS stages and, behind them, a stage that records the identity. */
    private int serve(Tls.Username username) throws Exception {
        log = BrokerLog.open(LogType.all(), List.of(LogDestination.file(dir.resolve("broker.log"))), true, null);
        Tls tls = Tls.builder(certificates.server.cert(), certificates.server.key()).caFile(certificates.ca.cert())
                .requireCertificate(true).username(username).build();
        ServerTls serverTls = ServerTls.create(tls, log);
        Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        serverTls.addTo(channel.pipeline());
                        channel.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ReferenceCountUtil.release(msg);
                                seenByFirstRead.complete(TlsIdentity.username(ctx.channel()));
                            }
                        });
                    }
                })
                .bind("127.0.0.1", 0).sync().channel();
        return ((InetSocketAddress) server.localAddress()).getPort();
    }

    private void sendOneByte(int port, TestCertificates.Pair client) throws Exception {
        try (SSLSocket socket = (SSLSocket) certificates.clientContext("TLS", client).getSocketFactory()
                .createSocket("127.0.0.1", port)) {
            socket.getOutputStream().write(0x10);
            socket.getOutputStream().flush();
            seenByFirstRead.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void useIdentityAsUsernameGivesTheCommonName() throws Exception {
        sendOneByte(serve(Tls.Username.CERTIFICATE_COMMON_NAME), certificates.alice);

        assertThat(seenByFirstRead.get()).isEqualTo("alice");
    }

    @Test
    void useSubjectAsUsernameGivesTheWholeSubject() throws Exception {
        sendOneByte(serve(Tls.Username.CERTIFICATE_SUBJECT), certificates.alice);

        assertThat(seenByFirstRead.get()).isEqualTo("CN=alice,OU=Devices,O=Fountain");
    }

    @Test
    void withoutEitherTheConnectKeepsItsUserName() throws Exception {
        sendOneByte(serve(Tls.Username.CONNECT), certificates.alice);

        assertThat(seenByFirstRead.get()).isNull();
    }

    @Test
    void aCertificateWithoutCommonNameIsRefusedBeforeAnyByteIsRead() throws Exception {
        int port = serve(Tls.Username.CERTIFICATE_COMMON_NAME);
        try (SSLSocket socket = (SSLSocket) certificates.clientContext("TLS", certificates.nameless)
                .getSocketFactory().createSocket("127.0.0.1", port)) {
            socket.setSoTimeout(5000);

            assertThat(socket.getInputStream().read()).isEqualTo(-1);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> Files.readString(dir.resolve("broker.log")).contains(
                "refused: its certificate's subject 'OU=Devices,O=Fountain' has no CN to use as its user name "
                        + "(use_identity_as_username)."));
        assertThat(seenByFirstRead).isNotDone();
    }
}
