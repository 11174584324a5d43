"""End-to-end tests of chart-mcp through the official MCP Python SDK.

The module starts the chart-img stand-in (fake-chart-img) and the local API on loopback ports,
with the API's embedded S3 store in a temporary folder. Each test then launches chart-mcp over
stdio as Claude Code would, and calls its tools. Every process started here is stopped when the
module finishes, also when a test fails.

Binaries come from these environment variables, defaulting to the debug builds:

    CHART_MCP_BIN       target/debug/chart-mcp       (cargo build -p chart-mcp)
    LOCAL_API_BIN       target/debug/local-api       (cargo build -p local-api)
    FAKE_CHART_IMG_BIN  target/debug/fake-chart-img  (cargo build -p fake-chart-img)

Run: .venv/bin/pytest chart-mcp/tests
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import re
import socket
import struct
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import CallToolResult, ImageContent, TextContent, Tool

REPO = Path(__file__).resolve().parents[2]
SAMPLE_PNG = REPO / "testdata" / "charts" / "eth-1h-chart-img-800x600.png"

# The chart-img key the stand-in expects and the local API sends.
CHART_IMG_KEY = "chart-mcp-test-chart-img-key"
# Sent by chart-mcp as x-api-key. The tests check that it never appears in a result or a log.
CHART_API_KEY = "chart-mcp-test-secret-4b1d"

STARTUP_SECONDS = 60
CALL_SECONDS = 90

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

EXPECTED_TOOLS = {
    "health_check",
    "construct_chart_config",
    "validate_chart_config",
    "generate_chart_image",
    "upload_chart_to_s3",
    "get_exchanges",
    "get_symbols",
    "fetch_chart_documentation",
    "list_stored_charts",
    "delete_stored_chart",
}

# Required input fields per tool; every other field is optional.
REQUIRED = {
    "health_check": set(),
    "construct_chart_config": {"naturalLanguage"},
    "validate_chart_config": {"config"},
    "generate_chart_image": {"config"},
    "upload_chart_to_s3": {"metadata"},
    "get_exchanges": set(),
    "get_symbols": {"exchange"},
    "fetch_chart_documentation": set(),
    "list_stored_charts": set(),
    "delete_stored_chart": {"key"},
}

# (readOnlyHint, destructiveHint, idempotentHint, openWorldHint); None where the hint does not
# apply because the tool is read-only.
ANNOTATIONS = {
    "health_check": (True, None, True, True),
    "construct_chart_config": (True, None, True, False),
    "validate_chart_config": (True, None, True, False),
    "generate_chart_image": (False, False, False, True),
    "upload_chart_to_s3": (False, False, False, True),
    "get_exchanges": (True, None, True, True),
    "get_symbols": (True, None, True, True),
    "fetch_chart_documentation": (True, None, True, False),
    "list_stored_charts": (True, None, True, False),
    "delete_stored_chart": (False, True, True, False),
}


# --- processes ------------------------------------------------------------------------------


def binary(variable: str, default: str, package: str) -> Path:
    path = Path(os.environ.get(variable) or REPO / default)
    if not path.is_file():
        pytest.fail(
            f"{path} not found: build it with `cargo build -p {package}`, or set {variable} "
            "to the binary's path",
            pytrace=False,
        )
    return path


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Process:
    """A child process whose stderr is kept in a file for failure messages."""

    def __init__(self, name: str, args: list[str], env: dict[str, str], log_dir: Path):
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.popen = subprocess.Popen(
            args,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )

    def log_tail(self, lines: int = 40) -> str:
        text = self.log_path.read_text(errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def fail(self, problem: str) -> None:
        pytest.fail(f"{self.name} {problem}; its log ends with:\n{self.log_tail()}", pytrace=False)

    def stop(self) -> None:
        if self.popen.poll() is None:
            self.popen.terminate()
            try:
                self.popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.popen.kill()
                self.popen.wait(timeout=10)
        if self.popen.stdout:
            self.popen.stdout.close()
        self._log.close()


def read_listening_url(process: Process) -> str:
    """Reads the `listening on URL` line that fake-chart-img prints on stdout."""
    found: list[str] = []

    def read() -> None:
        assert process.popen.stdout is not None
        line = process.popen.stdout.readline().decode(errors="replace")
        found.append(line)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(STARTUP_SECONDS)
    match = re.fullmatch(r"listening on (http://127\.0\.0\.1:\d+)\s*", found[0] if found else "")
    if not match:
        printed = f"printed {found[0]!r}" if found else "printed nothing"
        process.fail(f"{printed} instead of `listening on URL`")
    return match.group(1)


def wait_for_health(process: Process, base_url: str) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            process.fail(f"exited with code {process.popen.returncode} before serving")
        try:
            with urllib.request.urlopen(f"{base_url}/api/v1/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)
    process.fail(f"did not answer GET {base_url}/api/v1/health within {STARTUP_SECONDS} s")


@dataclass
class Server:
    """The chart-mcp binary, and a folder for its logs."""

    path: Path
    work: Path


@dataclass
class Stack:
    server: Server
    api_url: str
    chart_img_url: str

    def env(self) -> dict[str, str]:
        return {"CHART_API_URL": self.api_url, "CHART_API_KEY": CHART_API_KEY}


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    path = binary("CHART_MCP_BIN", "target/debug/chart-mcp", "chart-mcp")
    with tempfile.TemporaryDirectory(prefix="chart-mcp-test-") as folder:
        yield Server(path=path, work=Path(folder))


@pytest.fixture(scope="module")
def stack(server: Server) -> Iterator[Stack]:
    local_api = binary("LOCAL_API_BIN", "target/debug/local-api", "local-api")
    fake = binary("FAKE_CHART_IMG_BIN", "target/debug/fake-chart-img", "fake-chart-img")
    base_env = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}

    processes: list[Process] = []
    try:
        chart_img = Process(
            "fake-chart-img",
            [str(fake), "--port", "0", "--plan", "PRO", "--api-key", CHART_IMG_KEY],
            base_env,
            server.work,
        )
        processes.append(chart_img)
        chart_img_url = read_listening_url(chart_img)

        port = free_port()
        api = Process(
            "local-api",
            [str(local_api), "--port", str(port)],
            {
                **base_env,
                "CHART_IMG_BASE_URL": chart_img_url,
                "CHART_IMG_API_KEY": CHART_IMG_KEY,
                "CHART_IMG_PLAN": "PRO",
                "IMAGE_URL_ALLOWED_ORIGINS": chart_img_url,
                "DATA_DIR": str(server.work / "data"),
            },
            server.work,
        )
        processes.append(api)
        api_url = f"http://127.0.0.1:{port}"
        wait_for_health(api, api_url)

        yield Stack(server=server, api_url=api_url, chart_img_url=chart_img_url)
    finally:
        for process in reversed(processes):
            process.stop()


# --- MCP client -----------------------------------------------------------------------------


@dataclass
class Connection:
    session: ClientSession
    stderr_path: Path


@contextlib.asynccontextmanager
async def connect(server: Server, env: dict[str, str]) -> AsyncIterator[Connection]:
    """Launches chart-mcp over stdio and yields an initialized client session."""
    stderr_path = server.work / f"chart-mcp-{time.monotonic_ns()}.log"
    with stderr_path.open("w") as errlog:
        parameters = StdioServerParameters(
            command=str(server.path), env={"RUST_LOG": "info", **env}
        )
        async with stdio_client(parameters, errlog=errlog) as (read, write):
            async with ClientSession(read, write) as session:
                with anyio.fail_after(STARTUP_SECONDS):
                    await session.initialize()
                yield Connection(session=session, stderr_path=stderr_path)


def run(server: Server, env: dict[str, str], scenario) -> None:
    """Runs `scenario(connection)` against a fresh chart-mcp started with `env`."""

    async def main() -> None:
        async with connect(server, env) as connection:
            await scenario(connection)
        log = connection.stderr_path.read_text(errors="replace")
        assert CHART_API_KEY not in log, "chart-mcp logged the API key"

    try:
        anyio.run(main)
    except BaseExceptionGroup as group:
        # The SDK's task groups wrap a failed assert; raise it alone so pytest shows it plainly.
        raise first_leaf(group) from None


def first_leaf(error: BaseException) -> BaseException:
    while isinstance(error, BaseExceptionGroup):
        error = error.exceptions[0]
    return error


async def call(connection: Connection, name: str, arguments: dict[str, Any]) -> CallToolResult:
    with anyio.fail_after(CALL_SECONDS):
        result = await connection.session.call_tool(name, arguments)
    for block in result.content:
        if isinstance(block, TextContent):
            assert CHART_API_KEY not in block.text, f"{name} returned the API key"
    return result


def texts(result: CallToolResult) -> list[str]:
    return [block.text for block in result.content if isinstance(block, TextContent)]


def images(result: CallToolResult) -> list[ImageContent]:
    return [block for block in result.content if isinstance(block, ImageContent)]


def describe(result: CallToolResult) -> str:
    return "\n".join(texts(result))


async def succeed(connection: Connection, name: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Calls a tool that must succeed and returns its structured content."""
    result = await call(connection, name, arguments)
    assert not result.is_error, f"{name} failed: {describe(result)}"
    assert isinstance(result.structured_content, dict), f"{name}: {result.structured_content!r}"
    return result.structured_content


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE, f"not a PNG: {data[:16]!r}"
    assert data[12:16] == b"IHDR", f"PNG without IHDR first: {data[8:32]!r}"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def http_get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.headers.get("content-type", ""), response.read()


