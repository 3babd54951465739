"""Owner-only files that appear whole or not at all (tracker.files), and the server secret."""

import stat

import pytest

from tracker import secret
from tracker.files import create_private, publish, write_private


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_created_files_are_owner_only_and_loose_ones_are_tightened(tmp_path):
    create_private(tmp_path / "new.db")
    assert mode(tmp_path / "new.db") == 0o600
    loose = tmp_path / "loose.db"
    loose.write_text("")
    loose.chmod(0o644)
    create_private(loose)
    assert mode(loose) == 0o600


def test_a_file_appears_only_when_whole_and_never_overwrites(tmp_path):
    target = tmp_path / "out.bin"

    def fails_half_way(partial):
        partial.write_bytes(b"half")
        raise RuntimeError("killed")

    with pytest.raises(RuntimeError):
        publish(fails_half_way, target)
    assert list(tmp_path.iterdir()) == []  # neither the file nor its temporary remains
    write_private(target, b"whole", exclusive=True)
    assert target.read_bytes() == b"whole" and mode(target) == 0o600
    with pytest.raises(FileExistsError):
        write_private(target, b"again", exclusive=True)
    assert target.read_bytes() == b"whole"


def test_the_server_secret_lives_beside_the_database_or_in_the_environment(monkeypatch, tmp_path):
    url = f"sqlite:///{tmp_path / 'club.db'}"
    first = secret.server_secret(url)
    assert secret.server_secret(url) == first and len(first) >= secret.MIN_ENV_LENGTH
    assert mode(tmp_path / "club.db.secret") == 0o600
    monkeypatch.setenv(secret.ENV_VARIABLE, "k" * 40)
    assert secret.server_secret(url) == b"k" * 40
    monkeypatch.setenv(secret.ENV_VARIABLE, "short")
    with pytest.raises(RuntimeError, match="at least 32 characters"):
        secret.server_secret(url)
