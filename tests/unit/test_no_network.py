import socket

import pytest


def test_a_unit_test_cannot_open_a_network_connection_even_to_this_machine() -> None:
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(AssertionError, match="unit tests do no network I/O"),
    ):
        sock.connect(("127.0.0.1", 9))