async def construct(connection: Connection, text: str, **extra: Any) -> dict[str, Any]:
    data = await succeed(connection, "construct_chart_config", {"naturalLanguage": text, **extra})
    return data["config"]


# --- tests ----------------------------------------------------------------------------------


def properties_without_description(schema: dict[str, Any], path: str) -> list[str]:
    missing = []
    for name, property_schema in schema.get("properties", {}).items():
        property_path = f"{path}.{name}"
        if not property_schema.get("description"):
            missing.append(property_path)
        missing += properties_without_description(property_schema, property_path)
        for branch in property_schema.get("anyOf", []) + property_schema.get("oneOf", []):
            missing += properties_without_description(branch, property_path)
    return missing


def test_tool_list(server: Server) -> None:
    async def scenario(connection: Connection) -> None:
        listed = await connection.session.list_tools()
        tools: dict[str, Tool] = {tool.name: tool for tool in listed.tools}

        assert set(tools) == EXPECTED_TOOLS
        for name, tool in tools.items():
            assert tool.description and len(tool.description) > 40, name
            assert tool.input_schema.get("type") == "object", name
            assert set(tool.input_schema.get("required", [])) == REQUIRED[name], name
            assert properties_without_description(tool.input_schema, name) == []

            hints = tool.annotations
            assert hints is not None, name
            read_only, destructive, idempotent, open_world = ANNOTATIONS[name]
            assert hints.read_only_hint is read_only, name
            if destructive is not None:
                assert hints.destructive_hint is destructive, name
            assert hints.idempotent_hint is idempotent, name
            assert hints.open_world_hint is open_world, name
            assert hints.title, name

        generate = tools["generate_chart_image"].input_schema["properties"]
        assert generate["format"]["enum"] == ["png", "jpeg"]
        assert generate["storage"]["default"] is True
        assert "persist" in tools["construct_chart_config"].description
        validate = tools["validate_chart_config"].input_schema["properties"]
        assert validate["planLevel"]["enum"] == ["BASIC", "PRO", "MEGA", "ULTRA", "ENTERPRISE"]

    run(server, {"CHART_API_KEY": CHART_API_KEY}, scenario)


