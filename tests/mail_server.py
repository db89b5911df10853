"""A mail server on loopback that swallows connections, or answers as SMTP.

Used by the hung-mail tests and by ``make prod-check``.
"""

import socket
import threading


class MailServer:
    """Accepts TCP on loopback; silent until ``answer()``, then speaks enough SMTP."""

    def __init__(self):
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.2)
        self.port = self.listener.getsockname()[1]
        self.answering = False
        self.messages = []
        self.running = True
        self.held = []
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def answer(self):
        self.answering = True

    def silence(self):
        """Swallow new connections again, as a hung mail server does."""
        self.answering = False

    def serve(self):
        while self.running:
            try:
                conn, _address = self.listener.accept()
            except TimeoutError:
                continue
            if self.answering:
                threading.Thread(target=self.speak_smtp, args=(conn,), daemon=True).start()
            else:
                self.held.append(conn)  # accepted, and never a byte back

    def speak_smtp(self, conn):
        conn.settimeout(5)
        reader = conn.makefile("rb")

        def reply(line):
            conn.sendall(line.encode() + b"\r\n")

        reply("220 localhost ESMTP test")
        try:
            while line := reader.readline():
                command = line.decode().strip().upper()
                if command.startswith(("EHLO", "HELO")):
                    reply("250 localhost")
                elif command == "DATA":
                    reply("354 go ahead")
                    data = b""
                    while (chunk := reader.readline()) not in (b".\r\n", b""):
                        data += chunk
                    self.messages.append(data.decode())
                    reply("250 queued")
                elif command == "QUIT":
                    reply("221 bye")
                    break
                else:  # MAIL FROM, RCPT TO, RSET, NOOP
                    reply("250 ok")
        finally:
            conn.close()

    def stop(self):
        self.running = False
        self.thread.join(timeout=5)
        for conn in self.held:
            conn.close()
        self.listener.close()
