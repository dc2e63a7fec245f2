"""ACLED / UCDP vocabularies and shared Literal aliases, spelled exactly as ACLED spells them."""

from __future__ import annotations

from typing import Literal, get_args

EventType = Literal[
    "Battles",
    "Protests",
    "Riots",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Strategic developments",
]

SubEventType = Literal[
    # Battles
    "Government regains territory",
    "Non-state actor overtakes territory",
    "Armed clash",
    # Protests
    "Excessive force against protesters",
    "Protest with intervention",
    "Peaceful protest",
    # Riots
    "Violent demonstration",
    "Mob violence",
    # Explosions/Remote violence
    "Chemical weapon",
    "Air/drone strike",
    "Suicide bomb",
    "Shelling/artillery/missile attack",
    "Remote explosive/landmine/IED",
    "Grenade",
    # Violence against civilians
    "Sexual violence",
    "Attack",
    "Abduction/forced disappearance",
    # Strategic developments
    "Agreement",
    "Arrests",
    "Change to group/activity",
    "Disrupted weapons use",
    "Headquarters or base established",
    "Looting/property destruction",
    "Non-violent transfer of territory",
    "Other",
]

# Each event type's sub-event types, highest in ACLED's hierarchy first.
SUB_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "Battles": (
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Armed clash",
    ),
    "Protests": (
        "Excessive force against protesters",
        "Protest with intervention",
        "Peaceful protest",
    ),
    "Riots": ("Violent demonstration", "Mob violence"),
    "Explosions/Remote violence": (
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
    ),
    "Violence against civilians": (
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
    ),
    "Strategic developments": (
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    ),
}

# ACLED's event types, highest in the hierarchy first (used when two types describe one event).
EVENT_TYPE_ORDER: tuple[str, ...] = (
    "Battles",
    "Explosions/Remote violence",
    "Violence against civilians",
    "Riots",
    "Protests",
    "Strategic developments",
)

ActorKind = Literal[
    "State forces",
    "Rebel group",
    "Political militia",
    "Identity militia",
    "Rioters",
    "Protesters",
    "Civilians",
    "External/Other forces",
]

# ACLED inter codes: 1 State forces … 8 External/Other forces.
INTER_CODES: dict[str, int] = {kind: i for i, kind in enumerate(get_args(ActorKind), start=1)}

DatePrecision = Literal["day", "days", "week", "month", "year"]
LocationPrecision = Literal["exact", "near", "region", "country"]
Attribution = Literal["confirmed", "claimed", "alleged", "unattributed"]
ClaimKind = Literal[
    "responsibility",
    "denial",
    "accusation",
    "threat",
    "casualty_report",
    "justification",
    "statement",
]
FailureKind = Literal[
    "input",  # the article itself cannot be summarized (empty text …)
    "refusal",  # the model declined to answer
    "truncated",  # the answer was cut off (finish_reason=length)
    "validation",  # retries exhausted and nothing survived validation
    "budget",  # the token budget ran out before a valid answer
    "http",  # the server answered with an error status
    "connection",  # the server could not be reached or the connection dropped
    "timeout",  # the server did not answer in time
    "internal",  # a bug in conflictsum or a library it calls; the message says which
    "stopped",  # the run's budget was spent before this article was done; run again to finish
]
DroppedKind = Literal["event", "claim"]

EVENT_TYPES: tuple[str, ...] = get_args(EventType)
ACTOR_KINDS: tuple[str, ...] = get_args(ActorKind)
