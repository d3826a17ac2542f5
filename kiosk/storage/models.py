"""Tables of the shell: schema version, kiosk sessions and audit events (never personal data)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kiosk.storage.db import Base


class SchemaVersion(Base):
    __tablename__ = "schema_version"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)


class KioskSession(Base):
    """One resident's visit, from first touch to end or timeout."""

    __tablename__ = "kiosk_sessions"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    terminal_id: Mapped[str] = mapped_column(String(32))
    started_at: Mapped[datetime] = mapped_column(DateTime)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    end_reason: Mapped[str | None] = mapped_column(String(32), nullable=True)  # finished, timeout, cancelled, shutdown
    language: Mapped[str] = mapped_column(String(8), default="zh")
    elder_mode: Mapped[bool] = mapped_column(default=False)


class AuditEvent(Base):
    """Something that happened on the terminal, for the technician and the audit trail."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime, index=True)
    terminal_id: Mapped[str] = mapped_column(String(32))
    session_id: Mapped[str | None] = mapped_column(ForeignKey("kiosk_sessions.id"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(48), index=True)
    detail: Mapped[dict] = mapped_column(JSON, default=dict)
