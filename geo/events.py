"""Plain-Python change events; the GUI adapts them to Qt signals at its edge.

An :class:`Event` calls every connected callback even when one of them raises:
the change it announces has already happened (it is on disk and in memory), so
one broken view must not keep the others from following it. The failures are
collected and raised together as one :class:`ListenerError` after all callbacks
ran (napari's ``EventEmitter`` keeps going and reports the same way). Callers
that finished an edit treat a ``ListenerError`` as "done, but report this", never
as "the edit failed".

Bound methods are held weakly: a view that is garbage no longer hears events
and is not kept alive by the model (a per-stroke helper that subscribed and was
dropped would otherwise be called forever). Plain functions and lambdas are
held strongly, since often nothing else refers to them.
"""
from __future__ import annotations

import types
import weakref
from dataclasses import dataclass, field

from .messages import CodedError, register

LISTENER_FAILED = register(
    "events.listener_failed",
    "修改已保存，但有 {count} 处界面更新出错：{detail}",
    "The change was saved, but {count} view update(s) failed: {detail}")


class ListenerError(CodedError):
    """Callbacks of an event raised; every other callback was still called.

    ``errors`` holds ``(callback, exception)`` pairs in call order. The change
    that was announced stands: on disk, in memory (and, in the GUI, on the undo
    stack).
    """

    def __init__(self, errors):
        self.errors = list(errors)
        detail = "; ".join(f"{type(e).__name__}: {e}" for _, e in self.errors[:3])
        super().__init__(LISTENER_FAILED, count=len(self.errors), detail=detail)

    @classmethod
    def combined(cls, failures) -> "ListenerError | None":
        """One error for several (``None`` when ``failures`` is empty)."""
        errors = [pair for failure in failures for pair in failure.errors]
        return cls(errors) if errors else None


class Event:
    """A list of callbacks. ``connect`` returns the callback so it can decorate."""

    def __init__(self):
        self._callbacks = []  # zero-argument getters returning the callback or None

    def connect(self, callback):
        self._callbacks.append(_reference(callback))
        return callback

    def disconnect(self, callback) -> None:
        # == not "is": each access to obj.method makes a new bound-method object.
        self._callbacks = [ref for ref in self._callbacks if ref() not in (None, callback)]

    def emit(self, *args) -> None:
        """Call every live callback; raise :class:`ListenerError` afterwards if any raised."""
        errors = []
        for ref in list(self._callbacks):
            callback = ref()
            if callback is None:
                self._callbacks = [r for r in self._callbacks if r is not ref]
                continue
            try:
                callback(*args)
            except Exception as exc:  # noqa: BLE001 -- reported below, after the others ran
                errors.append((callback, exc))
        if errors:
            raise ListenerError(errors)

    def __len__(self) -> int:
        return sum(1 for ref in self._callbacks if ref() is not None)


def _reference(callback):
    """A weak reference for bound methods of weak-referenceable objects, else a strong one."""
    if isinstance(callback, types.MethodType):
        try:
            return weakref.WeakMethod(callback)
        except TypeError:
            pass
    return lambda: callback


@dataclass(frozen=True)
class LayerChanged:
    """Features of one layer changed: which ids, which columns ("geometry" included)."""

    layer: str
    ids: tuple = ()
    columns: frozenset = field(default_factory=frozenset)
    inserted: tuple = ()
    deleted: tuple = ()
