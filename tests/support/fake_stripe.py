"""A local fake of the Stripe API, for the online payment tests (DESIGN §16).

It fakes only what Corebill calls through the official ``stripe`` package:

* ``POST /v1/checkout/sessions``, ``GET /v1/checkout/sessions/{id}``,
  ``POST /v1/checkout/sessions/{id}/expire``, ``POST /v1/refunds`` and ``GET /v1/account``,
  with Stripe's object shapes, Stripe's error object and statuses, the ``Authorization: Bearer``
  API key and the ``Idempotency-Key`` header;
* the hosted checkout page (``GET``/``POST /pay/{session_id}``) where the "client" pays;
* the webhook events that follow a payment, signed with the ``stripe`` package's own helper.

Every API key is its own Stripe account: objects made with one key are invisible to another.
Webhook events are delivered synchronously (before the page redirects, or before ``pay`` returns),
which keeps the tests deterministic; ``deliver_webhooks = False`` plays a server Stripe cannot reach.

    with FakeStripe() as fake:
        client = fake.client("sk_test_company1")
        session = client.v1.checkout.sessions.create(params={...})
"""

import copy
import hashlib
import html
import json
import re
import secrets
import threading
import time

import requests
import stripe
from werkzeug.exceptions import HTTPException
from werkzeug.routing import Map, Rule
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

API_VERSION = stripe.api_version
KEY_PREFIXES = ("sk_test_", "sk_live_", "rk_")
REFUND_REASONS = ("duplicate", "fraudulent", "requested_by_customer")
ZERO_DECIMAL = set("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split())
DEFAULT_ERRORS = {
    400: ("invalid_request_error", "Injected invalid request."),
    401: ("authentication_error", "Injected authentication failure."),
    402: ("card_error", "Your card was declined."),
    404: ("invalid_request_error", "No such object."),
    409: ("idempotency_error", "There is currently another in-progress request using this Stripe API Idempotency Key."),
    429: ("rate_limit_error", "Too many requests hit the API too quickly."),
}


class StripeError(Exception):
    """An API call refused: becomes Stripe's error object with this HTTP status."""

    def __init__(self, status, message, *, type="invalid_request_error", code=None, param=None):
        super().__init__(message)
        self.status = status
        self.body = {"error": {"type": type, "message": message, "code": code, "param": param}}


def _id(prefix):
    return prefix + secrets.token_hex(12)


def _masked(key):
    prefix = next((p for p in KEY_PREFIXES if key.startswith(p)), key[:3])
    return f"{prefix}****{key[-4:]}"


def _money(amount, currency):
    if currency in ZERO_DECIMAL:
        return f"{amount} {currency.upper()}"
    return f"{amount / 100:.2f} {currency.upper()}"


def _nested(pairs):
    """Turns the stripe package's form encoding (``a[0][b]=1``) back into dicts and lists."""
    root = {}
    for name, value in pairs:
        parts = re.findall(r"[^\[\]]+", name)
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(root, "")


def _listify(node, name):
    if not isinstance(node, dict):
        return node
    node = {k: _listify(v, k) for k, v in node.items()}
    if name != "metadata" and node and all(k.isdigit() for k in node):
        return [node[k] for k in sorted(node, key=int)]
    return node


def _integer(value, param, *, positive=False):
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = None
    if number is None or number < 0 or (positive and number == 0):
        raise StripeError(400, f"Invalid {'positive ' if positive else ''}integer: {value}", param=param,
                          code="parameter_invalid_integer")
    return number


def _missing(param):
    return StripeError(400, f"Missing required param: {param}.", code="parameter_missing", param=param)


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, *args, **kwargs):
        pass


