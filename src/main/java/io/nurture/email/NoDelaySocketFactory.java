package io.nurture.email;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;

import javax.net.SocketFactory;

/**
 * SMTP sockets with Nagle's algorithm off. SMTP is a chat of short lines; with Nagle on, the last small piece of
 * each message waits for the server's delayed acknowledgement, about 40 ms per email, which caps one connection
 * at some 25 emails a second however fast both ends are.
 */
class NoDelaySocketFactory extends SocketFactory {

	@Override
	public Socket createSocket() throws IOException {
		Socket socket = new Socket();
		socket.setTcpNoDelay(true);
		return socket;
	}

	@Override
	public Socket createSocket(String host, int port) throws IOException {
		return configured(new Socket(host, port));
	}

	@Override
	public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
		return configured(new Socket(host, port, localHost, localPort));
	}

	@Override
	public Socket createSocket(InetAddress host, int port) throws IOException {
		return configured(new Socket(host, port));
	}

	@Override
	public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
		return configured(new Socket(address, port, localAddress, localPort));
	}

	private static Socket configured(Socket socket) throws IOException {
		socket.setTcpNoDelay(true);
		return socket;
	}
}
