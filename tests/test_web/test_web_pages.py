"""The web pages in a real browser: headless Chromium (Debian's) driven by Selenium.

One uvicorn server over the corpus store and one browser serve the whole module. Each test loads a
page, uses it as a person would (search, open an agency, ask, run SPARQL), asserts on what is
visible, and saves a screenshot to tests/artifacts/screens/. Without Chromium the tests skip,
except in CI (CI=true), where a missing browser is a failure.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
SCREENS = Path(__file__).resolve().parents[1] / "artifacts" / "screens"
WAIT_S = 15
DESKTOP = (1280, 900)


def _browser_missing() -> str | None:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    try:
        import selenium  # noqa: F401
    except ImportError:
        missing.append("the selenium package")
    return f"browser tests need {', '.join(missing)} (apt-get install chromium chromium-driver)" if missing else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


_CLAUSES = """SELECT ?c ?d ?text ?title ?source ?path ?region ?level WHERE {
  ?c a eli:LegalResourceSubdivision ; pkg:document ?d ; pkg:text ?text .
  OPTIONAL { ?d eli:title ?title } OPTIONAL { ?d pkg:sourceFile ?source } OPTIONAL { ?c pkg:path ?path }
  OPTIONAL { ?d pkg:region ?region } OPTIONAL { ?d pkg:level ?level } }"""


def build_search_index(corpus_db: Path, directory: Path, embedder: str) -> None:
    """A search index of the corpus clauses with the fast test embedder (the corpus store has none)."""
    from graph.embedder import load_embedder
    from graph.namespaces import sparql_prefixes
    from graph.search import ClauseRecord, SearchIndex
    from graph.store import open_store

    with open_store(f"oxigraph:{corpus_db}", read_only=True) as store:
        rows = store.query(sparql_prefixes() + _CLAUSES)
    by_doc: dict[str, dict[str, ClauseRecord]] = {}
    for r in rows:
        by_doc.setdefault(r["d"], {}).setdefault(r["c"], ClauseRecord(
            iri=r["c"], doc=r["d"], text=r["text"], doc_title=r.get("title"), source=r.get("source"),
            path=r.get("path"), region=r.get("region"), level=r.get("level")))
    index = SearchIndex.open(directory, load_embedder(embedder))
    index.update({doc: list(records.values()) for doc, records in by_doc.items()})
    index.save()


@pytest.fixture(scope="module")
def base_url(corpus_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """uvicorn serving create_app over the corpus store on a free loopback port, in a thread,
    with a search index (test embedder) in its own folder beside it."""
    import uvicorn

    from api.app import create_app
    from api.settings import Settings

    port = _free_port()
    db = tmp_path_factory.mktemp("web-db")
    settings = Settings(db=db, store=f"oxigraph:{corpus_db}", embedder="hashing")
    app = create_app(settings)
    if "search" in app.state.routers:  # built before the server starts, as `policykg ingest` would
        build_search_index(corpus_db, settings.search_dir, settings.embedder)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    reason = _browser_missing()
    if reason:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="policykg-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", f"--user-data-dir={profile}", "--lang=zh-CN",
                 f"--window-size={DESKTOP[0]},{DESKTOP[1]}"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)  # no selenium-manager
    driver.set_page_load_timeout(30)
    SCREENS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def api(base_url: str, path: str) -> Any:
    with urllib.request.urlopen(base_url + path, timeout=30) as response:
        return json.load(response)


def doc_id(base_url: str, title_part: str) -> str:
    docs = api(base_url, "/documents?q=" + urllib.parse.quote(title_part))["documents"]
    assert docs, f"no document titled like {title_part!r} in the corpus store"
    return docs[0]["short_id"]


def wait_for(driver: Any, css: str, text: str | None = None, count: int = 1) -> list[Any]:
    """The elements matching css once at least `count` are shown (and one contains `text`)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    def ready(d: Any) -> list[Any] | bool:
        found = d.find_elements(By.CSS_SELECTOR, css)
        if len(found) < count or (text is not None and not any(text in e.text for e in found)):
            return False
        return found

    try:
        return WebDriverWait(driver, WAIT_S).until(ready)
    except TimeoutException:
        errors = driver.find_elements(By.CSS_SELECTOR, ".error")
        shown = "; ".join(e.text for e in errors) or driver.find_element(By.TAG_NAME, "main").text[:500]
        pytest.fail(f"{css!r} (text {text!r}) never appeared on {driver.current_url}: {shown}")


