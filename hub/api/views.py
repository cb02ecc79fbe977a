"""The API's views: parse input, check the caller, run one command, answer."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from aiohttp import web
from pydantic import BaseModel

from hub import __version__
from hub.api.auth import Principal, authenticate, require
from hub.api.problems import ProblemError, from_json_error
from hub.api.routes import ANYONE_ROLE, Route, openapi_document
from hub.api.schemas import (
    Health,
    IssueTicketRequest,
    PauseRequest,
    StateView,
    TicketView,
    TransferRequest,
)
from hub.api.serialize import state_view, ticket_view
from hub.engine import Event, NotFoundError, OfficeState, commands
from hub.service import HubService, Idempotency

M = TypeVar("M", bound=BaseModel)
MAX_KEY = 200
READERS = frozenset({"kiosk", "display", "counter"})
KIOSK = frozenset({"kiosk"})
COUNTER = frozenset({"counter"})


def _json(status: int, body: str) -> web.Response:
    if status == 204:
        return web.Response(status=204)
    return web.Response(status=status, text=body, content_type="application/json")


class Views:
    """Handlers bound to one hub service."""

    def __init__(self, service: HubService) -> None:
        self.service = service
        self.store = service.store
        self._openapi: dict[str, Any] | None = None
        self.all_routes: list[Route] = []

    # -- helpers ---------------------------------------------------------------------------
    def caller(self, request: web.Request, roles: frozenset[str],
               counter_id: str | None = None) -> Principal:
        """Authenticate the request and check the caller's role."""
        principal = authenticate(request, self.store)
        require(principal, roles, counter_id)
        return principal

    async def body(self, request: web.Request, model: type[M]) -> M:
        """The request body validated as `model`; an empty body means all defaults."""
        raw = await request.read()
        if not raw.strip():
            return model.model_validate({})
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise ProblemError(**_problem_args(from_json_error(exc))) from exc
        except UnicodeDecodeError as exc:
            raise ProblemError(400, "Malformed JSON", "the request body is not UTF-8",
                               field="body") from exc
        if not isinstance(data, dict):
            raise ProblemError(422, "Invalid request", "the request body must be a JSON object",
                               field="body")
        return model.model_validate(data)

    @staticmethod
    def idempotency_key(request: web.Request, min_length: int = 1) -> str | None:
        """The request's Idempotency-Key, checked (`min_length` to 200 printable characters)."""
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return None
        if not min_length <= len(key) <= MAX_KEY or not key.isprintable():
            raise ProblemError(400, "Bad Idempotency-Key",
                               f"Idempotency-Key must be {min_length}-{MAX_KEY} printable "
                               "characters", field="Idempotency-Key")
        return key

    def idempotency(self, request: web.Request, principal: Principal) -> Idempotency | None:
        """The request's Idempotency-Key, scoped to its caller."""
        key = self.idempotency_key(request)
        if key is None:
            return None
        return Idempotency(principal.token_id, key, request.method, request.path)

    def ticket_answer(self, events: list[Event], kinds: tuple[str, ...],
                      status: int = 200) -> tuple[int, str]:
        """Answer with the ticket of the last event of `kinds`, or 204 if there is none."""
        ticket = next((e.ticket for e in reversed(events) if e.type in kinds and e.ticket), None)
        if ticket is None:
            return 204, ""
        view = ticket_view(self.service.state, self.service.state.tickets[ticket.id],
                           self.service.clock())
        return status, view.model_dump_json()

    def counter_answer(self, counter_id: str) -> tuple[int, str]:
        """Answer with the counter's view after the command."""
        from hub.api.serialize import counter_view

        state = self.service.state
        counter = state.config.counter(counter_id)
        assert counter is not None
        return 200, counter_view(state, counter, state.counters[counter_id]).model_dump_json()

    # -- open ------------------------------------------------------------------------------
    async def health(self, request: web.Request) -> web.Response:
        """Liveness, version and site (no token needed)."""
        body = Health(version=__version__, site=self.service.office.config.site_name,
                      hub_id=self.store.hub_id)
        return _json(200, body.model_dump_json())

    async def openapi(self, request: web.Request) -> web.Response:
        """The OpenAPI 3.1 description of this API."""
        if self._openapi is None:
            self._openapi = openapi_document(self.all_routes or self.routes(), __version__,
                                             self.service.office.config.site_name)
        return web.json_response(self._openapi)

    # -- reading ---------------------------------------------------------------------------
    async def get_state(self, request: web.Request) -> web.Response:
        """A snapshot of the office, with the `seq` to follow events from."""
        self.caller(request, READERS)
        self.service.flush()  # the snapshot's seq must cover everything it shows
        view = state_view(self.service.state, self.store.last_seq, self.store.hub_id,
                          self.service.clock())
        return _json(200, view.model_dump_json())

    async def get_ticket(self, request: web.Request) -> web.Response:
        """One ticket, with its place in line if it still waits."""
        self.caller(request, READERS)
        ticket_id = request.match_info["ticket_id"]
        state = self.service.state
        ticket = state.tickets.get(ticket_id) or self.store.ticket(ticket_id)
        if ticket is None:
            raise NotFoundError(f"there is no ticket {ticket_id!r}", field="ticket_id")
        return _json(200, ticket_view(state, ticket, self.service.clock()).model_dump_json())

    # -- visitors --------------------------------------------------------------------------
    async def issue_ticket(self, request: web.Request) -> web.Response:
        """Issue a ticket; answered only once it is durable."""
        principal = self.caller(request, KIOSK)
        req = await self.body(request, IssueTicketRequest)
        ticket_id = self.service.new_id()

        def decide(state: OfficeState, now: float) -> list[Event]:
            return commands.issue_ticket(state, now, ticket_id=ticket_id,
                                         service_id=req.service_id, priority=req.priority,
                                         language=req.language)

        status, body = await self.service.perform(
            decide, lambda ev: self.ticket_answer(ev, ("ticket.issued",), 201),
            self.idempotency(request, principal))
        return _json(status, body)

    async def cancel_ticket(self, request: web.Request) -> web.Response:
        """Cancel a ticket that has not been served."""
        principal = self.caller(request, KIOSK | COUNTER)
        ticket_id = request.match_info["ticket_id"]
        status, body = await self.service.perform(
            lambda state, now: commands.cancel_ticket(state, now, ticket_id=ticket_id),
            lambda ev: self.ticket_answer(ev, ("ticket.cancelled",)),
            self.idempotency(request, principal))
        return _json(status, body)

    # -- counters --------------------------------------------------------------------------
    def _counter_command(
        self, command: Callable[..., list[Event]], answer: str, **kwargs: Any
    ) -> Callable[[web.Request], Any]:
        async def handler(request: web.Request) -> web.Response:
            counter_id = request.match_info["counter_id"]
            principal = self.caller(request, COUNTER, counter_id)
            args = dict(kwargs)
            if command is commands.transfer:
                req = await self.body(request, TransferRequest)
                args.update(to_service_id=req.service_id, to_counter_id=req.counter_id)
            elif command is commands.pause:
                args["reason"] = (await self.body(request, PauseRequest)).reason

            def decide(state: OfficeState, now: float) -> list[Event]:
                return command(state, now, counter_id=counter_id, **args)

            def render(events: list[Event]) -> tuple[int, str]:
                if answer == "counter":
                    return self.counter_answer(counter_id)
                return self.ticket_answer(events, tuple(answer.split()))

            status, body = await self.service.perform(decide, render,
                                                self.idempotency(request, principal))
            return _json(status, body)

        handler.__name__ = command.__name__
        return handler

    # -- the table ---------------------------------------------------------------------------
    def routes(self) -> list[Route]:
        """Every operation of the API."""
        from hub.api.schemas import CounterView

        anyone = frozenset({ANYONE_ROLE})
        c = "/counters/{counter_id}"
        counter_ops: list[tuple[str, Callable[..., list[Event]], str, str, type[BaseModel]
                                | None, type[BaseModel]]] = [
            ("call-next", commands.call_next, "ticket.called",
             "Call the next ticket (200), or 204 when nothing waits", None, TicketView),
            ("recall", commands.recall, "ticket.recalled ticket.no_show",
             "Call the current ticket again (past the limit: no-show)", None, TicketView),
            ("start", commands.start, "ticket.serving", "The called visitor arrived", None,
             TicketView),
            ("done", commands.finish, "ticket.done", "The visitor has been served", None,
             TicketView),
            ("no-show", commands.no_show, "ticket.no_show", "The called visitor did not come",
             None, TicketView),
            ("transfer", commands.transfer, "ticket.transferred",
             "Send the visitor to another service or counter", TransferRequest, TicketView),
            ("pause", commands.pause, "counter", "Take a break", PauseRequest, CounterView),
            ("resume", commands.resume, "counter", "Come back from a break", None, CounterView),
            ("open", commands.open_counter, "counter", "Open the counter", None, CounterView),
            ("close", commands.close_counter, "counter", "Close the counter", None, CounterView),
        ]
        routes = [
            Route("GET", "/health", self.health, "Liveness and identity", anyone,
                  response=Health),
            Route("GET", "/openapi.json", self.openapi, "This document", anyone),
            Route("GET", "/state", self.get_state, "Snapshot of the office", READERS,
                  response=StateView),
            Route("POST", "/tickets", self.issue_ticket, "Issue a ticket", KIOSK,
                  request=IssueTicketRequest, response=TicketView, status=201),
            Route("GET", "/tickets/{ticket_id}", self.get_ticket, "One ticket", READERS,
                  response=TicketView),
            Route("POST", "/tickets/{ticket_id}/cancel", self.cancel_ticket,
                  "Cancel a ticket that was not served", KIOSK | COUNTER, response=TicketView),
        ]
        for name, command, answer, summary, request_model, response_model in counter_ops:
            routes.append(Route(
                "POST", f"{c}/{name}", self._counter_command(command, answer), summary,
                COUNTER, request=request_model, response=response_model,
                extra_statuses={204: "Nothing waits for this counter"}
                if name == "call-next" else {},
            ))
        return routes


def _problem_args(problem: Any) -> dict[str, Any]:
    return {"status": problem.status, "title": problem.title, "detail": problem.detail,
            "field": problem.field}
