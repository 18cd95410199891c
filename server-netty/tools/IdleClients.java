import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N idle, registered IRC connections to a server on loopback and holds them, for memory
 * measurements ({@code jcmd <pid> GC.class_histogram} at 0 and at N). One thread, one selector,
 * non-blocking sockets; everything the server sends is read and discarded (so its SendQs stay empty).
 * Ramps at about {@code rate} connections per second (somaxconn is 4096), holds for {@code holdSeconds},
 * then closes everything and exits by itself.
 *
 * <p>Usage: {@code java server-netty/tools/IdleClients.java <port> [n=5000] [holdSeconds=60] [rate=1000] [tcp|ws]}
 * Prints {@code registered <n>} once every connection has its 001 welcome. In {@code ws} mode each
 * connection upgrades to WebSocket (subprotocol {@code text.ircv3.net}) and registers with masked text frames.
 */
public final class IdleClients {
    public static void main(String[] args) throws IOException, InterruptedException {
        int port = Integer.parseInt(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        long holdMillis = (args.length > 2 ? Long.parseLong(args[2]) : 60) * 1000;
        int rate = args.length > 3 ? Integer.parseInt(args[3]) : 1000;
        boolean ws = args.length > 4 && args[4].equals("ws");
        if (n < 1 || n > 15_000) {
            throw new IllegalArgumentException("1 <= n <= 15000 (open-files limit)");
        }
        InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
        Selector selector = Selector.open();
        List<SocketChannel> all = new ArrayList<>(n);
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        int registered = 0;
        int opened = 0;
        long start = System.nanoTime();
        long deadline = Long.MAX_VALUE;
        long hardStop = System.currentTimeMillis() + holdMillis + 300_000; // never run forever
        while (System.currentTimeMillis() < Math.min(deadline, hardStop)) {
            long allowed = Math.min(n, (System.nanoTime() - start) / 1_000_000 * rate / 1000 + 1);
            while (opened < allowed) {
                SocketChannel ch = SocketChannel.open();
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                ch.configureBlocking(false);
                ch.connect(server);
                ch.register(selector, SelectionKey.OP_CONNECT, new int[] {opened, 0});
                all.add(ch);
                opened++;
            }
            selector.select(10);
            for (SelectionKey key : selector.selectedKeys()) {
                SocketChannel ch = (SocketChannel) key.channel();
                int[] state = (int[]) key.attachment(); // [index, welcomed]
                try {
                    if (key.isConnectable() && ch.finishConnect()) {
                        if (ws) {
                            ch.write(ByteBuffer.wrap(("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + port
                                    + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                                    + "Sec-WebSocket-Protocol: text.ircv3.net\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
                        } else {
                            String nick = "idle" + state[0];
                            ch.write(ByteBuffer.wrap(("NICK " + nick + "\r\nUSER " + nick + " 0 * :idle client\r\n")
                                    .getBytes(StandardCharsets.US_ASCII)));
                        }
                        key.interestOps(SelectionKey.OP_READ);
                    } else if (key.isReadable()) {
                        buf.clear();
                        int r = ch.read(buf);
                        if (r < 0) {
                            System.err.println("server closed connection " + state[0]);
                            key.cancel();
                            ch.close();
                            continue;
                        }
                        String got = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII);
                        if (ws && state[1] == 0 && got.startsWith("HTTP/1.1 101")) {
                            String nick = "idle" + state[0];
                            ch.write(ByteBuffer.wrap(frame("NICK " + nick)));
                            ch.write(ByteBuffer.wrap(frame("USER " + nick + " 0 * :idle client")));
                            state[1] = -1; // upgraded, not yet welcomed
                            continue;
                        }
                        if (state[1] <= 0 && got.contains(" 001 ")) {
                            state[1] = 1;
                            registered++;
                            if (registered == n) {
                                System.out.println("registered " + n + " in "
                                        + (System.nanoTime() - start) / 1_000_000 + " ms; holding " + holdMillis / 1000 + " s");
                                deadline = System.currentTimeMillis() + holdMillis;
                            }
                        }
                    }
                } catch (IOException e) {
                    System.err.println("connection " + state[0] + ": " + e);
                    key.cancel();
                    ch.close();
                }
            }
            selector.selectedKeys().clear();
        }
        for (SocketChannel ch : all) {
            ch.close();
        }
        System.out.println("closed " + all.size());
    }

    /** One masked text frame (RFC 6455 client frame; payload < 126 bytes). */
    private static byte[] frame(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {0x11, 0x22, 0x33, 0x44};
        byte[] f = new byte[6 + payload.length];
        f[0] = (byte) 0x81;
        f[1] = (byte) (0x80 | payload.length);
        System.arraycopy(mask, 0, f, 2, 4);
        for (int i = 0; i < payload.length; i++) {
            f[6 + i] = (byte) (payload[i] ^ mask[i & 3]);
        }
        return f;
    }
}
