"""STARTTLS against the stand-in with a certificate made for the test: mail goes only over a
verified TLS connection, never to a server whose certificate is not trusted."""

from __future__ import annotations

import datetime
import ipaddress
import ssl

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from app.delivery import TemporaryFailure, send_email


@pytest.fixture
def certificate(tmp_path):
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    return cert_file, context


def test_mail_goes_over_starttls_with_login_when_the_server_is_trusted(smtp_server, store, certificate):
    cert_file, context = certificate
    config = smtp_server(tls_context=context, user="minplan", password="hemmelig")
    config.update(SMTP_STARTTLS=True, SMTP_CA_FILE=str(cert_file), SMTP_USERNAME="minplan", SMTP_PASSWORD="hemmelig")

    send_email(config, "kari@example.no", "Over TLS", "Hei, æøå.", None, "tls-1")

    assert [mail.subject for mail in store.mails()] == ["Over TLS"]


def test_an_untrusted_certificate_gets_nothing(smtp_server, store, certificate):
    _, context = certificate
    config = {**smtp_server(tls_context=context), "SMTP_STARTTLS": True}  # the system's CAs only

    with pytest.raises(TemporaryFailure):
        send_email(config, "kari@example.no", "Over TLS", "Hei", None, "tls-2")
    assert store.mails() == []


def test_a_server_requiring_starttls_refuses_plain_text(smtp_server, store, certificate):
    _, context = certificate
    config = smtp_server(tls_context=context)  # SMTP_STARTTLS off: the client tries plain text

    with pytest.raises(TemporaryFailure):
        send_email(config, "kari@example.no", "Klartekst", "Hei", None, "tls-3")
    assert store.mails() == []