class FakeStripe:
    """A Stripe API on 127.0.0.1, one account per API key. Use as a context manager."""

    def __init__(self):
        self.url = None
        self.revoked_keys = set()
        self.deliver_webhooks = True
        self.requests = []  # (method, path, idempotency key or None), in order received
        self.deliveries = []  # (event id, event type, HTTP status or None when unreachable)
        self.refunds = []  # every refund object created, all keys
        self.sessions_created = 0
        self.clock = time.time
        self._lock = threading.Lock()
        self._sessions = {}  # session id -> session object
        self._owners = {}  # session id / payment intent id -> API key
        self._line_items = {}  # session id -> [(name, unit_amount, quantity)]
        self._intents = {}  # payment intent id -> {"amount", "currency", "refunded", "status", "charge"}
        self._idempotent = {}  # (API key, idempotency key) -> (method, path, params, status, body)
        self._webhooks = {}  # API key -> (url, secret)
        self._failures = []  # [method, path prefix, status, error body, times left]
        self._server = None
        self._thread = None
        self._urls = Map([
            Rule("/v1/checkout/sessions", methods=["POST"], endpoint="create_session"),
            Rule("/v1/checkout/sessions/<session_id>", methods=["GET"], endpoint="retrieve_session"),
            Rule("/v1/checkout/sessions/<session_id>/expire", methods=["POST"], endpoint="expire_session"),
            Rule("/v1/refunds", methods=["POST"], endpoint="create_refund"),
            Rule("/v1/account", methods=["GET"], endpoint="account"),
            Rule("/pay/<session_id>", methods=["GET", "POST"], endpoint="page"),
        ])

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self):
        self._server = make_server("127.0.0.1", 0, self._wsgi, threaded=True, request_handler=_QuietHandler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self):
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(5)
            self._server = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc_info):
        self.stop()

    # -- test controls -----------------------------------------------------------------------

    def client(self, api_key="sk_test_fake", **kwargs):
        """A real ``stripe.StripeClient`` pointed at this fake, without retries unless asked."""
        kwargs.setdefault("max_network_retries", 0)
        return stripe.StripeClient(api_key, base_addresses={"api": self.url}, **kwargs)

    def webhook(self, api_key, url, secret):
        """Events about objects of ``api_key`` are POSTed to ``url``, signed with ``secret``."""
        with self._lock:
            self._webhooks[api_key] = (url, secret)

    def fail_next(self, method, path_prefix, status=500, error=None, *, times=1):
        """The next ``times`` requests whose method and path match answer ``status`` with ``error``
        (Stripe's inner error dict; a default one for the status when omitted). Injected answers are
        not remembered under their idempotency key, so a retry with the same key goes through."""
        if error is None:
            type_, message = DEFAULT_ERRORS.get(status, ("api_error", "An unknown error occurred."))
            error = {"type": type_, "message": message}
        body = {"error": {"code": None, "param": None, **error}}
        with self._lock:
            self._failures.append([method.upper(), path_prefix, status, body, times])

    def session(self, session_id):
        """The stored session object itself (changing it changes what the API answers)."""
        with self._lock:
            self._refresh(self._sessions[session_id])
            return self._sessions[session_id]

    def pay(self, session_id, outcome="paid", deliver=True):
        """What the hosted page does: "paid" (card) or "processing" (a pending bank debit).
        Sends ``checkout.session.completed`` and returns that event."""
        if outcome not in ("paid", "processing"):
            raise ValueError(f"unknown outcome {outcome!r}")
        with self._lock:
            session = self._sessions[session_id]
            self._refresh(session)
            if session["status"] != "open":
                raise ValueError(f"session {session_id} is {session['status']}, not open")
            intent_id = _id("pi_")
            self._owners[intent_id] = self._owners[session_id]
            self._intents[intent_id] = {
                "amount": session["amount_total"], "currency": session["currency"], "refunded": 0,
                "status": "succeeded" if outcome == "paid" else "processing", "charge": _id("ch_"),
            }
            session.update(status="complete", payment_intent=intent_id,
                           payment_status="paid" if outcome == "paid" else "unpaid")
            event = self._event(session, "checkout.session.completed")
        if deliver:
            self.deliver(event)
        return event

    def settle_async(self, session_id, succeeded=True, deliver=True):
        """The pending bank debit of a "processing" session succeeds or fails; returns the event."""
        with self._lock:
            session = self._sessions[session_id]
            intent = self._intents.get(session["payment_intent"])
            if intent is None or intent["status"] != "processing":
                raise ValueError(f"session {session_id} has no pending payment")
            if succeeded:
                intent["status"] = "succeeded"
                session["payment_status"] = "paid"
                event = self._event(session, "checkout.session.async_payment_succeeded")
            else:
                intent["status"] = "requires_payment_method"
                event = self._event(session, "checkout.session.async_payment_failed")
        if deliver:
            self.deliver(event)
        return event

    def event(self, session_id, type="checkout.session.completed"):
        """A new event (fresh id) about the session as it is now; not sent."""
        with self._lock:
            return self._event(self._sessions[session_id], type)

    def signed(self, event, secret, timestamp=None):
        """(payload bytes, Stripe-Signature header) for ``event``, as Stripe would send them."""
        payload = json.dumps(event, indent=2)
        header = stripe.WebhookSignature.generate_signature_header(payload, secret, timestamp=timestamp)
        return payload.encode("utf-8"), header

    def deliver(self, event):
        """POSTs ``event`` to the webhook of the account it belongs to, when there is one and
        ``deliver_webhooks`` is on. Returns the receiver's status (None: not sent or unreachable)."""
        with self._lock:
            api_key = self._owners.get(event["data"]["object"]["id"])
            target = self._webhooks.get(api_key) if self.deliver_webhooks else None
        if target is None:
            return None
        url, secret = target
        payload, header = self.signed(event, secret)
        try:
            status = requests.post(url, data=payload, timeout=10, headers={
                "Content-Type": "application/json", "Stripe-Signature": header, "User-Agent": "Stripe/1.0",
            }).status_code
        except requests.RequestException:
            status = None
        with self._lock:
            self.deliveries.append((event["id"], event["type"], status))
        return status

    # -- HTTP --------------------------------------------------------------------------------

    def _wsgi(self, environ, start_response):
        request = Request(environ)
        try:
            response = self._dispatch(request)
        except StripeError as error:
            response = self._json(error.body, error.status)
        return response(environ, start_response)

    def _dispatch(self, request):
        idempotency_key = request.headers.get("Idempotency-Key")
        with self._lock:
            self.requests.append((request.method, request.path, idempotency_key))
            for failure in self._failures:
                method, prefix, status, body, _ = failure
                if method == request.method and request.path.startswith(prefix):
                    failure[4] -= 1
                    if failure[4] <= 0:
                        self._failures.remove(failure)
                    return self._json(copy.deepcopy(body), status)
        adapter = self._urls.bind_to_environ(request.environ)
        try:
            endpoint, args = adapter.match()
        except HTTPException:
            raise StripeError(404, f"Unrecognized request URL ({request.method}: {request.path}).")
        if endpoint == "page":
            return self._page(request, args["session_id"])
        api_key = self._api_key(request)
        params = _nested(request.form.items(multi=True)) if request.method == "POST" else {}
        fingerprint = (request.method, request.path, sorted(request.form.items(multi=True)))
        with self._lock:
            if request.method == "POST" and idempotency_key:
                stored = self._idempotent.get((api_key, idempotency_key))
                if stored is not None:
                    if stored[0] != fingerprint:
                        raise StripeError(
                            400, "Keys for idempotent requests can only be used with the same parameters they were "
                            f"first used with. Try using a key other than '{idempotency_key}' if you meant to "
                            "execute a different request.", type="idempotency_error")
                    response = self._json(stored[2], stored[1])
                    response.headers["Idempotent-Replayed"] = "true"
                    return response
            status, body = 200, getattr(self, "_" + endpoint)(api_key, params, **args)
            if request.method == "POST" and idempotency_key:
                self._idempotent[(api_key, idempotency_key)] = (fingerprint, status, body)
        return self._json(body, status)

    def _json(self, body, status=200):
        response = Response(json.dumps(body, indent=2), status, content_type="application/json")
        response.headers["Request-Id"] = _id("req_")
        return response

    def _api_key(self, request):
        auth = request.authorization
        key = None
        if auth is not None:
            key = auth.token if auth.type == "bearer" else auth.username
        if not key:
            raise StripeError(401, "You did not provide an API key. You need to provide your API key in the "
                              "Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY').")
        with self._lock:
            revoked = key in self.revoked_keys
        if revoked or not key.startswith(KEY_PREFIXES):
            raise StripeError(401, f"Invalid API Key provided: {_masked(key)}", type="authentication_error")
        return key

    # -- API endpoints (called holding the lock) ---------------------------------------------

    def _create_session(self, api_key, params):
        if not params.get("mode"):
            raise _missing("mode")
        if params["mode"] != "payment":
            raise StripeError(400, "FakeStripe only supports mode=payment.", param="mode")
        if not params.get("success_url"):
            raise _missing("success_url")
        items = params.get("line_items")
        if not isinstance(items, list) or not items:
            raise _missing("line_items")
        lines, currencies, total = [], set(), 0
        for index, item in enumerate(items):
            name = f"line_items[{index}]"
            data = item.get("price_data")
            if not isinstance(data, dict):
                raise _missing(f"{name}[price_data]")
            for field in ("currency", "unit_amount"):
                if field not in data:
                    raise _missing(f"{name}[price_data][{field}]")
            if not isinstance(data.get("product_data"), dict) or not data["product_data"].get("name"):
                raise _missing(f"{name}[price_data][product_data][name]")
            if "quantity" not in item:
                raise _missing(f"{name}[quantity]")
            unit = _integer(data["unit_amount"], f"{name}[price_data][unit_amount]")
            quantity = _integer(item["quantity"], f"{name}[quantity]", positive=True)
            currencies.add(data["currency"].lower())
            lines.append((data["product_data"]["name"], unit, quantity))
            total += unit * quantity
        currency = params.get("currency", "").lower() or min(currencies)
        if currencies != {currency}:
            raise StripeError(400, "All line items must use the same currency as the Checkout Session.",
                              param="line_items")
        now = int(self.clock())
        session_id = _id("cs_test_")
        session = {
            "id": session_id, "object": "checkout.session", "amount_subtotal": total, "amount_total": total,
            "cancel_url": params.get("cancel_url"), "client_reference_id": params.get("client_reference_id"),
            "created": now, "currency": currency, "customer": None, "customer_email": params.get("customer_email"),
            "expires_at": _integer(params.get("expires_at") or now + 24 * 3600, "expires_at"), "livemode": False,
            "metadata": params.get("metadata", {}), "mode": "payment", "payment_intent": None,
            "payment_method_types": ["card"], "payment_status": "unpaid", "status": "open",
            "success_url": params["success_url"], "url": f"{self.url}/pay/{session_id}",
        }
        self._sessions[session_id] = session
        self._owners[session_id] = api_key
        self._line_items[session_id] = lines
        self.sessions_created += 1
        return copy.deepcopy(session)

    def _own_session(self, api_key, session_id):
        session = self._sessions.get(session_id)
        if session is None or self._owners[session_id] != api_key:
            raise StripeError(404, f"No such checkout.session: '{session_id}'", code="resource_missing", param="id")
        self._refresh(session)
        return session

    def _refresh(self, session):
        if session["status"] == "open" and self.clock() >= session["expires_at"]:
            session["status"] = "expired"

    def _retrieve_session(self, api_key, params, session_id):
        return copy.deepcopy(self._own_session(api_key, session_id))

    def _expire_session(self, api_key, params, session_id):
        session = self._own_session(api_key, session_id)
        if session["status"] != "open":
            raise StripeError(400, "Only Checkout Sessions with a status in [\"open\"] can be expired. "
                              f"This Checkout Session has a status of \"{session['status']}\".")
        session["status"] = "expired"
        return copy.deepcopy(session)

    def _create_refund(self, api_key, params):
        intent_id = params.get("payment_intent")
        if not intent_id:
            raise _missing("payment_intent")
        intent = self._intents.get(intent_id)
        if intent is None or self._owners[intent_id] != api_key:
            raise StripeError(400, f"No such payment_intent: '{intent_id}'", code="resource_missing",
                              param="payment_intent")
        if intent["status"] != "succeeded":
            raise StripeError(400, f"This PaymentIntent ({intent_id}) does not have a successful charge to refund.",
                              code="charge_not_refundable", param="payment_intent")
        reason = params.get("reason")
        if reason is not None and reason not in REFUND_REASONS:
            raise StripeError(400, "Invalid reason: must be one of duplicate, fraudulent, or requested_by_customer",
                              code="parameter_invalid_string", param="reason")
        left = intent["amount"] - intent["refunded"]
        amount = _integer(params["amount"], "amount", positive=True) if "amount" in params else left
        if left == 0:
            raise StripeError(400, f"Charge {intent['charge']} has already been refunded.",
                              code="charge_already_refunded")
        if amount > left:
            raise StripeError(400, f"Refund amount ({_money(amount, intent['currency'])}) is greater than unrefunded "
                              f"amount on charge ({_money(left, intent['currency'])})",
                              code="amount_too_large", param="amount")
        intent["refunded"] += amount
        refund = {
            "id": _id("re_"), "object": "refund", "amount": amount, "balance_transaction": _id("txn_"),
            "charge": intent["charge"], "created": int(self.clock()), "currency": intent["currency"],
            "metadata": params.get("metadata", {}), "payment_intent": intent_id, "reason": reason,
            "status": "succeeded",
        }
        self.refunds.append(refund)
        return copy.deepcopy(refund)

    def _account(self, api_key, params):
        return {
            "id": "acct_" + hashlib.sha256(api_key.encode()).hexdigest()[:16], "object": "account",
            "business_type": "company", "charges_enabled": True,
            "country": "FR", "default_currency": "eur", "details_submitted": True, "email": "owner@example.com",
            "livemode": api_key.startswith(("sk_live_", "rk_live_")), "payouts_enabled": True,
            "settings": {"dashboard": {"display_name": "Fake Stripe account", "timezone": "Europe/Paris"}},
            "type": "standard",
        }

    def _event(self, session, type):
        return {
            "id": _id("evt_"), "object": "event", "api_version": API_VERSION, "created": int(self.clock()),
            "data": {"object": copy.deepcopy(session)}, "livemode": False, "pending_webhooks": 1,
            "request": {"id": None, "idempotency_key": None}, "type": type,
        }

    # -- the hosted checkout page ------------------------------------------------------------

    def _page(self, request, session_id):
        with self._lock:
            session = self._sessions.get(session_id)
            if session is not None:
                self._refresh(session)
                session = copy.deepcopy(session)
            lines = list(self._line_items.get(session_id, []))
        if session is None:
            return self._html("Fake Stripe Checkout", "<p>This payment page does not exist.</p>", 404)
        if request.method == "POST":
            outcome = request.form.get("outcome")
            if outcome not in ("paid", "processing"):
                return self._html("Fake Stripe Checkout", "<p>Choose how to pay.</p>", 400)
            try:
                self.pay(session_id, outcome)
            except ValueError:
                return self._html("Fake Stripe Checkout", "<p>This payment page is no longer available.</p>", 409)
            return Response(status=303, headers={
                "Location": session["success_url"].replace("{CHECKOUT_SESSION_ID}", session_id)})
        if session["status"] != "open":
            body = f"<p>This payment page is no longer available (session {html.escape(session['status'])}).</p>"
            return self._html("Fake Stripe Checkout", body)
        items = "".join(f"<li>{html.escape(name)} × {quantity}: {_money(unit * quantity, session['currency'])}</li>"
                        for name, unit, quantity in lines)
        body = (
            f"<ul>{items}</ul>\n"
            f"<p>Total: <strong>{_money(session['amount_total'], session['currency'])}</strong></p>\n"
            f'<form method="post" action="/pay/{html.escape(session_id)}">\n'
            '<button type="submit" name="outcome" value="paid">Pay</button>\n'
            '<button type="submit" name="outcome" value="processing">Pay by bank debit</button>\n'
            "</form>"
        )
        return self._html("Fake Stripe Checkout", body)

    def _html(self, title, body, status=200):
        page = (f'<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8"><title>{title}</title></head>\n'
                f"<body>\n<main>\n<h1>{title}</h1>\n{body}\n</main>\n</body>\n</html>\n")
        return Response(page, status, content_type="text/html; charset=utf-8")
