# Embedded defaults for every setting; sourced by the Makefile's scripts. Any variable already set wins.
export APP_ENV=${APP_ENV:-development}
export API_PORT=${API_PORT:-8000}
# API processes (uvicorn --workers): 1 in development (the development clock lives in one process);
# in production the number of cores, with RATE_LIMIT_REDIS_URL so the rate limits are shared.
export API_WORKERS=${API_WORKERS:-1}
export RASA_PORT=${RASA_PORT:-5005}
export ACTIONS_PORT=${ACTIONS_PORT:-5055}
export API_URL=${API_URL:-http://127.0.0.1:$API_PORT}
# Where customers' browsers reach the app (photo-upload links the bot sends); set it in production.
export PUBLIC_URL=${PUBLIC_URL:-http://127.0.0.1:$API_PORT}
export ACTION_ENDPOINT_URL=${ACTION_ENDPOINT_URL:-http://127.0.0.1:$ACTIONS_PORT/webhook}
export RASA_AUTH_TOKEN=${RASA_AUTH_TOKEN:-dev-rasa-token}
export ACTION_SERVER_TOKEN=${ACTION_SERVER_TOKEN:-dev-action-server-token}
export SERVICE_TOKEN=${SERVICE_TOKEN:-dev-service-token}
export JWT_SECRET=${JWT_SECRET:-dev-only-jwt-secret-change-me-in-production}
export KNOWLEDGE_INDEX_DIR=${KNOWLEDGE_INDEX_DIR:-var/index}
# Timeout chain (ARCHITECTURE.md, "Timeouts"): an action's API call connects within 2 s and reads within
# 8 s, one retry; a conversation's lock outlives the slowest message (Rasa's default 60 s does not).
export API_CONNECT_TIMEOUT_SECONDS=${API_CONNECT_TIMEOUT_SECONDS:-2}
export API_TIMEOUT_SECONDS=${API_TIMEOUT_SECONDS:-8}
export TICKET_LOCK_LIFETIME=${TICKET_LOCK_LIFETIME:-180}
# Rasa keeps conversations here (bot/endpoints.yml), so a restart loses none; PostgreSQL in production
# (postgresql://user:password@host:5432/rasa). The API reads it for retention and the console's analytics.
_repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# Rasa's command line (train, test) imports the NLU component bot/nlu/e5_featurizer.py named in config.yml.
export PYTHONPATH="$_repo_root${PYTHONPATH:+:$PYTHONPATH}"
export RASA_TRACKER_STORE_URL=${RASA_TRACKER_STORE_URL:-sqlite:///$_repo_root/var/rasa-tracker.db}
# Production with several Rasa instances (ARCHITECTURE.md, "How to grow"): RabbitMQ for the analytics
# (RASA_EVENT_BROKER_URL on Rasa, ANALYTICS_AMQP_URL on the API, e.g. amqp://guest:guest@127.0.0.1:5672/%2F),
# Redis for the widget's socket.io rooms and the channels' flood limits (SOCKETIO_REDIS_URL,
# CHANNEL_RATE_REDIS_URL, e.g. redis://127.0.0.1:6379/2). Empty: none (one Rasa instance needs none).
export RASA_EVENT_BROKER_URL=${RASA_EVENT_BROKER_URL:-}
export SOCKETIO_REDIS_URL=${SOCKETIO_REDIS_URL:-}
export CHANNEL_RATE_REDIS_URL=${CHANNEL_RATE_REDIS_URL:-}
# Chat data older than this is deleted by `make retention`.
export RETENTION_DAYS=${RETENTION_DAYS:-90}
# Rasa and TensorFlow: no telemetry, quiet logs, no GPU probing.
export RASA_TELEMETRY_ENABLED=false
export TF_CPP_MIN_LOG_LEVEL=${TF_CPP_MIN_LOG_LEVEL:-2}
export CUDA_VISIBLE_DEVICES=${CUDA_VISIBLE_DEVICES:-}
# Never reach for a model hub at run time.
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1
# Rasa 3.6's dependencies print pages of DeprecationWarnings at every start: keep the logs readable.
export PYTHONWARNINGS=${PYTHONWARNINGS:-ignore::DeprecationWarning}
