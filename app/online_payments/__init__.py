"""Online payment (DESIGN §16): the company's Stripe connection, the Pay button's Checkout
Sessions, recording what was paid exactly once (webhook, success return or the tick), and
refunds of online payments. Only :mod:`app.online_payments.gateway` talks to Stripe."""
