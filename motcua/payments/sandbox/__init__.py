"""The built-in sandbox gateway (services.md §1): a stand-in for VNPay that speaks the same protocol with
a fixed, public test secret. Off in production settings (MOTCUA_PAYMENTS["SANDBOX_ENABLED"])."""
