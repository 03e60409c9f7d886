"""What no service may sign or verify with outside local mode (see shared/production.py).

The development signing keys are derived from public text, so anyone could sign as HR with
them; a production service needs its own SIGNING_KEY, a key registry that trusts none of
the development keys, and signatures required.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shared.events.signing import Signer, SigningKeyUnreadable, parse_seed

if TYPE_CHECKING:
    from shared.config import ServiceSettings

PRODUCERS = ("hr", "finance", "workflow")


def signing_refusals(settings: ServiceSettings) -> list[str]:
    """Why these signing settings are unfit for production, if they are."""
    refusals: list[str] = []
    text = settings.signing_key.get_secret_value()
    development = {Signer.development(producer).key_id for producer in PRODUCERS}
    if not text:
        refusals.append("SIGNING_KEY is not set: events would carry the development key")
    else:
        try:
            seed = parse_seed(text)
        except (SigningKeyUnreadable, ValueError) as error:
            refusals.append(str(error))
        else:
            if any(Signer.from_seed(p, seed).key_id in development for p in PRODUCERS):
                refusals.append("SIGNING_KEY is the repository's development key")
    if not settings.require_signed_events:
        refusals.append("REQUIRE_SIGNED_EVENTS is off: unsigned events would be applied")
    try:
        trusted = set(settings.key_registry().keys)
    except (OSError, ValueError, KeyError) as error:
        refusals.append(f"the key registry cannot be read: {error}")
    else:
        if trusted & development:
            refusals.append(
                "the key registry trusts the repository's development keys: set "
                "SIGNING_KEYS_FILE to the deployment's own registry"
            )
    return refusals
