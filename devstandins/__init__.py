"""Local stand-ins for the national services Min plan talks to (the contact register, an SMS
gateway, an SMTP server), for development and tests only: production refuses them."""
