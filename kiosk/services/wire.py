"""From a back end's JSON to the kiosk's records: ID numbers masked on arrival, the schema checked.

Full ID numbers go to the back end (it needs them) and come back in its answer; they stop here:
every ``id_number`` in an answer becomes an ``id_masked`` before the records are built, so no
record object, screen model, receipt or log line downstream can hold one.
"""

from __future__ import annotations

from pydantic import TypeAdapter, ValidationError

# The masking rules of the ID card reader, so screen, paper and logs mask alike.
from drivers.idcard.identity import mask_id, mask_name
from kiosk.services.errors import ServiceBadResponse


def masked_copy(doc):
    """``doc`` with every ``id_number`` key replaced by ``id_masked`` (recursively)."""
    if isinstance(doc, dict):
        out = {}
        for key, value in doc.items():
            if key == "id_number":
                out["id_masked"] = mask_id(value) if isinstance(value, str) else value
            else:
                out[key] = masked_copy(value)
        return out
    if isinstance(doc, list):
        return [masked_copy(v) for v in doc]
    return doc


def check_subject(doc, where: tuple[str, ...], id_number: str, *, service: str, what: str) -> None:
    """The answer must be about the resident asked about (its ID number at ``where``).

    A back end that mixes up residents must never show one person another's records.
    """
    node = doc
    for key in where:
        node = node.get(key) if isinstance(node, dict) else None
    if not isinstance(node, str):
        raise ServiceBadResponse(f"{what}: {'.'.join(where)} is missing", service=service)
    if node.strip().upper() != id_number.strip().upper():
        raise ServiceBadResponse(f"{what}: the answer is for {mask_id(node)}, not for {mask_id(id_number)}",
                                 service=service)


def build(adapter: TypeAdapter, doc, *, service: str, what: str):
    """Validate ``doc`` (already masked) into records; ServiceBadResponse naming the bad fields."""
    try:
        return adapter.validate_python(doc)
    except ValidationError as exc:
        # Only locations and reasons: the inputs may be personal data and must not reach the log.
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}"
                             for e in exc.errors(include_input=False, include_url=False)[:5])
        raise ServiceBadResponse(f"{what}: answer does not match the schema ({exc.error_count()} problems: {problems})",
                                 service=service) from None


__all__ = ["mask_id", "mask_name", "masked_copy", "check_subject", "build"]


def parse_verified(doc, adapter: TypeAdapter, subject: tuple[str, ...], id_number: str, *, service: str, what: str):
    """A back end's answer about one person: a JSON object, about ``id_number``, masked on arrival, with a
    well-formed check code; else ServiceBadResponse naming ``what``."""
    from kiosk.services.verification import CHECK_CODE_RE
    if not isinstance(doc, dict):
        raise ServiceBadResponse(f"{what}: the answer is not a JSON object", service=service)
    check_subject(doc, subject, id_number, service=service, what=what)
    value = build(adapter, masked_copy(doc), service=service, what=what)
    if not CHECK_CODE_RE.match(value.check_code):
        raise ServiceBadResponse(f"{what}: '{value.check_code}' is not a check code", service=service)
    return value
