package dev.fountain.broker.transport;

import dev.fountain.broker.http.HttpEndpoint;
import dev.fountain.broker.http.HttpEndpoints;
import dev.fountain.broker.http.HttpReply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.stream.ChunkedNioFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Date;

/**
 * Answers the plain HTTP requests of a WebSocket listener: GET and HEAD from its {@code http_dir}
 * through {@link StaticFiles}, 404 for every path when it has none, 405 for other methods.
 * WebSocket upgrade requests, whatever their path, pass on to the handshake: Mosquitto takes MQTT
 * on any path, and clients use both {@code /} and {@code /mqtt}. Files are streamed in chunks as
 * the connection drains (a ChunkedWriteHandler sits in front), and revalidated on every use
 * ({@code no-cache}), which is what a page under development needs.
 */
final class StaticFileHandler extends ChannelInboundHandlerAdapter {

    private static final int CHUNK = 16 * 1024;

    private final StaticFiles files;
    private final HttpEndpoints endpoints;
    /** Responses still being written; an upgrade must not overtake them. */
    private int writing;

    /**
     * @param files the directory to serve, or {@code null} to answer every request 404
     * @param endpoints {@code /metrics}, {@code /health/*} and the status page, which win over files
     *     of the same path; or {@code null} where the listener serves none
     */
    StaticFileHandler(StaticFiles files, HttpEndpoints endpoints) {
        this.files = files;
        this.endpoints = endpoints;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (request.decoderResult().isSuccess() && isUpgrade(request.headers())) {
            if (writing > 0) {
                // Pipelined behind a file: switching protocols now would cut that file short.
                request.release();
                ctx.close();
                return;
            }
            ctx.fireChannelRead(request);
            return;
        }
        try {
            respond(ctx, request);
        } finally {
            request.release();
        }
    }

    private static boolean isUpgrade(HttpHeaders headers) {
        return headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
    }

    private void respond(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (request.decoderResult().isFailure()) {
            write(ctx, response(request, HttpResponseStatus.BAD_REQUEST), false);
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        HttpMethod method = request.method();
        if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
            HttpResponse response = response(request, HttpResponseStatus.METHOD_NOT_ALLOWED);
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            write(ctx, response, keepAlive);
            return;
        }
        HttpEndpoint endpoint = endpoints == null ? null : endpoints.find(request.uri());
        if (endpoint != null) {
            answer(ctx, endpoint, request.method().equals(HttpMethod.HEAD), keepAlive);
            return;
        }
        StaticFiles.Result result = files == null ? StaticFiles.NOT_FOUND : files.resolve(request.uri());
        if (result instanceof StaticFiles.Found found) {
            sendFile(ctx, request, found, keepAlive);
        } else if (result instanceof StaticFiles.Redirect redirect) {
            HttpResponse response = response(request, HttpResponseStatus.MOVED_PERMANENTLY);
            response.headers().set(HttpHeaderNames.LOCATION, redirect.location());
            write(ctx, response, keepAlive);
        } else {
            boolean notFound = ((StaticFiles.Refused) result).notFound();
            write(ctx, response(request, notFound ? HttpResponseStatus.NOT_FOUND : HttpResponseStatus.BAD_REQUEST),
                    keepAlive);
        }
    }

    private void sendFile(ChannelHandlerContext ctx, FullHttpRequest request, StaticFiles.Found found,
            boolean keepAlive) {
        FileChannel file = null;
        ChunkedNioFile chunks;
        long modified;
        try {
            file = FileChannel.open(found.file());
            chunks = new ChunkedNioFile(file, 0, file.size(), CHUNK);
            // HTTP dates have whole seconds.
            modified = Files.getLastModifiedTime(found.file()).toMillis() / 1000 * 1000;
        } catch (IOException e) {
            closeQuietly(file);
            write(ctx, response(request, HttpResponseStatus.NOT_FOUND), keepAlive);
            return;
        }
        String ifModifiedSince = request.headers().get(HttpHeaderNames.IF_MODIFIED_SINCE);
        // Netty parses up to 64 characters and throws beyond; no HTTP date is that long.
        Date since = ifModifiedSince == null || ifModifiedSince.length() > 64 ? null
                : DateFormatter.parseHttpDate(ifModifiedSince);
        boolean unchanged = since != null && modified <= since.getTime();
        boolean head = request.method().equals(HttpMethod.HEAD);
        HttpResponse response = unchanged ? response(request, HttpResponseStatus.NOT_MODIFIED)
                : head ? response(request, HttpResponseStatus.OK)
                : new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, found.contentType())
                .set(HttpHeaderNames.CONTENT_LENGTH, chunks.length())
                .set(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(new Date(modified)));
        if (unchanged || head) {
            if (unchanged) {
                response.headers().remove(HttpHeaderNames.CONTENT_TYPE).remove(HttpHeaderNames.CONTENT_LENGTH);
            }
            closeQuietly(file);
            write(ctx, response, keepAlive);
            return;
        }
        response.headers()
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff");
        HttpUtil.setKeepAlive(response, keepAlive);
        ctx.write(response);
        writing++;
        ctx.writeAndFlush(new HttpChunkedInput(chunks)).addListener((ChannelFutureListener) future -> {
            writing--;
            if (!keepAlive || !future.isSuccess()) {
                future.channel().close();
            }
        });
    }

    /** Answers from an endpoint, which runs off the event loop; the reply is written back on it. */
    private void answer(ChannelHandlerContext ctx, HttpEndpoint endpoint, boolean head, boolean keepAlive) {
        writing++;
        endpoints.answer(endpoint, reply -> ctx.executor().execute(() -> {
            ByteBuf body = head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body());
            DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.valueOf(reply.status()), body);
            response.headers()
                    .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                    .set(HttpHeaderNames.CONTENT_LENGTH, reply.body().length)
                    .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                    .set("X-Content-Type-Options", "nosniff");
            if (reply.status() == 301) {
                response.headers().set(HttpHeaderNames.LOCATION, new String(reply.body(), StandardCharsets.UTF_8));
                response.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
                response.content().clear();
            }
            HttpUtil.setKeepAlive(response, keepAlive);
            ctx.writeAndFlush(response).addListener((ChannelFutureListener) future -> {
                writing--;
                if (!keepAlive || !future.isSuccess()) {
                    future.channel().close();
                }
            });
        }));
    }

    /** A response with a one-line text body, or none for HEAD, whose headers the caller may add to. */
    private static HttpResponse response(FullHttpRequest request, HttpResponseStatus status) {
        byte[] text = (status + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuf body = request.method().equals(HttpMethod.HEAD) || status == HttpResponseStatus.NOT_MODIFIED
                ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(text);
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, body);
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .set(HttpHeaderNames.CONTENT_LENGTH, text.length)
                .set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE)
                .set("X-Content-Type-Options", "nosniff");
        return response;
    }

    private static void write(ChannelHandlerContext ctx, HttpResponse response, boolean keepAlive) {
        HttpUtil.setKeepAlive(response, keepAlive);
        ChannelFuture written = ctx.write(response);
        if (!keepAlive) {
            written.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
        ctx.fireChannelReadComplete();
    }

    private static void closeQuietly(FileChannel file) {
        if (file == null) {
            return;
        }
        try {
            file.close();
        } catch (IOException e) {
            // Nothing is read from it any more; there is nothing else to do.
        }
    }
}
