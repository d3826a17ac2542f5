"""open_services: clients for the endpoints of kiosk.yaml, 'sim' meaning the simulated back end."""

import pytest

from kiosk.config.loader import load_config
from kiosk.errors import ConfigError
from kiosk.services import Services, open_services, sim_records_dir, uses_sim
from kiosk.services.errors import ServiceUnavailable
from kiosk.services.sim_backend import SimBackend

WANG = ("421202196203120038", "王建国")


def _with_services(config_dir, text):
    path = config_dir / "kiosk.yaml"
    src = path.read_text(encoding="utf-8")
    start = src.index("services:")
    path.write_text(src[:start] + text, encoding="utf-8")
    return load_config(str(config_dir))


def test_shipped_config_uses_the_simulated_back_ends(config_dir):
    cfg = load_config(str(config_dir))
    assert uses_sim(cfg)
    with SimBackend(records_dir=sim_records_dir(cfg)) as sim, open_services(cfg, sim.url) as services:
        assert isinstance(services, Services)
        report = services.credit.report(*WANG)
        records = services.property.records(*WANG)
    assert report.header.terminal_id == cfg.kiosk.terminal_id
    assert report.verification_url(cfg.kiosk.verify_url).startswith("https://xy.xianning.gov.cn/verify?no=XN")
    assert len(records.properties) == 3


def test_sim_without_a_running_back_end_is_a_config_error(config_dir):
    with pytest.raises(ConfigError, match="services.credit.url is 'sim'"):
        open_services(load_config(str(config_dir)), None)


def test_real_urls_and_timeouts_come_from_config(config_dir, closed_port):
    cfg = _with_services(config_dir, (
        "services:\n"
        f"  credit: {{url: 'http://127.0.0.1:{closed_port}/credit-api', timeout_s: 0.3}}\n"
        f"  property: {{url: 'http://127.0.0.1:{closed_port}/bdc', timeout_s: 0.4}}\n"
        f"  gas_billing: {{url: 'http://127.0.0.1:{closed_port}/gas', timeout_s: 0.5}}\n"
        f"  payment: {{url: 'http://127.0.0.1:{closed_port}/pay', timeout_s: 0.6}}\n"))
    assert not uses_sim(cfg)
    services = open_services(cfg, None)
    assert services.credit.client.base_url.endswith("/credit-api") and services.credit.client.timeout_s == 0.3
    assert services.property.client.timeout_s == 0.4
    with pytest.raises(ServiceUnavailable):
        services.property.records(*WANG)
    services.close()


def test_one_real_one_simulated(config_dir):
    cfg = _with_services(config_dir, "services:\n  credit: {url: 'http://10.20.30.40:8080/credit'}\n")
    assert uses_sim(cfg)  # the registry is still simulated
    services = open_services(cfg, "http://127.0.0.1:9")
    assert services.credit.client.base_url == "http://10.20.30.40:8080/credit"
    assert services.property.client.base_url == "http://127.0.0.1:9/property"


def test_a_url_that_is_not_http_is_a_config_error(config_dir):
    cfg = _with_services(config_dir, "services:\n  property: {url: 'ftp://registry/'}\n")
    with pytest.raises(ConfigError, match="property"):
        open_services(cfg, "http://127.0.0.1:9")


def test_services_abort_reaches_both_clients(config_dir):
    cfg = load_config(str(config_dir))
    services = open_services(cfg, "http://127.0.0.1:9")
    services.abort()  # nothing in flight: harmless
    services.close()
