package vn.cantho.ioc.sim;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator's MQTT 3.1.1 connection: CONNECT, QoS 1 PUBLISH, PUBACK, DISCONNECT and
 * nothing else. Publishes go into a 64 KiB buffer and reach the socket when it fills, or before the
 * caller waits (for the window, or to keep a rate), so many messages share one system call. Paho,
 * which the simulators use, writes and flushes every message; on two shared cores that made the
 * generator the largest CPU user of the benchmark, charging its cost to the system under test.
 *
 * <p>One thread publishes; a second reads acknowledgements. Not for devices: no reconnect, no
 * keep-alive, no TLS.
 */
final class PipelinedPublisher implements AutoCloseable {
  private static final int PUBLISH_QOS1 = 0x32;
  private static final int PUBACK = 0x40;
  private static final int CONNACK = 0x20;

  private final Socket socket;
  private final OutputStream out;
  private final Semaphore window;
  private final int windowSize;
  private final AtomicLong acknowledged = new AtomicLong();
  private final Thread reader;
  private volatile IOException readError;
  private int nextPacketId = 1;

  private PipelinedPublisher(Socket socket, int windowSize) throws IOException {
    this.socket = socket;
    this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
    this.windowSize = windowSize;
    this.window = new Semaphore(windowSize);
    this.reader = new Thread(this::readAcks, "puback-reader");
    this.reader.setDaemon(true);
  }

  /** Connects with a clean session; {@code window} publishes may await their PUBACK at once. */
  static PipelinedPublisher connect(String brokerUri, String clientId, int window)
      throws IOException {
    URI uri = URI.create(brokerUri);
    Socket socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 10_000);
    PipelinedPublisher publisher = new PipelinedPublisher(socket, window);
    try {
      publisher.handshake(clientId);
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    publisher.reader.start();
    return publisher;
  }

  private void handshake(String clientId) throws IOException {
    byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
    byte[] protocol = {0, 4, 'M', 'Q', 'T', 'T', 4, 0x02, 0, 0}; // level 4, clean, no keep-alive
    out.write(0x10);
    writeLength(protocol.length + 2 + id.length);
    out.write(protocol);
    writeString(id);
    out.flush();
    DataInputStream in = new DataInputStream(socket.getInputStream());
    int type = in.readUnsignedByte();
    int length = in.readUnsignedByte();
    byte[] body = new byte[length];
    in.readFully(body);
    if (type != CONNACK || length != 2 || body[1] != 0) {
      throw new IOException("broker refused the connection (CONNACK return code " + body[1] + ")");
    }
  }

  /** Queues one QoS 1 publish; blocks while the window is full. */
  void publish(byte[] topic, byte[] payload) throws IOException, InterruptedException {
    if (!window.tryAcquire()) {
      out.flush(); // the acks we wait for need the broker to see what is buffered
      while (!window.tryAcquire(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        failIfReaderDied();
      }
    }
    int packetId = nextPacketId;
    nextPacketId = nextPacketId == 0xFFFF ? 1 : nextPacketId + 1;
    out.write(PUBLISH_QOS1);
    writeLength(2 + topic.length + 2 + payload.length);
    writeString(topic);
    out.write(packetId >> 8);
    out.write(packetId & 0xFF);
    out.write(payload);
  }

  /** Sends what is buffered; call before the publishing thread sleeps. */
  void flush() throws IOException {
    out.flush();
  }

  /** Publishes acknowledged by the broker so far. */
  long acknowledged() {
    return acknowledged.get();
  }

  /** Flushes and waits until every publish is acknowledged. */
  void awaitAcks() throws IOException, InterruptedException {
    out.flush();
    while (!window.tryAcquire(windowSize, 100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
      failIfReaderDied();
    }
    window.release(windowSize);
  }

  private void failIfReaderDied() throws IOException {
    if (readError != null) {
      throw new IOException("connection lost", readError);
    }
  }

  private void readAcks() {
    try (DataInputStream in =
        new DataInputStream(new BufferedInputStream(socket.getInputStream(), 16 * 1024))) {
      while (true) {
        int type = in.readUnsignedByte();
        int length = readLength(in);
        in.skipNBytes(length);
        if (type == PUBACK) {
          acknowledged.incrementAndGet();
          window.release();
        }
      }
    } catch (EOFException closed) {
      readError = closed;
    } catch (IOException e) {
      readError = e;
    }
  }

  private void writeString(byte[] utf8) throws IOException {
    out.write(utf8.length >> 8);
    out.write(utf8.length & 0xFF);
    out.write(utf8);
  }

  /** MQTT's variable byte integer: 7 bits per byte, high bit set while more follow. */
  private void writeLength(int length) throws IOException {
    int rest = length;
    do {
      int digit = rest & 0x7F;
      rest >>>= 7;
      out.write(rest > 0 ? digit | 0x80 : digit);
    } while (rest > 0);
  }

  private static int readLength(DataInputStream in) throws IOException {
    int value = 0;
    for (int shift = 0; shift <= 21; shift += 7) {
      int digit = in.readUnsignedByte();
      value |= (digit & 0x7F) << shift;
      if ((digit & 0x80) == 0) {
        return value;
      }
    }
    throw new IOException("malformed remaining length");
  }

  @Override
  public void close() throws IOException {
    try {
      out.write(0xE0); // DISCONNECT
      out.write(0);
      out.flush();
    } finally {
      socket.close();
    }
  }
}
