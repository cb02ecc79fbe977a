"""Call-order policy variants compared by the routing benchmark and `simulate --policy`.

All are the engine's own policy with different `Policy` fields; nothing is re-implemented.
"""

from __future__ import annotations

from dataclasses import replace

from hub.engine import NORMAL, Policy

POLICIES = ("office", "fcfs", "fcfs_weights", "strict", "protected")


def variant(policy: Policy, name: str) -> Policy:
    """The office `policy` turned into variant `name` (one of `POLICIES`).

    - fcfs: no priority boost, skill weights off, no maximum wait: oldest ticket first;
    - fcfs_weights: no priority boost, no maximum wait, but the counters' skill weights as
      configured: the same office without priority (the fair baseline for priority's cost);
    - strict: the priority classes always first (boost 10^9 s), then the oldest; no weights;
    - office: the policy as configured (boost, aging, skill weights, maximum wait);
    - protected: the office policy with protection (`protect_after_s`): the office's own,
      or, if it has none, after a third of the maximum wait.
    """
    if name == "fcfs":
        return replace(policy, priority_boost_s=dict.fromkeys(policy.priority_boost_s, 0.0),
                       aging_rate={}, skill_weights=False, max_wait_s=None)
    if name == "fcfs_weights":
        return replace(policy, priority_boost_s=dict.fromkeys(policy.priority_boost_s, 0.0),
                       aging_rate={}, max_wait_s=None)
    if name == "strict":
        return replace(policy, priority_boost_s={
            k: 0.0 if k == NORMAL else 1e9 for k in policy.priority_boost_s},
            aging_rate={}, protect_after_s=None, skill_weights=False, max_wait_s=None)
    if name == "protected":
        return replace(policy, protect_after_s=(
            policy.protect_after_s or (policy.max_wait_s or 3600.0) / 3))
    if name == "office":
        return policy
    raise ValueError(f"unknown policy {name!r} (known: {', '.join(POLICIES)})")