def wait_until(driver: Any, condition: Any, what: str) -> Any:
    """The condition's value once truthy (condition: a function of the driver)."""
    from selenium.common.exceptions import TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, WAIT_S).until(condition)
    except TimeoutException:
        pytest.fail(f"{what} never happened on {driver.current_url}")


def network_loaded(driver: Any) -> bool:
    return bool(driver.execute_script("const i = document.getElementById('network'); "
                                      "return i.complete && i.naturalWidth > 0"))


def screenshot(driver: Any, name: str, width: int = DESKTOP[0]) -> Path:
    """The whole page (the window grown to the page's height, at most 5000 px) as a PNG."""
    driver.execute_script("window.scrollTo(0, 0)")
    height = driver.execute_script("return Math.max(document.documentElement.scrollHeight, 600)")
    driver.set_window_size(width, min(int(height) + 120, 5000))
    path = SCREENS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(*DESKTOP)
    return path


def page_problems(driver: Any, base_url: str) -> list[str]:
    """Console errors (CSP violations, failed loads, exceptions) and requests to any other host."""
    problems = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    urls = driver.execute_script("return performance.getEntriesByType('resource').map(e => e.name)")
    problems += [f"external request: {u}" for u in urls if not u.startswith(base_url) and not u.startswith("data:")]
    return problems


