"""Plain records shared by gold files, extractor output and the scorer.

One shape for both sides (see ANNOTATION.md, "Gold file format"), so one
scorer and one validator read either. Serialization only ever sees these
models, never spaCy objects.
"""

from __future__ import annotations

from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, NonNegativeInt

Label = Literal["ORG", "DATE", "SUMMIT", "DOCUMENT"]
LABELS: tuple[str, ...] = ("ORG", "DATE", "SUMMIT", "DOCUMENT")
# The labels whose mentions are grouped into records across articles.
RECORD_LABELS: tuple[str, ...] = ("SUMMIT", "DOCUMENT")

# Larger unit wins when candidates overlap (ANNOTATION.md, "Mentions").
LABEL_PRIORITY: dict[str, int] = {"DOCUMENT": 4, "SUMMIT": 3, "ORG": 2, "DATE": 1}

DocumentType = Literal[
    "declaration",
    "charter",
    "convention",
    "treaty",
    "agreement",
    "act",
    "statement",
    "programme",
    "strategy",
    "concept",
    "plan",
    "roadmap",
    "catalogue",
    "memorandum",
    "protocol",
    "regulation",
    "resolution",
    "decision",
    "other",
]
DOCUMENT_TYPES: tuple[str, ...] = DocumentType.__args__  # type: ignore[attr-defined]

SUMMIT_ATTR_KEYS = frozenset({"org", "place", "date", "ordinal", "record"})
DOCUMENT_ATTR_KEYS = frozenset({"type", "org", "date", "summit", "record"})


class Attrs(BaseModel):
    """Attributes of a SUMMIT or DOCUMENT mention; every key is optional."""

    model_config = ConfigDict(extra="forbid")

    org: Optional[str] = Field(None, description="ORG norm of the organization")
    place: Optional[str] = Field(None, description="SUMMIT: city, as written")
    date: Optional[str] = Field(None, description="ISO 8601 date, as for DATE norms")
    ordinal: Optional[int] = Field(None, ge=1, description="SUMMIT: 'VI' -> 6")
    type: Optional[DocumentType] = Field(None, description="DOCUMENT: instrument type")
    summit: Optional[str] = Field(
        None, description="DOCUMENT: id of the SUMMIT mention that adopted it"
    )
    record: Optional[str] = Field(
        None,
        description="SUMMIT/DOCUMENT: key of the real-world summit or document across articles"
        " (ANNOTATION.md v2, 'Records across articles'); only the grouping is meaningful",
    )

    def present(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class MentionRecord(BaseModel):
    """One mention: `text == doc_text[start:end]`."""

    model_config = ConfigDict(extra="forbid")

    id: str
    start: NonNegativeInt
    end: NonNegativeInt
    label: Label
    text: str
    norm: Optional[str] = Field(
        None, description="ORG: organization id; DATE: ISO 8601 value or interval"
    )
    attrs: Attrs = Field(default_factory=Attrs)


class DocRecord(BaseModel):
    """One line of a gold or output JSONL file."""

    model_config = ConfigDict(extra="forbid")

    doc_id: str
    text: Optional[str] = Field(
        None, description="The exact text the offsets index (gold; output with --include-text)"
    )
    meta: dict[str, Any] = Field(default_factory=dict)
    spans: list[MentionRecord] = Field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """Plain dict in the documented key order; `text` only when present."""
        out: dict[str, Any] = {"doc_id": self.doc_id}
        if self.text is not None:
            out["text"] = self.text
        out["meta"] = self.meta
        out["spans"] = [
            {
                "id": s.id,
                "start": s.start,
                "end": s.end,
                "label": s.label,
                "text": s.text,
                "norm": s.norm,
                "attrs": s.attrs.present(),
            }
            for s in self.spans
        ]
        return out


def json_schema() -> dict[str, Any]:
    """JSON Schema of one output/gold line, for downstream databases."""
    schema = DocRecord.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "kzextract document record"
    return schema
