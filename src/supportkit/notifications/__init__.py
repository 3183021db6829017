"""Notifications: the transactional outbox written with every ticket change."""

from supportkit.notifications.outbox import Notification, NotificationState, Outbox, OutboxBatch

__all__ = ["Notification", "NotificationState", "Outbox", "OutboxBatch"]
