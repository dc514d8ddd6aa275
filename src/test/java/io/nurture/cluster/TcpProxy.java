package io.nurture.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A plain TCP proxy between the engine nodes and the database, so a test can take the database away as a restart
 * does: {@link #cut(Duration)} drops every open connection and refuses new ones for a while, then lets them through.
 */
final class TcpProxy implements AutoCloseable {

	private final ServerSocket server;
	private final String targetHost;
	private final int targetPort;
	private final Set<Socket> open = ConcurrentHashMap.newKeySet();
	private final AtomicInteger dropped = new AtomicInteger();
	private volatile long refusingUntil;

	TcpProxy(String targetHost, int targetPort) throws IOException {
		this.targetHost = targetHost;
		this.targetPort = targetPort;
		this.server = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "db-proxy");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return server.getLocalPort();
	}

	/** Drops every connection and refuses new ones for the given time: the database, as the nodes see it, restarts. */
	void cut(Duration outage) {
		refusingUntil = System.currentTimeMillis() + outage.toMillis();
		for (Socket socket : open) {
			close(socket);
			dropped.incrementAndGet();
		}
	}

	boolean refusing() {
		return System.currentTimeMillis() < refusingUntil;
	}

	int dropped() {
		return dropped.get();
	}

	private void acceptLoop() {
		while (!server.isClosed()) {
			Socket client;
			try {
				client = server.accept();
			}
			catch (IOException closed) {
				return;
			}
			if (refusing()) {
				close(client);
				continue;
			}
			try {
				Socket upstream = new Socket();
				upstream.connect(new InetSocketAddress(targetHost, targetPort), 5000);
				open.add(client);
				open.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException e) {
				close(client);
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ignored) {
				// One side went away: the other goes too.
			}
			finally {
				close(from);
				close(to);
			}
		}, "db-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private void close(Socket socket) {
		open.remove(socket);
		try {
			socket.close();
		}
		catch (IOException ignored) {
			// Closed either way.
		}
	}

	@Override
	public void close() throws IOException {
		server.close();
		open.forEach(this::close);
	}
}
