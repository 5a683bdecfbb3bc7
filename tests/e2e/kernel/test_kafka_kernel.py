"""The kernel against a real Kafka broker (kernel spec §4.2 %connect/%topics/%describe, §3.6 Kafka
rule): run by the Kafka stage (tests/e2e/kafka/run.mjs), which starts the broker and sets
KAFKA_BOOTSTRAP_SERVERS; the plain kernel stage has no broker and skips this file."""
import os
import subprocess
import time
import uuid
from pathlib import Path
from queue import Empty

import pytest
from jupyter_client.manager import start_new_kernel

from conftest import KERNEL_NAME
from test_live_displays import displays, run as run_cell

BROKERS = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "")
pytestmark = pytest.mark.skipif(not os.environ.get("VELO_KAFKA_TEST_DIR"), reason="needs the broker of the Kafka stage (node tests/e2e/kafka/run.mjs)")
PRODUCE = Path(__file__).resolve().parents[1] / "kafka" / "produce-cli.mjs"
TIMEOUT = 30
RESULT = "application/vnd.velostream.result+json"


@pytest.fixture
def kc():
    km, client = start_new_kernel(kernel_name=KERNEL_NAME, startup_timeout=TIMEOUT)
    yield client
    client.stop_channels()
    km.shutdown_kernel(now=True)


@pytest.fixture
def topic():
    name = f"trades_{uuid.uuid4().hex[:8]}"
    produce(name, 0, 60)
    return name


TRADE_AVSC = PRODUCE.parent / "formats" / "trade.avsc"


def produce(topic, start, count, avro=False):
    subprocess.run(["node", str(PRODUCE), topic, str(start), str(count), *(["--avro", str(TRADE_AVSC)] if avro else [])], check=True, timeout=60)


def run(kc, code, cell_id="cell-1"):
    return run_cell(kc, code, cell_id=cell_id)


def stdout(messages):
    return "".join(m["content"]["text"] for m in messages if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def results(messages):
    return [m["content"]["data"]["text/plain"] for m in messages if m["msg_type"] == "execute_result"]


def test_connect_lists_topics_with_counts_and_topics_refreshes(kc, topic):
    _, reply, messages = run(kc, f"%connect kafka://{BROKERS}")
    assert reply["content"]["status"] == "ok", reply["content"]
    assert f"connected kafka to kafka://{BROKERS}" in stdout(messages)
    row = next(line for line in results(messages)[0].splitlines() if topic in line)
    assert "60" in row.split("|")[2]

    produce(topic, 60, 15)
    _, reply, messages = run(kc, f"%topics --like {topic}", cell_id="cell-2")
    assert reply["content"]["status"] == "ok"
    listing = results(messages)[0]
    row = next(line for line in listing.splitlines() if topic in line)
    assert [cell.strip() for cell in row.strip(" |").split("|")][:3] == [topic, "1", "75"]


def test_catalog_comm_lists_the_connection_and_its_topics(kc, topic):
    run(kc, f"%connect kafka://{BROKERS}")
    comm_id = uuid.uuid4().hex
    kc.shell_channel.send(kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "velostream.catalog", "data": {"v": 1}}))
    deadline = time.monotonic() + TIMEOUT
    catalog = None
    while catalog is None and time.monotonic() < deadline:
        m = kc.get_iopub_msg(timeout=TIMEOUT)
        if m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == comm_id and m["content"]["data"].get("type") == "catalog":
            catalog = m["content"]["data"]["catalog"]
    assert catalog is not None
    [connection] = catalog["connections"]
    assert connection["uri"] == f"kafka://{BROKERS}" and connection["kind"] == "kafka" and connection["status"] == "connected"
    assert {"name": topic, "partitions": 1, "messages": 60} == {k: v for k, v in next(t for t in connection["topics"] if t["name"] == topic).items() if k != "last_timestamp"}
    source = next(s for s in catalog["sources"] if s["name"] == topic)
    assert source["binding"] == "kafka" and source["topic"] == topic


def test_describe_infers_a_schema_from_messages(kc, topic):
    _, reply, messages = run(kc, f"%describe kafka://{BROKERS}/{topic}")
    assert reply["content"]["status"] == "ok", reply["content"]
    text = stdout(messages)
    assert "schema inferred from 60 messages" in text
    assert "name: symbol" in text and "enum_values" in text and "AAPL" in text
    assert "name: price" in text and "min: 100" in text and "max: 149" in text
    table = results(messages)[0]
    assert "id" in table and "INTEGER" in table


def test_describe_infers_the_schema_of_a_declared_avro_source_which_still_reads_kafka(kc):
    topic = f"avro_trades_{uuid.uuid4().hex[:8]}"
    produce(topic, 0, 40, avro=True)
    declare = (
        f"CREATE STREAM avro_trades WITH ('type' = 'kafka_source', 'topic' = '{topic}', 'format' = 'avro', "
        f"'schema.file' = '{TRADE_AVSC}', 'bootstrap.servers' = '{BROKERS}');"
    )
    _, reply, _ = run(kc, declare)
    assert reply["content"]["status"] == "ok", reply["content"]

    _, reply, messages = run(kc, "%describe avro_trades", cell_id="cell-2")
    assert reply["content"]["status"] == "ok", reply["content"]
    text = stdout(messages)
    assert "schema inferred from 40 messages" in text and "registered as schema avro_trades" in text
    assert "name: quantity" in text and "min: 1" in text and "max: 7" in text
    assert "enum_values" in text and "MSFT" in text

    # the inferred schema describes the source; its rows still come from the topic, not synthetic data
    _, reply, messages = run(kc, "SELECT id, symbol, quantity FROM avro_trades LIMIT 5;", cell_id="cell-3")
    assert reply["content"]["status"] == "ok", reply["content"]
    final = displays(messages)[-1]["content"]["data"][RESULT]
    assert final["rows"] == [[i, ["AAPL", "MSFT", "GOOG"][i % 3], 1 + i % 7] for i in range(5)]


def test_select_from_a_topic_is_live_and_continues_as_a_job(kc, topic):
    run(kc, f"%connect kafka://{BROKERS}")
    # bounded by LIMIT: the final snapshot holds the topic's first messages
    _, reply, messages = run(kc, f"SELECT id, symbol, price FROM kafka://{topic} LIMIT 10;", cell_id="cell-2")
    assert reply["content"]["status"] == "ok", reply["content"]
    final = displays(messages)[-1]["content"]["data"][RESULT]
    assert [row[0] for row in final["rows"]] == list(range(10))

    # unbounded: a background job whose display follows new messages after the cell went idle
    run(kc, "%config preview=1s refresh=10", cell_id="cell-3")
    msg_id, reply, messages = run(kc, f"-- @name: per_symbol\nSELECT symbol, COUNT(*) AS n FROM {topic} GROUP BY symbol;", cell_id="cell-4")
    assert reply["content"]["status"] == "ok"
    assert displays(messages)[-1]["content"]["data"][RESULT]["job"] == "per_symbol"
    produce(topic, 60, 30)
    total = 0
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and total != 90:
        try:
            m = kc.get_iopub_msg(timeout=0.5)
        except Empty:
            continue
        if m["msg_type"] == "update_display_data" and m["parent_header"]["msg_id"] == msg_id:
            total = sum(row[1] for row in m["content"]["data"][RESULT]["rows"])
    assert total == 90
    _, reply, _ = run(kc, "%stop per_symbol", cell_id="cell-5")
    assert reply["content"]["status"] == "ok"
