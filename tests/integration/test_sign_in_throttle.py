"""Sign-in slows guessing down without letting anyone lock the owner out (OWASP: no hard lock
an attacker can trigger), and believes `X-Forwarded-For` only from configured proxies."""

from __future__ import annotations

from datetime import timedelta

from db.tables import Alert, LoginSession
from domain.clock import utcnow
from domain.model import AlertKind, AlertSeverity
from services import accounts
from services.accounts import MAX_ATTEMPTS_PER_IP
from tests.helpers import login, make_org


async def test_attackers_from_many_addresses_never_lock_the_owner_out(client, db):
    org = await make_org()
    now = utcnow()
    for n in range(50):
        user = await accounts.authenticate_owner(
            email=org.email,
            password=f"guess {n}",
            ip=f"203.0.113.{n % 25}",
            now=now - timedelta(seconds=50 - n),
            max_delay=0,
        )
        assert user is None
    response = await login(client, org.email, org.password)  # from a clean address
    assert response.status_code == 303
    assert await LoginSession.count() == 1


async def test_the_attackers_own_address_is_made_to_wait_longer_and_longer(db):
    org = await make_org()
    now = utcnow()
    for _ in range(5):
        await accounts.authenticate_owner(
            email=org.email, password="wrong", ip="198.51.100.7", now=now, max_delay=0
        )
    try:
        await accounts.authenticate_owner(
            email=org.email, password=org.password, ip="198.51.100.7", now=now, max_delay=0
        )
        raise AssertionError("the address that failed five times was not refused")
    except accounts.TooManyAttempts:
        pass
    later = now + timedelta(minutes=1, seconds=1)  # the first wait (1 minute) is over
    user = await accounts.authenticate_owner(
        email=org.email, password="wrong again", ip="198.51.100.7", now=later, max_delay=0
    )
    assert user is None
    try:  # a sixth failure: two minutes now
        await accounts.authenticate_owner(
            email=org.email,
            password=org.password,
            ip="198.51.100.7",
            now=later + timedelta(seconds=90),
            max_delay=0,
        )
        raise AssertionError("the second wait was not longer than the first")
    except accounts.TooManyAttempts:
        pass
    user = await accounts.authenticate_owner(
        email=org.email,
        password=org.password,
        ip="198.51.100.7",
        now=later + timedelta(minutes=2, seconds=1),
        max_delay=0,
    )
    assert user is not None


async def test_many_failed_sign_ins_alert_the_owner_once_an_hour(db):
    org = await make_org()
    now = utcnow()
    for n in range(30):
        await accounts.authenticate_owner(
            email=org.email, password="wrong", ip=f"192.0.2.{n % 15}", now=now, max_delay=0
        )
    alerts = await Alert.select().where(Alert.kind == AlertKind.SIGN_IN_FAILURES)
    assert len(alerts) == 1
    assert alerts[0]["org"] == org.org_id
    assert alerts[0]["severity"] == AlertSeverity.NORMAL
    # raised at the 11th failure, when 11 addresses had failed
    assert alerts[0]["text"] == f"Many failed sign-ins for {org.email} from 11 addresses"
    for n in range(15):
        await accounts.authenticate_owner(
            email=org.email,
            password="wrong",
            ip=f"192.0.2.{100 + n}",
            now=now + timedelta(minutes=61),
            max_delay=0,
        )
    assert await Alert.count().where(Alert.kind == AlertKind.SIGN_IN_FAILURES) == 2


async def _attempts_from_forwarded_addresses(client) -> list[int]:
    codes = []
    for n in range(MAX_ATTEMPTS_PER_IP + 1):
        await client.get("/login")
        response = await client.post(
            "/login",
            data={
                "email": f"someone{n}@example.com",
                "password": "wrong password",
                "_csrf_token": client.cookies["csrftoken"],
            },
            headers={"x-forwarded-for": f"203.0.113.{n}"},
        )
        codes.append(response.status_code)
    return codes


async def test_forwarded_addresses_are_ignored_without_trusted_proxies(make_client):
    client = await make_client()  # TRUSTED_PROXIES empty: the peer (127.0.0.1) is the address
    assert (await _attempts_from_forwarded_addresses(client))[-1] == 429


async def test_forwarded_addresses_count_when_the_peer_is_a_trusted_proxy(make_client):
    client = await make_client(trusted_proxies=frozenset({"127.0.0.1"}))
    assert set(await _attempts_from_forwarded_addresses(client)) == {400}
