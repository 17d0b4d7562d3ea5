"""The app process: contract API plus the knowledge search router."""

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from api.agents.router import router as agents_router
from api.analytics.consumer import EventConsumer
from api.analytics.router import router as analytics_router
from api.auth.limiter import RateLimits
from api.auth.router import router as auth_router
from api.chat_hours.router import router as chat_hours_router
from api.clock import Clock
from api.config import get_settings
from api.conversations.router import agent_router as conversation_stats_router
from api.conversations.router import me_router as my_conversations_router
from api.customers.router import router as customers_router
from api.damage.router import router as damage_router
from api.damage.upload_page import router as photo_upload_router
from api.db import get_sessionmaker
from api.errors import install_error_handlers
from api.handoff.router import me_router as my_handoffs_router
from api.handoff.router import router as handoff_router
from api.knowledge_gaps.router import agent_router as knowledge_gaps_router
from api.knowledge_gaps.router import bot_router as knowledge_questions_router
from api.knowledge_gaps.router import me_router as my_knowledge_router
from api.knowledge_gaps.service import replay as replay_learned
from api.mileage.router import router as mileage_router
from api.privacy import install_log_masking
from api.requests.router import router as requests_router
from api.system.router import dev_router
from api.system.router import router as system_router
from api.validation.router import router as validation_router
from api.web.router import demo_router
from api.web.router import router as web_router
from knowledge.http import router as knowledge_router
from knowledge.http import warm_up
from knowledge.index import IndexMissingError

logger = logging.getLogger(__name__)


@asynccontextmanager
async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
    try:
        warm_up()
    except Exception:  # noqa: BLE001 - a missing index degrades /knowledge, it must not stop the API
        logger.exception("Knowledge warm-up failed; /health reports knowledge as missing")
    replay_knowledge_decisions()
    # The loaded app, index and encoder are ~150 000 objects that live as long as the process; a full
    # garbage collection walked them all (≈ 50 ms, a stall every few thousand requests that set the
    # API's p99). Frozen, the collector only looks at what requests allocate.
    gc.collect()
    gc.freeze()
    settings = get_settings()
    if settings.api_workers > 1 and not settings.rate_limit_redis_url:
        logger.warning(
            "API_WORKERS=%d without RATE_LIMIT_REDIS_URL: each process keeps its own rate limits", settings.api_workers
        )
    # Rasa's events off the broker's queue for the analytics (api/analytics/consumer.py), one thread per process.
    consumer = None
    if settings.analytics_amqp_url:
        consumer = EventConsumer(settings.analytics_amqp_url, settings.analytics_amqp_queue, get_sessionmaker())
        consumer.start()
    yield
    if consumer:
        consumer.stop()


def replay_knowledge_decisions() -> None:
    """What agents linked or marked in the console (api/knowledge_gaps), taught to this process's searcher:
    a restart or another API worker knows it too. Neither a missing index nor a database without the table
    stops the API."""
    try:
        with get_sessionmaker()() as session:
            links, marks = replay_learned(session)
    except IndexMissingError:
        logger.warning("Knowledge index missing: the agents' links and out-of-scope marks were not replayed")
    except Exception:  # noqa: BLE001 - e.g. a database not migrated yet; the search works without them
        logger.exception("Replaying the agents' knowledge links failed; the search runs without them")
    else:
        if links or marks:
            logger.info("Knowledge: replayed %d linked questions and %d out-of-scope marks", links, marks)


def create_app() -> FastAPI:
    settings = get_settings()
    app = FastAPI(
        title="Lease-assistent contract-API",
        version="1.0.0",
        description=("Klanten, contracten, verzoeken, kilometerstanden, schadedossiers, overdrachten en kennisbank."),
        lifespan=lifespan,
    )
    app.state.clock = Clock()
    app.state.rate_limits = RateLimits.from_settings(settings)
    install_log_masking()
    install_error_handlers(app)
    for router in (
        system_router,
        dev_router,
        chat_hours_router,
        validation_router,
        auth_router,
        customers_router,
        requests_router,
        mileage_router,
        damage_router,
        photo_upload_router,
        my_handoffs_router,
        handoff_router,
        agents_router,
        my_conversations_router,
        conversation_stats_router,
        analytics_router,
        knowledge_questions_router,
        my_knowledge_router,
        knowledge_gaps_router,
        knowledge_router,
        web_router,
        demo_router,
    ):
        app.include_router(router)
    if settings.web_dir.is_dir():
        app.mount("/web", StaticFiles(directory=settings.web_dir, html=True), name="web")
    return app


app = create_app()
