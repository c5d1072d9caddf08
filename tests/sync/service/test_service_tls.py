"""HTTPS end to end: the service serves TLS itself, and the laptop verifies it (or trusts an
organisation's own certificate authority when given one)."""

from __future__ import annotations

import datetime as dt
import ipaddress
import random
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from sync.errors import SyncError
from sync.runner import run_sync
from sync.service_client import ServiceTarget, enrol_laptop
from tests.sync.checks import assert_exact, seed_store
from tests.sync.conftest import make_central
from tests.sync.service_process import start_service


def _organisation_ca(folder: Path) -> tuple[Path, Path, Path]:
    """A private certificate authority and a server certificate it signed for 127.0.0.1."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Example ICB test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name).public_key(ca_key.public_key())
          .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(minutes=5))
          .not_valid_after(now + dt.timedelta(days=1))
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    server = (x509.CertificateBuilder()
              .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
              .issuer_name(ca_name).public_key(key.public_key()).serial_number(x509.random_serial_number())
              .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=1))
              .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                             critical=False)
              .sign(ca_key, hashes.SHA256()))
    paths = folder / "ca.pem", folder / "server.pem", folder / "server-key.pem"
    paths[0].write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    paths[1].write_bytes(server.public_bytes(serialization.Encoding.PEM))
    paths[2].write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    paths[2].chmod(0o600)
    return paths


def test_a_laptop_syncs_over_https_trusting_only_what_it_was_told_to(tmp_path: Path, make_store) -> None:
    ca, certificate, key = _organisation_ca(tmp_path)
    url, _drop = make_central("sqlite", tmp_path)
    running = start_service(url, tmp_path, extra=("--certfile", str(certificate), "--keyfile", str(key)),
                            scheme="https", ca_file=str(ca))
    try:
        laptop = make_store("a")
        seed_store(laptop, random.Random(41), events=1, responses=15, signups=2)
        # Without the organisation's certificate authority the laptop refuses the connection ...
        with pytest.raises(SyncError, match="certificate was not accepted"):
            enrol_laptop(running.url, running.add_device("Laptop"), laptop.device_id, keep=False)
        # ... and with it, enrols and syncs.
        _enrolled, token = enrol_laptop(running.url, running.add_device("Laptop"), laptop.device_id,
                                        ca_file=str(ca), keep=False)
        assert run_sync(laptop, ServiceTarget(running.url, token)).message.startswith(
            "A secure connection to the central service")
        record = run_sync(laptop, ServiceTarget(running.url, token, str(ca)))
        assert record.outcome == "ok", record.message
        assert_exact(url, [laptop])
    finally:
        running.stop()


def test_a_new_certificate_authority_file_is_trusted_at_the_next_sync(tmp_path: Path, make_store) -> None:
    """The laptop keeps what it trusts between syncs, but a replaced authority file is read afresh."""
    (tmp_path / "old").mkdir(), (tmp_path / "new").mkdir()
    old_ca, _cert, _key = _organisation_ca(tmp_path / "old")
    new_ca, certificate, key = _organisation_ca(tmp_path / "new")
    url, _drop = make_central("sqlite", tmp_path)
    running = start_service(url, tmp_path, extra=("--certfile", str(certificate), "--keyfile", str(key)),
                            scheme="https", ca_file=str(new_ca))
    try:
        laptop = make_store("a")
        seed_store(laptop, random.Random(43), events=1, responses=5, signups=1)
        _enrolled, token = enrol_laptop(running.url, running.add_device("Laptop"), laptop.device_id,
                                        ca_file=str(new_ca), keep=False)
        kept = tmp_path / "organisation-ca.pem"
        kept.write_bytes(old_ca.read_bytes())
        target = ServiceTarget(running.url, token, str(kept))
        assert "certificate was not accepted" in run_sync(laptop, target).message
        kept.write_bytes(new_ca.read_bytes() + b"\n")  # IT hands out the organisation's new authority
        record = run_sync(laptop, target)
        assert record.outcome == "ok", record.message
        assert_exact(url, [laptop])
    finally:
        running.stop()
