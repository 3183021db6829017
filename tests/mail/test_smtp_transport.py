"""SmtpTransport against aiosmtpd on 127.0.0.1: login, STARTTLS, plain text refused."""

from __future__ import annotations

import shutil
import smtplib
import socket
import ssl
import subprocess
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest

from supportkit.mail import SmtpTransport

controller_module = pytest.importorskip("aiosmtpd.controller")
smtp_module = pytest.importorskip("aiosmtpd.smtp")


PASSWORD = "s3cret"  # noqa: S105 - the test server's only account


class _Relay:
    def __init__(self) -> None:
        self.got: list[bytes] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.got.append(bytes(envelope.content))
        return "250 OK"


def _authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                   data: Any) -> Any:
    given = (getattr(data, "login", None), getattr(data, "password", None))
    ok = given == (b"desk", PASSWORD.encode())
    return smtp_module.AuthResult(success=ok)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def tls(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=localhost", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(cert, key)
    client = ssl.create_default_context(cafile=str(cert))
    return server, client


def _server(relay: _Relay, **options: Any) -> tuple[Any, int]:
    port = _free_port()
    controller = controller_module.Controller(
        relay, hostname="127.0.0.1", port=port, authenticator=_authenticator, **options)
    controller.start()
    return controller, port


def _message() -> EmailMessage:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "support@desk.example", "ann@example.com", "x"
    msg.set_content("hello")
    return msg


@pytest.fixture
def relay() -> Iterator[_Relay]:
    yield _Relay()


def test_login_without_tls_on_a_local_relay(relay: _Relay) -> None:
    controller, port = _server(relay, auth_require_tls=False)
    try:
        with SmtpTransport("127.0.0.1", port, user="desk", password=PASSWORD) as transport:
            transport(_message())
            transport(_message())  # one connection for both
        assert len(relay.got) == 2
    finally:
        controller.stop()


def test_starttls_then_login(relay: _Relay, tls: tuple[ssl.SSLContext, ssl.SSLContext]) -> None:
    server_context, client_context = tls
    controller, port = _server(relay, tls_context=server_context, require_starttls=True)
    try:
        with SmtpTransport("127.0.0.1", port, security="starttls", user="desk",
                           password=PASSWORD, context=client_context) as transport:
            transport(_message())
        assert len(relay.got) == 1
        with pytest.raises(smtplib.SMTPException), SmtpTransport(
                "127.0.0.1", port) as transport:  # plain text is refused by this server
            transport(_message())
    finally:
        controller.stop()
