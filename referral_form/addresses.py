"""Email addresses that only stand in for a real one (no Django imports: settings use it)."""

EXAMPLE_DOMAINS = ("example.org", "example.com", "example.net")


def is_placeholder_address(address: str) -> bool:
    """True for an address on a domain reserved for examples (RFC 2606), or a blank one."""
    domain = (address or "").rpartition("@")[2].strip().lower().rstrip(".")
    return (not domain or domain in EXAMPLE_DOMAINS or domain.endswith(".invalid")
            or any(domain.endswith("." + reserved) for reserved in EXAMPLE_DOMAINS))