def test_construct_plain_language(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        result = await call(
            connection,
            "construct_chart_config",
            {"naturalLanguage": "ETH 4h with RSI, last 3 months, dark theme"},
        )
        assert not result.is_error, describe(result)
        config = result.structured_content["config"]

        assert "ETH" in config["symbol"]
        assert config["interval"] == "4h"
        assert config["theme"] == "dark"
        assert any("Relative Strength" in study["name"] for study in config["studies"])
        summary = texts(result)[0]
        assert config["symbol"] in summary
        assert "generate_chart_image" in summary
        assert json.loads(texts(result)[1]) == result.structured_content

    run(stack.server, stack.env(), scenario)


def test_validate_constructed_config(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        config = await construct(connection, "BTC daily with MACD")

        report = await succeed(
            connection, "validate_chart_config", {"config": config, "planLevel": "PRO"}
        )

        assert report["valid"] is True, report
        assert report["errors"] == []

    run(stack.server, stack.env(), scenario)


def test_generate_inline_png(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        config = await construct(
            connection, "ETH 1h with RSI", preferences={"resolution": "1024x576"}
        )

        result = await call(
            connection,
            "generate_chart_image",
            {"config": config, "storage": False, "format": "png"},
        )

        assert not result.is_error, describe(result)
        attached = images(result)
        assert len(attached) == 1, result.content
        assert attached[0].mime_type == "image/png"
        data = base64.b64decode(attached[0].data)
        assert png_size(data) == (1024, 576)
        assert "imageData" not in result.structured_content
        assert "attached" in texts(result)[0]

    run(stack.server, stack.env(), scenario)


def test_generate_persist(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        config = await construct(connection, "SOL 4h with RSI")

        result = await call(
            connection, "generate_chart_image", {"config": config, "persist": True}
        )

        assert not result.is_error, describe(result)
        stored = result.structured_content
        assert f"Stored permanently: {stored['url']}" in texts(result)[0]

        listed = await succeed(connection, "list_stored_charts", {"symbol": config["symbol"]})
        assert stored["key"] in [chart["key"] for chart in listed["charts"]]
        status, content_type, body = http_get(stored["url"])
        assert status == 200
        assert content_type.startswith("image/"), content_type
        assert stored["size"] == len(body)
        assert stored["sha256"] == hashlib.sha256(body).hexdigest()
        assert png_size(body) == (config["width"], config["height"])

        await succeed(connection, "delete_stored_chart", {"key": stored["key"]})

    run(stack.server, stack.env(), scenario)


def test_upload_list_delete(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        image = SAMPLE_PNG.read_bytes()
        symbol = f"MCPTEST{time.monotonic_ns() % 1_000_000}"
        metadata = {
            "symbol": f"BINANCE:{symbol}",
            "interval": "1h",
            "indicators": ["RSI"],
            "generatedAt": "2025-11-16T10:30:00Z",
        }

        upload = await call(
            connection,
            "upload_chart_to_s3",
            {"imageData": base64.b64encode(image).decode(), "metadata": metadata},
        )
        assert not upload.is_error, describe(upload)
        stored = upload.structured_content
        key = stored["key"]
        assert key.startswith("charts/2025/11/"), key
        assert symbol in key
        assert stored["url"] in texts(upload)[0]
        status, content_type, body = http_get(stored["url"])
        assert status == 200
        assert content_type.startswith("image/png"), content_type
        assert body == image

        listed = await succeed(connection, "list_stored_charts", {"symbol": symbol})
        assert [chart["key"] for chart in listed["charts"]] == [key]

        deleted = await call(connection, "delete_stored_chart", {"key": key})
        assert not deleted.is_error, describe(deleted)
        assert key in texts(deleted)[0]

        after = await succeed(connection, "list_stored_charts", {"symbol": symbol})
        assert after["charts"] == []
        again = await call(connection, "delete_stored_chart", {"key": key})
        assert again.is_error
        assert again.structured_content["status"] == 404, describe(again)

    run(stack.server, stack.env(), scenario)


def test_upload_from_hosted_url(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        config = await construct(connection, "AAPL daily")
        hosted = await succeed(connection, "generate_chart_image", {"config": config})
        assert hosted["imageUrl"].startswith(stack.chart_img_url), hosted

        stored = await succeed(
            connection,
            "upload_chart_to_s3",
            {
                "imageUrl": hosted["imageUrl"],
                "metadata": {"symbol": "NASDAQ:AAPL", "interval": "1D"},
            },
        )

        assert stored["metadata"]["source"] == "chart-img.com"
        status, _, body = http_get(stored["url"])
        assert status == 200
        assert png_size(body) == (config["width"], config["height"])
        await succeed(connection, "delete_stored_chart", {"key": stored["key"]})

    run(stack.server, stack.env(), scenario)


def test_upload_needs_one_source(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        result = await call(
            connection,
            "upload_chart_to_s3",
            {"metadata": {"symbol": "BINANCE:ETHUSDT", "interval": "1h"}},
        )

        assert result.is_error
        assert "exactly one of imageUrl and imageData" in describe(result)

    run(stack.server, stack.env(), scenario)


def test_exchanges_and_symbols(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        exchanges = await succeed(connection, "get_exchanges", {})
        assert exchanges["exchanges"], exchanges
        exchange = "BINANCE" if "BINANCE" in exchanges["exchanges"] else exchanges["exchanges"][0]

        symbols = await succeed(
            connection, "get_symbols", {"exchange": exchange, "search": "ETH", "limit": 5}
        )

        assert 1 <= len(symbols["symbols"]) <= 5, symbols
        assert all("ETH" in json.dumps(symbol).upper() for symbol in symbols["symbols"])

    run(stack.server, stack.env(), scenario)


def test_unknown_exchange_is_tool_error(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        result = await call(connection, "get_symbols", {"exchange": "NO SUCH/EXCHANGE"})

        assert result.is_error
        assert result.structured_content["status"] in (404, 422), describe(result)

    run(stack.server, stack.env(), scenario)


def test_documentation_matches_schemas(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        listed = await connection.session.list_tools()
        construct_schema = next(
            tool.input_schema for tool in listed.tools if tool.name == "construct_chart_config"
        )
        preferences = construct_schema["properties"]["preferences"]["properties"]

        indicators = await succeed(
            connection, "fetch_chart_documentation", {"section": "indicators"}
        )
        parameters = await succeed(
            connection, "fetch_chart_documentation", {"section": "parameters"}
        )

        assert indicators["indicators"]["studies"], indicators
        documented = {entry["name"]: entry for entry in parameters["parameters"]}
        assert preferences["interval"]["enum"] == documented["interval"]["values"]
        assert preferences["theme"]["enum"] == documented["theme"]["values"]
        assert preferences["style"]["enum"] == documented["style"]["values"]
        assert preferences["range"]["anyOf"][0]["enum"] == documented["range"]["values"]

    run(stack.server, stack.env(), scenario)


def is_loopback_url(url: str) -> bool:
    host = urllib.parse.urlsplit(url).hostname or ""
    return host == "localhost" or host.startswith("127.") or host == "::1"


def test_health(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        result = await call(connection, "health_check", {})

        assert not result.is_error, describe(result)
        assert result.structured_content["status"] in ("ok", "degraded")
        assert "The chart API is" in texts(result)[0]

        # A deep check probes each service's endpoint, so it runs only when all are on loopback.
        services = result.structured_content.get("services", {})
        endpoints = [service.get("endpoint", "") for service in services.values()]
        if endpoints and all(is_loopback_url(endpoint) for endpoint in endpoints):
            deep = await call(connection, "health_check", {"deep": True})
            assert not deep.is_error, describe(deep)

    run(stack.server, stack.env(), scenario)


def test_bad_config_is_tool_error(stack: Stack) -> None:
    async def scenario(connection: Connection) -> None:
        result = await call(
            connection,
            "generate_chart_image",
            {"config": {"symbol": "BINANCE:ETHUSDT", "interval": "4x"}, "storage": False},
        )

        assert result.is_error
        error = result.structured_content
        assert error["code"] in ("INVALID_CONFIG", "VALIDATION_ERROR"), error
        assert error["status"] == 422
        text = describe(result)
        assert f"{error['code']} (HTTP 422): {error['message']}" in text
        assert "interval" in error["message"]

    run(stack.server, stack.env(), scenario)


def test_missing_api_names_setting(server: Server) -> None:
    port = free_port()  # Nothing listens there once the probe socket is closed.

    async def scenario(connection: Connection) -> None:
        result = await call(connection, "health_check", {})

        assert result.is_error
        assert "CHART_API_URL" in describe(result)
        assert f"127.0.0.1:{port}" in describe(result)

    env = {"CHART_API_URL": f"http://127.0.0.1:{port}", "CHART_API_KEY": CHART_API_KEY}
    run(server, env, scenario)


def test_invalid_setting_stops_startup(server: Server) -> None:
    finished = subprocess.run(
        [str(server.path)],
        env={"PATH": os.environ.get("PATH", ""), "CHART_API_TIMEOUT_MS": "soon"},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=30,
    )

    assert finished.returncode == 2
    assert finished.stdout == b""
    assert b"CHART_API_TIMEOUT_MS" in finished.stderr


def test_stdout_carries_only_messages(server: Server) -> None:
    port = free_port()  # Nothing listens there, so the tool call fails and chart-mcp logs it.
    messages = [
        {
            "jsonrpc": "2.0",
            "id": 1,
            "method": "initialize",
            "params": {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "stdout-check", "version": "1"},
            },
        },
        {"jsonrpc": "2.0", "method": "notifications/initialized"},
        {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
        {
            "jsonrpc": "2.0",
            "id": 3,
            "method": "tools/call",
            "params": {"name": "health_check", "arguments": {}},
        },
    ]
    process = subprocess.Popen(
        [str(server.path)],
        env={
            "PATH": os.environ.get("PATH", ""),
            "RUST_LOG": "debug",
            "CHART_API_URL": f"http://127.0.0.1:{port}",
        },
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert process.stdin is not None and process.stdout is not None
        for message in messages[:3]:
            process.stdin.write(json.dumps(message).encode() + b"\n")
        process.stdin.flush()
        # Send the call only after the tools/list reply, so the session is set up.
        first = [process.stdout.readline(), process.stdout.readline()]
        last = json.dumps(messages[3]).encode() + b"\n"
        rest, stderr = process.communicate(input=last, timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    lines = [line for line in b"".join(first + [rest]).splitlines() if line.strip()]
    replies = [json.loads(line) for line in lines]
    assert all(reply.get("jsonrpc") == "2.0" for reply in replies), lines
    assert [reply.get("id") for reply in replies] == [1, 2, 3]
    assert replies[2]["result"]["isError"] is True
    assert b"API request failed" in stderr
