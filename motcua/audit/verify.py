"""Verifying the audit chains: a changed, inserted or deleted row breaks a link and is reported."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .models import AuditChainHead, AuditEvent
from .services import event_digest


@dataclass(frozen=True)
class ChainProblem:
    chain: str
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}: {self.problem}"


def chain_verify(chain: str) -> list[ChainProblem]:
    problems: list[ChainProblem] = []
    expected_seq, prev_hash = 1, ""
    for event in AuditEvent.objects.filter(chain=chain).order_by("seq").iterator():
        if event.seq != expected_seq:
            problems.append(ChainProblem(chain, expected_seq, f"missing event(s) before #{event.seq}"))
        if event.prev_hash != prev_hash:
            problems.append(ChainProblem(chain, event.seq, "link to the previous event is broken"))
        digest = event_digest(
            chain=event.chain,
            seq=event.seq,
            kind=event.kind,
            actor_id=event.actor_id,
            object_type=event.object_type,
            object_id=event.object_id,
            data=event.data,
            created_at=event.created_at,
            prev_hash=event.prev_hash,
        )
        if digest != event.hash:
            problems.append(ChainProblem(chain, event.seq, "content does not match its hash (edited)"))
        expected_seq, prev_hash = event.seq + 1, event.hash
    head = AuditChainHead.objects.filter(chain=chain).first()
    if head is not None and (head.seq != expected_seq - 1 or head.hash != prev_hash):
        problems.append(ChainProblem(chain, head.seq, "latest event(s) deleted"))
    return problems


def chains() -> Iterator[str]:
    seen = set(AuditChainHead.objects.values_list("chain", flat=True))
    seen.update(AuditEvent.objects.values_list("chain", flat=True).distinct())
    yield from sorted(seen)


def audit_verify_all() -> tuple[int, list[ChainProblem]]:
    count, problems = 0, []
    for chain in chains():
        count += 1
        problems.extend(chain_verify(chain))
    return count, problems