def test_web_search_page_lists_documents_and_filters(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/")
    wait_for(browser, "#doc-list li a", "北京市促进制造业和信息软件业绿色低碳发展的若干措施")
    regions = [o.text for o in browser.find_elements("css selector", "#region option")]
    assert regions[:2] == ["全部 All", "全国"] and {"北京市", "河南省", "温州市"} <= set(regions)
    assert "检索 Search" in browser.find_element("css selector", "label .lab").text
    assert page_problems(browser, base_url) == []


def test_web_document_marks_facts_in_the_clause_text(browser: Any, base_url: str) -> None:
    browser.get(f"{base_url}/doc/{doc_id(base_url, '促进制造业和信息软件业')}")
    marks = wait_for(browser, ".body .fact-incentive", count=3)
    legend = wait_for(browser, "#legend label", count=4)
    assert [label.text.split("（")[0] for label in legend] == ["机构 Agency", "期限 Deadline", "目标 Target", "激励 Incentive"]
    assert browser.find_element("css selector", "#doc-meta").text.count("2027-12-31") == 1
    rate_mark = next(m for m in marks if "1200元/吨标准煤" in m.text.replace(" ", ""))
    rate_mark.click()
    panel = wait_for(browser, "#fact-panel dl", "元/吨标准煤")[0].text
    assert "1200" in panel and "3000万元" in panel and "节能改造项目" in panel
    link = browser.find_element("css selector", "#graph-node-link").get_attribute("href")
    assert "/query?describe=" in link and "incentive" in urllib.parse.unquote(link)
    screenshot(browser, "doc-beijing-incentives")
    assert page_problems(browser, base_url) == []

    browser.get(link)  # the fact's graph node: DESCRIBE shown as a table of triples
    rows = wait_for(browser, "#result-table tbody tr", "pkg:beneficiary")
    assert any("绿色低碳" in r.text or "制造业企业" in r.text for r in rows)


def test_web_document_marks_agencies_and_deadlines(browser: Any, base_url: str) -> None:
    browser.get(f"{base_url}/doc/{doc_id(base_url, '河南省坚决遏制')}")
    agencies = wait_for(browser, ".body .fact-agency", "省发展改革委")
    deadlines = wait_for(browser, ".body .fact-deadline", "2021年年底")
    assert len(agencies) >= 15 and deadlines
    browser.find_element("css selector", "label input[data-kind='agency']").click()  # hide agencies
    shown = browser.execute_script(
        "return getComputedStyle(document.querySelector('.body .fact-agency')).backgroundColor")
    assert shown in ("rgba(0, 0, 0, 0)", "transparent")
    browser.find_element("css selector", "label input[data-kind='agency']").click()
    screenshot(browser, "doc-henan-agencies")


def test_web_agencies_index_filters_by_any_name_and_opens_the_board(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/agency")
    wait_for(browser, "#agency-table tbody tr", count=10)
    browser.find_element("id", "name").send_keys("省发展改革委")
    rows = wait_until(browser, lambda d: [r for r in d.find_elements("css selector", "#agency-table tbody tr")]
                      if len(d.find_elements("css selector", "#agency-table tbody tr")) < 10 else False,
                      "the name filter narrowing the table")
    assert "河南省发展和改革委员会" in rows[0].text
    wait_until(browser, network_loaded, "the network picture (/agencies/network.svg) loading")
    screenshot(browser, "agencies-index")
    rows[0].find_element("css selector", "a").click()

    agency = api(base_url, "/agencies?q=" + urllib.parse.quote("河南省发展和改革委员会"))["agencies"][0]
    tasks = api(base_url, f"/agencies/{agency['id'].rsplit('/', 1)[-1]}/tasks")["tasks"]
    wait_for(browser, "h1#agency-name", "河南省发展和改革委员会")
    cards = wait_for(browser, "#board .task", count=len(tasks))
    assert len(cards) == len(tasks) == agency["tasks"]
    for role in ("lead", "responsible", "co"):
        shown = browser.find_element("css selector", f"[data-count='{role}']").text
        assert shown == str(sum(t["role"] == role for t in tasks))
    dated = sorted(t["deadline"] for t in tasks if t["deadline"])
    timeline = [e.text for e in wait_for(browser, "#timeline li strong", count=len(dated))]
    assert timeline == dated
    assert "河南省坚决遏制“两高”项目盲目发展行动方案" in browser.find_element("id", "agency-docs").text
    wait_for(browser, "#partners a.badge", "河南省生态环境厅")
    wait_until(browser, network_loaded, "the network picture (/agencies/network.svg) loading")
    screenshot(browser, "agency-henan-ndrc")
    assert page_problems(browser, base_url) == []


def test_web_compare_shows_regions_side_by_side_and_a_targets_chart(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/comparison?topic=" + urllib.parse.quote("光伏"))
    columns = wait_for(browser, "#groups .column", count=3)
    regions = [c.get_attribute("data-region") for c in columns]
    assert regions[0] == "全国" and {"北京市", "温州市"} <= set(regions)
    dots = wait_for(browser, "#chart svg g.dot", count=2)
    where = {(d.get_attribute("data-region"), d.get_attribute("data-year")) for d in dots}
    assert ("温州市", "2023") in where and ("全国", "2030") in where
    assert "新增光伏并网装机容量" in browser.find_element("id", "targets").text
    screenshot(browser, "compare-photovoltaic")
    assert page_problems(browser, base_url) == []


QUESTION = "2026年，北京一家制造业企业实施节能改造项目，总投资2000万元，年节能量3000吨标准煤，能获得多少奖励？"


def _first_answer(browser: Any) -> str:
    answer = wait_for(browser, "#answers .answer", "元")[0]
    return answer.text


def test_web_ask_answers_a_question_with_amount_calculation_and_clause(browser: Any, base_url: str) -> None:
    browser.get(base_url + "/ask")
    box = wait_for(browser, "#question")[0]
    box.send_keys(QUESTION)
    browser.find_element("id", "ask-button").click()
    text = _first_answer(browser)
    assert "360万元" in text and "1200元/吨标准煤" in text and "符合 Eligible" in text
    assert "北京市促进制造业和信息软件业绿色低碳发展的若干措施" in text
    assert "北京市" in browser.find_element("id", "profile").text
    cited = browser.find_element("css selector", "#answers .answer a").get_attribute("href")
    assert "/doc/" in cited and "#c-" in cited
    screenshot(browser, "ask-question")


def test_web_ask_structured_form_gives_the_same_amount(browser: Any, base_url: str) -> None:
    from selenium.webdriver.support.ui import Select

    browser.get(base_url + "/ask")
    browser.find_element("css selector", "#profile-details summary").click()
    wait_for(browser, "#p-applicant option", "制造业企业")
    browser.find_element("id", "p-region").send_keys("北京市")
    Select(browser.find_element("id", "p-applicant")).select_by_value("制造业企业")
    Select(browser.find_element("id", "p-project")).select_by_value("节能改造")
    browser.find_element("id", "p-investment").send_keys("2000")
    browser.find_element("id", "p-energy_saved").send_keys("3000")
    browser.find_element("id", "profile-button").click()
    text = _first_answer(browser)
    assert "360万元" in text and "min(" in text
    screenshot(browser, "ask-form")


def test_web_query_runs_an_example_and_reports_errors(browser: Any, base_url: str) -> None:
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import Select

    browser.get(base_url + "/query")
    wait_for(browser, "#examples option", "Tasks of an agency")
    Select(browser.find_element("id", "examples")).select_by_value("agency_tasks")
    rows = wait_for(browser, "#result-table tbody tr", "河南省坚决遏制")
    heads = [th.text for th in browser.find_elements("css selector", "#result-table thead th")]
    assert heads[:3] == ["?doc_title", "?path", "?role"] and len(rows) >= 10
    screenshot(browser, "query-agency-tasks")

    editor = browser.find_element("id", "sparql")
    editor.clear()
    editor.send_keys("SELECT ?x WHERE { ?x ?y")
    editor.send_keys(Keys.CONTROL, Keys.ENTER)
    error = wait_for(browser, "#results .error")[0].text
    assert error.startswith("查询失败 Query failed")


def test_web_search_finds_clauses_and_highlights_terms(browser: Any, base_url: str) -> None:
    try:
        api(base_url, "/search?q=" + urllib.parse.quote("节能改造") + "&k=3")
    except urllib.error.HTTPError as e:
        if e.code in (404, 503):
            pytest.skip(f"/search is not available on this server ({e.code}): {e.read()[:200]!r}")
        raise
    browser.get(base_url + "/?q=" + urllib.parse.quote("节能改造 奖励"))
    results = wait_for(browser, "#results .result", count=3)
    assert browser.find_elements("css selector", "#results .result mark")
    first = results[0].find_element("css selector", "h3 a").get_attribute("href")
    assert "/doc/" in first and "#c-" in first
    screenshot(browser, "search-results")
    browser.get(first)
    anchor = urllib.parse.urlparse(first).fragment
    wait_for(browser, f"section.clause[id='{anchor}']")


@pytest.mark.parametrize("path", ["/", "/doc/{henan}", "/agency", "/agency/{ndrc}", "/comparison?topic=光伏",
                                  "/ask", "/query"])
@pytest.mark.parametrize("width", [1280, 390])
def test_web_pages_fit_the_window(browser: Any, base_url: str, path: str, width: int) -> None:
    if "{" in path:
        ndrc = api(base_url, "/agencies?q=" + urllib.parse.quote("河南省发展和改革委员会"))["agencies"][0]["id"]
        path = path.format(henan=doc_id(base_url, "河南省坚决遏制"), ndrc=ndrc.rsplit("/", 1)[-1])
    browser.set_window_size(width, 900)
    try:
        browser.get(base_url + urllib.parse.quote(path, safe="/?=&"))
        wait_for(browser, "header.site nav a[aria-current='page']")
        time.sleep(0.3)  # let the page's data arrive and lay out
        overflow = browser.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path} is {overflow}px wider than a {width}px window"
        if width < 500 and path.startswith(("/comparison", "/doc/")):
            screenshot(browser, "compare-phone" if path.startswith("/comparison") else "doc-phone", width=width)
    finally:
        browser.set_window_size(*DESKTOP)


@pytest.mark.parametrize(("text", "needle", "expected"), [
    ("每服务 1 家企业给予不超过 12 万元", "每服务1家企业", "每服务 1 家企业"),
    ("（省发展改革委、生态环境厅负责）", "生态环境厅", "生态环境厅"),
    ("ＡＢＣ 到２０２５年", "到2025年", "到２０２５年"),
])
def test_web_marks_locate_facts_despite_spacing_and_width(browser: Any, base_url: str, text: str,
                                                          needle: str, expected: str) -> None:
    browser.get(base_url + "/query")
    found = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "import('/web/static/js/marks.js').then(m => { const r = m.locate(m.comparable(arguments[0]), arguments[1]);"
        " done(r && arguments[0].slice(r[0], r[1])); }).catch(e => done('error: ' + e));", text, needle)
    assert found == expected
