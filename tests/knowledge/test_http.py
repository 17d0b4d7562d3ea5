"""GET /knowledge/search through a small FastAPI app that mounts the knowledge router."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

import knowledge.http as knowledge_http
from knowledge.index import IndexMissingError
from knowledge.settings import get_settings


@pytest.fixture
def client(fake_searcher, monkeypatch):
    monkeypatch.setattr(knowledge_http, "search", fake_searcher.search)
    app = FastAPI()
    app.include_router(knowledge_http.router)
    return TestClient(app)


def test_search_returns_the_cli_json(client):
    response = client.get(
        "/knowledge/search", params={"q": "Hoe werken de kilometerbundels?", "k": 3, "product": "be_private_lease"}
    )
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"query", "confident", "decision", "answer", "hits"}
    assert body["decision"] in {"answer", "clarify", "decline"}
    assert len(body["hits"]) == 3
    assert body["hits"][0]["title"] == "Hoe werken de kilometerbundels?"


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_question_is_a_dutch_problem(client, query):
    response = client.get("/knowledge/search", params={"q": query})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["detail"] == "Stel een vraag: het zoekveld is leeg."


def test_unknown_product_is_a_dutch_problem(client):
    response = client.get("/knowledge/search", params={"q": "boete", "product": "be_business"})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("Onbekend product: kies be_private_lease")


def test_k_out_of_range_is_rejected(client):
    assert client.get("/knowledge/search", params={"q": "boete", "k": 0}).status_code == 422


def test_missing_index_is_503_with_dutch_detail(monkeypatch):
    def missing(*args, **kwargs):
        raise IndexMissingError("no index")

    monkeypatch.setattr(knowledge_http, "search", missing)
    app = FastAPI()
    app.include_router(knowledge_http.router)
    response = TestClient(app).get("/knowledge/search", params={"q": "Wat kost een boete?"})
    assert response.status_code == 503
    assert response.json()["detail"] == "De kennisbank is niet beschikbaar."


def test_status_reports_a_missing_index(tmp_path, monkeypatch):
    monkeypatch.setenv("KNOWLEDGE_INDEX_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert knowledge_http.status() == "missing"
    finally:
        get_settings.cache_clear()
