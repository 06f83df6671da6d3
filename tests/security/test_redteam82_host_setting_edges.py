"""Red team 82 F5: an Exchange host a tenant's admin adds is a DNS name or a wildcard under its own cloud's
Microsoft domains: a line break in a name, an IPv4 address in a resolver's spelling (`1.2.3.0x4` is 1.2.3.4)
and another cloud's wildcard on a public tenant (21Vianet's `.outlook.cn`) are refused."""

from __future__ import annotations

import pytest

from mailwarden.connectors.endpoints import CHINA, DOD, PUBLIC, emulator, exchange_host_setting
from mailwarden.errors import ConfigError


@pytest.mark.parametrize(
    "given",
    ["exchange.evil\n.outlook.com", "proxy.contoso\n.de", "1.2.3.0x4", "10.0.0.0x1", "1.2.3.0x", "a.010"],
)
def test_a_host_with_a_line_break_or_an_address_is_refused(given: str) -> None:
    with pytest.raises(ConfigError, match="not a hostname"):
        exchange_host_setting(given)


@pytest.mark.parametrize("wildcard", [".outlook.cn", ".apps.mil", "*.office365.us"])
def test_a_public_tenant_takes_no_other_clouds_wildcard(wildcard: str) -> None:
    with pytest.raises(ConfigError, match="Microsoft's Exchange domains of the tenant's cloud"):
        PUBLIC.with_exchange_hosts([wildcard])
    with pytest.raises(ConfigError, match="Microsoft's Exchange domains of the tenant's cloud"):
        emulator("https://127.0.0.1:8443").with_exchange_hosts([wildcard])


def test_each_cloud_takes_its_own_wildcards_and_any_named_host() -> None:
    assert PUBLIC.with_exchange_hosts(["*.eu.outlook.com"]).exchange_hosts_added == (".eu.outlook.com",)
    assert CHINA.with_exchange_hosts([".outlook.cn"]).exchange_hosts_added == (".outlook.cn",)
    assert DOD.with_exchange_hosts([".apps.mil", "proxy.example.us"]).exchange_hosts_added == (
        ".apps.mil",
        "proxy.example.us",
    )
    with pytest.raises(ConfigError):
        CHINA.with_exchange_hosts([".outlook.com"])
