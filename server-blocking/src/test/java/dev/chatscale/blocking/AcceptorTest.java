package dev.chatscale.blocking;

import static dev.chatscale.blocking.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class AcceptorTest {
    private final List<Socket> handedOff = new CopyOnWriteArrayList<>();
    private final List<Socket> clients = new CopyOnWriteArrayList<>();
    private ServerSocket listener;
    private Thread acceptorThread;
    private Acceptor acceptor;

    /** A listener whose first {@code failures} accepts fail like accept(2) with EMFILE. */
    private static class ExhaustedServerSocket extends ServerSocket {
        private final AtomicInteger failuresLeft;

        ExhaustedServerSocket(int failures) throws IOException {
            super(0, 50, InetAddress.getLoopbackAddress());
            this.failuresLeft = new AtomicInteger(failures);
        }

        @Override
        public Socket accept() throws IOException {
            if (failuresLeft.getAndDecrement() > 0) {
                fail();
            }
            return super.accept();
        }

        void fail() throws IOException {
            throw new SocketException("Too many open files");
        }
    }

    private static byte[] serverFull(String ip) {
        return ("ERROR :Closing Link: " + ip + " (Server full)\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private void start(ServerSocket server, Admission permits, Acceptor.Handler handler) {
        listener = server;
        acceptor = new Acceptor("irc", server, permits, 0, handler, AcceptorTest::serverFull, Thread.ofVirtual().factory());
        acceptorThread = Thread.ofPlatform().name("acceptor-test").start(acceptor);
    }

    private void start(Admission permits) throws IOException {
        start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), permits, handedOff::add);
    }

    @AfterEach
    void stop() throws Exception {
        if (listener != null) {
            listener.close();
        }
        if (acceptorThread != null) {
            acceptorThread.join(10_000);
            assertThat(acceptorThread.isAlive()).as("acceptor stops when its socket closes").isFalse();
        }
        for (Socket s : handedOff) {
            s.close();
        }
        for (Socket s : clients) {
            s.close();
        }
    }

    private Socket connect() throws IOException {
        Socket s = new Socket();
        clients.add(s);
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()), 5_000);
        s.setSoTimeout(10_000);
        return s;
    }

    private static String readToEnd(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }


    @Test
    void aConnectionWithAPermitIsHandedOffAndKeepsThePermit() throws Exception {
        Admission permits = new Admission(3, 1);
        start(permits);
        connect();
        connect();
        await(() -> handedOff.size() == 2);
        assertThat(permits.available()).as("one held by each connection, one by the acceptor").isZero();
    }

    @Test
    void awaitStoppedTellsWhenTheLoopHasEndedAndGivenItsReservationBack() throws Exception {
        Admission permits = new Admission(2, 1);
        start(permits);
        connect();
        await(() -> handedOff.size() == 1);
        assertThat(acceptor.awaitStopped(TimeUnit.MILLISECONDS.toNanos(20))).as("still accepting").isFalse();

        listener.close();
        assertThat(acceptor.awaitStopped(TimeUnit.SECONDS.toNanos(10))).isTrue();
        assertThat(permits.available()).as("only the handed-off connection holds one").isEqualTo(1);
    }

    @Test
    void whenFullAClientIsToldServerFullAndClosed() throws Exception {
        Admission permits = new Admission(1, 1);
        start(permits);
        connect();
        await(() -> handedOff.size() == 1);
        Socket refused = connect();
        assertThat(readToEnd(refused)).isEqualTo("ERROR :Closing Link: 127.0.0.1 (Server full)\r\n");
        assertThat(handedOff).hasSize(1);
        assertThat(acceptor.refused()).isEqualTo(1);
    }

    @Test
    void aRefusedClientThatAlreadySentDataStillReadsTheRefusal() throws Exception {
        Admission permits = new Admission(0, 1);
        start(permits);
        Socket refused = connect();
        refused.getOutputStream().write("NICK alice\r\nUSER a 0 * :A\r\n".getBytes(StandardCharsets.US_ASCII));
        InputStream in = refused.getInputStream();
        String expected = "ERROR :Closing Link: 127.0.0.1 (Server full)\r\n";
        assertThat(new String(in.readNBytes(expected.length()), StandardCharsets.UTF_8)).isEqualTo(expected);
    }

    @Test
    void aFreedPermitAdmitsTheNextClient() throws Exception {
        Admission permits = new Admission(1, 1);
        start(permits);
        connect();
        await(() -> handedOff.size() == 1);
        assertThat(readToEnd(connect())).contains("Server full");
        permits.release(); // the first connection closed
        connect();
        await(() -> handedOff.size() == 2);
    }

    @Test
    void tooManyOpenFilesBacksOffAndRecoversWithoutLeakingPermits() throws Exception {
        Admission permits = new Admission(2, 1);
        start(new ExhaustedServerSocket(4), permits, handedOff::add);
        connect(); // waits in the backlog while accept fails (10+20+40+80 ms of back-off)
        await(() -> handedOff.size() == 1);
        assertThat(acceptor.failedAccepts()).isEqualTo(4);
        assertThat(permits.available()).as("one for the connection, one held for the next accept").isZero();
        listener.close();
        acceptorThread.join(10_000);
        assertThat(permits.available()).as("the acceptor returns the permit it held").isEqualTo(1);
    }

    @Test
    void anErrorOutOfAcceptIsBackedOffLikeAnyFailureAndDoesNotEndTheLoop() throws Exception {
        // seen for real: out of descriptors, the JDK's lazy loading of files (time zone data for a
        // log line, the virtual-thread poller) fails with an Error rather than an IOException
        Admission permits = new Admission(2, 1);
        start(new ExhaustedServerSocket(2) {
            @Override
            void fail() {
                throw new Error("java.io.FileNotFoundException: tzdb.dat (Too many open files)");
            }
        }, permits, handedOff::add);
        connect();
        await(() -> handedOff.size() == 1);
        assertThat(acceptor.failedAccepts()).isEqualTo(2);
        assertThat(acceptorThread.isAlive()).isTrue();
    }

    @Test
    void aHandlerThatFailsGetsItsSocketClosedAndItsPermitBack() throws Exception {
        Admission permits = new Admission(1, 1);
        start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), permits, socket -> {
            throw new IOException("cannot serve");
        });
        Socket client = connect();
        assertThat(client.getInputStream().read()).isEqualTo(-1);
        listener.close();
        acceptorThread.join(10_000);
        assertThat(permits.available()).isEqualTo(1);
    }
}
