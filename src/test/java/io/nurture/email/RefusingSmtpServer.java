package io.nurture.email;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A minimal SMTP server that refuses some recipients for good (550 5.1.1, as a server does for an address that no
 * longer exists) and accepts everyone else. GreenMail accepts every recipient, so this stands in for a remote
 * server that knows its mailboxes. It speaks just enough SMTP for Jakarta Mail. It can also hold its reply to the
 * message for one recipient: the server has the email, its sender does not know yet.
 */
final class RefusingSmtpServer implements AutoCloseable {

	private final ServerSocket socket;
	private final String refusedPrefix;
	final List<String> accepted = new CopyOnWriteArrayList<>();
	private final CountDownLatch holding = new CountDownLatch(1);
	private final CountDownLatch released = new CountDownLatch(1);
	private volatile String heldRecipient;

	RefusingSmtpServer(String refusedPrefix) throws IOException {
		this.refusedPrefix = refusedPrefix;
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		Thread acceptor = new Thread(this::acceptLoop, "refusing-smtp");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return socket.getLocalPort();
	}

	/** Holds the reply to the message for this recipient, once it has the whole message, until {@link #release()}. */
	void holdReplyTo(String recipient) {
		heldRecipient = recipient;
	}

	/** Waits until the server holds that reply; false if no such message came within 30 s. */
	boolean awaitHolding() throws InterruptedException {
		return holding.await(30, TimeUnit.SECONDS);
	}

	/** Sends the held reply. */
	void release() {
		released.countDown();
	}

	private void acceptLoop() {
		while (!socket.isClosed()) {
			try {
				Socket client = socket.accept();
				Thread session = new Thread(() -> serve(client), "refusing-smtp-session");
				session.setDaemon(true);
				session.start();
			}
			catch (IOException closed) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		try (client;
				BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.US_ASCII));
				Writer out = new OutputStreamWriter(client.getOutputStream(), StandardCharsets.US_ASCII)) {
			reply(out, "220 refusing.test ESMTP");
			String recipient = null;
			String line;
			while ((line = in.readLine()) != null) {
				String command = line.toUpperCase();
				if (command.startsWith("EHLO") || command.startsWith("HELO")) {
					reply(out, "250 refusing.test");
				}
				else if (command.startsWith("MAIL FROM") || command.startsWith("RSET") || command.startsWith("NOOP")) {
					reply(out, "250 2.0.0 OK");
				}
				else if (command.startsWith("RCPT TO")) {
					recipient = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
					reply(out, recipient.startsWith(refusedPrefix) ? "550 5.1.1 <" + recipient + ">: mailbox does not exist"
							: "250 2.1.5 OK");
				}
				else if (command.equals("DATA")) {
					reply(out, "354 End data with <CR><LF>.<CR><LF>");
					while ((line = in.readLine()) != null && !line.equals(".")) {
						// The message itself does not matter here.
					}
					accepted.add(recipient);
					if (recipient != null && recipient.equals(heldRecipient)) {
						holding.countDown();
						awaitRelease();
					}
					reply(out, "250 2.0.0 Ok: queued as 1");
				}
				else if (command.startsWith("QUIT")) {
					reply(out, "221 2.0.0 Bye");
					return;
				}
				else {
					reply(out, "502 5.5.2 Command not recognized");
				}
			}
		}
		catch (IOException ignored) {
			// The client went away.
		}
	}

	private void awaitRelease() {
		try {
			released.await();
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}

	private static void reply(Writer out, String line) throws IOException {
		out.write(line + "\r\n");
		out.flush();
	}

	@Override
	public void close() throws IOException {
		released.countDown();
		socket.close();
	}
}
