"""Directive ⇄ plain JSON-ready dicts (the `script --json` contract and the stored copy)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from radio_sched.models import DateRange, Directive, Item, PartialDate, Signer


def directive_to_dict(directive: Directive) -> dict[str, Any]:
    return {
        "number": directive.number,
        "code": directive.code,
        "issuer": directive.issuer,
        "place": directive.place,
        "date": directive.date.iso() if directive.date else None,
        "subject": directive.subject,
        "title": directive.title,
        "recipients": list(directive.recipients),
        "references": list(directive.references),
        "items": [_item_to_dict(item) for item in directive.items],
        "messages": list(directive.messages),
        "campaign": (
            {
                "start": directive.campaign.start.isoformat(),
                "end": directive.campaign.end.isoformat(),
            }
            if directive.campaign
            else None
        ),
        "frequency_per_day": directive.frequency_per_day,
        "attachments": list(directive.attachments),
        "copy_to": list(directive.copy_to),
        "signer": (
            {
                "name": directive.signer.name,
                "title": directive.signer.title,
                "authority": directive.signer.authority,
            }
            if directive.signer
            else None
        ),
        "body": list(directive.body),
        "kind": directive.kind,
    }


def directive_from_dict(data: dict[str, Any]) -> Directive:
    campaign = data.get("campaign")
    signer = data.get("signer")
    return Directive(
        number=data.get("number"),
        code=data.get("code"),
        issuer=data.get("issuer"),
        place=data.get("place"),
        date=_partial_from_iso(data.get("date")),
        subject=data.get("subject"),
        title=data.get("title"),
        recipients=tuple(data.get("recipients", ())),
        references=tuple(data.get("references", ())),
        items=tuple(_item_from_dict(item) for item in data.get("items", ())),
        messages=tuple(data.get("messages", ())),
        campaign=(
            DateRange(
                dt.date.fromisoformat(campaign["start"]), dt.date.fromisoformat(campaign["end"])
            )
            if campaign
            else None
        ),
        frequency_per_day=data.get("frequency_per_day"),
        attachments=tuple(data.get("attachments", ())),
        copy_to=tuple(data.get("copy_to", ())),
        signer=Signer(**signer) if signer else None,
        body=tuple(data.get("body", ())),
        kind=data.get("kind"),
    )


def _item_to_dict(item: Item) -> dict[str, Any]:
    return {
        "marker": item.marker,
        "text": item.text,
        "children": [_item_to_dict(child) for child in item.children],
    }


def _item_from_dict(data: dict[str, Any]) -> Item:
    return Item(
        marker=data["marker"],
        text=data["text"],
        children=tuple(_item_from_dict(child) for child in data.get("children", ())),
    )


def _partial_from_iso(value: str | None) -> PartialDate | None:
    if not value:
        return None
    parts = value.split("-")
    year = int(parts[0]) if parts[0].isdigit() else None
    month = int(parts[1]) if len(parts) > 1 else None
    day = int(parts[2]) if len(parts) > 2 else None
    return PartialDate(year=year, month=month, day=day)
