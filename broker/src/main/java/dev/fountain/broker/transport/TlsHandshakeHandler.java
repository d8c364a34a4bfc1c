package dev.fountain.broker.transport;

import dev.fountain.broker.config.Tls;
import dev.fountain.broker.log.BrokerLog;
import dev.fountain.broker.security.TlsIdentity;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.net.InetSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Follows the TLS handshake of one connection, then leaves the pipeline. A failed handshake is
 * logged once, with the client's address and the reason, and the exception Netty raises after it
 * is not passed on, where it would be logged again as a malformed packet. A successful one hands
 * the client certificate's identity to the CONNECT handler ({@link TlsIdentity}) on listeners that
 * use it as the user name.
 */
final class TlsHandshakeHandler extends ChannelInboundHandlerAdapter {

    private final Tls.Username username;
    private final BrokerLog log;
    private boolean refused;

    TlsHandshakeHandler(Tls.Username username, BrokerLog log) {
        this.username = username;
        this.log = log;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (!(event instanceof SslHandshakeCompletionEvent handshake)) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (!handshake.isSuccess()) {
            refuse(ctx, "failed the TLS handshake: " + reason(handshake.cause()));
            return;
        }
        if (username != Tls.Username.CONNECT && !takeIdentity(ctx)) {
            return;
        }
        ctx.pipeline().remove(this);
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!refused) {
            ctx.fireExceptionCaught(cause);
        }
    }

    private boolean takeIdentity(ChannelHandlerContext ctx) {
        try {
            SslHandler tls = ctx.pipeline().get(SslHandler.class);
            X509Certificate certificate = (X509Certificate) tls.engine().getSession().getPeerCertificates()[0];
            String name = TlsIdentity.from(certificate, username);
            if (name == null) {
                refuse(ctx, "refused: its certificate's subject '" + certificate.getSubjectX500Principal().getName()
                        + "' has no CN to use as its user name (use_identity_as_username)");
                return false;
            }
            ctx.channel().attr(TlsIdentity.USERNAME).set(name);
            return true;
        } catch (SSLPeerUnverifiedException e) {
            refuse(ctx, "refused: it presented no certificate to take its user name from");
            return false;
        }
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        refused = true;
        log.notice("Client <unknown> from " + remote(ctx.channel()) + " " + why + ".");
        ctx.close();
    }

    private static String reason(Throwable cause) {
        if (cause instanceof NotSslRecordException) {
            return "it does not speak TLS (an unencrypted client on a TLS port?)";
        }
        if (cause instanceof ClosedChannelException) {
            return "it closed the connection";
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }

    /** The address as the protocol layer's log lines write it. */
    static String remote(Channel channel) {
        if (channel.remoteAddress() instanceof InetSocketAddress address) {
            return address.getAddress().getHostAddress() + ":" + address.getPort();
        }
        return String.valueOf(channel.remoteAddress());
    }
}
