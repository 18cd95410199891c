package dev.chatscale.loadtest.selfcheck;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A deliberately tiny IRC server for self-checking the load generators (swarm, Gatling simulation,
 * runner) without one of the three real servers: NICK/USER (001 only), JOIN (JOIN echo, 366),
 * PING/PONG, PRIVMSG to a nick or channel (no echo to the sender), QUIT; over TCP and over
 * WebSocket with subprotocol {@code text.ircv3.net}. No validation, no limits, no flow control:
 * NOT a server of the experiment, and never benchmarked as one.
 *
 * <p>Thread-safe: channel membership in concurrent collections; each client confined to its Vert.x context.
 */
public final class MiniIrcServer implements AutoCloseable {
    private static final String NAME = "mini.local";

    private final Vertx vertx;
    private final NetServer tcp;
    private final HttpServer ws;
    private final Map<String, Client> nicks = new ConcurrentHashMap<>();
    private final Map<String, List<Client>> channels = new ConcurrentHashMap<>();

    private static final class Client {
        final Consumer<String> out;
        volatile String nick = "*";

        Client(Consumer<String> out) {
            this.out = out;
        }
    }

    private MiniIrcServer(Vertx vertx, NetServer tcp, HttpServer ws) {
        this.vertx = vertx;
        this.tcp = tcp;
        this.ws = ws;
    }

    /** Starts on 127.0.0.1; port 0 = ephemeral. */
    public static MiniIrcServer start(int tcpPort, int wsPort) throws Exception {
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
        NetServer tcp = vertx.createNetServer();
        HttpServer ws = vertx.createHttpServer(new HttpServerOptions().addWebSocketSubProtocol("text.ircv3.net"));
        MiniIrcServer server = new MiniIrcServer(vertx, tcp, ws);
        tcp.connectHandler(server::onTcp);
        ws.webSocketHandler(server::onWebSocket);
        tcp.listen(tcpPort, "127.0.0.1").await(10, TimeUnit.SECONDS);
        ws.listen(wsPort, "127.0.0.1").await(10, TimeUnit.SECONDS);
        return server;
    }

    public int tcpPort() {
        return tcp.actualPort();
    }

    public int wsPort() {
        return ws.actualPort();
    }

    private void onTcp(NetSocket socket) {
        Client c = new Client(line -> socket.write(line + "\r\n"));
        socket.handler(RecordParser.newDelimited("\n", b -> {
            String line = b.toString(StandardCharsets.UTF_8);
            onLine(c, line.endsWith("\r") ? line.substring(0, line.length() - 1) : line, socket::close);
        }));
        socket.closeHandler(v -> gone(c));
    }

    private void onWebSocket(ServerWebSocket socket) {
        Client c = new Client(socket::writeTextMessage);
        socket.textMessageHandler(line -> onLine(c, line, socket::close));
        socket.closeHandler(v -> gone(c));
    }

    private void onLine(Client c, String line, Runnable close) {
        String[] parts = line.split(" ", 3);
        String verb = parts[0].toUpperCase(Locale.ROOT);
        String arg = parts.length > 1 ? parts[1] : "";
        String rest = parts.length > 2 ? parts[2] : "";
        switch (verb) {
            case "NICK" -> {
                c.nick = arg;
                nicks.put(arg, c);
            }
            case "USER" -> c.out.accept(":" + NAME + " 001 " + c.nick + " :Welcome " + c.nick);
            case "PING" -> c.out.accept(":" + NAME + " PONG " + NAME + " :" + strip(line.substring(5)));
            case "JOIN" -> {
                List<Client> members = channels.computeIfAbsent(arg, k -> new CopyOnWriteArrayList<>());
                members.add(c);
                String join = ":" + c.nick + "!~u@127.0.0.1 JOIN " + arg;
                members.forEach(m -> m.out.accept(join));
                c.out.accept(":" + NAME + " 366 " + c.nick + " " + arg + " :End of /NAMES list");
            }
            case "PRIVMSG" -> {
                String msg = ":" + c.nick + "!~u@127.0.0.1 PRIVMSG " + arg + " " + rest;
                if (arg.startsWith("#")) {
                    channels.getOrDefault(arg, List.of()).forEach(m -> {
                        if (m != c) {
                            m.out.accept(msg);
                        }
                    });
                } else {
                    Client to = nicks.get(arg);
                    if (to != null) {
                        to.out.accept(msg);
                    }
                }
            }
            case "QUIT" -> close.run();
            default -> { }
        }
    }

    private static String strip(String s) {
        return s.startsWith(":") ? s.substring(1) : s;
    }

    private void gone(Client c) {
        nicks.remove(c.nick, c);
        channels.values().forEach(members -> members.remove(c));
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Runs the mini server until killed: {@code MiniIrcServer [tcpPort [wsPort]]}. */
    public static void main(String[] args) throws Exception {
        MiniIrcServer s = start(args.length > 0 ? Integer.parseInt(args[0]) : 0,
                args.length > 1 ? Integer.parseInt(args[1]) : 0);
        System.out.println("chatscale mini ready transport=vertx irc=127.0.0.1:" + s.tcpPort()
                + " ws=127.0.0.1:" + s.wsPort() + " pid=" + ProcessHandle.current().pid());
        Thread.currentThread().join();
    }
}
